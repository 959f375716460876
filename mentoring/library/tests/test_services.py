import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.library import services
from mentoring.library.models import Audience, Material, MaterialKind, Visibility
from mentoring.library.tests.factories import make_material
from mentoring.library.tests.samples import PDF_BYTES, WINDOWS_PROGRAM, upload, xlsx_bytes


def _create(world, *, by=None, organization=None, municipality=None, **changes):
    fields = {
        "title": "Анкета наставника",
        "kind": MaterialKind.QUESTIONNAIRE,
        "audience": Audience.MENTORS,
        "visibility": Visibility.MUNICIPALITY,
        "file": upload("Анкета наставника.pdf", PDF_BYTES),
        **changes,
    }
    if organization is None and municipality is None:
        organization = world.school
    return services.material_create(
        by=by or world.curator, organization=organization, municipality=municipality, **fields
    )


def _stored_files():
    folders, _ = default_storage.listdir("library") if default_storage.exists("library") else ([], [])
    return [
        f"{folder}/{name}" for folder in folders for name in default_storage.listdir(f"library/{folder}")[1]
    ]


def test_an_uploaded_file_is_stored_under_the_municipality_and_keeps_its_name_for_download(world):
    material = _create(world)
    assert material.file.name.startswith(f"library/{world.municipality.pk}/")
    assert material.file_name == "Анкета наставника.pdf"
    assert material.file_kind == "PDF"
    assert material.file_size == len(PDF_BYTES)
    assert material.file.read() == PDF_BYTES
    assert material.municipality == world.municipality
    assert material.history.count() == 1


def test_the_department_adds_a_municipal_material_with_a_link(world):
    material = _create(
        world,
        by=world.methodologist,
        municipality=world.municipality,
        file=None,
        link=" https://docs.edu.gov.ru/ ",
        visibility=Visibility.PUBLIC,
    )
    assert material.organization is None
    assert material.link == "https://docs.edu.gov.ru/"
    assert not material.file


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param({"link": "https://example.org/doc"}, "что-то одно", id="both"),
        pytest.param({"file": None}, "Загрузите файл или укажите ссылку", id="neither"),
    ],
)
def test_a_material_is_a_file_or_a_link_never_both_nor_neither(world, content, message):
    with pytest.raises(ValidationError) as refused:
        _create(world, **content)
    assert message in " ".join(refused.value.messages)
    assert not Material.objects.exists()
    assert _stored_files() == []


def test_the_database_itself_refuses_a_material_with_both_a_file_and_a_link(world):
    material = make_material(organization=world.school, uploaded_by=world.curator)
    material.link = "https://example.org/doc"
    with pytest.raises(IntegrityError), transaction.atomic():
        material.save()


def test_the_database_itself_refuses_a_municipal_material_kept_inside_one_organization(world):
    material = make_material(municipality=world.municipality, uploaded_by=world.methodologist)
    material.visibility = Visibility.ORGANIZATION
    with pytest.raises(IntegrityError), transaction.atomic():
        material.save()


def test_a_municipal_material_cannot_be_kept_inside_one_organization(world):
    with pytest.raises(ValidationError) as refused:
        _create(
            world,
            by=world.department_admin,
            municipality=world.municipality,
            visibility=Visibility.ORGANIZATION,
        )
    assert "visibility" in refused.value.message_dict
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("persona", "owner"),
    [
        pytest.param("other_curator", "school", id="curator-of-another-school"),
        pytest.param("curator", "municipality", id="curator-for-the-department"),
        pytest.param("mentor", "school", id="mentor"),
        pytest.param("mentee", "school", id="mentee"),
        pytest.param("partner_representative", "partner", id="partner"),
        pytest.param("foreign_department_admin", "school", id="another-municipality"),
    ],
)
def test_only_the_keepers_of_the_owner_add_materials(world, persona, owner):
    target = (
        {"municipality": world.municipality}
        if owner == "municipality"
        else {"organization": getattr(world, owner)}
    )
    with pytest.raises(PermissionDenied):
        _create(world, by=world.persona(persona), **target)
    assert _stored_files() == []


def test_materials_cannot_be_added_to_an_archived_organization_or_to_the_department_as_a_school(world):
    with pytest.raises(ValidationError):
        _create(world, by=world.department_admin, organization=world.department)
    world.school.is_archived = True
    world.school.archived_at = timezone.now()
    world.school.save()
    with pytest.raises(ValidationError):
        _create(world, by=world.department_admin, organization=world.school)


def test_refused_content_leaves_no_file_and_no_row(world):
    with pytest.raises(ValidationError):
        _create(world, file=upload("Положение.pdf", WINDOWS_PROGRAM))
    with pytest.raises(ValidationError):
        _create(world, title="<script>alert(1)</script>")
    assert not Material.objects.exists()
    assert _stored_files() == []


def test_a_failure_while_writing_the_row_removes_the_file_already_stored(world, monkeypatch):
    def broken_save(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Material, "save", broken_save)
    with pytest.raises(IntegrityError):
        _create(world)
    assert _stored_files() == []


def test_tags_are_normalised_and_repeated_tags_kept_once(world):
    material = _create(world, tags="Анкета;  ВХОДНАЯ   диагностика, анкета,, Учёба, учеба")
    assert material.tags == "анкета, входная диагностика, учёба"
    assert material.tag_list == ["анкета", "входная диагностика", "учёба"]


@pytest.mark.parametrize(
    "tags",
    [pytest.param("<b>", id="markup"), pytest.param("а" * 41, id="too-long"), ",".join(map(str, range(13)))],
)
def test_bad_tags_are_refused_on_the_tags_field(world, tags):
    with pytest.raises(ValidationError) as refused:
        _create(world, tags=tags)
    assert "tags" in refused.value.message_dict


def _update(material, by, **changes):
    fields = {
        "title": material.title,
        "kind": material.kind,
        "audience": material.audience,
        "visibility": material.visibility,
        "description": material.description,
        "tags": material.tags,
        **changes,
    }
    return services.material_update(by=by, material=material, **fields)


def test_a_new_file_replaces_the_old_one_which_is_removed_after_the_change_is_saved(
    world, django_capture_on_commit_callbacks
):
    material = _create(world)
    old_name = material.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _update(material, world.curator, file=upload("Анкета v2.xlsx", xlsx_bytes()))
    assert default_storage.exists(old_name), "the old file stays until the change is committed"
    for callback in callbacks:
        callback()
    assert not default_storage.exists(old_name)
    material.refresh_from_db()
    assert material.file_name == "Анкета v2.xlsx"
    assert material.file_kind == "XLSX"
    assert default_storage.exists(material.file.name)


def test_a_link_instead_of_the_file_removes_the_file(world, django_capture_on_commit_callbacks):
    material = _create(world)
    old_name = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        _update(material, world.head, link="https://example.org/plan")
    material.refresh_from_db()
    assert material.link == "https://example.org/plan"
    assert not material.file
    assert material.file_name == ""
    assert not default_storage.exists(old_name)


def test_an_edit_without_a_new_file_or_link_keeps_the_content(world):
    material = _create(world)
    _update(material, world.curator, title="Анкета наставника (итоговая)")
    material.refresh_from_db()
    assert material.title == "Анкета наставника (итоговая)"
    assert material.file_name == "Анкета наставника.pdf"
    link_material = _create(world, file=None, link="https://example.org/a")
    with pytest.raises(ValidationError):
        _update(link_material, world.curator, link="")


def test_a_refused_edit_changes_nothing(world):
    material = _create(world, description="Заполняется до первой встречи.")
    with pytest.raises(ValidationError):
        _update(material, world.curator, title="", description="Другое")
    material.refresh_from_db()
    assert material.title == "Анкета наставника"
    assert material.description == "Заполняется до первой встречи."


def test_deleting_a_material_removes_its_file_after_commit(world, django_capture_on_commit_callbacks):
    material = _create(world)
    stored = material.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.material_delete(by=world.curator, material=material)
    assert default_storage.exists(stored)
    for callback in callbacks:
        callback()
    assert not default_storage.exists(stored)
    assert not Material.objects.exists()
    assert Material.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("superuser", True),
        ("department_admin", True),
        ("methodologist", True),
        ("head", True),
        ("curator", True),
        ("mentor", False),
        ("mentee", False),
        ("other_curator", False),
        ("foreign_department_admin", False),
    ],
)
def test_a_schools_material_is_changed_and_deleted_by_its_keepers_and_the_department(world, persona, allowed):
    material = _create(world)
    user = world.persona(persona)
    if allowed:
        _update(material, user, title="Анкета наставника, 2-я редакция")
        services.material_delete(by=user, material=material)
        assert not Material.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            _update(material, user, title="Чужая правка")
        with pytest.raises(PermissionDenied):
            services.material_delete(by=user, material=material)
        assert Material.objects.get().title == "Анкета наставника"


@pytest.mark.parametrize("persona", ["head", "curator", "other_curator", "mentor"])
def test_the_departments_material_is_not_changed_by_schools(world, persona):
    material = _create(world, by=world.methodologist, municipality=world.municipality)
    with pytest.raises(PermissionDenied):
        _update(material, world.persona(persona), title="Правка школы")
    with pytest.raises(PermissionDenied):
        services.material_delete(by=world.persona(persona), material=material)
