"""The pages: the builder, answering on the personal page, paper answers, the round with its response
rate, the SWOT with the summary beside it, growth tables; bad input and bounded query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.people.tests.factories import PersonFactory
from mentoring.surveys.models import (
    Audience,
    Purpose,
    Question,
    Questionnaire,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
    SwotAnalysis,
)
from mentoring.surveys.tests.factories import (
    bare_round,
    good_answers,
    invitation_of,
    post_data,
    program_of,
    questionnaire,
    questions,
    respond,
    school_pair,
    send_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world):
    program = program_of(world)
    school_pair(world, program=program)
    q = questionnaire(organization=world.school)
    survey_round = send_round(world, program, q)
    return program, q, survey_round, invitation_of(survey_round, world.mentee)


# --- the builder --------------------------------------------------------------------------------------


def test_the_questionnaire_list_shows_whose_each_one_is_in_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    for number in range(25):
        questionnaire(organization=world.school, title=f"Анкета школы {number}")
        questionnaire(municipality_id=world.municipality.pk, title=f"Анкета округа {number}")
    client = client_for(world.curator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys:questionnaire_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "по умолчанию" in page
    assert "Анкета округа 0" in page
    assert "Страница 1 из 3" in page
    own = client.get(reverse("surveys:questionnaire_list"), {"level": "organization"}).content.decode()
    assert world.school.short_name in own
    assert "Анкета округа" not in own
    only_defaults = client.get(
        reverse("surveys:questionnaire_list"), {"level": "default", "purpose": "entry"}
    )
    assert "Входная анкета наставника" in only_defaults.content.decode()
    assert "Анкета школы" not in only_defaults.content.decode()
    assert (
        client.get(reverse("surveys:questionnaire_list"), {"level": "<script>", "page": "x"}).status_code
        == 200
    )


def test_a_curator_creates_a_questionnaire_of_the_own_school_and_cannot_name_another(world, client_for):
    client = client_for(world.curator)
    page = client.get(reverse("surveys:questionnaire_create")).content.decode()
    assert world.school.short_name in page
    assert world.other_school.short_name not in page
    data = {"title": "Анкета после каникул", "purpose": "process", "audience": "mentee", "form": ""}
    refused = client.post(
        reverse("surveys:questionnaire_create"), {**data, "owner": f"o{world.other_school.pk}"}
    )
    assert refused.status_code == 200
    assert "Выберите корректный вариант" in refused.content.decode()
    hostile = client.post(
        reverse("surveys:questionnaire_create"), {**data, "owner": f"o{world.school.pk}", "title": "<b>x</b>"}
    )
    assert hostile.status_code == 200
    assert not Questionnaire.objects.filter(title__contains="<b>").exists()
    response = client.post(reverse("surveys:questionnaire_create"), {**data, "owner": f"o{world.school.pk}"})
    created = Questionnaire.objects.get(title="Анкета после каникул")
    assert response.status_code == 302
    assert created.organization == world.school


def test_items_are_added_moved_and_deleted_through_the_pages(world, client_for):
    q = questionnaire(organization=world.school, with_items=False)
    client = client_for(world.curator)
    url = reverse("surveys:question_add", args=[q.pk])
    response = client.post(
        url,
        {"text": "Как часто?", "kind": "single", "options": "Часто\r\n\r\n Редко \r\n", "is_required": "on"},
    )
    assert response.status_code == 302
    client.post(url, {"text": "Полезно ли?", "kind": "scale", "counts_for_satisfaction": "on"})
    first, second = questions(q)
    assert first.options == ["Часто", "Редко"]
    assert first.is_required
    assert not second.is_required
    bad = client.post(url, {"text": "Выбор", "kind": "single", "options": "Один"})
    assert bad.status_code == 200
    assert "хотя бы два" in bad.content.decode()
    hostile = client.post(url, {"text": "<img src=x onerror=alert(1)>", "kind": "text"})
    assert hostile.status_code == 200
    assert q.questions.count() == 2
    oversized = client.post(url, {"text": "Да" * 300, "kind": "text"})
    assert oversized.status_code == 200
    assert q.questions.count() == 2
    client.post(reverse("surveys:question_move", args=[second.pk]), {"direction": "up"})
    assert [item.pk for item in questions(q)] == [second.pk, first.pk]
    client.post(reverse("surveys:question_move", args=[second.pk]), {"direction": "sideways"})
    client.post(reverse("surveys:question_delete", args=[first.pk]))
    assert [item.pk for item in questions(q)] == [second.pk]
    edit = client.post(
        reverse("surveys:question_edit", args=[second.pk]), {"text": "Насколько полезно?", "kind": "scale"}
    )
    assert edit.status_code == 302
    assert Question.objects.get(pk=second.pk).text == "Насколько полезно?"


def test_a_default_is_read_only_and_copied_into_the_school_with_one_click(world, client_for):
    default = Questionnaire.objects.get(code="exit-mentee", municipality__isnull=True)
    client = client_for(world.curator)
    page = client.get(reverse("surveys:questionnaire_detail", args=[default.pk])).content.decode()
    assert "Скопировать к себе" in page
    assert reverse("surveys:questionnaire_edit", args=[default.pk]) not in page
    assert client.get(reverse("surveys:questionnaire_edit", args=[default.pk])).status_code == 403
    response = client.post(
        reverse("surveys:questionnaire_copy", args=[default.pk]),
        {"owner": f"o{world.school.pk}", "title": ""},
    )
    copy = Questionnaire.objects.get(copied_from=default)
    assert response["Location"] == reverse("surveys:questionnaire_detail", args=[copy.pk])
    assert copy.organization == world.school
    assert copy.questions.count() == default.questions.count()


def test_the_preview_shows_the_items_as_a_participant_sees_them(world, client_for):
    q = questionnaire(organization=world.school)
    page = client_for(world.head).get(reverse("surveys:questionnaire_preview", args=[q.pk])).content.decode()
    assert "Насколько полезны встречи?" in page
    assert 'value="10"' in page
    assert "Раз в месяц" in page
    assert 'type="submit"' not in page.split('id="main"')[1]


# --- answering -------------------------------------------------------------------------------------------


def test_the_mentee_answers_on_the_personal_page_once(world, client_for, sent):
    _, q, survey_round, invitation = sent
    client = client_for(world.mentee)
    profile = client.get(reverse("profile")).content.decode()
    assert "Мои анкеты" in profile
    assert reverse("surveys:answer", args=[invitation.pk]) in profile
    response = client.post(reverse("surveys:answer", args=[invitation.pk]), post_data(good_answers(q)))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:mine")
    saved = SurveyResponse.objects.get(round=survey_round)
    assert saved.person.user == world.mentee
    assert not saved.entered_by_staff
    again = client.post(reverse("surveys:answer", args=[invitation.pk]), post_data(good_answers(q, scale=1)))
    assert "уже ответили" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert saved.answers.get(question__kind="scale").number == 8
    assert (
        reverse("surveys:answer", args=[invitation.pk])
        not in client.get(reverse("surveys:mine")).content.decode()
    )


@pytest.mark.parametrize(
    ("index", "value", "message"),
    [
        (0, "", "Ответьте на этот вопрос"),
        (0, "11", "от 1 до 10"),
        (0, "-1", "от 1 до 10"),
        (1, "Каждый день", "Выберите ответ из предложенных"),
        (3, "<script>alert(1)</script>", "угловые скобки"),
        (3, "а" * 3001, "3000"),
    ],
)
def test_a_bad_answer_on_the_page_saves_nothing_and_explains_itself(
    world, client_for, sent, index, value, message
):
    _, q, _, invitation = sent
    data = post_data(good_answers(q))
    data[f"q{questions(q)[index].pk}"] = value
    response = client_for(world.mentee).post(reverse("surveys:answer", args=[invitation.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Ответы не сохранены" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_empty_post_answers_nothing(world, client_for, sent):
    _, _, _, invitation = sent
    response = client_for(world.mentee).post(reverse("surveys:answer", args=[invitation.pk]), {})
    assert response.status_code == 200
    assert "Ответьте на этот вопрос" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_closed_round_shows_a_notice_instead_of_the_form(world, client_for, sent):
    _, q, survey_round, invitation = sent
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        opens_on=survey_round.opens_on - datetime.timedelta(days=30),
        closes_on=survey_round.opens_on - datetime.timedelta(days=1),
    )
    client = client_for(world.mentee)
    assert "Опрос закрыт" in client.get(reverse("surveys:answer", args=[invitation.pk])).content.decode()
    client.post(reverse("surveys:answer", args=[invitation.pk]), post_data(good_answers(q)))
    assert not SurveyResponse.objects.exists()


def test_the_curator_enters_a_paper_form_and_the_round_shows_it(world, client_for, sent):
    _, q, survey_round, invitation = sent
    client = client_for(world.curator)
    response = client.post(
        reverse("surveys:paper_answer", args=[invitation.pk]), post_data(good_answers(q, scale=4))
    )
    assert response.status_code == 302
    saved = SurveyResponse.objects.get()
    assert saved.entered_by_staff
    assert saved.recorded_by == world.curator
    page = client.get(reverse("surveys:paper_answer", args=[invitation.pk])).content.decode()
    assert "с бумажной анкеты" in page
    assert "Больше встреч после уроков." in page
    round_page = client.get(reverse("surveys:round_detail", args=[survey_round.pk])).content.decode()
    assert "1 из 1" in round_page
    assert "с бумаги" in round_page


# --- the round page -----------------------------------------------------------------------------------------


@pytest.fixture
def big_round(world):
    """A round with 40 invited pupils of whom 10 answered (one from paper)."""
    program = program_of(world)
    q = questionnaire(organization=world.school)
    survey_round = bare_round(program, q)
    people = [PersonFactory(organization=world.school, last_name="Участников") for _ in range(40)]
    for person in people:
        SurveyInvitation.objects.create(round=survey_round, person=person, role=Audience.MENTEE)
    for number, person in enumerate(people[:10]):
        response = respond(survey_round, person, role="mentee", by=world.curator, satisfaction=[7])
        if number == 0:
            SurveyResponse.objects.filter(pk=response.pk).update(entered_by_staff=True)
    return program, survey_round


def test_the_round_page_shows_the_response_rate_and_names_only_to_the_school(
    world, client_for, big_round, django_assert_max_num_queries
):
    _, survey_round = big_round
    url = reverse("surveys:round_detail", args=[survey_round.pk])
    client = client_for(world.curator)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "10 из 40" in page
    assert "25%" in page
    assert "Участников" in page
    department = client_for(world.methodologist).get(url).content.decode()
    assert "10 из 40" in department
    assert "Участников" not in department
    assert client_for(world.other_curator).get(url).status_code == 404


def test_the_program_page_lists_rounds_with_their_rates_in_a_bounded_number_of_queries(
    world, client_for, big_round, django_assert_max_num_queries
):
    program, _ = big_round
    q = questionnaire(organization=world.school, audience=Audience.MENTOR)
    for days in range(31, 66):  # older than the big round, which comes first
        bare_round(program, q, opens_on=timezone.localdate() - datetime.timedelta(days=days))
    client = client_for(world.curator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("surveys:program", args=[program.pk])).content.decode()
    assert "10 из 40" in page
    assert "Страница 1 из 2" in page


def test_a_curator_sends_a_round_from_the_program_page(world, client_for):
    program = program_of(world)
    school_pair(world, program=program)
    default = Questionnaire.objects.get(code="stage1-pupil-pupil-mentee")
    teacher_form = Questionnaire.objects.get(code="stage1-teacher-teacher-mentee")
    client = client_for(world.curator)
    page = client.get(reverse("surveys:round_create", args=[program.pk])).content.decode()
    assert default.title in page
    assert teacher_form.title not in page
    today = timezone.localdate()
    data = {
        "questionnaire": default.pk,
        "opens_on": today.strftime("%d.%m.%Y"),
        "closes_on": (today + datetime.timedelta(days=10)).strftime("%d.%m.%Y"),
    }
    bad = client.post(reverse("surveys:round_create", args=[program.pk]), {**data, "closes_on": "31.02.2026"})
    assert bad.status_code == 200
    assert not SurveyRound.objects.exists()
    wrong = client.post(
        reverse("surveys:round_create", args=[program.pk]), {**data, "questionnaire": teacher_form.pk}
    )
    assert wrong.status_code == 200
    assert not SurveyRound.objects.exists()
    response = client.post(reverse("surveys:round_create", args=[program.pk]), data)
    survey_round = SurveyRound.objects.get()
    assert response["Location"] == reverse("surveys:round_detail", args=[survey_round.pk])
    assert survey_round.invitations.get().person.user == world.mentee


def test_the_program_page_of_the_programs_module_links_to_its_surveys(world, client_for):
    program = program_of(world)
    link = reverse("surveys:program", args=[program.pk])
    assert (
        link in client_for(world.curator).get(reverse("programs:detail", args=[program.pk])).content.decode()
    )
    assert (
        link
        not in client_for(world.mentor).get(reverse("programs:detail", args=[program.pk])).content.decode()
    )


def test_the_menu_offers_questionnaires_to_staff_and_not_to_participants(world, client_for):
    assert reverse("surveys:program_list") in client_for(world.curator).get(reverse("home")).content.decode()
    assert (
        reverse("surveys:program_list") not in client_for(world.mentee).get(reverse("home")).content.decode()
    )


# --- SWOT and growth ----------------------------------------------------------------------------------------


def test_the_curator_writes_a_swot_and_the_department_reads_it_beside_the_summary(
    world, client_for, big_round
):
    program, _ = big_round
    client = client_for(world.curator)
    today = timezone.localdate()
    data = {
        "period_start": (today - datetime.timedelta(days=60)).strftime("%d.%m.%Y"),
        "period_end": today.strftime("%d.%m.%Y"),
        "strengths": "Наставники из 10–11 классов",
        "weaknesses": "Встречи срываются в четверти контрольных",
        "opportunities": "Помощь колледжа",
        "threats": "Перегрузка старшеклассников",
        "conclusions": "",
    }
    hostile = client.post(
        reverse("surveys:swot_create", args=[program.pk]), {**data, "threats": "<script>x</script>"}
    )
    assert hostile.status_code == 200
    assert not SwotAnalysis.objects.exists()
    backwards = client.post(
        reverse("surveys:swot_create", args=[program.pk]), {**data, "period_end": "01.01.2020"}
    )
    assert "раньше, чем начался" in backwards.content.decode()
    assert not SwotAnalysis.objects.exists()
    response = client.post(reverse("surveys:swot_create", args=[program.pk]), data)
    swot = SwotAnalysis.objects.get()
    assert response["Location"] == reverse("surveys:swot_detail", args=[swot.pk])
    page = client_for(world.methodologist).get(response["Location"]).content.decode()
    assert "Наставники из 10–11 классов" in page
    assert "Насколько полезны встречи?" in page
    assert "7,00" in page
    assert (
        client_for(world.methodologist).get(reverse("surveys:swot_edit", args=[swot.pk])).status_code == 403
    )
    listed = client_for(world.department_admin).get(reverse("surveys:swot_list")).content.decode()
    assert reverse("surveys:swot_detail", args=[swot.pk]) in listed
    assert program.title in listed


def test_the_growth_tables_show_the_change_of_a_program_and_of_the_school(world, client_for):
    program = program_of(world)
    pair = school_pair(world, program=program)
    measures = [("motivational", "m1"), ("professional", "p1")]
    entry = questionnaire(
        organization=world.school, purpose=Purpose.ENTRY, measures=measures, with_items=False
    )
    exit_ = questionnaire(
        organization=world.school, purpose=Purpose.EXIT, measures=measures, with_items=False
    )
    mentee = pair.participants.get().mentee.person
    respond(bare_round(program, entry), mentee, role="mentee", by=world.curator, numbers={"m1": 4, "p1": 5})
    respond(bare_round(program, exit_), mentee, role="mentee", by=world.curator, numbers={"m1": 7, "p1": 5})
    page = (
        client_for(world.curator).get(reverse("surveys:program_growth", args=[program.pk])).content.decode()
    )
    assert "Мотивационно-личностный рост" in page
    assert "+3,00" in page
    assert "4,00" in page
    school = client_for(world.methodologist).get(
        reverse("surveys:organization_growth", args=[world.school.pk])
    )
    assert "+3,00" in school.content.decode()
    assert "Профессиональный рост" in school.content.decode()
    assert (
        client_for(world.foreign_curator)
        .get(reverse("surveys:organization_growth", args=[world.school.pk]))
        .status_code
        == 404
    )


def test_the_questionnaire_is_edited_and_its_purpose_is_locked_once_it_was_sent(world, client_for, sent):
    _, q, _, _ = sent
    client = client_for(world.curator)
    url = reverse("surveys:questionnaire_edit", args=[q.pk])
    data = {
        "title": "Анкета наставляемого (весна)",
        "description": "",
        "audience": "mentee",
        "form": "",
        "is_active": "on",
    }
    locked = client.post(url, {**data, "purpose": "pulse"})
    assert "назначение и адресатов изменить нельзя" in locked.content.decode()
    assert Questionnaire.objects.get(pk=q.pk).purpose == Purpose.PROCESS
    assert client.post(url, {**data, "purpose": "process"}).status_code == 302
    assert Questionnaire.objects.get(pk=q.pk).title == "Анкета наставляемого (весна)"
    assert client_for(world.methodologist).post(url, {**data, "purpose": "process"}).status_code == 403


def test_my_page_lists_only_my_open_questionnaires(world, client_for, sent):
    _, _, _, invitation = sent
    mine = client_for(world.mentee).get(reverse("surveys:mine")).content.decode()
    assert reverse("surveys:answer", args=[invitation.pk]) in mine
    others = client_for(world.mentor).get(reverse("surveys:mine")).content.decode()
    assert reverse("surveys:answer", args=[invitation.pk]) not in others
    assert "ожидающих ответа, нет" in others
    assert client_for(world.mentor).get(reverse("surveys:answer", args=[invitation.pk])).status_code == 404
