"""The demo district's questionnaires at work (roadmap 5.2–5.4).

- «Шаг вперёд» of school 1: entry questionnaires answered when the pairs started; the completed pair
  answered the exit questionnaires (so its growth shows), a pulse schedule 30 / 60 / 14 days with the
  first short round answered, and a stage 1 round open now: the demo mentee mentee1 (Киселёв А. Р.)
  finds it in «Мои анкеты», the others answered on paper; the curator's SWOT analysis of the half-year.
- «Первые шаги в профессии» of school 1: entry questionnaires answered, and a stage 1 round for mentors
  open now (the demo mentor mentor1 has not answered yet).
- «Шаг вперёд» of schools 2 and 3: entry questionnaires and a closed stage 1 round with most answers,
  so that satisfaction is known in three schools.

Rounds of the past are written as the history they are (dated invitations and answers, no letters
sent); answers are checked by the same rules as on the pages (services.clean_answers). Deterministic
(answers follow from the person's place in the list) and idempotent: a round is keyed by its program,
questionnaire and opening date, a pulse round by its pair and step, the SWOT by its period.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.mentorships.models import OPEN_STATUSES, Mentorship
from mentoring.organizations.models import Organization
from mentoring.programs.models import Program
from mentoring.surveys import services
from mentoring.surveys.models import (
    Answer,
    Audience,
    PulseSchedule,
    QuestionKind,
    Questionnaire,
    RoundKind,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
    SwotAnalysis,
)

from .mentorships import PUPIL_PROGRAM, TEACHER_PROGRAM, WORK_DAYS

_COMMENTS = [
    "Нравится, что наставник объясняет спокойно и на примерах.",
    "Хотелось бы встречаться чаще перед контрольными.",
    "",
    "Стало понятнее, как готовиться к урокам.",
    "",
    "Удобно, что встречи в библиотеке после уроков.",
]


def _default(code: str) -> Questionnaire:
    return Questionnaire.objects.get(municipality__isnull=True, code=code)


def _raw_answers(
    questions: Sequence[Any], seed: int, *, measures: dict[str, int] | None = None
) -> dict[str, Any]:
    """Believable answers: scale items 5–10 (measures from `measures`), choices by the seed, a comment
    now and then."""
    raw: dict[str, Any] = {}
    for number, question in enumerate(questions):
        key = f"q{question.pk}"
        if question.kind == QuestionKind.SCALE:
            if measures is not None and question.measure_code:
                raw[key] = measures.get(question.measure_code, 5)
            else:
                raw[key] = min(10, 5 + (seed * 7 + number * 3) % 6)
        elif question.kind == QuestionKind.SINGLE:
            # The first options are the common answers: «Раз в неделю», «Да»…
            raw[key] = question.options[(seed + number) % min(2, len(question.options))]
        elif question.kind == QuestionKind.MULTIPLE:
            raw[key] = [question.options[(seed + number) % len(question.options)]]
        else:
            raw[key] = _COMMENTS[(seed + number) % len(_COMMENTS)]
    return raw


def _entry_measures(questions: Sequence[Any], seed: int) -> dict[str, int]:
    return {q.measure_code: 3 + (seed + n) % 4 for n, q in enumerate(questions) if q.measure_code}


def _exit_measures(entry: dict[str, int], seed: int) -> dict[str, int]:
    """Mostly up by one to three points, one measure unchanged."""
    return {code: min(10, value + (seed + n) % 4) for n, (code, value) in enumerate(sorted(entry.items()))}


class _Round:
    """One round written as history: the round, its invitations and the answers of those who answered."""

    def __init__(
        self,
        program: Program,
        questionnaire: Questionnaire,
        opens_on: datetime.date,
        closes_on: datetime.date,
        *,
        curator: User,
        kind: str = RoundKind.MANUAL,
        mentorship: Mentorship | None = None,
        step: int | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.curator = curator
        self.questions = list(questionnaire.questions.order_by("position", "id"))
        lookup: dict[str, Any] = {"program": program, "questionnaire": questionnaire, "kind": kind}
        if kind == RoundKind.PULSE:
            lookup.update(mentorship=mentorship, pulse_step=step)
        existing = SurveyRound.objects.filter(**lookup).order_by("id").first()
        self.created = existing is None
        if existing is None:
            existing = SurveyRound.objects.create(
                **lookup,
                opens_on=opens_on,
                closes_on=closes_on,
                created_by=None if kind == RoundKind.PULSE else curator,
            )
            # History: the round is dated when it opened.
            SurveyRound.objects.filter(pk=existing.pk).update(created_at=_moment(opens_on, 9))
        self.round: SurveyRound = existing

    def invite(self, invitees: Sequence[services.Invitee]) -> list[SurveyInvitation]:
        invitations = []
        for invitee in invitees:
            invitation, _ = SurveyInvitation.objects.get_or_create(
                round=self.round,
                person=invitee.person,
                defaults={"role": invitee.role, "mentorship_id": invitee.mentorship_id, "emailed": False},
            )
            invitations.append(invitation)
        return invitations

    def answer(self, invitation: SurveyInvitation, raw: dict[str, Any], *, day: datetime.date) -> None:
        """The participant's answers: given from their own account when they have one, otherwise
        entered by the curator from the paper form."""
        answers = services.clean_answers(self.questions, raw)
        own = invitation.person.user
        response = SurveyResponse.objects.create(
            round=self.round,
            person=invitation.person,
            role=invitation.role,
            mentorship_id=invitation.mentorship_id,
            submitted_at=_moment(day, 16),
            recorded_by=own or self.curator,
            entered_by_staff=own is None,
        )
        for item in answers:
            item.response = response
        Answer.objects.bulk_create(answers)


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _program(organization: Organization, title: str) -> Program | None:
    return (
        Program.objects.filter(organization=organization, title=title).select_related("organization").first()
    )


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _first_start(program: Program, today: datetime.date) -> datetime.date:
    first = (
        Mentorship.objects.filter(program=program)
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    return first or today - datetime.timedelta(days=WORK_DAYS)


def _entry_rounds(program: Program, curator: User, today: datetime.date) -> dict[int, dict[str, int]]:
    """Entry questionnaires for mentees and mentors when the pairs started; returns the measures each
    person gave (person id -> code -> value) for the exit answers to build on."""
    start = _first_start(program, today)
    given: dict[int, dict[str, int]] = {}
    for audience in (Audience.MENTEE, Audience.MENTOR):
        entry = _Round(
            program,
            _default(f"entry-{audience}"),
            start,
            start + datetime.timedelta(days=14),
            curator=curator,
        )
        invitations = entry.invite(services.program_invitees(program, audience))
        for seed, invitation in enumerate(invitations):
            measures = _entry_measures(entry.questions, seed + invitation.person_id)
            given[invitation.person_id] = measures
            if entry.created:
                entry.answer(
                    invitation,
                    _raw_answers(entry.questions, seed, measures=measures),
                    day=start + datetime.timedelta(days=1 + seed % 5),
                )
    return given


def _exit_rounds(
    program: Program, curator: User, today: datetime.date, entry: dict[int, dict[str, int]]
) -> None:
    """Exit questionnaires of the completed pairs (answered on paper at the closing event)."""
    completed = list(
        program.mentorships.filter(status="completed")
        .prefetch_related("participants__mentee__person__user")
        .select_related("mentor__person__user")
    )
    if not completed:
        return
    opens_on = min(m.ended_on for m in completed if m.ended_on) or today
    for audience in (Audience.MENTEE, Audience.MENTOR):
        exit_ = _Round(
            program,
            _default(f"exit-{audience}"),
            opens_on,
            opens_on + datetime.timedelta(days=14),
            curator=curator,
        )
        invitations = exit_.invite(services.mentorship_invitees(completed, audience))
        if not exit_.created:
            continue
        for seed, invitation in enumerate(invitations):
            measures = _exit_measures(entry.get(invitation.person_id, {}), seed + invitation.person_id)
            exit_.answer(invitation, _raw_answers(exit_.questions, seed, measures=measures), day=opens_on)


def _stage1_round(
    program: Program,
    curator: User,
    audience: str,
    opens_on: datetime.date,
    *,
    leave_open_for: Sequence[str] = (),
    skip_every: int = 0,
) -> None:
    """A stage 1 round of the program's form; everybody answers except the demo users in
    `leave_open_for` (they find it in «Мои анкеты») and every `skip_every`-th participant."""
    form_code = program.form.code if program.form.municipality_id is None else ""
    questionnaire = Questionnaire.objects.filter(
        municipality__isnull=True, code=f"stage1-{form_code}-{audience}"
    ).first()
    if questionnaire is None:
        return
    stage1 = _Round(program, questionnaire, opens_on, opens_on + datetime.timedelta(days=14), curator=curator)
    invitations = stage1.invite(services.program_invitees(program, audience))
    if not stage1.created:
        return
    today = timezone.localdate()
    for seed, invitation in enumerate(invitations):
        user = invitation.person.user
        if user is not None and user.username in leave_open_for:
            continue
        if skip_every and seed % skip_every == skip_every - 1:
            continue
        day = min(today, opens_on + datetime.timedelta(days=1 + seed % 3))
        stage1.answer(invitation, _raw_answers(stage1.questions, seed + 1), day=day)


def _pulse(program: Program, curator: User) -> None:
    """A pulse schedule 30 / 60 / 14 days and the first short round of each working pair, answered."""
    schedule = PulseSchedule.objects.filter(program=program).first()
    if schedule is None:
        schedule = services.pulse_schedule_save(
            by=curator,
            program=program,
            mentee_questionnaire=_default("pulse-mentee"),
            mentor_questionnaire=_default("pulse-mentor"),
            first_after_days=30,
            every_days=60,
            answer_within_days=14,
        )
    today = timezone.localdate()
    mentorships = (
        Mentorship.objects.filter(program=program, status__in=OPEN_STATUSES)
        .select_related("mentor__person__user")
        .prefetch_related("participants__mentee__person__user")
    )
    for mentorship in mentorships:
        opens_on = mentorship.started_on + datetime.timedelta(days=schedule.first_after_days)
        if opens_on > today:
            continue
        for questionnaire, audience in (
            (schedule.mentee_questionnaire, Audience.MENTEE),
            (schedule.mentor_questionnaire, Audience.MENTOR),
        ):
            if questionnaire is None:
                continue
            pulse = _Round(
                program,
                questionnaire,
                opens_on,
                opens_on + datetime.timedelta(days=schedule.answer_within_days),
                curator=curator,
                kind=RoundKind.PULSE,
                mentorship=mentorship,
                step=0,
            )
            invitations = pulse.invite(services.mentorship_invitees([mentorship], audience))
            if pulse.created:
                for seed, invitation in enumerate(invitations):
                    day = min(today, opens_on + datetime.timedelta(days=2))
                    pulse.answer(invitation, _raw_answers(pulse.questions, seed + mentorship.pk), day=day)


def _swot(program: Program, curator: User, today: datetime.date) -> None:
    start = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    end = today - datetime.timedelta(days=1)
    if end < start or SwotAnalysis.objects.filter(program=program, period_start=start).exists():
        return
    services.swot_save(
        by=curator,
        program=program,
        period_start=start,
        period_end=end,
        strengths="Наставники из 9–11 классов сами вызвались помогать; встречи проходят по плану, почти все "
        "пары оценивают их на 8–10 баллов. Одна пара завершила цикл, средний балл наставляемого вырос.",
        weaknesses="Встречи срываются в недели контрольных; у старшеклассников мало свободного времени. "
        "Не все наставляемые вовремя заполняют анкеты обратной связи.",
        opportunities="Помощь студентов колледжа как наставников во втором полугодии; школьный фестиваль "
        "наставнических пар как итоговое мероприятие; методические материалы управления образования.",
        threats="Перегрузка выпускников перед ОГЭ и ЕГЭ; переход наставляемых в другие школы.",
        conclusions="Во втором полугодии планировать встречи заранее на месяц вперёд, подключить двух "
        "студентов колледжа, напоминать о коротких опросах через классных руководителей.",
    )


@transaction.atomic
def load_demo_surveys(organizations: dict[str, Organization]) -> int:
    """Creates the demo rounds, answers, pulse schedule and SWOT that are missing; returns the number of
    rounds of the district's programs."""
    today = timezone.localdate()
    school = organizations["brz-school-1"]
    curator = _user("curator1")
    pupils = _program(school, PUPIL_PROGRAM)
    if curator is not None and pupils is not None:
        entry = _entry_rounds(pupils, curator, today)
        _exit_rounds(pupils, curator, today, entry)
        _pulse(pupils, curator)
        _stage1_round(
            pupils, curator, Audience.MENTEE, today - datetime.timedelta(days=3), leave_open_for=["mentee1"]
        )
        _stage1_round(pupils, curator, Audience.MENTOR, today - datetime.timedelta(days=3))
        _swot(pupils, curator, today)
    teachers = _program(school, TEACHER_PROGRAM)
    if curator is not None and teachers is not None:
        _entry_rounds(teachers, curator, today)
        _stage1_round(
            teachers, curator, Audience.MENTOR, today - datetime.timedelta(days=2), leave_open_for=["mentor1"]
        )
    for code, username in (("brz-school-2", "curator2"), ("brz-school-3", "school-3-curator")):
        other_curator = _user(username)
        program = _program(organizations[code], PUPIL_PROGRAM) if code in organizations else None
        if other_curator is None or program is None:
            continue
        _entry_rounds(program, other_curator, today)
        for audience in (Audience.MENTEE, Audience.MENTOR):
            _stage1_round(program, other_curator, audience, today - datetime.timedelta(days=20), skip_every=3)
    return SurveyRound.objects.filter(program__organization__in=organizations.values()).count()
