"""Makes the persona world bigger, for the query-budget tests: `grow(world, n)` adds n more of every kind
of record to world.school, its municipality and the personas' own lists; `enrich(world, n, since)`
adds n children to every container (pair, program, roadmap, round…) made after the `marker()` `since`,
which is how a detail page's own lists grow. Records are written directly or through the factories:
the services are tested on their own, and these only need to be plausible rows."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, Model
from django.utils import timezone

from mentoring.accounts.models import Role, User
from mentoring.accounts.tests.factories import MembershipFactory, UserFactory
from mentoring.api.services import api_token_create
from mentoring.common.models import PersonalDataAccess
from mentoring.common.tests.personas import World
from mentoring.documents.models import Document, DocumentKind, DocumentStatus, IncentiveScheme
from mentoring.documents.tests.factories import make_document
from mentoring.integrations.navigator.models import ExternalId
from mentoring.library.models import Visibility
from mentoring.library.tests.factories import make_material
from mentoring.matching.models import (
    MatchingRun,
    PairRule,
    Preference,
    ProposedPair,
    RunStatus,
    UnmatchedMentee,
)
from mentoring.mentorships.models import (
    ClosingEvent,
    Community,
    CommunityEvent,
    CommunityMaterial,
    CommunityMember,
    Concern,
    Feedback,
    FeedbackReminder,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingStatus,
    MentorReplacement,
    Mentorship,
    MentorshipMentee,
    MentorshipStatus,
    PlanItem,
    Reflection,
)
from mentoring.monitoring.models import Contingent, IndicatorTarget, SnapshotReason
from mentoring.monitoring.services import snapshot_take
from mentoring.monitoring.tests.factories import indicator
from mentoring.monitoring.tests.factories import mentorship as register_pair
from mentoring.monitoring.tests.factories import person as register_person
from mentoring.monitoring.tests.factories import program as register_program
from mentoring.organizations.models import Organization, OrganizationKind, PartnerKind
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.outreach.models import Contest, Enrolment, InformationLetter, LetterReceipt, Training
from mentoring.outreach.tests.factories import (
    AwardFactory,
    CampaignEntryFactory,
    ContestEntryFactory,
    ContestFactory,
    EnrolmentFactory,
    InformationLetterFactory,
    InformationResourceFactory,
    NewsItemFactory,
    PortalContactFactory,
    RecognitionEventFactory,
    TrainingFactory,
    attach_to,
    sent_letter,
)
from mentoring.partners.models import Agreement
from mentoring.partners.tests.factories import make_agreement, partner_mentor
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    SchoolYearPlacement,
    SupportArea,
)
from mentoring.people.tests.factories import PersonFactory, TeacherFactory, support_area
from mentoring.programs.models import MentoringForm, Program, ProgramStage, ProgramStatus
from mentoring.programs.tests.factories import ProgramFactory, attach, default_form
from mentoring.roadmaps.models import ItemCheckpoint, Roadmap, RoadmapItem, RoadmapTransition
from mentoring.roadmaps.tests.factories import make_roadmap
from mentoring.surveys.models import (
    Answer,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
    SwotAnalysis,
)
from mentoring.surveys.tests.factories import questionnaire

JOINED = datetime.date(2025, 9, 1)
_serial = itertools.count(1)

# What `enrich` grows inside: every container kind a detail page lists the children of.
CONTAINERS: tuple[type[Model], ...] = (
    Person,
    Program,
    Mentorship,
    Meeting,
    Roadmap,
    Community,
    Questionnaire,
    SurveyRound,
    Document,
    Agreement,
    MatchingRun,
    InformationLetter,
    Training,
    Contest,
    MentoringForm,
)


def marker() -> dict[type[Model], int]:
    """The highest primary key of every container kind: what `enrich` leaves alone."""
    return {
        model: model.objects.aggregate(top=Max("pk"))["top"] or 0  # type: ignore[attr-defined]
        for model in CONTAINERS
    }


def _today() -> datetime.date:
    return timezone.localdate()


def _moment(days_ago: int, hour: int = 15) -> datetime.datetime:
    return (timezone.localtime() - datetime.timedelta(days=days_ago)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def _name(prefix: str) -> str:
    return f"{prefix} {next(_serial)}"


# --- people -----------------------------------------------------------------------------------------


def _user(organization: Organization, role: str, **fields: Any) -> User:
    user = UserFactory(username=f"grown{next(_serial)}", last_name=_name("Ростов"))
    MembershipFactory(user=user, organization=organization, role=role, **fields)
    return user


def _consent(person: Person, *, withdrawn: bool = False, publish: bool = False) -> Consent:
    return Consent.objects.create(
        person=person,
        given_by=ConsentGiver.REPRESENTATIVE,
        representative_name="Иванова Мария Петровна",
        given_on=JOINED,
        withdrawn_on=JOINED + datetime.timedelta(days=30) if withdrawn else None,
        allows_publication=publish,
    )


def _pupil(organization: Organization, *, grade: int = 7, **fields: Any) -> Person:
    person = PersonFactory(
        organization=organization, grade=grade, last_name=_name("Учеников"), class_year=2025, **fields
    )
    _consent(person)
    return person


def _mentee(organization: Organization, *, requests: int = 2, **fields: Any) -> MenteeProfile:
    profile = MenteeProfile.objects.create(person=_pupil(organization, **fields), joined_on=JOINED)
    for area in ("Результаты по предмету", "Адаптация в новом классе или школе")[:requests]:
        MenteeRequest.objects.create(mentee=profile, area=support_area(area), school_year=2025)
    return profile


def _mentor(organization: Organization, *, teacher: bool = False, **fields: Any) -> MentorProfile:
    if teacher:
        person = TeacherFactory(organization=organization, last_name=_name("Учителев"), **fields)
        _consent(person, publish=True)
    else:
        person = _pupil(organization, grade=10, **fields)
    profile = MentorProfile.objects.create(person=person, capacity=5, joined_on=JOINED)
    profile.forms.set([default_form("pupil-pupil"), default_form("teacher-teacher")])
    for area in ("Результаты по предмету", "Классное руководство"):
        MentorCompetency.objects.create(mentor=profile, area=support_area(area))
    return profile


def _grow_people(world: World) -> None:
    school = world.school
    for role in (Role.MENTOR, Role.MENTEE, Role.CURATOR):
        _user(school, role)
    _user(world.department, Role.METHODOLOGIST)
    _user(world.partner, Role.PARTNER_REPRESENTATIVE)
    _user(world.other_school, Role.CURATOR)
    # A pupil with an account, one who withdrew the consent, an archived one, one of the other school.
    _pupil(school, user=_user(school, Role.MENTEE))
    _consent(_pupil(school), withdrawn=True)
    _pupil(school, is_archived=True, archived_at=timezone.now())
    _mentee(world.other_school)
    _mentee(school)
    _mentor(school)
    _mentor(school, teacher=True)
    employee = partner_mentor(world.partner, last_name=_name("Партнёров"))
    _consent(employee.person)
    for person in Person.objects.filter(organization=school).order_by("-pk")[:3]:
        SchoolYearPlacement.objects.get_or_create(
            person=person,
            school_year=2024,
            defaults={"category": person.category, "grade": 6, "organization": school},
        )
    SupportArea.objects.create(name=_name("Школьный кружок"), organization=school)
    for user, organization in ((world.mentee, school), (world.curator, school)):
        PersonalDataAccess.objects.create(
            user=world.department_admin,
            action="view",
            object_type="people.person",
            object_id=user.pk,
            organization=organization,
            municipality=world.municipality,
        )


def _grow_personas(world: World) -> None:
    """The personas' own lists: former roles and API tokens (the mentor's and the mentee's pupil
    records and their pairs are grown with the programs)."""
    for persona in ("department_admin", "head", "curator", "mentor", "mentee", "methodologist"):
        user = world.persona(persona)
        MembershipFactory(
            user=user,
            organization=user.memberships.filter(is_active=True).earliest("pk").organization,
            role=Role.MENTOR,
            is_active=False,
            ended_on=JOINED,
        )
        api_token_create(user=user, name=_name("скрипт"), by=user)


def persona_person(world: World, persona: str) -> Person:
    """The pupil record of the mentor or mentee persona (made on first use)."""
    user = world.persona(persona)
    found = Person.objects.filter(user=user).first()
    if found is not None:
        return found
    if persona == "mentor":
        return _mentor(world.school, user=user).person
    return _mentee(world.school, user=user).person


# --- programs, pairs and everything that happens in them ----------------------------------------------


def _program(organization: Organization, status: str = ProgramStatus.ACTIVE, **fields: Any) -> Program:
    today = _today()
    fields.setdefault("form", default_form("pupil-pupil"))
    program = ProgramFactory(
        organization=organization,
        status=status,
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=200),
        form_chosen_on=today - datetime.timedelta(days=210),
        **fields,
    )
    return program


def _stage(program: Program) -> ProgramStage:
    position = (program.stages.aggregate(top=Max("position"))["top"] or 0) + 1
    return ProgramStage.objects.create(program=program, position=position, title=_name("Этап"))


def _pair(
    program: Program,
    *,
    by: User,
    mentor: MentorProfile | None = None,
    mentees: Iterable[MenteeProfile] | None = None,
    status: str = MentorshipStatus.ACTIVE,
    meetings: bool = True,
) -> Mentorship:
    organization = program.organization
    mentor = mentor or _mentor(organization)
    mentees = list(mentees) if mentees is not None else [_mentee(organization)]
    open_ = status in (MentorshipStatus.FORMED, MentorshipStatus.ACTIVE)
    started = _today() - datetime.timedelta(days=60)
    pair = Mentorship.objects.create(
        program=program,
        organization=organization,
        mentor=mentor,
        status=status,
        started_on=started,
        planned_end_on=max(program.ends_on, started),
        ended_on=None if open_ else _today() - datetime.timedelta(days=1),
        end_reason="" if status != MentorshipStatus.ENDED_EARLY else "Переезд семьи",
        created_by=by,
        order_number="12-од",
        order_date=started,
    )
    for mentee in mentees:
        MentorshipMentee.objects.create(
            mentorship=pair,
            mentee=mentee,
            program=program,
            joined_on=started,
            is_active=open_,
            left_on=None if open_ else _today() - datetime.timedelta(days=1),
        )
    if meetings:
        _grow_pair(pair, 1, by=by)
    return pair


def _grow_pair(pair: Mentorship, n: int, *, by: User) -> None:
    """n held working meetings with attendance and everybody's feedback, n planned ones, n goals with a
    task each, n concerns, a reminder and the participants' reflections."""
    places = list(pair.participants.select_related("mentee__person"))
    for index in range(n):
        held = Meeting.objects.create(
            mentorship=pair,
            mentor=pair.mentor,
            kind=MeetingKind.WORK,
            status=MeetingStatus.HELD,
            starts_at=_moment(30 - index),
            topic=_name("Разбор задач"),
            recorded_by=by,
        )
        Feedback.objects.create(
            meeting=held,
            author=pair.mentor.person,
            role="mentor",
            usefulness=8,
            comfort=9,
            clarity=7,
            recorded_by=by,
        )
        for place in places:
            MeetingAttendance.objects.create(meeting=held, mentee=place.mentee, attended=True)
            Feedback.objects.create(
                meeting=held,
                author=place.mentee.person,
                role="mentee",
                usefulness=9,
                comfort=8,
                clarity=9,
                recorded_by=by,
            )
            FeedbackReminder.objects.get_or_create(meeting=held, person=place.mentee.person)
        Meeting.objects.create(
            mentorship=pair,
            mentor=pair.mentor,
            kind=MeetingKind.WORK,
            starts_at=_moment(-3 - index),
            topic=_name("Подготовка к контрольной"),
            recorded_by=by,
        )
        goal = PlanItem.objects.create(mentorship=pair, kind="goal", title=_name("Цель"), created_by=by)
        PlanItem.objects.create(
            mentorship=pair,
            kind="task",
            goal=goal,
            title=_name("Задача"),
            due_on=_today() + datetime.timedelta(days=7),
            created_by=by,
        )
        Concern.objects.create(mentorship=pair, kind="other", text=_name("Пропуски встреч"), raised_by=by)
    if n and not pair.reflections.exists():
        Reflection.objects.create(
            mentorship=pair,
            kind="personal",
            author=pair.mentor.person,
            achievements="Подтянули математику.",
            recorded_by=by,
        )
        Reflection.objects.create(
            mentorship=pair, kind="group", achievements="Работали дружно.", recorded_by=by
        )


def _grow_programs(world: World) -> None:
    school, by = world.school, world.curator
    programs = {status: _program(school, status, curator=by) for status in ProgramStatus.values}
    active = programs[ProgramStatus.ACTIVE]
    ProgramFactory(organization=world.other_school, is_shared=True, is_recommended=True, status="active")
    for program in programs.values():
        _stage(program)
        attach(program, by=by)
    pairs = [_pair(active, by=by, status=status) for status in MentorshipStatus.values]
    group = _pair(active, by=by, mentees=[_mentee(school) for _ in range(3)])
    pairs.append(group)
    teachers = _program(school, form=default_form("teacher-teacher"), curator=by)
    young = TeacherFactory(organization=school, experience_years=1, last_name=_name("Молодых"))
    _pair(
        teachers,
        by=by,
        mentor=_mentor(school, teacher=True),
        mentees=[MenteeProfile.objects.create(person=young, joined_on=JOINED)],
    )
    employers = _program(school, form=default_form("employer-pupil"), curator=by)
    _pair(employers, by=by, mentor=partner_mentor(world.partner, last_name=_name("Инженеров")))
    # The personas' own pairs: the mentor persona mentors a new pupil, the mentee persona is mentored.
    _pair(active, by=by, mentor=persona_person(world, "mentor").mentor_profile)
    _pair(active, by=by, mentees=[persona_person(world, "mentee").mentee_profile])
    replaced = pairs[1]
    MentorReplacement.objects.create(
        mentorship=replaced,
        old_mentor=_mentor(school),
        new_mentor=replaced.mentor,
        requested_by="mentor",
        reason="Болезнь наставника",
        replaced_on=_today() - datetime.timedelta(days=10),
        recorded_by=by,
    )
    closing = ClosingEvent.objects.create(
        program=active, title=_name("Фестиваль наставничества"), held_on=_today(), created_by=by
    )
    Mentorship.objects.filter(pk=pairs[2].pk).update(closing_event=closing)
    _grow_matching(active, by=by)
    _grow_surveys(world, active)
    ExternalId.objects.create(
        municipality=world.municipality, kind="program", program=active, external_id=_name("NAV-P")
    )
    ExternalId.objects.create(
        municipality=world.municipality, kind="mentorship", mentorship=group, external_id=_name("NAV-M")
    )
    form = MentoringForm.objects.create(
        municipality=world.municipality, code=f"grown-{next(_serial)}", name=_name("Шахматист – шахматист")
    )
    pupil = PersonCategory.objects.get(code=PersonCategory.PUPIL)
    form.mentor_categories.set([pupil])
    form.mentee_categories.set([pupil])
    form.role_variants.create(name=_name("Старший – младший"))


def _grow_matching(program: Program, *, by: User) -> None:
    organization = program.organization
    run = MatchingRun.objects.create(program=program, started_by=by, status=RunStatus.PROPOSED)
    _grow_run(run, 1)
    mentee, mentor = _mentee(organization), _mentor(organization)
    PairRule.objects.create(program=program, mentee=mentee, mentor=mentor, kind="exclude", created_by=by)
    Preference.objects.create(
        program=program, side="mentee", mentee=mentee, mentor=mentor, rank=1, created_by=by
    )


def _grow_run(run: MatchingRun, n: int) -> None:
    organization = run.program.organization
    for _ in range(n):
        ProposedPair.objects.create(
            run=run, mentee=_mentee(organization), mentor=_mentor(organization), score=7
        )
        UnmatchedMentee.objects.create(run=run, mentee=_mentee(organization), reason="no_allowed_mentor")


# --- surveys ------------------------------------------------------------------------------------------


def _grow_surveys(world: World, program: Program) -> None:
    school = world.school
    own = questionnaire(organization=school, title=_name("Анкета наставляемого"))
    questionnaire(municipality_id=world.municipality.pk, title=_name("Анкета района"))
    today = _today()
    survey_round = SurveyRound.objects.create(
        program=program,
        questionnaire=own,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
        created_by=world.curator,
    )
    _grow_round(survey_round, world.curator)
    _grow_measures(world, program)
    SwotAnalysis.objects.create(
        program=program,
        period_start=JOINED,
        period_end=JOINED + datetime.timedelta(days=90),
        strengths="Опытные наставники.",
        weaknesses="Мало времени.",
        opportunities="Партнёры.",
        threats="Нагрузка.",
        author=world.curator,
    )


def _grow_round(survey_round: SurveyRound, by: User, n: int | None = None) -> None:
    """Invites every active participant of the round's program (or n new pupils) and answers for every
    other one; the personas' own invitations stay open (their list of surveys to answer)."""
    if n is None:
        places = MentorshipMentee.objects.filter(program=survey_round.program, is_active=True).select_related(
            "mentee__person", "mentorship__mentor__person"
        )
        invited = [(place.mentee.person, "mentee", place.mentorship) for place in places]
        invited += [(place.mentorship.mentor.person, "mentor", place.mentorship) for place in places]
    else:
        invited = [(_mentee(survey_round.program.organization).person, "mentee", None) for _ in range(n)]
    items = list(survey_round.questionnaire.questions.all())
    for index, (person, role, pair) in enumerate(invited):
        _, made = SurveyInvitation.objects.get_or_create(
            round=survey_round, person=person, defaults={"role": role, "mentorship": pair}
        )
        if not made or index % 2 or person.user_id is not None:
            continue
        response = SurveyResponse.objects.create(
            round=survey_round,
            person=person,
            role=role,
            mentorship=pair,
            submitted_at=timezone.now(),
            recorded_by=by,
        )
        for question in items:
            if question.kind == QuestionKind.SCALE:
                Answer.objects.create(response=response, question=question, number=8 if index % 4 else 5)
            elif question.kind == QuestionKind.TEXT:
                Answer.objects.create(response=response, question=question, text="Больше встреч.")
            else:
                Answer.objects.create(response=response, question=question, choices=question.options[:1])


def _grow_measures(world: World, program: Program) -> None:
    """An entry and an exit round with growth measures, answered by the program's mentees and mentors."""
    today = _today()
    for purpose, days in ((Purpose.ENTRY, 60), (Purpose.EXIT, 2)):
        q = questionnaire(
            organization=world.school,
            purpose=purpose,
            title=_name("Анкета роста"),
            measures=[("motivational", "motivation"), ("competency", "skills")],
        )
        SurveyRound.objects.create(
            program=program,
            questionnaire=q,
            opens_on=today - datetime.timedelta(days=days),
            closes_on=today + datetime.timedelta(days=1),
            created_by=world.curator,
        )
    for survey_round in program.survey_rounds.filter(
        questionnaire__purpose__in=(Purpose.ENTRY, Purpose.EXIT)
    ):
        _grow_round(survey_round, world.curator)


# --- the rest of the school's and the municipality's records ------------------------------------------


def _grow_school(world: World) -> None:
    """A new school of the municipality with its head, pupils, a pair, a contingent and a roadmap."""
    serial = next(_serial)
    school = OrganizationFactory(
        municipality=world.municipality, short_name=f"МБОУ Выросшая СШ № {serial}", code=f"grown-{serial}"
    )
    _user(school, Role.HEAD)
    # The school's head also keeps the new school: staff of several organizations.
    MembershipFactory(user=world.head, organization=school, role=Role.CURATOR)
    _pair(_program(school), by=world.department_admin)
    Contingent.objects.create(
        organization=school,
        year=_today().year,
        pupils_10_18=30,
        pupils_15_18=10,
        teachers=12,
        young_teachers=3,
        entered_by=world.department_admin,
    )
    IncentiveScheme.objects.create(organization=school, title="Положение о стимулировании", adopted_on=JOINED)
    IndicatorTarget.objects.create(
        indicator=indicator("1"),
        municipality=world.municipality,
        organization=school,
        year=_today().year,
        value=10,
        set_by=world.department_admin,
    )
    make_roadmap(school, year=2030 + serial, status="submitted")
    OrganizationFactory(
        municipality=world.municipality,
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.NGO,
        short_name=f"АНО «Выросший партнёр» № {serial}",
        code=f"grown-partner-{serial}",
    )


def _grow_papers(world: World) -> None:
    """Documents, roadmaps, agreements and the library of world.school and its municipality."""
    school, by = world.school, world.curator
    serial = next(_serial)
    roadmap = make_roadmap(school, year=2100 + serial, status="approved" if serial % 2 else "draft")
    RoadmapTransition.objects.create(roadmap=roadmap, from_status="draft", to_status="submitted", by=by)
    people = list(Person.objects.filter(organization=school)[:2])
    for status in DocumentStatus.values:
        document = make_document(school, by=by, title=_name("О наставничестве"), status=status)
        document.roadmap_items.set(roadmap.items.all())
        document.people.set(people)
    DocumentKind.objects.create(municipality=world.municipality, name=_name("Протокол"))
    employee = partner_mentor(world.partner, last_name=_name("Договоров"))
    agreement = make_agreement(school, world.partner, by=by, number=f"G-{serial}")
    agreement.mentors.add(employee)
    make_material(
        organization=school, uploaded_by=by, title=_name("План школы"), visibility=Visibility.ORGANIZATION
    )
    make_material(
        uploaded_by=world.department_admin, municipality=world.municipality, title=_name("Положение")
    )
    make_material(
        organization=world.other_school,
        uploaded_by=world.other_curator,
        title=_name("Ссылка"),
        link="https://example.ru/material",
        visibility=Visibility.PUBLIC,
    )


def _grow_outreach(world: World) -> None:
    municipality, school, admin = world.municipality, world.school, world.department_admin
    letter = sent_letter(by=admin, to=[school, world.other_school], read_by={school.pk: world.curator})
    attach_to(letter)
    InformationLetterFactory(municipality=municipality, created_by=admin)
    resource = InformationResourceFactory(organization=school)
    CampaignEntryFactory(organization=school, created_by=world.curator, resource=resource)
    NewsItemFactory(municipality=municipality, created_by=admin)
    PortalContactFactory(user=_user(school, Role.CURATOR), organization=school)
    training = TrainingFactory(organization=world.department, created_by=admin)
    teacher = _mentor(school, teacher=True)
    EnrolmentFactory(training=training, person=teacher.person, enrolled_by=world.curator)
    Enrolment.objects.create(training=training, user=world.curator, organization=school, enrolled_by=admin)
    EnrolmentFactory(
        training=training,
        person=persona_person(world, "mentor"),
        enrolled_by=world.curator,
        status="completed",
        completed_on=_today(),
    )
    contest = ContestFactory(municipality=municipality, created_by=admin, title=_name("Наставник52"))
    ContestEntryFactory(contest=contest, organization=school, person=teacher.person, created_by=world.curator)
    ContestEntryFactory(
        contest=contest, organization=school, person=persona_person(world, "mentor"), created_by=world.curator
    )
    event = RecognitionEventFactory(municipality=municipality, created_by=admin)
    AwardFactory(person=teacher.person, organization=school, created_by=world.head, event=event)
    AwardFactory(person=persona_person(world, "mentor"), organization=school, created_by=world.head)


def _grow_communities(world: World) -> None:
    by = world.department_admin
    for organization in (None, world.school):
        community = Community.objects.create(
            municipality=world.municipality,
            organization=organization,
            title=_name("Сообщество наставников"),
            created_by=by,
        )
        _grow_community(community, 1, by=by)
    CommunityMember.objects.get_or_create(
        community=community, person=persona_person(world, "mentor"), defaults={"joined_on": JOINED}
    )


def _grow_community(community: Community, n: int, *, by: User) -> None:
    organization = (
        community.organization
        or Organization.objects.filter(
            municipality=community.municipality, kind=OrganizationKind.SCHOOL
        ).first()
    )
    for _ in range(n):
        CommunityMember.objects.create(
            community=community, person=_mentor(organization, teacher=True).person, joined_on=JOINED
        )
        CommunityEvent.objects.create(
            community=community, title=_name("Семинар"), starts_at=_moment(-10), created_by=by
        )
        CommunityMaterial.objects.create(
            community=community, title=_name("Памятка"), link="https://example.ru/pamyatka", added_by=by
        )


def _grow_monitoring(world: World) -> None:
    """A pair of the 2025/26 school year (in the snapshots of its quarters) and a snapshot of today."""
    school = world.school
    register_pair(
        register_program(school, title=_name("Успеваем вместе")),
        register_person(school, grade=10, last_name=_name("Наставников")),
        [register_person(school, last_name=_name("Подопечных")), register_person(school, grade=5)],
    )
    today = _today()
    snapshot_take(
        municipality=world.municipality,
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        reason=SnapshotReason.ON_DEMAND,
        by=None,
    )


def grow(world: World, n: int) -> None:
    """n more of everything in world.school, its municipality and the personas' own lists."""
    for _ in range(n):
        _grow_people(world)
        _grow_personas(world)
        _grow_programs(world)
        _grow_school(world)
        _grow_papers(world)
        _grow_outreach(world)
        _grow_communities(world)
        _grow_monitoring(world)


# --- the children of the containers a page was opened on -------------------------------------------


def _new(model: type[Model], since: dict[type[Model], int]) -> list[Any]:
    return list(model.objects.filter(pk__gt=since[model]).order_by("pk"))  # type: ignore[attr-defined]


def enrich(world: World, n: int, since: dict[type[Model], int]) -> None:
    """n more children in every container made after `since` (the records of the page's own row)."""
    if not n:
        return
    by = world.curator
    for pair in _new(Mentorship, since):
        _grow_pair(pair, n, by=by)
        for _ in range(n):
            MentorshipMentee.objects.create(
                mentorship=pair,
                mentee=_mentee(pair.organization, requests=1),
                program=pair.program,
                joined_on=pair.started_on,
            )
    for program in _new(Program, since):
        for _ in range(n):
            _stage(program)
            attach(program, by=by)
            _pair(program, by=by, meetings=False)
        _grow_measures(world, program)
    for person in _new(Person, since):
        for _ in range(n):
            _consent(person, withdrawn=True)
        mentee = MenteeProfile.objects.filter(person=person).first()
        mentor = MentorProfile.objects.filter(person=person).first()
        for _ in range(n):
            if mentee is not None:
                MenteeRequest.objects.create(mentee=mentee, text=_name("Запрос"), school_year=2024)
            if mentor is not None:
                MentorCompetency.objects.create(mentor=mentor, text=_name("Компетенция"))
    for roadmap in _new(Roadmap, since):
        last = roadmap.items.aggregate(top=Max("position"))["top"] or 0
        for index in range(n):
            item = RoadmapItem.objects.create(
                roadmap=roadmap,
                section_number="3",
                section_title="Мониторинг",
                number=f"3.{index + 1}",
                title=_name("Мониторинг реализации"),
                deadline_text="ежеквартально",
                due_date=datetime.date(roadmap.year, 12, 31),
                responsible_text="Куратор",
                result_text="Справка",
                position=last + index + 1,
            )
            ItemCheckpoint.objects.create(
                item=item, label="I квартал", due_date=datetime.date(roadmap.year, 3, 31)
            )
            RoadmapTransition.objects.create(roadmap=roadmap, from_status="draft", to_status="draft", by=by)
    for community in _new(Community, since):
        _grow_community(community, n, by=world.department_admin)
    for q in _new(Questionnaire, since):
        last = q.questions.aggregate(top=Max("position"))["top"] or 0
        for index in range(n):
            Question.objects.create(
                questionnaire=q,
                position=last + index + 1,
                text=_name("Что получилось?"),
                kind=QuestionKind.TEXT,
            )
    for survey_round in _new(SurveyRound, since):
        _grow_round(survey_round, by, n)
    for document in _new(Document, since):
        document.people.add(*[_pupil(document.organization) for _ in range(n)])
        roadmap = make_roadmap(document.organization, year=3000 + next(_serial))
        document.roadmap_items.add(*roadmap.items.all())
    for agreement in _new(Agreement, since):
        agreement.mentors.add(*[partner_mentor(agreement.partner) for _ in range(n)])
    for run in _new(MatchingRun, since):
        _grow_run(run, n)
    for letter in _new(InformationLetter, since):
        for _ in range(n):
            attach_to(letter)
            LetterReceipt.objects.create(
                letter=letter,
                organization=OrganizationFactory(
                    municipality=letter.municipality, short_name=_name("МБОУ СШ")
                ),
            )
    for training in _new(Training, since):
        for _ in range(n):
            EnrolmentFactory(
                training=training, person=_mentor(world.school, teacher=True).person, enrolled_by=by
            )
    for contest in _new(Contest, since):
        for _ in range(n):
            ContestEntryFactory(
                contest=contest,
                organization=world.school,
                person=_mentor(world.school, teacher=True).person,
                created_by=by,
            )
    for form in _new(MentoringForm, since):
        for _ in range(n):
            form.role_variants.create(name=_name("Вариант"))
            _program(world.school, form=form)
    for meeting in _new(Meeting, since):
        for place in meeting.mentorship.participants.select_related("mentee__person"):
            MeetingAttendance.objects.get_or_create(meeting=meeting, mentee=place.mentee)
