import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.programs.models import Program, RoleVariant
from mentoring.programs.tests.factories import ProgramFactory, attach, default_form


def _program_form(world, **changes):
    return {
        "organization": str(world.school.pk),
        "title": "Вместе к успеху",
        "form": str(default_form().pk),
        "role_variants": [str(RoleVariant.objects.get(name="Лидер – пассивный").pk)],
        "form_chosen_on": "01.09.2025",
        "goals": "Повысить успеваемость пятиклассников.",
        "starts_on": "01.09.2025",
        "ends_on": "31.05.2026",
        "curator": str(world.curator.pk),
        **changes,
    }


def test_a_curator_creates_a_program_and_sees_its_pair_forming_deadline(world, client_for):
    client = client_for(world.curator)
    response = client.post(reverse("programs:create"), _program_form(world))
    program = Program.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    assert "пары и группы формируются до <strong>15.09.2025</strong>" in page
    assert "Встреча-планирование" in page


HOSTILE = [
    pytest.param({"title": ""}, "Обязательное поле", id="empty-title"),
    pytest.param({"title": "П" * 10_000}, "не более 300 символов", id="10000-characters"),
    pytest.param({"title": "<script>alert(1)</script>"}, "недопустимы", id="script"),
    pytest.param({"goals": "x'; DROP TABLE programs_program; --"}, "", id="sql-in-free-text-is-just-text"),
    pytest.param(
        {"ends_on": "01.01.2025"}, "Окончание программы должно быть позже начала", id="dates-reversed"
    ),
    pytest.param({"starts_on": "32.13.2025"}, "Введите правильную дату", id="impossible-date"),
    pytest.param({"form": "999999"}, "Выберите корректный вариант", id="unknown-form"),
    pytest.param({"curator": "999999"}, "Выберите корректный вариант", id="unknown-curator"),
    pytest.param({"form_chosen_on": "01.01.2999"}, "не может быть в будущем", id="form-chosen-in-future"),
    pytest.param({"max_group_size": "0"}, "больше либо равно 1", id="group-of-zero"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_bad_input_returns_the_form_with_a_russian_message_and_saves_nothing(
    changes, message, world, client_for
):
    response = client_for(world.curator).post(reverse("programs:create"), _program_form(world, **changes))
    saved = Program.objects.exists()
    if changes.get("goals"):
        # Free text may contain anything except markup: SQL-looking words are stored verbatim.
        assert saved
        assert Program.objects.get().goals == changes["goals"]
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not saved


def test_a_role_variant_of_another_form_is_refused_by_the_form(world, client_for):
    foreign = RoleVariant.objects.get(name="Опытный педагог – молодой специалист")
    response = client_for(world.curator).post(
        reverse("programs:create"), _program_form(world, role_variants=[str(foreign.pk)])
    )
    assert response.status_code == 200
    assert "относятся к другой форме" in response.content.decode()
    assert not Program.objects.exists()


def test_overdue_programs_are_flagged_and_filterable(world, client_for):
    today = timezone.localdate()
    overdue = ProgramFactory(
        organization=world.school, title="Опоздавшая", form_chosen_on=today - datetime.timedelta(days=20)
    )
    ProgramFactory(
        organization=world.school, title="Вовремя", form_chosen_on=today - datetime.timedelta(days=3)
    )
    client = client_for(world.curator)
    page = client.get(reverse("programs:list")).content.decode()
    assert "пары просрочены с" in page
    filtered = client.get(reverse("programs:list"), {"overdue": "on"}).content.decode()
    assert overdue.title in filtered
    assert "Вовремя" not in filtered


def test_shared_programs_are_browsed_without_the_curator_and_without_private_files(world, client_for):
    source = ProgramFactory(organization=world.school, is_shared=True, curator=world.curator)
    private = attach(source, by=world.curator, title="Список пар", shared=False)
    public = attach(source, by=world.curator, title="Текст программы", shared=True)
    client = client_for(world.other_curator)
    listing = client.get(reverse("programs:shared")).content.decode()
    assert source.title in listing
    card = client.get(reverse("programs:detail", kwargs={"pk": source.pk})).content.decode()
    assert world.curator.get_full_name() not in card
    assert "Список пар" not in card
    assert "Текст программы" in card
    assert client.get(reverse("programs:attachment_download", kwargs={"pk": private.pk})).status_code == 404
    assert client.get(reverse("programs:attachment_download", kwargs={"pk": public.pk})).status_code == 200


def test_another_school_copies_a_shared_program_into_its_drafts(world, client_for):
    source = ProgramFactory(organization=world.school, is_shared=True)
    client = client_for(world.other_curator)
    response = client.post(
        reverse("programs:copy", kwargs={"pk": source.pk}), {"organization": str(world.other_school.pk)}
    )
    copy = Program.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert copy.organization == world.other_school
    assert copy.copied_from == source


def test_a_private_program_of_another_school_is_not_found(world, client_for):
    program = ProgramFactory(organization=world.school)
    assert (
        client_for(world.other_curator).get(reverse("programs:detail", kwargs={"pk": program.pk})).status_code
        == 404
    )


def test_the_status_buttons_change_the_status_and_explain_refusals(world, client_for):
    program = ProgramFactory(organization=world.school)
    client = client_for(world.curator)
    response = client.post(
        reverse("programs:status", kwargs={"pk": program.pk}), {"status": "active"}, follow=True
    )
    assert "Укажите дату выбора формы" in response.content.decode()
    response = client.post(
        reverse("programs:status", kwargs={"pk": program.pk}), {"status": "nonsense"}, follow=True
    )
    assert "Неизвестный статус" in response.content.decode()
    response = client.post(
        reverse("programs:pairs_formed", kwargs={"pk": program.pk}), {"pairs_formed_on": "вчера"}, follow=True
    )
    assert "ДД.ММ.ГГГГ" in response.content.decode()
    program.refresh_from_db()
    assert program.status == "draft"
    assert program.pairs_formed_on is None


def test_the_forms_catalogue_lists_the_defaults_with_their_aliases(world, client_for):
    page = client_for(world.curator).get(reverse("programs:form_list")).content.decode()
    assert "Ученик – ученик" in page
    assert "Обучающийся – обучающийся" in page
    assert "Работодатель – ученик" in page


def test_a_department_adds_a_form_of_its_municipality(world, client_for):
    from mentoring.people.models import PersonCategory

    pupil = PersonCategory.objects.get(code="pupil")
    response = client_for(world.department_admin).post(
        reverse("programs:form_create"),
        {
            "name": "Шахматист – шахматист",
            "code": "chess",
            "mentor_categories": [str(pupil.pk)],
            "mentee_categories": [str(pupil.pk)],
            "default_max_group_size": "2",
            "position": "50",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    other_municipality = client_for(world.foreign_curator).get(reverse("programs:form_list")).content.decode()
    assert "Шахматист" not in other_municipality


@pytest.mark.parametrize("extra", [2, 30])
def test_the_program_list_takes_a_bounded_number_of_queries(
    extra, world, client_for, django_assert_max_num_queries
):
    for _ in range(extra):
        ProgramFactory(organization=world.school, curator=world.curator)
    department, curator = client_for(world.department_admin), client_for(world.curator)
    with django_assert_max_num_queries(12):
        assert department.get(reverse("programs:list")).status_code == 200
    program = Program.objects.first()
    with django_assert_max_num_queries(20):
        assert curator.get(reverse("programs:detail", kwargs={"pk": program.pk})).status_code == 200
