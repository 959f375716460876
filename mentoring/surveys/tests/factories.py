"""Builders for the surveys tests: a small questionnaire of every kind of item, a program of the school
with a pair whose mentor and mentee are the personas, rounds sent through the services, answers
written directly (for the arithmetic of results) or through the services."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.mentorships.models import Mentorship
from mentoring.mentorships.tests.factories import make_mentee, make_mentor, make_pair, make_program
from mentoring.organizations.models import Organization
from mentoring.people.models import Person
from mentoring.programs.models import Program
from mentoring.surveys import services
from mentoring.surveys.models import (
    Answer,
    Audience,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
)

OPTIONS = ["Раз в неделю", "Раз в месяц", "Реже"]
TOPICS = ["Учёба", "Проекты", "Планы"]


def questionnaire(
    *,
    organization: Organization | None = None,
    municipality_id: int | None = None,
    purpose: str = Purpose.PROCESS,
    audience: str = Audience.MENTEE,
    title: str = "Анкета наставляемого",
    measures: Sequence[tuple[str, str]] = (),
    with_items: bool = True,
) -> Questionnaire:
    """A questionnaire with a required scale item (satisfaction), a required single choice, an optional
    multiple choice and an optional text item; plus scale measures (group, code) when asked."""
    if organization is not None:
        municipality_id = organization.municipality_id
    q = Questionnaire.objects.create(
        municipality_id=municipality_id,
        organization=organization,
        title=title,
        purpose=purpose,
        audience=audience,
    )
    position = 0
    if with_items:
        for text, kind, required, options, satisfaction in [
            ("Насколько полезны встречи?", QuestionKind.SCALE, True, [], True),
            ("Как часто вы встречаетесь?", QuestionKind.SINGLE, True, OPTIONS, False),
            ("Что было полезно?", QuestionKind.MULTIPLE, False, TOPICS, False),
            ("Что изменить?", QuestionKind.TEXT, False, [], False),
        ]:
            position += 1
            Question.objects.create(
                questionnaire=q,
                position=position,
                text=text,
                kind=kind,
                is_required=required,
                options=options,
                counts_for_satisfaction=satisfaction,
            )
    for group, code in measures:
        position += 1
        Question.objects.create(
            questionnaire=q,
            position=position,
            text=f"Показатель {code}",
            kind=QuestionKind.SCALE,
            measure_group=group,
            measure_code=code,
        )
    return q


def questions(q: Questionnaire) -> list[Question]:
    return list(q.questions.order_by("position"))


def good_answers(q: Questionnaire, *, scale: int = 8) -> dict[str, Any]:
    """Answers to every item of `questionnaire(...)`: valid, all filled."""
    answers: dict[str, Any] = {}
    for question in questions(q):
        key = f"q{question.pk}"
        if question.kind == QuestionKind.SCALE:
            answers[key] = scale
        elif question.kind == QuestionKind.SINGLE:
            answers[key] = question.options[0]
        elif question.kind == QuestionKind.MULTIPLE:
            answers[key] = question.options[:2]
        else:
            answers[key] = "Больше встреч после уроков."
    return answers


def post_data(answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers as a browser posts them (every value a string or a list of strings)."""
    return {
        key: [str(v) for v in value] if isinstance(value, list) else str(value)
        for key, value in answers.items()
    }


def school_pair(world: Any, *, program: Program | None = None) -> Mentorship:
    """A pair of world.school: the mentor persona's record mentors the mentee persona's record."""
    mentor = make_mentor(world.school, user=world.mentor, email="mentor@example.org")
    mentee = make_mentee(world.school, user=world.mentee)
    return make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee], program=program)


def program_of(world: Any) -> Program:
    """A program of world.school running this school year (around today)."""
    today = timezone.localdate()
    return make_program(
        world.school,
        title="«Шаг вперёд»",
        curator=world.curator,
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=200),
    )


def send_round(
    world: Any,
    program: Program,
    q: Questionnaire,
    *,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> SurveyRound:
    today = timezone.localdate()
    return services.round_create(
        by=world.curator,
        program=program,
        questionnaire=q,
        opens_on=opens_on or today,
        closes_on=closes_on or today + datetime.timedelta(days=14),
    )


def invitation_of(survey_round: SurveyRound, user: User) -> SurveyInvitation:
    return SurveyInvitation.objects.get(round=survey_round, person__user=user)


def respond(
    survey_round: SurveyRound,
    person: Person,
    *,
    role: str,
    by: User,
    numbers: dict[str, int] | None = None,
    satisfaction: Sequence[int] = (),
    mentorship: Mentorship | None = None,
    when: datetime.datetime | None = None,
) -> SurveyResponse:
    """A response written directly: `numbers` maps measure codes to the scale answer; `satisfaction`
    fills the satisfaction items in order."""
    response = SurveyResponse.objects.create(
        round=survey_round,
        person=person,
        role=role,
        mentorship=mentorship,
        submitted_at=when or timezone.now(),
        recorded_by=by,
    )
    items = questions(survey_round.questionnaire)
    for code, number in (numbers or {}).items():
        question = next(q for q in items if q.measure_code == code)
        Answer.objects.create(response=response, question=question, number=number)
    satisfaction_items = [q for q in items if q.counts_for_satisfaction]
    for question, number in zip(satisfaction_items, satisfaction, strict=False):
        Answer.objects.create(response=response, question=question, number=number)
    return response


def bare_round(program: Program, q: Questionnaire, *, opens_on: datetime.date | None = None) -> SurveyRound:
    """A round without invitations (for results tests that write responses directly)."""
    day = opens_on or timezone.localdate() - datetime.timedelta(days=30)
    return SurveyRound.objects.create(
        program=program, questionnaire=q, opens_on=day, closes_on=day + datetime.timedelta(days=14)
    )
