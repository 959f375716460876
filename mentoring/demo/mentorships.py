"""The demo district's pairs and groups at every stage of their work (roadmap 4.4–4.6), and two
communities of mentors (4.5).

School 1 (curator1): the demo mentor mentor1 (Егорова М. Д.) took over a young teacher's pair at the
mentee's request and works with her (meetings, feedback, a plan, the next meeting planned); the demo
mentee mentee1 (Киселёв А. Р.) works with a pupil mentor and still owes feedback on one meeting; a
pair completed with reflections, results and a closing event; in a program «педагог – обучающийся»
(created here) a teacher's pair with a concern reported by a parent and a newly formed group. School 2: a pair ended early and an active one with missing feedback. School 3: a
group that has not met for a month. A municipal community and a school one, with members, events and
shared materials.

Everything goes through the services, so the demo holds to the same rules as the pages. Deterministic
(people are chosen by their external ids) and idempotent (each scenario is keyed by its first mentee
and program; communities by title): a second run adds nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.library.models import Material
from mentoring.mentorships import services
from mentoring.mentorships.models import (
    Community,
    CommunityRole,
    ConcernKind,
    Meeting,
    MeetingKind,
    Mentorship,
    MentorshipMentee,
    PlanAssignee,
    PlanItemKind,
    PlanItemStatus,
    ReflectionKind,
    ReplacementSide,
)
from mentoring.organizations.models import Organization
from mentoring.people.models import Consent, MenteeProfile, MentorProfile, Person
from mentoring.people.services import mentor_profile_save
from mentoring.programs.models import MentoringForm, Program, ProgramStatus
from mentoring.programs.services import program_create, program_record_pairs_formed, program_set_status

PUPIL_PROGRAM = "«Шаг вперёд»: наставничество в учёбе"
TEACHER_PROGRAM = "«Первые шаги в профессии»"
TEACHER_PUPIL_PROGRAM = "«Учитель рядом»: индивидуальная поддержка"
MUNICIPAL_COMMUNITY = "Клуб наставников Берёзовского округа"
SCHOOL_COMMUNITY = "Методическое объединение наставников СШ № 1"
# How long ago the pairs of this school year started working (or later, when consents came later).
WORK_DAYS = 63

_TOPICS = {
    MeetingKind.INTRO: "Знакомство, правила работы, ожидания",
    MeetingKind.TRIAL: "Первое совместное задание",
    MeetingKind.PLANNING: "Цели и план на полугодие",
    MeetingKind.WORK: "Совместная работа по плану",
    MeetingKind.FINAL: "Итоги, рефлексия, планы",
}
_COMMENTS = [
    "Было интересно, хочу продолжать.",
    "Полезно, но не хватило времени.",
    "Разобрались с трудной темой.",
    "",
    "Договорились о следующих шагах.",
]


class _Demo:
    """The shared context of one run: today, the users who act, meeting times."""

    def __init__(self) -> None:
        self.now = timezone.localtime()
        self.today = self.now.date()

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def person(self, organization: Organization, key: str) -> Person:
        return Person.objects.select_related("organization").get(
            municipality_id=organization.municipality_id,
            external_id=f"demo-{organization.code.removeprefix('brz-')}-{key}",
        )

    def mentor(self, organization: Organization, key: str) -> MentorProfile:
        return MentorProfile.objects.select_related("person").get(person=self.person(organization, key))

    def mentee(self, organization: Organization, key: str) -> MenteeProfile:
        return MenteeProfile.objects.select_related("person").get(person=self.person(organization, key))

    def start_for(self, people: Sequence[Person]) -> datetime.date:
        """WORK_DAYS ago, or the day the last of the people consented if that was later."""
        consented = Consent.objects.filter(person__in=people, withdrawn_on__isnull=True).aggregate(
            last=Max("given_on")
        )["last"]
        start = self.today - datetime.timedelta(days=WORK_DAYS)
        return max(start, consented) if consented else start

    def moments(
        self, start: datetime.date, count: int, *, until_days_ago: int = 1
    ) -> list[datetime.datetime]:
        """`count` meeting times at 15:00 on days spread evenly after `start` up to `until_days_ago`
        days ago; when there are fewer days than meetings, an hour apart on the last day."""
        last_day = self.today - datetime.timedelta(days=until_days_ago)
        days = (last_day - start).days
        if days >= count:
            offsets = [round(days * (n + 1) / count) for n in range(count)]
            return [
                timezone.make_aware(
                    datetime.datetime.combine(start + datetime.timedelta(days=o), datetime.time(15))
                )
                for o in offsets
            ]
        return [
            timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(9 + n)))
            for n in range(count)
        ]

    def ahead(self, days: int, hour: int = 15) -> datetime.datetime:
        moment = self.now + datetime.timedelta(days=days)
        return moment.replace(hour=hour, minute=30, second=0, microsecond=0)


def _program(organization: Organization, title: str) -> Program:
    return Program.objects.get(organization=organization, title=title)


def _exists(program: Program, mentee: MenteeProfile) -> bool:
    return MentorshipMentee.objects.filter(program=program, mentee=mentee).exists()


def _meeting(
    pair: Mentorship,
    kind: str,
    when: datetime.datetime,
    *,
    by: User,
    held: bool = True,
    attended: Sequence[MenteeProfile] | None = None,
    place: str = "кабинет 14",
) -> Meeting:
    if held and attended is None:
        attended = [p.mentee for p in pair.participants.filter(is_active=True).select_related("mentee")]
    return services.meeting_save(
        by=by,
        mentorship=pair,
        held=held,
        attended=attended or [],
        kind=kind,
        starts_at=when,
        duration_minutes=45,
        is_online=False,
        place=place,
        link="",
        topic=_TOPICS[MeetingKind(kind)],
        notes="",
    )


def _feedback(meeting: Meeting, *, by: User, skip: Sequence[Person] = (), seed: int = 0) -> None:
    """Every expected author's feedback except `skip`; given by the author's own account when the
    author has one and it is `by`, entered from paper by the curator otherwise."""
    for number, expected in enumerate(services.feedback_expected_from(meeting)):
        if expected.person in skip or meeting.feedback.filter(author=expected.person).exists():
            continue
        author_user = expected.person.user
        base = 6 + (seed + number) % 5
        services.feedback_give(
            by=author_user if author_user is not None else by,
            meeting=meeting,
            author=expected.person,
            usefulness=base,
            comfort=min(10, base + 1),
            clarity=max(1, base - 1),
            comment=_COMMENTS[(seed + number) % len(_COMMENTS)],
        )


# --- school 1 -----------------------------------------------------------------------------------------


def _young_teacher_with_mentor1(demo: _Demo, school: Organization, curator: User) -> None:
    """A young teacher's pair: formed with teacher 2, replaced by mentor1 at the mentee's request after
    the first meeting; then three meetings with mentor1, feedback with one form missing, a plan and
    the next meeting planned."""
    program = _program(school, TEACHER_PROGRAM)
    mentee = demo.mentee(school, "teacher-4")
    if _exists(program, mentee):
        return
    first, mentor1 = demo.mentor(school, "teacher-2"), demo.mentor(school, "teacher-1")
    start = demo.start_for([first.person, mentor1.person, mentee.person])
    pair = services.mentorship_create_by_hand(
        program=program,
        mentor=first,
        mentees=[mentee],
        by=curator,
        started_on=start,
        order_number="57-од",
        order_date=start,
    )
    times = demo.moments(start, 4)
    intro = _meeting(pair, MeetingKind.INTRO, times[0], by=curator)
    _feedback(intro, by=curator, seed=1)
    services.mentorship_replace_mentor(
        mentorship=pair,
        new_mentor=mentor1,
        by=curator,
        requested_by=ReplacementSide.MENTEE,
        reason="Не совпадает расписание: у наставника вторая смена. Молодой специалист попросил(а) "
        "наставника из своего методического объединения.",
        replaced_on=times[0].date(),
    )
    pair.refresh_from_db()
    user1 = demo.user("mentor1")
    for number, kind in enumerate([MeetingKind.TRIAL, MeetingKind.PLANNING, MeetingKind.WORK], start=1):
        meeting = _meeting(pair, kind, times[number], by=user1, place="кабинет 21 (русский язык)")
        # The young teacher has not yet given feedback on the last meeting.
        _feedback(meeting, by=curator, skip=[mentee.person] if kind == MeetingKind.WORK else [], seed=number)
    _meeting(pair, MeetingKind.WORK, demo.ahead(3), by=user1, held=False, place="кабинет 21 (русский язык)")
    goal = services.plan_item_save(
        by=user1,
        mentorship=pair,
        kind=PlanItemKind.GOAL,
        title="Уверенно вести уроки русского языка в 6-х классах",
        due_on=demo.today + datetime.timedelta(days=90),
        status=PlanItemStatus.IN_PROGRESS,
    )
    for title, days, status, assignee in [
        ("Посетить три урока наставника и обсудить их", -10, PlanItemStatus.DONE, PlanAssignee.MENTEES),
        ("Составить технологическую карту урока", 7, PlanItemStatus.IN_PROGRESS, PlanAssignee.MENTEES),
        ("Провести открытый урок с разбором", 30, PlanItemStatus.PLANNED, PlanAssignee.TOGETHER),
        ("Подобрать материалы для работы с родителями", 14, PlanItemStatus.PLANNED, PlanAssignee.MENTOR),
    ]:
        services.plan_item_save(
            by=user1,
            mentorship=pair,
            kind=PlanItemKind.TASK,
            goal=goal,
            title=title,
            due_on=demo.today + datetime.timedelta(days=days),
            status=status,
            assignee=assignee,
        )


def _mentee1_with_a_pupil_mentor(demo: _Demo, school: Organization, curator: User) -> None:
    """mentee1 with a 9th-grader: three meetings held, the mentee has not rated the last one, the
    first working meeting planned; a plan with tasks for the mentee."""
    program = _program(school, PUPIL_PROGRAM)
    mentee = demo.mentee(school, "pupil-2")
    if _exists(program, mentee):
        return
    mentor = demo.mentor(school, "pupil-5")
    start = demo.start_for([mentor.person, mentee.person])
    pair = services.mentorship_create_by_hand(
        program=program,
        mentor=mentor,
        mentees=[mentee],
        by=curator,
        started_on=start,
        order_number="58-од",
        order_date=start,
    )
    times = demo.moments(start, 3, until_days_ago=2)
    for number, kind in enumerate([MeetingKind.INTRO, MeetingKind.TRIAL, MeetingKind.PLANNING]):
        meeting = _meeting(pair, kind, times[number], by=curator, place="библиотека")
        skip = [mentee.person] if kind == MeetingKind.PLANNING else []
        _feedback(meeting, by=curator, skip=skip, seed=number + 3)
    _meeting(pair, MeetingKind.WORK, demo.ahead(5), by=curator, held=False, place="библиотека")
    goal = services.plan_item_save(
        by=curator,
        mentorship=pair,
        kind=PlanItemKind.GOAL,
        title="Закрыть пробелы по теме «Дроби»",
        due_on=demo.today + datetime.timedelta(days=60),
        status=PlanItemStatus.IN_PROGRESS,
    )
    for title, days, status, assignee in [
        ("Решать пять задач на дроби каждую неделю", 7, PlanItemStatus.IN_PROGRESS, PlanAssignee.MENTEES),
        ("Разобрать ошибки самостоятельной работы", 3, PlanItemStatus.PLANNED, PlanAssignee.TOGETHER),
        ("Написать контрольную работу не ниже чем на «4»", 25, PlanItemStatus.PLANNED, PlanAssignee.MENTEES),
    ]:
        services.plan_item_save(
            by=curator,
            mentorship=pair,
            kind=PlanItemKind.TASK,
            goal=goal,
            title=title,
            due_on=demo.today + datetime.timedelta(days=days),
            status=status,
            assignee=assignee,
        )


def _completed_pair(demo: _Demo, school: Organization, curator: User) -> None:
    """A short cycle finished: every meeting with feedback, reflections, results, the closing event;
    the mentee is invited to the mentor base and the pair continues next cycle."""
    program = _program(school, PUPIL_PROGRAM)
    mentee = demo.mentee(school, "pupil-4")
    if _exists(program, mentee):
        return
    mentor = demo.mentor(school, "pupil-5")
    start = demo.start_for([mentor.person, mentee.person])
    pair = services.mentorship_create_by_hand(
        program=program,
        mentor=mentor,
        mentees=[mentee],
        by=curator,
        started_on=start,
        order_number="58-од",
        order_date=start,
    )
    kinds = [MeetingKind.INTRO, MeetingKind.TRIAL, MeetingKind.PLANNING, MeetingKind.WORK, MeetingKind.WORK]
    kinds.append(MeetingKind.FINAL)
    for number, (kind, when) in enumerate(
        zip(kinds, demo.moments(start, len(kinds), until_days_ago=4), strict=True)
    ):
        meeting = _meeting(pair, kind, when, by=curator, place="кабинет 14")
        _feedback(meeting, by=curator, seed=number)
    goal = services.plan_item_save(
        by=curator,
        mentorship=pair,
        kind=PlanItemKind.GOAL,
        title="Закрыть темы «Дроби» и «Уравнения»",
        status=PlanItemStatus.DONE,
    )
    for title in ("Разобрать ошибки двух контрольных", "Решить сборник задач на уравнения"):
        services.plan_item_save(
            by=curator,
            mentorship=pair,
            kind=PlanItemKind.TASK,
            goal=goal,
            title=title,
            status=PlanItemStatus.DONE,
            assignee=PlanAssignee.TOGETHER,
        )
    mentor_person, mentee_person = mentor.person, mentee.person
    services.reflection_save(
        by=curator,
        mentorship=pair,
        kind=ReflectionKind.PERSONAL,
        author=mentor_person,
        achievements="Умею объяснять так, чтобы было понятно младшему; встречи шли по плану.",
        difficulties="Не всегда удавалось найти время перед контрольными.",
        next_steps="Во втором полугодии можно взять группу.",
    )
    services.reflection_save(
        by=curator,
        mentorship=pair,
        kind=ReflectionKind.PERSONAL,
        author=mentee_person,
        achievements="На уроках математики теперь спокойнее, две оценки исправлены.",
        difficulties="Сначала было трудно задавать вопросы.",
        next_steps="Хочется помогать пятиклассникам.",
        wants_to_mentor=True,
    )
    services.reflection_save(
        by=curator,
        mentorship=pair,
        kind=ReflectionKind.GROUP,
        achievements="План выполнен: темы «Дроби» и «Уравнения» закрыты, средний балл вырос с 3,2 до 3,9.",
        next_steps="Продолжить работу в следующем цикле по геометрии.",
    )
    place = pair.participants.get()
    services.mentorship_complete_with_event(
        by=curator,
        mentorship=pair,
        results="Средний балл по математике вырос с 3,2 до 3,9; пропусков уроков нет; пара представила "
        "свою работу на школьном фестивале наставнических пар.",
        continues_next_cycle=True,
        new_event={
            "title": "Школьный фестиваль наставнических пар «Вместе»",
            "held_on": demo.today - datetime.timedelta(days=3),
            "link": "https://brz-school-1.demo.nastavnik.local/news/festival",
        },
        invite_to_mentor_base=[place],
        ended_on=demo.today - datetime.timedelta(days=2),
    )


def _teacher_pupil_program(demo: _Demo, school: Organization, curator: User) -> Program:
    """School 1's program in the form «педагог – обучающийся», where teachers mentor pupils."""
    program = Program.objects.filter(organization=school, title=TEACHER_PUPIL_PROGRAM).first()
    if program is not None:
        return program
    program = program_create(
        by=curator,
        organization=school,
        title=TEACHER_PUPIL_PROGRAM,
        form=MentoringForm.objects.get(municipality__isnull=True, code="teacher-pupil"),
        goals="Поддержать обучающихся, которым трудно в учёбе или в коллективе: педагог-наставник "
        "помогает выстроить план и держит связь с семьёй.",
        form_chosen_on=demo.start_for([]) - datetime.timedelta(days=10),
        max_group_size=3,
        curator=curator,
    )
    program_record_pairs_formed(by=curator, program=program, on=demo.start_for([]))
    return program_set_status(by=curator, program=program, status=ProgramStatus.ACTIVE)


def _pair_with_a_concern(demo: _Demo, school: Organization, curator: User) -> None:
    """A teacher's pair where a parent reported a conflict; the concern waits for the curator."""
    program = _teacher_pupil_program(demo, school, curator)
    mentee = demo.mentee(school, "pupil-3")
    if _exists(program, mentee):
        return
    mentor = demo.mentor(school, "teacher-2")
    start = demo.start_for([mentor.person, mentee.person])
    pair = services.mentorship_create_by_hand(
        program=program, mentor=mentor, mentees=[mentee], by=curator, started_on=start
    )
    times = demo.moments(start, 2, until_days_ago=4)
    for number, kind in enumerate([MeetingKind.INTRO, MeetingKind.TRIAL]):
        meeting = _meeting(pair, kind, times[number], by=curator, place="кабинет 8")
        _feedback(meeting, by=curator, seed=number + 7)
    services.concern_raise(
        by=curator,
        mentorship=pair,
        kind=ConcernKind.CONFLICT,
        text="Мама наставляемого сообщила, что после пробной встречи ребёнок расстроен: показалось, "
        "что наставник торопит. Нужно поговорить с обоими до следующей встречи.",
    )


def _formed_group(demo: _Demo, school: Organization, curator: User) -> None:
    """A group formed two days ago, its first meeting planned."""
    program = _teacher_pupil_program(demo, school, curator)
    first, second = demo.mentee(school, "pupil-9"), demo.mentee(school, "pupil-10")
    if _exists(program, first):
        return
    group = services.mentorship_create_by_hand(
        program=program,
        mentor=demo.mentor(school, "teacher-3"),
        mentees=[first, second],
        by=curator,
        started_on=demo.today - datetime.timedelta(days=2),
    )
    _meeting(group, MeetingKind.INTRO, demo.ahead(2), by=curator, held=False, place="кабинет 5")


# --- schools 2 and 3 ------------------------------------------------------------------------------------


def _school_2(demo: _Demo, school: Organization) -> None:
    curator = demo.user("curator2")
    program = _program(school, PUPIL_PROGRAM)
    ended_mentee, active_mentee = demo.mentee(school, "pupil-2"), demo.mentee(school, "pupil-4")
    if not _exists(program, ended_mentee):
        mentor = demo.mentor(school, "pupil-7")
        start = demo.start_for([mentor.person, ended_mentee.person])
        pair = services.mentorship_create_by_hand(
            program=program, mentor=mentor, mentees=[ended_mentee], by=curator, started_on=start
        )
        for number, (kind, when) in enumerate(
            zip(
                [MeetingKind.INTRO, MeetingKind.TRIAL], demo.moments(start, 2, until_days_ago=20), strict=True
            )
        ):
            _feedback(_meeting(pair, kind, when, by=curator), by=curator, seed=number)
        services.mentorship_end_early(
            mentorship=pair,
            by=curator,
            reason="Наставляемый перешёл в другую школу (переезд семьи).",
            ended_on=demo.today - datetime.timedelta(days=14),
        )
    if not _exists(program, active_mentee):
        mentor = demo.mentor(school, "pupil-7")
        start = demo.start_for([mentor.person, active_mentee.person])
        pair = services.mentorship_create_by_hand(
            program=program, mentor=mentor, mentees=[active_mentee], by=curator, started_on=start
        )
        times = demo.moments(start, 3, until_days_ago=3)
        for number, kind in enumerate([MeetingKind.INTRO, MeetingKind.TRIAL, MeetingKind.PLANNING]):
            meeting = _meeting(pair, kind, times[number], by=curator)
            # The mentor's paper forms for the last two meetings have not been handed in.
            skip = [mentor.person] if number > 0 else []
            _feedback(meeting, by=curator, skip=skip, seed=number + 2)


def _school_3(demo: _Demo, school: Organization) -> None:
    """A group that met once a month ago: the curator's overview lists it as quiet."""
    curator = demo.user("school-3-curator")
    program = _program(school, PUPIL_PROGRAM)
    first, second = demo.mentee(school, "pupil-2"), demo.mentee(school, "pupil-4")
    if _exists(program, first):
        return
    mentor = demo.mentor(school, "pupil-5")
    if mentor.capacity < 2:
        # The curator let an experienced 9th-grader lead a group of two (local rules allow 1–3).
        mentor = mentor_profile_save(by=curator, person=mentor.person, capacity=2)
    start = demo.start_for([mentor.person, first.person, second.person])
    group = services.mentorship_create_by_hand(
        program=program, mentor=mentor, mentees=[first, second], by=curator, started_on=start
    )
    when = demo.moments(start, 1, until_days_ago=30)[0]
    meeting = _meeting(group, MeetingKind.INTRO, when, by=curator, attended=[first, second])
    _feedback(meeting, by=curator, skip=[second.person], seed=4)


# --- communities ---------------------------------------------------------------------------------------


def _communities(demo: _Demo, organizations: dict[str, Organization]) -> None:
    school = organizations["brz-school-1"]
    department = demo.user("uo")
    municipal = Community.objects.filter(
        municipality_id=school.municipality_id, organization__isnull=True, title=MUNICIPAL_COMMUNITY
    ).first()
    if municipal is None:
        municipal = services.community_create(
            by=department,
            municipality_id=school.municipality_id,
            organization=None,
            title=MUNICIPAL_COMMUNITY,
            description="Профессиональное сообщество наставников школ, ДО и предприятий округа: обмен "
            "опытом, семинары, подготовка к конкурсу «Наставник52».",
        )
        members = [
            (demo.person(school, "teacher-1"), CommunityRole.LEADER),
            (demo.person(organizations["brz-school-2"], "teacher-1"), CommunityRole.MEMBER),
            (demo.person(organizations["brz-school-3"], "teacher-2"), CommunityRole.MEMBER),
            (demo.person(organizations["brz-partner-1"], "employee-1"), CommunityRole.MEMBER),
        ]
        for person, role in members:
            services.community_member_add(
                by=department,
                community=municipal,
                person=person,
                role=role,
                joined_on=demo.today - datetime.timedelta(days=40),
            )
        services.community_event_add(
            by=department,
            community=municipal,
            title="Семинар «Обратная связь в наставнической паре»",
            starts_at=demo.ahead(10, hour=14),
            place="Управление образования, актовый зал",
            description="Разбор анкет обратной связи, типичные трудности первых встреч.",
        )
        services.community_event_add(
            by=department,
            community=municipal,
            title="Установочная встреча сообщества",
            starts_at=demo.ahead(-30, hour=14),
            place="МБОУ Берёзовская СШ № 1",
        )
        library = (
            Material.objects.filter(municipality_id=school.municipality_id, organization__isnull=True)
            .order_by("id")
            .first()
        )
        if library is not None:
            services.community_material_add(by=department, community=municipal, library_material=library)
        services.community_material_add(
            by=department,
            community=municipal,
            title="Памятка наставнику: первые три встречи",
            link="https://brz-uo.demo.nastavnik.local/materials/pamyatka",
            description="Что обсудить на встрече-знакомстве, пробной встрече и встрече-планировании.",
        )
    if not Community.objects.filter(organization=school, title=SCHOOL_COMMUNITY).exists():
        curator = demo.user("curator1")
        own = services.community_create(
            by=curator,
            municipality_id=school.municipality_id,
            organization=school,
            title=SCHOOL_COMMUNITY,
            description="Наставники-педагоги школы: взаимопосещение уроков и разбор трудных случаев.",
        )
        for key, role in [("teacher-1", CommunityRole.LEADER), ("teacher-2", CommunityRole.MEMBER)]:
            services.community_member_add(
                by=curator, community=own, person=demo.person(school, key), role=role
            )
        services.community_event_add(
            by=curator,
            community=own,
            title="Взаимопосещение: открытый урок в 6 «А»",
            starts_at=demo.ahead(6, hour=11),
            place="кабинет 21",
        )


@transaction.atomic
def load_demo_mentorships(organizations: dict[str, Organization]) -> int:
    """Creates the demo pairs, groups and communities that are missing; returns the number of pairs
    and groups in the district."""
    demo = _Demo()
    school = organizations["brz-school-1"]
    curator = demo.user("curator1")
    # Order matters: the completed pair frees its mentor (a 9th-grader with one place) for mentee1.
    _completed_pair(demo, school, curator)
    _young_teacher_with_mentor1(demo, school, curator)
    _mentee1_with_a_pupil_mentor(demo, school, curator)
    _pair_with_a_concern(demo, school, curator)
    _formed_group(demo, school, curator)
    _school_2(demo, organizations["brz-school-2"])
    _school_3(demo, organizations["brz-school-3"])
    _communities(demo, organizations)
    return Mentorship.objects.filter(organization__in=organizations.values()).count()
