import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from mentoring.people.models import PersonCategory
from mentoring.people.tests.factories import MentorProfileFactory
from mentoring.programs import services
from mentoring.programs.models import MentoringForm, Program, ProgramStatus, RoleVariant
from mentoring.programs.tests.factories import ProgramFactory, attach, default_form


def _create(world, **fields):
    values = {"title": "Успешный старт", "form": default_form(), "goals": "Адаптация пятиклассников."}
    values.update(fields)
    return services.program_create(by=world.curator, organization=world.school, **values)


def test_a_new_program_is_a_draft_for_the_school_year_with_the_meetings_sequence_as_its_plan(world):
    program = _create(world)
    assert program.status == ProgramStatus.DRAFT
    assert program.starts_on.month == 9
    assert program.ends_on.month == 5
    assert program.max_group_size == default_form().default_max_group_size
    assert [stage.title for stage in program.stages.all()] == [
        "Встреча-знакомство",
        "Пробная встреча",
        "Встреча-планирование",
        "Совместная работа",
        "Итоговая встреча",
    ]


def test_role_variants_of_another_form_are_refused(world):
    teachers_variant = RoleVariant.objects.get(name="Опытный педагог – молодой специалист")
    with pytest.raises(ValidationError) as error:
        _create(world, role_variants=[teachers_variant])
    assert "относятся к другой форме" in error.value.message_dict["role_variants"][0]
    assert not Program.objects.exists()
    pupils_variant = RoleVariant.objects.get(name="Лидер – пассивный")
    assert list(_create(world, role_variants=[pupils_variant]).role_variants.all()) == [pupils_variant]


def test_dates_in_the_wrong_order_are_refused_in_russian(world):
    with pytest.raises(ValidationError) as error:
        _create(world, starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2025, 9, 1))
    assert "Окончание программы должно быть позже начала" in str(error.value)


def test_the_database_refuses_an_end_before_the_start(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(
            organization=world.school, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2025, 1, 1)
        )


def test_the_curator_must_be_a_curator_of_that_school(world):
    with pytest.raises(ValidationError) as error:
        _create(world, curator=world.other_curator)
    assert "curator" in error.value.message_dict
    assert _create(world, curator=world.curator).curator == world.curator


def test_only_the_schools_runners_create_programs(world):
    for outsider in (world.other_curator, world.methodologist, world.mentor, world.partner_representative):
        with pytest.raises(PermissionDenied):
            services.program_create(
                by=outsider, organization=world.school, title="x", form=default_form(), goals="y"
            )


def test_the_pair_forming_deadline_is_two_weeks_after_choosing_the_form(world):
    program = ProgramFactory(organization=world.school, form_chosen_on=datetime.date(2025, 9, 1))
    assert program.pairs_deadline == datetime.date(2025, 9, 15)
    assert not program.is_pairing_overdue(today=datetime.date(2025, 9, 15))
    assert program.is_pairing_overdue(today=datetime.date(2025, 9, 16))
    services.program_record_pairs_formed(by=world.curator, program=program, on=datetime.date(2025, 9, 12))
    assert not program.is_pairing_overdue(today=datetime.date(2025, 10, 1))


def test_pairs_cannot_be_formed_before_the_form_was_chosen_or_in_the_future(world):
    program = ProgramFactory(organization=world.school, form_chosen_on=datetime.date(2025, 9, 10))
    with pytest.raises(ValidationError):
        services.program_record_pairs_formed(by=world.curator, program=program, on=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError):
        services.program_record_pairs_formed(by=world.curator, program=program, on=datetime.date(2999, 1, 1))


def test_a_program_starts_only_with_a_chosen_form_and_follows_its_statuses(world):
    program = ProgramFactory(organization=world.school)
    with pytest.raises(ValidationError):
        services.program_set_status(by=world.curator, program=program, status=ProgramStatus.ACTIVE)
    program.form_chosen_on = datetime.date(2025, 9, 1)
    program.save()
    services.program_set_status(by=world.curator, program=program, status=ProgramStatus.ACTIVE)
    with pytest.raises(ValidationError):
        services.program_set_status(by=world.curator, program=program, status=ProgramStatus.ARCHIVED)
    services.program_set_status(by=world.curator, program=program, status=ProgramStatus.COMPLETED)
    services.program_set_status(by=world.curator, program=program, status=ProgramStatus.ARCHIVED)
    assert program.status == ProgramStatus.ARCHIVED


def test_only_the_department_recommends_and_only_shared_programs(world):
    program = ProgramFactory(organization=world.school)
    with pytest.raises(ValidationError):
        services.program_set_recommended(by=world.department_admin, program=program, recommended=True)
    services.program_set_shared(by=world.curator, program=program, shared=True)
    with pytest.raises(PermissionDenied):
        services.program_set_recommended(by=world.curator, program=program, recommended=True)
    services.program_set_recommended(by=world.methodologist, program=program, recommended=True)
    services.program_set_shared(by=world.curator, program=program, shared=False)
    assert not program.is_recommended


def test_copying_a_shared_program_copies_texts_plan_and_shared_files_only(world):
    source = ProgramFactory(
        organization=world.school,
        is_shared=True,
        curator=world.curator,
        form_chosen_on=datetime.date(2025, 9, 1),
        pairs_formed_on=datetime.date(2025, 9, 10),
        tasks="Задачи программы",
    )
    source.role_variants.set([RoleVariant.objects.get(name="Лидер – пассивный")])
    services.stage_save(by=world.curator, stage=source.stages.model(program=source, title="Этап", position=1))
    attach(source, by=world.curator, title="Программа (текст)", shared=True)
    attach(source, by=world.curator, title="Список пар с ФИО", shared=False)

    copy = services.program_copy(by=world.other_curator, source=source, organization=world.other_school)

    assert copy.organization == world.other_school
    assert copy.status == ProgramStatus.DRAFT
    assert (copy.title, copy.tasks, copy.form) == (source.title, source.tasks, source.form)
    assert copy.curator is None
    assert copy.form_chosen_on is None
    assert copy.pairs_formed_on is None
    assert not copy.is_shared
    assert copy.copied_from == source
    assert list(copy.role_variants.all()) == list(source.role_variants.all())
    assert copy.stages.count() == 1
    titles = [attachment.title for attachment in copy.attachments.all()]
    assert titles == ["Программа (текст)"]
    copied = copy.attachments.get()
    assert copied.file.name != source.attachments.get(title="Программа (текст)").file.name
    assert copied.file.read() == b"%PDF-1.4 program text"


def test_a_program_that_is_not_shared_cannot_be_copied_by_another_school(world):
    source = ProgramFactory(organization=world.school)
    with pytest.raises(PermissionDenied):
        services.program_copy(by=world.other_curator, source=source, organization=world.other_school)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00 executable"),
        ("programma.pdf", b"MZ\x90\x00 an exe renamed"),
        ("programma.docx", b"%PDF-1.4 not a docx"),
        ("programma.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word"),
        ("huge.pdf", b"%PDF-1.4" + b"0" * (25 * 1024 * 1024)),
    ],
)
def test_executables_lying_extensions_and_oversized_files_are_refused(world, name, content):
    program = ProgramFactory(organization=world.school)
    with pytest.raises(ValidationError):
        services.attachment_add(
            by=world.curator,
            program=program,
            title="Файл",
            upload=SimpleUploadedFile(name, content),
            is_shared=True,
        )
    assert not program.attachments.exists()


def test_a_draft_without_work_can_be_deleted_but_not_a_running_program(world):
    draft = ProgramFactory(organization=world.school)
    services.program_delete(by=world.curator, program=draft)
    assert not Program.objects.filter(pk=draft.pk).exists()
    running = ProgramFactory(
        organization=world.school, status=ProgramStatus.ACTIVE, form_chosen_on=datetime.date(2025, 9, 1)
    )
    with pytest.raises(ValidationError):
        services.program_delete(by=world.curator, program=running)


def test_a_form_in_use_cannot_be_deleted(world):
    form = MentoringForm.objects.create(municipality=world.municipality, code="chess", name="Шахматы")
    ProgramFactory(organization=world.school, form=form)
    with pytest.raises(ValidationError):
        services.form_delete(by=world.department_admin, form=form)
    with pytest.raises(ProtectedError):
        form.delete()


def test_a_form_with_mentors_cannot_be_deleted(world):
    form = MentoringForm.objects.create(municipality=world.municipality, code="chess", name="Шахматы")
    MentorProfileFactory(person__organization=world.school).forms.add(form)
    with pytest.raises(ValidationError):
        services.form_delete(by=world.department_admin, form=form)


def test_departments_keep_their_own_forms_and_only_the_administrator_the_defaults(world):
    pupil = PersonCategory.objects.get(code="pupil")
    form = services.form_save(
        by=world.department_admin,
        form=MentoringForm(municipality=world.municipality, code="chess", name="Шахматист – шахматист"),
        mentor_categories=[pupil],
        mentee_categories=[pupil],
    )
    with pytest.raises(PermissionDenied):
        services.form_save(
            by=world.foreign_department_admin, form=form, mentor_categories=[pupil], mentee_categories=[pupil]
        )
    with pytest.raises(PermissionDenied):
        services.role_variant_add(by=world.department_admin, form=default_form(), name="Новая модель")
    services.role_variant_add(by=world.superuser, form=default_form(), name="Новая модель")
    with pytest.raises(ValidationError):
        services.form_save(
            by=world.department_admin,
            form=MentoringForm(municipality=world.municipality, code="chess", name="Дубль"),
            mentor_categories=[pupil],
            mentee_categories=[pupil],
        )


def test_a_role_variant_used_by_a_program_stays(world):
    variant = RoleVariant.objects.get(name="Лидер – пассивный")
    program = ProgramFactory(organization=world.school)
    program.role_variants.set([variant])
    with pytest.raises(ValidationError):
        services.role_variant_remove(by=world.superuser, variant=variant)


def test_a_form_without_categories_is_refused(world):
    with pytest.raises(ValidationError):
        services.form_save(
            by=world.department_admin,
            form=MentoringForm(municipality=world.municipality, code="empty", name="Пустая"),
            mentor_categories=[],
            mentee_categories=[],
        )
