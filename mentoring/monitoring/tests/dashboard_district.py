"""A small hand-made district for the dashboard and report tests, where every figure is known.

The III quarter of 2026 (01.07.2026 – 30.09.2026) in world.municipality:

world.school
- program P1 «ученик – ученик», form chosen 01.07, pairs formed 10.07 (in time); stages plan 3 + 2 = 5
  meetings; pairs M1 (mentor A, mentee B) and M2 (mentor A, mentee C);
- program P2 «учитель – учитель», form chosen 01.07, pairs formed 20.07 (late: the deadline is 15.07);
  a stage plans 4 meetings; pair M3 (mentor D, mentee B — B takes part in two forms);
world.other_school
- program P3 «ученик – ученик», form chosen 01.08, pairs not formed (overdue); no stages;
  pair M4 (mentor E, mentee F);
- program P4, form chosen in 2025: not in the period.

Meetings: M1 holds three in the quarter (feedback complete, B's missing, B absent and the mentor's given:
complete) and has a planned and a cancelled one; M2 holds one without feedback; M4 holds one in the
quarter with full feedback and one in the II quarter. So, in the quarter: school 4 held, 2 complete;
municipality 5 held, 3 complete. Held against planned: P1 4 of 10, P2 0 of 4; by form in the
municipality «ученик – ученик» 6 of 10, «учитель – учитель» 0 of 4.

Register snapshots: III quarter (taken twice; the newer counts) — school: mentors A, D; mentees B (twice),
C; other school: mentor E, mentee F; I quarter: A and B only.

Questionnaires (P1): satisfaction — A 7 and 7 (mean 7), B 8 and 10 (9), C 4 and 6 (5); growth — B's entry
«мотивация» 4, exit 7 (+3).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.tests.personas import World
from mentoring.mentorships.models import (
    Feedback,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingStatus,
    Mentorship,
    MentorshipMentee,
    MentorshipStatus,
)
from mentoring.monitoring.models import RegisterEntry, RegisterRole, RegisterSnapshot, SnapshotReason
from mentoring.organizations.models import Organization
from mentoring.people.models import MenteeProfile, MentorProfile, Person, PersonCategory
from mentoring.people.tests.factories import PersonFactory, TeacherFactory
from mentoring.programs.models import Program, ProgramStage, ProgramStatus
from mentoring.programs.tests.factories import ProgramFactory, default_form
from mentoring.surveys.models import (
    Answer,
    Audience,
    MeasureGroup,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    SurveyResponse,
    SurveyRound,
)

YEAR = 2026
QUARTER = 3


def moment(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class District:
    world: World
    programs: dict[str, Program]
    mentorships: dict[str, Mentorship]
    people: dict[str, Person]
    snapshot: RegisterSnapshot


def _program(
    organization: Organization, title: str, form_code: str, chosen: datetime.date, formed: Any
) -> Program:
    return ProgramFactory(
        organization=organization,
        title=title,
        form=default_form(form_code),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        status=ProgramStatus.ACTIVE,
        form_chosen_on=chosen,
        pairs_formed_on=formed,
    )


def _pair(program: Program, mentor: Person, mentees: list[Person], started: datetime.date) -> Mentorship:
    profile = MentorProfile.objects.get_or_create(
        person=mentor, defaults={"joined_on": datetime.date(2026, 1, 1), "capacity": 3}
    )[0]
    mentorship = Mentorship.objects.create(
        program=program,
        organization=program.organization,
        mentor=profile,
        status=MentorshipStatus.ACTIVE,
        started_on=started,
        planned_end_on=datetime.date(2026, 12, 31),
    )
    for mentee in mentees:
        place = MenteeProfile.objects.get_or_create(
            person=mentee, defaults={"joined_on": datetime.date(2026, 1, 1)}
        )[0]
        MentorshipMentee.objects.create(
            mentorship=mentorship, mentee=place, program=program, joined_on=started
        )
    return mentorship


def _meeting(
    mentorship: Mentorship,
    kind: str,
    day: datetime.date,
    *,
    by: User,
    status: str = MeetingStatus.HELD,
    attended: dict[Person, bool] | None = None,
    feedback_from: list[Person] = (),  # type: ignore[assignment]
) -> Meeting:
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        mentor=mentorship.mentor,
        kind=kind,
        status=status,
        starts_at=moment(day),
        recorded_by=by,
    )
    for person, came in (attended or {}).items():
        MeetingAttendance.objects.create(meeting=meeting, mentee=person.mentee_profile, attended=came)
    for author in feedback_from:
        role = "mentor" if author.pk == mentorship.mentor.person_id else "mentee"
        Feedback.objects.create(
            meeting=meeting, author=author, role=role, usefulness=8, comfort=8, clarity=8, recorded_by=by
        )
    return meeting


def _snapshot(
    world: World, quarter: int, as_of: datetime.date, rows: list[tuple[Person, str, Mentorship]]
) -> RegisterSnapshot:
    snapshot = RegisterSnapshot.objects.create(
        municipality=world.municipality,
        year=YEAR,
        quarter=quarter,
        as_of=as_of,
        reason=SnapshotReason.QUARTER_END,
        entries_count=len(rows),
    )
    for person, role, mentorship in rows:
        RegisterEntry.objects.create(
            snapshot=snapshot,
            person=person,
            role=role,
            organization=mentorship.organization,
            person_organization=person.organization,
            program=mentorship.program,
            form=mentorship.program.form,
            mentorship=mentorship,
            category=person.category,
            age=13 if person.category.code == PersonCategory.PUPIL else 40,
        )
    return snapshot


def _questionnaire(
    title: str, purpose: str, audience: str, items: list[dict[str, Any]]
) -> tuple[Questionnaire, list[Question]]:
    questionnaire = Questionnaire.objects.create(title=title, purpose=purpose, audience=audience)
    questions = [
        Question.objects.create(
            questionnaire=questionnaire,
            position=index,
            kind=QuestionKind.SCALE,
            text=f"Вопрос {index}",
            **item,
        )
        for index, item in enumerate(items, start=1)
    ]
    return questionnaire, questions


def _answer(
    round_: SurveyRound, person: Person, role: str, day: datetime.date, numbers: dict[Question, int], by: User
) -> None:
    response = SurveyResponse.objects.create(
        round=round_, person=person, role=role, submitted_at=moment(day), recorded_by=by
    )
    for question, number in numbers.items():
        Answer.objects.create(response=response, question=question, number=number)


def build_district(world: World) -> District:
    by = world.curator
    school, other = world.school, world.other_school
    p1 = _program(
        school, "Шаг навстречу", "pupil-pupil", datetime.date(2026, 7, 1), datetime.date(2026, 7, 10)
    )
    p2 = _program(
        school, "Молодой учитель", "teacher-teacher", datetime.date(2026, 7, 1), datetime.date(2026, 7, 20)
    )
    p3 = _program(other, "Вместе учимся", "pupil-pupil", datetime.date(2026, 8, 1), None)
    p4 = _program(other, "Прошлогодняя", "pupil-pupil", datetime.date(2025, 9, 1), datetime.date(2025, 9, 5))
    ProgramStage.objects.create(program=p1, position=1, title="Знакомство", planned_meetings=3)
    ProgramStage.objects.create(program=p1, position=2, title="Работа", planned_meetings=2)
    ProgramStage.objects.create(program=p2, position=1, title="Адаптация", planned_meetings=4)

    a = PersonFactory(organization=school, last_name="Алексеева", grade=10)
    b = PersonFactory(organization=school, last_name="Борисов")
    c = PersonFactory(organization=school, last_name="Васильев")
    d = TeacherFactory(organization=school, last_name="Дмитриева")
    e = PersonFactory(organization=other, last_name="Егоров", grade=10)
    f = PersonFactory(organization=other, last_name="Фёдоров")
    start = datetime.date(2026, 7, 10)
    m1 = _pair(p1, a, [b], start)
    m2 = _pair(p1, a, [c], start)
    m3 = _pair(p2, d, [b], datetime.date(2026, 7, 20))
    m4 = _pair(p3, e, [f], datetime.date(2026, 5, 1))

    _meeting(
        m1, MeetingKind.INTRO, datetime.date(2026, 7, 15), by=by, attended={b: True}, feedback_from=[a, b]
    )
    _meeting(m1, MeetingKind.TRIAL, datetime.date(2026, 7, 22), by=by, attended={b: True}, feedback_from=[a])
    _meeting(
        m1, MeetingKind.PLANNING, datetime.date(2026, 7, 29), by=by, attended={b: False}, feedback_from=[a]
    )
    _meeting(m1, MeetingKind.WORK, datetime.date(2026, 10, 5), by=by, status=MeetingStatus.PLANNED)
    _meeting(m1, MeetingKind.WORK, datetime.date(2026, 8, 5), by=by, status=MeetingStatus.CANCELLED)
    _meeting(m2, MeetingKind.INTRO, datetime.date(2026, 7, 16), by=by, attended={c: True})
    _meeting(
        m4, MeetingKind.INTRO, datetime.date(2026, 5, 10), by=by, attended={f: True}, feedback_from=[e, f]
    )
    _meeting(
        m4, MeetingKind.TRIAL, datetime.date(2026, 8, 10), by=by, attended={f: True}, feedback_from=[e, f]
    )

    mentor, mentee = RegisterRole.MENTOR, RegisterRole.MENTEE
    _snapshot(world, 1, datetime.date(2026, 3, 31), [(a, mentor, m1), (b, mentee, m1)])
    # An older taking of the III quarter that a correction replaced: it must not count.
    _snapshot(world, QUARTER, datetime.date(2026, 9, 30), [(a, mentor, m1)])
    snapshot = _snapshot(
        world,
        QUARTER,
        datetime.date(2026, 9, 30),
        [
            (a, mentor, m1),
            (a, mentor, m2),
            (b, mentee, m1),
            (c, mentee, m2),
            (d, mentor, m3),
            (b, mentee, m3),
            (e, mentor, m4),
            (f, mentee, m4),
        ],
    )

    satisfied = {"counts_for_satisfaction": True}
    mentee_form, (q1, q2) = _questionnaire(
        "Анкета наставляемого", Purpose.PROCESS, Audience.MENTEE, [satisfied, satisfied]
    )
    mentor_form, (q3, q4) = _questionnaire(
        "Анкета наставника", Purpose.PROCESS, Audience.MENTOR, [satisfied, satisfied]
    )
    motivation = {"measure_group": MeasureGroup.MOTIVATIONAL, "measure_code": "motivation"}
    entry_form, (entry_item,) = _questionnaire("Входная анкета", Purpose.ENTRY, Audience.MENTEE, [motivation])
    exit_form, (exit_item,) = _questionnaire("Итоговая анкета", Purpose.EXIT, Audience.MENTEE, [motivation])

    def round_of(questionnaire: Questionnaire) -> SurveyRound:
        return SurveyRound.objects.create(
            program=p1,
            questionnaire=questionnaire,
            opens_on=datetime.date(2026, 7, 1),
            closes_on=datetime.date(2026, 9, 30),
        )

    mentee_round, mentor_round = round_of(mentee_form), round_of(mentor_form)
    _answer(mentee_round, b, "mentee", datetime.date(2026, 9, 1), {q1: 8, q2: 10}, by)
    _answer(mentee_round, c, "mentee", datetime.date(2026, 9, 2), {q1: 4, q2: 6}, by)
    _answer(mentor_round, a, "mentor", datetime.date(2026, 9, 3), {q3: 7, q4: 7}, by)
    _answer(round_of(entry_form), b, "mentee", datetime.date(2026, 7, 12), {entry_item: 4}, by)
    _answer(round_of(exit_form), b, "mentee", datetime.date(2026, 9, 20), {exit_item: 7}, by)
    return District(
        world=world,
        programs={"P1": p1, "P2": p2, "P3": p3, "P4": p4},
        mentorships={"M1": m1, "M2": m2, "M3": m3, "M4": m4},
        people={"A": a, "B": b, "C": c, "D": d, "E": e, "F": f},
        snapshot=snapshot,
    )
