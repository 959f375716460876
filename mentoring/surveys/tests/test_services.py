"""The services: building questionnaires, sending rounds, answering (by the participant and from paper)
with every rule a bad answer may break."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.common.access import get_questionnaire_for_user, questionnaires_visible_to
from mentoring.mentorships.models import Mentorship, MentorshipStatus
from mentoring.mentorships.tests.factories import make_mentee, make_pair
from mentoring.surveys import services
from mentoring.surveys.models import (
    Answer,
    Audience,
    MeasureGroup,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    SurveyInvitation,
    SurveyResponse,
)
from mentoring.surveys.tests.factories import (
    good_answers,
    invitation_of,
    program_of,
    questionnaire,
    questions,
    school_pair,
    send_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    program = program_of(world)
    pair = school_pair(world, program=program)
    q = questionnaire(organization=world.school)
    return program, pair, q


# --- the builder ------------------------------------------------------------------------------------


def test_a_shipped_default_cannot_be_changed_but_can_be_copied_with_every_item(world):
    default = Questionnaire.objects.get(code="stage1-pupil-pupil-mentee", municipality__isnull=True)
    with pytest.raises(PermissionDenied):
        services.question_save(by=world.department_admin, questionnaire=default, text="Новый", kind="text")
    copy = services.questionnaire_copy(
        by=world.department_admin, questionnaire=default, municipality=world.municipality
    )
    assert copy.municipality == world.municipality
    assert copy.organization is None
    assert copy.copied_from == default
    assert copy.code == ""
    assert [(q.text, q.kind, q.options) for q in questions(copy)] == [
        (q.text, q.kind, q.options) for q in questions(default)
    ]
    services.question_save(by=world.methodologist, questionnaire=copy, text="Что ещё важно?", kind="text")
    assert copy.questions.count() == default.questions.count() + 1


def test_a_curator_copies_a_municipal_questionnaire_into_the_own_school_only(world):
    municipal = questionnaire(municipality_id=world.municipality.pk, title="Анкета управления")
    copy = services.questionnaire_copy(by=world.curator, questionnaire=municipal, organization=world.school)
    assert copy.organization == world.school
    with pytest.raises(PermissionDenied):
        services.questionnaire_copy(
            by=world.curator, questionnaire=municipal, organization=world.other_school
        )
    with pytest.raises(PermissionDenied):
        services.questionnaire_copy(
            by=world.curator, questionnaire=municipal, municipality=world.municipality
        )


def test_heads_and_curators_edit_their_school_questionnaires_and_the_department_the_municipal_ones(world):
    own = questionnaire(organization=world.school)
    municipal = questionnaire(municipality_id=world.municipality.pk)
    assert get_questionnaire_for_user(world.curator, own.pk)[1] is True
    assert get_questionnaire_for_user(world.head, own.pk)[1] is True
    assert get_questionnaire_for_user(world.department_admin, own.pk)[1] is False
    assert get_questionnaire_for_user(world.methodologist, municipal.pk)[1] is True
    assert get_questionnaire_for_user(world.curator, municipal.pk)[1] is False
    with pytest.raises(PermissionDenied):
        services.question_save(by=world.curator, questionnaire=municipal, text="Вопрос", kind="text")


def test_another_school_and_another_municipality_do_not_see_a_school_questionnaire(world):
    own = questionnaire(organization=world.school)
    foreign_municipal = questionnaire(municipality_id=world.other_municipality.pk)
    assert not questionnaires_visible_to(world.other_curator).filter(pk=own.pk).exists()
    assert not questionnaires_visible_to(world.foreign_curator).filter(pk=own.pk).exists()
    assert not questionnaires_visible_to(world.curator).filter(pk=foreign_municipal.pk).exists()
    assert not questionnaires_visible_to(world.mentor).exists()
    defaults = questionnaires_visible_to(world.foreign_curator).filter(municipality__isnull=True)
    assert defaults.count() == Questionnaire.objects.filter(municipality__isnull=True).count()


def test_items_of_every_kind_are_added_with_their_rules(world):
    q = questionnaire(organization=world.school, purpose=Purpose.ENTRY, with_items=False)
    scale = services.question_save(
        by=world.curator,
        questionnaire=q,
        text="Уверенность в себе",
        kind=QuestionKind.SCALE,
        measure_group=MeasureGroup.MOTIVATIONAL,
        measure_code="confidence",
    )
    single = services.question_save(
        by=world.curator,
        questionnaire=q,
        text="Частота",
        kind=QuestionKind.SINGLE,
        options=[" Часто ", "Редко", ""],
    )
    text = services.question_save(
        by=world.curator,
        questionnaire=q,
        text="Комментарий",
        kind=QuestionKind.TEXT,
        is_required=False,
        options=["x"],
    )
    assert [scale.position, single.position, text.position] == [1, 2, 3]
    assert single.options == ["Часто", "Редко"]
    assert text.options == []
    assert text.is_required is False


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "single", "options": ["Один"]}, "options", "хотя бы два"),
        ({"kind": "single", "options": ["Да", "Да"]}, "options", "повторяются"),
        ({"kind": "multiple", "options": ["<b>Да</b>", "Нет"]}, "options", "недопустимы"),
        ({"kind": "single", "options": [str(n) for n in range(25)]}, "options", "не больше"),
        ({"kind": "text", "measure_group": "competency", "measure_code": "skills"}, "measure_code", "шкалой"),
        ({"kind": "scale", "measure_group": "competency"}, "measure_code", "и группу, и код"),
        ({"kind": "text", "counts_for_satisfaction": True}, "counts_for_satisfaction", "шкалой 1–10"),
        ({"kind": "scale", "text": "<script>alert(1)</script>"}, "text", "недопустимы"),
        ({"kind": "scale", "text": "Вопрос" * 100}, "text", "500"),
        ({"kind": "nonsense"}, "kind", "из списка"),
    ],
)
def test_a_bad_item_is_refused_with_a_russian_message_and_nothing_is_added(world, fields, field, message):
    q = questionnaire(organization=world.school, purpose=Purpose.ENTRY, with_items=False)
    payload = {"text": "Вопрос", **fields}
    with pytest.raises(ValidationError) as error:
        services.question_save(by=world.curator, questionnaire=q, **payload)
    assert message in " ".join(error.value.message_dict[field])
    assert q.questions.count() == 0


def test_measures_are_only_for_entry_and_exit_questionnaires_with_unique_codes(world):
    process = questionnaire(organization=world.school, with_items=False)
    with pytest.raises(ValidationError, match="входной и итоговой"):
        services.question_save(
            by=world.curator,
            questionnaire=process,
            text="Рост",
            kind="scale",
            measure_group="competency",
            measure_code="x",
        )
    entry = questionnaire(organization=world.school, purpose=Purpose.ENTRY, with_items=False)
    services.question_save(
        by=world.curator,
        questionnaire=entry,
        text="Рост",
        kind="scale",
        measure_group="competency",
        measure_code="x",
    )
    with pytest.raises(ValidationError, match="уже есть"):
        services.question_save(
            by=world.curator,
            questionnaire=entry,
            text="Рост 2",
            kind="scale",
            measure_group="competency",
            measure_code="x",
        )


def test_items_are_reordered_and_deleted_with_positions_kept_in_a_row(world):
    q = questionnaire(organization=world.school)
    first, second, third, fourth = questions(q)
    services.question_move(by=world.curator, question=third, direction="up")
    assert [item.pk for item in questions(q)] == [first.pk, third.pk, second.pk, fourth.pk]
    services.question_move(by=world.curator, question=first, direction="up")  # already first: no change
    services.question_delete(by=world.curator, question=third)
    assert [(item.pk, item.position) for item in questions(q)] == [
        (first.pk, 1),
        (second.pk, 2),
        (fourth.pk, 3),
    ]


def test_an_answered_item_keeps_its_kind_and_options_and_cannot_be_deleted(world, setup):
    program, _, q = setup
    survey_round = send_round(world, program, q)
    services.response_submit(
        by=world.mentee, invitation=invitation_of(survey_round, world.mentee), answers=good_answers(q)
    )
    single = questions(q)[1]
    with pytest.raises(ValidationError, match="варианты можно добавлять"):
        services.question_save(
            by=world.curator,
            questionnaire=q,
            question=single,
            text=single.text,
            kind="single",
            options=["Новый", "Другой"],
        )
    with pytest.raises(ValidationError, match="вид ответа"):
        services.question_save(
            by=world.curator, questionnaire=q, question=single, text=single.text, kind="text"
        )
    services.question_save(
        by=world.curator,
        questionnaire=q,
        question=single,
        text="Как часто вы встречались?",
        kind="single",
        options=[*single.options, "Ни разу"],
    )
    with pytest.raises(ValidationError, match="уже отвечали"):
        services.question_delete(by=world.curator, question=single)
    with pytest.raises(ValidationError, match="назначение"):
        services.questionnaire_update(
            by=world.curator,
            questionnaire=q,
            title=q.title,
            description="",
            purpose="pulse",
            audience=q.audience,
            form=None,
        )


# --- rounds ------------------------------------------------------------------------------------------


def test_a_round_invites_the_mentees_of_open_and_completed_pairs_and_emails_those_with_an_address(
    world, setup
):
    program, pair, q = setup
    today = timezone.localdate()
    completed = make_pair(
        world.school,
        by=world.curator,
        program=program,
        mentees=[make_mentee(world.school, email="k@example.org")],
    )
    Mentorship.objects.filter(pk=completed.pk).update(status=MentorshipStatus.COMPLETED, ended_on=today)
    ended = make_pair(world.school, by=world.curator, program=program)
    Mentorship.objects.filter(pk=ended.pk).update(
        status=MentorshipStatus.ENDED_EARLY, ended_on=today, end_reason="Переезд"
    )
    silent = make_pair(world.school, by=world.curator, program=program)
    survey_round = send_round(world, program, q)
    invitations = SurveyInvitation.objects.filter(round=survey_round)
    assert {i.person_id: i.emailed for i in invitations} == {
        pair.participants.get().mentee.person_id: True,
        completed.participants.get().mentee.person_id: True,
        silent.participants.get().mentee.person_id: False,
    }
    assert all(i.role == Audience.MENTEE for i in invitations)
    assert sorted(letter.to[0] for letter in mail.outbox) == sorted(["k@example.org", world.mentee.email])
    assert all(len(letter.to) == 1 and not letter.cc and not letter.bcc for letter in mail.outbox)
    letter = next(letter for letter in mail.outbox if letter.to == ["k@example.org"])
    assert program.title in letter.body
    assert "Мои анкеты" in letter.body
    # Nobody else's name travels in the letter.
    for person in (pair.participants.get().mentee.person, pair.mentor.person, completed.mentor.person):
        assert person.last_name not in letter.body


def test_a_mentor_round_asks_the_mentors_once_each(world, setup):
    program, pair, _ = setup
    make_pair(world.school, by=world.curator, program=program, mentor=pair.mentor)
    mentors = questionnaire(organization=world.school, audience=Audience.MENTOR)
    survey_round = send_round(world, program, mentors)
    assert list(survey_round.invitations.values_list("person_id", "role")) == [
        (pair.mentor.person_id, "mentor")
    ]
    assert mail.outbox[0].to == ["mentor@example.org"]


def test_a_round_without_anybody_to_ask_or_with_bad_dates_is_refused_and_nothing_is_sent(world):
    program = program_of(world)
    q = questionnaire(organization=world.school)
    with pytest.raises(ValidationError, match="некого опрашивать"):
        send_round(world, program, q)
    school_pair(world, program=program)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="раньше, чем откроется"):
        send_round(world, program, q, opens_on=today, closes_on=today - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="уже прошла"):
        send_round(
            world,
            program,
            q,
            opens_on=today - datetime.timedelta(days=9),
            closes_on=today - datetime.timedelta(days=2),
        )
    assert not program.survey_rounds.exists()
    assert not mail.outbox


def test_a_curator_round_needs_the_curator_in_the_bases(world):
    program = program_of(world)
    curators = questionnaire(organization=world.school, audience=Audience.CURATOR)
    with pytest.raises(ValidationError, match="куратора"):
        send_round(world, program, curators)
    from mentoring.people.tests.factories import TeacherFactory

    TeacherFactory(organization=world.school, user=world.curator)
    survey_round = send_round(world, program, curators)
    assert survey_round.invitations.get().role == Audience.CURATOR


def test_only_the_school_head_and_curator_send_rounds_of_its_programs(world, setup):
    program, _, q = setup
    today = timezone.localdate()
    for outsider in (world.department_admin, world.other_curator, world.mentor):
        with pytest.raises(PermissionDenied):
            services.round_create(
                by=outsider, program=program, questionnaire=q, opens_on=today, closes_on=today
            )
    another_school = questionnaire(organization=world.other_school)
    with pytest.raises(ValidationError, match="не подходит"):
        send_round(world, program, another_school)


# --- answering ---------------------------------------------------------------------------------------


def test_a_pupil_answers_for_themselves_once(world, setup):
    program, pair, q = setup
    survey_round = send_round(world, program, q)
    invitation = invitation_of(survey_round, world.mentee)
    assert invitation.person.is_minor_on(timezone.localdate())
    response = services.response_submit(by=world.mentee, invitation=invitation, answers=good_answers(q))
    assert response.entered_by_staff is False
    assert response.recorded_by == world.mentee
    assert response.mentorship == pair
    assert response.role == Audience.MENTEE
    assert {a.question.kind: (a.number, a.choices, a.text) for a in response.answers.all()} == {
        "scale": (8, [], ""),
        "single": (None, ["Раз в неделю"], ""),
        "multiple": (None, ["Учёба", "Проекты"], ""),
        "text": (None, [], "Больше встреч после уроков."),
    }
    with pytest.raises(ValidationError, match="уже ответили"):
        services.response_submit(by=world.mentee, invitation=invitation, answers=good_answers(q))
    assert SurveyResponse.objects.count() == 1


def _broken(q, index, value):
    answers = good_answers(q)
    answers[f"q{questions(q)[index].pk}"] = value
    return answers


@pytest.mark.parametrize(
    ("index", "value", "message"),
    [
        (0, None, "Ответьте на этот вопрос"),
        (0, "", "Ответьте на этот вопрос"),
        (0, 0, "от 1 до 10"),
        (0, 11, "от 1 до 10"),
        (0, "7.5", "от 1 до 10"),
        (0, "десять", "от 1 до 10"),
        (1, "", "Ответьте на этот вопрос"),
        (1, "Каждый день", "из предложенных"),
        (1, ["Раз в неделю", "Реже"], "один вариант"),
        (2, ["Учёба", "Учёба"], "из предложенных"),
        (2, ["Учёба", "Хакерство"], "из предложенных"),
        (3, "<script>alert('x')</script>", "угловые скобки"),
        (3, "Очень " * 600, "3000"),
        (3, "текст\x00с нулём", "управляющие"),
    ],
)
def test_a_bad_answer_saves_nothing_and_says_what_is_wrong(world, setup, index, value, message):
    program, _, q = setup
    invitation = invitation_of(send_round(world, program, q), world.mentee)
    with pytest.raises(ValidationError) as error:
        services.response_submit(by=world.mentee, invitation=invitation, answers=_broken(q, index, value))
    assert message in " ".join(error.value.message_dict[f"q{questions(q)[index].pk}"])
    assert not SurveyResponse.objects.exists()
    assert not Answer.objects.exists()


def test_optional_items_may_stay_empty_and_unknown_items_are_refused(world, setup):
    program, _, q = setup
    invitation = invitation_of(send_round(world, program, q), world.mentee)
    answers = good_answers(q)
    for item in questions(q)[2:]:
        answers[f"q{item.pk}"] = "" if item.kind == "text" else []
    with pytest.raises(ValidationError, match="не из этой анкеты"):
        services.response_submit(by=world.mentee, invitation=invitation, answers={**answers, "q999999": "5"})
    response = services.response_submit(by=world.mentee, invitation=invitation, answers=answers)
    assert response.answers.count() == 2


def test_nobody_answers_for_somebody_else_and_not_outside_the_round_dates(world, setup):
    program, _, q = setup
    today = timezone.localdate()
    survey_round = send_round(world, program, q, opens_on=today + datetime.timedelta(days=2))
    invitation = invitation_of(survey_round, world.mentee)
    with pytest.raises(PermissionDenied):
        services.response_submit(by=world.mentor, invitation=invitation, answers=good_answers(q))
    with pytest.raises(ValidationError, match="откроется"):
        services.response_submit(by=world.mentee, invitation=invitation, answers=good_answers(q))
    survey_round.opens_on = today - datetime.timedelta(days=20)
    survey_round.closes_on = today - datetime.timedelta(days=1)
    survey_round.save()
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="закрыт"):
        services.response_submit(by=world.mentee, invitation=invitation, answers=good_answers(q))


def test_the_curator_enters_a_paper_form_even_after_the_round_closed_but_only_once(world, setup):
    program, _, q = setup
    survey_round = send_round(world, program, q)
    invitation = invitation_of(survey_round, world.mentee)
    survey_round.closes_on = survey_round.opens_on
    survey_round.opens_on = survey_round.opens_on - datetime.timedelta(days=10)
    survey_round.save()
    with pytest.raises(PermissionDenied):
        services.response_enter_paper(
            by=world.department_admin, invitation=invitation, answers=good_answers(q)
        )
    response = services.response_enter_paper(
        by=world.curator, invitation=invitation, answers=good_answers(q, scale=3)
    )
    assert response.entered_by_staff
    assert response.recorded_by == world.curator
    assert response.person == invitation.person
    with pytest.raises(ValidationError, match="уже внесён"):
        services.response_enter_paper(by=world.curator, invitation=invitation, answers=good_answers(q))
    with pytest.raises(ValidationError, match="уже ответили"):
        services.response_submit(by=world.mentee, invitation=invitation, answers=good_answers(q))


def test_an_item_added_after_the_invitation_is_asked_too(world, setup):
    program, _, q = setup
    invitation = invitation_of(send_round(world, program, q), world.mentee)
    before = good_answers(q)
    Question.objects.create(questionnaire=q, position=9, text="Новый обязательный", kind="scale")
    with pytest.raises(ValidationError, match="Ответьте"):
        services.response_submit(by=world.mentee, invitation=invitation, answers=before)
    answers = good_answers(q)
    assert (
        services.response_submit(by=world.mentee, invitation=invitation, answers=answers).answers.count() == 5
    )


# --- SWOT ---------------------------------------------------------------------------------------------


def test_a_swot_analysis_is_one_per_program_and_period_and_written_by_the_school(world, setup):
    program, _, _ = setup
    fields = {
        "period_start": datetime.date(2025, 9, 1),
        "period_end": datetime.date(2025, 12, 31),
        "strengths": "Сильные наставники",
        "weaknesses": "Мало встреч",
        "opportunities": "Партнёры",
        "threats": "Нагрузка",
    }
    swot = services.swot_save(by=world.curator, program=program, **fields)
    assert swot.author == world.curator
    with pytest.raises(ValidationError, match="уже составлен"):
        services.swot_save(by=world.head, program=program, **fields)
    with pytest.raises(PermissionDenied):
        services.swot_save(by=world.methodologist, program=program, **fields)
    with pytest.raises(ValidationError, match="раньше, чем начался"):
        services.swot_save(
            by=world.curator, program=program, **{**fields, "period_end": datetime.date(2025, 1, 1)}
        )
    with pytest.raises(ValidationError):
        services.swot_save(
            by=world.curator, program=program, swot=swot, **{**fields, "threats": "<img src=x>"}
        )
    swot.refresh_from_db()
    assert swot.threats == "Нагрузка"
