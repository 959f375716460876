"""A synthetic region for work at scale (issue 11): `manage.py generate_region` and the benchmarks.

Municipalities with their departments, schools and organizations of supplementary education; people
of every category (pupils, teachers, students, partners' employees, parents, alumni) with their
consents; the mentor and mentee bases with requests and competencies; programs with stages; pairs and
groups in every status with the mentees' places and the mentors' `active_mentees` counters as the
services keep them; meetings with attendance and feedback; questionnaire rounds with invitations and
answers (the default questionnaires of surveys migration 0002); each organization's contingent; four
quarters of register snapshots taken through `monitoring.services.snapshot_take`; roadmaps of every
organization in every state of the workflow.

Everything goes in with bulk inserts, organization by organization in chunks, so memory stays bounded
and a region of 1 000 organizations and 300 000 people builds in minutes. Deterministic: the same seed,
sizes and year give the same rows (names, dates, statuses), whatever the database; each organization
draws from its own `random.Random` seeded by the seed and the organization's place. Bulk inserts skip
the history tables: a generated region has no history of edits.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from mentoring.accounts.models import Membership, Role, User
from mentoring.mentorships.models import (
    Feedback,
    FeedbackRole,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingStatus,
    Mentorship,
    MentorshipMentee,
    MentorshipStatus,
)
from mentoring.monitoring.models import Contingent, SnapshotReason
from mentoring.monitoring.services import snapshot_take
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.people.models import Audience as AreaAudience
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MenteeStatus,
    MenteeSubtype,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    RaisedBy,
    RequestPriority,
    Subject,
    SupportArea,
    TrainingStatus,
)
from mentoring.people.services import person_search_name
from mentoring.programs.models import MentoringForm, Program, ProgramStage, ProgramStatus
from mentoring.roadmaps.models import (
    ItemCheckpoint,
    ItemStatus,
    Roadmap,
    RoadmapItem,
    RoadmapStatus,
    RoadmapTemplate,
    RoadmapTransition,
    TemplateItem,
)
from mentoring.roadmaps.services import checkpoints_for
from mentoring.surveys.models import (
    Answer,
    QuestionKind,
    Questionnaire,
    RoundKind,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
)
from mentoring.surveys.models import Audience as SurveyAudience

BATCH = 5000
# Organizations built together: their rows go to the database in one round of bulk inserts.
CHUNK = 20
REGION_NAME = "Нижегородская область"
ROADMAP_TEMPLATE = "sechenovsky-2021"

MUNICIPALITY_NAMES = [
    "Арзамасский",
    "Балахнинский",
    "Богородский",
    "Борский",
    "Вачский",
    "Ветлужский",
    "Володарский",
    "Воскресенский",
    "Выксунский",
    "Городецкий",
    "Дивеевский",
    "Княгининский",
    "Кстовский",
    "Кулебакский",
    "Лукояновский",
    "Лысковский",
    "Навашинский",
    "Павловский",
    "Перевозский",
    "Семёновский",
    "Сергачский",
    "Сокольский",
    "Тонкинский",
    "Уренский",
    "Чкаловский",
    "Шахунский",
    "Шарангский",
    "Краснобаковский",
    "Ардатовский",
    "Бутурлинский",
    "Вадский",
    "Варнавинский",
    "Вознесенский",
    "Гагинский",
    "Ковернинский",
    "Краснооктябрьский",
    "Пильнинский",
    "Починковский",
    "Сеченовский",
    "Шатковский",
]

LAST_NAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
]
MALE_NAMES = [
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Илья",
    "Кирилл",
    "Михаил",
    "Никита",
    "Матвей",
    "Роман",
    "Егор",
    "Арсений",
    "Иван",
    "Денис",
    "Евгений",
    "Тимофей",
    "Владимир",
]
FEMALE_NAMES = [
    "Анастасия",
    "Мария",
    "Анна",
    "Виктория",
    "Екатерина",
    "Наталья",
    "Марина",
    "Полина",
    "Дарья",
    "Елена",
    "Алина",
    "Ксения",
    "Ольга",
    "Татьяна",
    "Софья",
    "Юлия",
    "Ирина",
    "Вероника",
    "Светлана",
    "Елизавета",
]
PATRONYMICS = [
    ("Александрович", "Александровна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"),
    ("Алексеевич", "Алексеевна"),
    ("Михайлович", "Михайловна"),
    ("Иванович", "Ивановна"),
    ("Владимирович", "Владимировна"),
    ("Николаевич", "Николаевна"),
    ("Петрович", "Петровна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
]
END_REASONS = [
    "Наставляемый перешёл в другую школу.",
    "Наставник ушёл в декретный отпуск.",
    "По просьбе законного представителя наставляемого.",
    "Наставник сменил место работы.",
]
RETURN_REMARKS = "Укажите конкретные даты встреч наставнических пар (п. 4.4) и ответственных за п. 2.3."
COMMENTS = [
    "Нравится, что наставник объясняет спокойно и на примерах.",
    "Хотелось бы встречаться чаще перед контрольными.",
    "Стало понятнее, как готовиться к урокам.",
    "Удобно, что встречи в библиотеке после уроков.",
]

# A person's category → the form of mentoring in which they mentor.
FORM_OF_MENTOR = {
    PersonCategory.PUPIL: "pupil-pupil",
    PersonCategory.STUDENT: "student-pupil",
    PersonCategory.PARTNER_EMPLOYEE: "employer-pupil",
}
FORMS = ["pupil-pupil", "teacher-teacher", "teacher-pupil", "student-pupil", "employer-pupil"]
STATUS_SHARES = [
    (MentorshipStatus.FORMED, 0.10),
    (MentorshipStatus.ACTIVE, 0.55),
    (MentorshipStatus.COMPLETED, 0.25),
    (MentorshipStatus.ENDED_EARLY, 0.10),
]
# Where the organizations' roadmaps stop in the workflow, in turn: about 45 % approved, 15 % endorsed,
# 15 % waiting for endorsement, 10 % returned, 10 % drafts and one in twenty not started yet (the
# control page shows it); the first five organizations already cover every state.
ROADMAP_STATES: list[str] = [
    RoadmapStatus.APPROVED,
    RoadmapStatus.ENDORSED,
    RoadmapStatus.SUBMITTED,
    RoadmapStatus.RETURNED,
    RoadmapStatus.DRAFT,
    RoadmapStatus.APPROVED,
    RoadmapStatus.APPROVED,
    "",
    RoadmapStatus.ENDORSED,
    RoadmapStatus.APPROVED,
    RoadmapStatus.SUBMITTED,
    RoadmapStatus.APPROVED,
    RoadmapStatus.APPROVED,
    RoadmapStatus.RETURNED,
    RoadmapStatus.ENDORSED,
    RoadmapStatus.APPROVED,
    RoadmapStatus.DRAFT,
    RoadmapStatus.SUBMITTED,
    RoadmapStatus.APPROVED,
    RoadmapStatus.APPROVED,
]


class RegionError(ValueError):
    """Sizes that cannot make a believable region, or a region that is already there."""


@dataclass
class Region:
    municipalities: list[Municipality]
    admins: list[User]
    counts: dict[str, int] = field(default_factory=dict)


def _rng(key: str) -> random.Random:
    """A generator of its own for each organization, person or pair: the rows do not depend on the
    order or the chunks in which they are made."""
    return random.Random(key)  # noqa: S311 - synthetic data, not security


def _bulk(model: type[models.Model], rows: Sequence[models.Model]) -> list[Any]:
    created: list[Any] = []
    for offset in range(0, len(rows), BATCH):
        created.extend(model._default_manager.bulk_create(rows[offset : offset + BATCH], batch_size=BATCH))
    return created


def _pick(rng: random.Random, shares: Sequence[tuple[str, float]]) -> str:
    point = rng.random()
    for value, share in shares:
        point -= share
        if point < 0:
            return value
    return shares[-1][0]


def _split(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@dataclass
class _Context:
    """What every organization's rows refer to: reference data, users, questionnaires."""

    year: int
    cutoff: datetime.date  # held meetings and answers are before this day
    categories: dict[str, int]
    forms: dict[str, MentoringForm]
    subjects: list[int]
    subtypes: list[int]
    pupil_areas: list[SupportArea]
    teacher_areas: list[SupportArea]
    questionnaires: dict[str, tuple[int, list[tuple[int, str, list[str], bool]]]]
    counts: dict[str, int]

    def add(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number


def _questionnaires() -> dict[str, tuple[int, list[tuple[int, str, list[str], bool]]]]:
    found: dict[str, tuple[int, list[tuple[int, str, list[str], bool]]]] = {}
    for questionnaire in Questionnaire.objects.filter(municipality__isnull=True).prefetch_related(
        "questions"
    ):
        found[questionnaire.code] = (
            questionnaire.pk,
            [
                (question.pk, question.kind, list(question.options or []), question.is_required)
                for question in sorted(questionnaire.questions.all(), key=lambda q: (q.position, q.pk))
            ],
        )
    return found


def _context(year: int) -> _Context:
    forms = {
        form.code: form for form in MentoringForm.objects.filter(municipality__isnull=True, code__in=FORMS)
    }
    missing = sorted(set(FORMS) - set(forms))
    if missing:
        raise RegionError(f"В базе нет форм наставничества по умолчанию: {', '.join(missing)}.")
    areas = list(
        SupportArea.objects.filter(
            municipality__isnull=True, organization__isnull=True, is_active=True
        ).order_by("name")
    )
    today = timezone.localdate()
    return _Context(
        year=year,
        cutoff=min(datetime.date(year, 12, 25), today - datetime.timedelta(days=1)),
        categories=dict(PersonCategory.objects.values_list("code", "pk")),
        forms=forms,
        subjects=list(Subject.objects.filter(is_active=True).order_by("name").values_list("pk", flat=True)),
        subtypes=list(
            MenteeSubtype.objects.filter(is_active=True).order_by("name").values_list("pk", flat=True)
        ),
        pupil_areas=[a for a in areas if a.audience in (AreaAudience.PUPILS, AreaAudience.ALL)],
        teacher_areas=[a for a in areas if a.audience in (AreaAudience.TEACHERS, AreaAudience.ALL)],
        questionnaires=_questionnaires(),
        counts={},
    )


# --- people ----------------------------------------------------------------------------------------


def _name(rng: random.Random) -> tuple[str, str, str, str]:
    female = rng.random() < 0.55
    last = rng.choice(LAST_NAMES)
    patronymic = rng.choice(PATRONYMICS)
    if female:
        return f"{last}а", rng.choice(FEMALE_NAMES), patronymic[1], "F"
    return last, rng.choice(MALE_NAMES), patronymic[0], "M"


def _birth(rng: random.Random, year: int, age: int) -> datetime.date:
    return datetime.date(year - age, rng.randint(1, 12), rng.randint(1, 28))


def _people_of(
    rng: random.Random, ctx: _Context, organization: Organization, count: int, numbering: list[int]
) -> list[Person]:
    """An organization's people: about 12 % teachers, 3 % students, 2 % partners' employees, 2 %
    parents, 1 % alumni, the rest pupils of every class."""
    teachers = max(3, round(count * 0.12))
    plan = (
        [PersonCategory.TEACHER] * teachers
        + [PersonCategory.STUDENT] * max(1, round(count * 0.03))
        + [PersonCategory.PARTNER_EMPLOYEE] * max(1, round(count * 0.02))
        + [PersonCategory.PARENT] * max(1, round(count * 0.02))
        + [PersonCategory.ALUMNUS] * max(1, round(count * 0.01))
    )
    plan += [PersonCategory.PUPIL] * max(0, count - len(plan))
    year = ctx.year
    people = []
    for code in plan[:count]:
        last, first, patronymic, sex = _name(rng)
        numbering[0] += 1
        person = Person(
            municipality_id=organization.municipality_id,
            organization=organization,
            category_id=ctx.categories[code],
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            sex=sex,
            external_id=f"N{numbering[0]:07d}",
            search_name=person_search_name(last, first, patronymic),
        )
        if code == PersonCategory.PUPIL:
            person.grade = rng.randint(1, 11)
            person.class_letter = rng.choice("АБВ")
            person.class_year = year
            person.birth_date = _birth(rng, year, 6 + person.grade)
            if rng.random() < 0.3:
                person.representative_name = f"{last} {rng.choice(FEMALE_NAMES)} {rng.choice(PATRONYMICS)[1]}"
                person.representative_relation = "мать"
        elif code == PersonCategory.TEACHER:
            age = rng.randint(26, 62)
            person.birth_date = _birth(rng, year, age)
            # about one in six is a young specialist (experience up to three years)
            person.experience_years = rng.randint(0, 3) if rng.random() < 0.17 else rng.randint(4, age - 21)
            person.subject_id = rng.choice(ctx.subjects) if ctx.subjects else None
            person.position = "учитель"
        elif code == PersonCategory.STUDENT:
            person.birth_date = _birth(rng, year, rng.randint(18, 22))
            person.position = "студент педагогического колледжа"
        elif code == PersonCategory.PARTNER_EMPLOYEE:
            person.birth_date = _birth(rng, year, rng.randint(25, 55))
            person.position = rng.choice(["инженер", "программист", "мастер участка"])
        elif code == PersonCategory.PARENT:
            person.birth_date = _birth(rng, year, rng.randint(30, 50))
        else:
            person.birth_date = _birth(rng, year, rng.randint(18, 24))
        people.append(person)
    return people


# --- one chunk of organizations ----------------------------------------------------------------------


@dataclass
class _Pair:
    mentorship: Mentorship
    mentor_person: int
    mentor_key: str  # the mentor's external id: what random draws about the mentor are keyed by
    mentees: list[MenteeProfile]
    form: str


def _meetings_for(rng: random.Random, ctx: _Context, pair: _Pair, user_id: int) -> list[Meeting]:
    mentorship = pair.mentorship
    status = mentorship.status
    started = mentorship.started_on
    last = min(mentorship.ended_on or ctx.cutoff, ctx.cutoff)

    def meeting(kind: str, day: datetime.date, state: str) -> Meeting:
        return Meeting(
            mentorship=mentorship,
            mentor_id=mentorship.mentor_id,
            kind=kind,
            status=state,
            starts_at=_at(day, rng.choice([14, 15, 16])),
            place=f"кабинет {rng.randint(1, 40)}",
            topic="" if kind != MeetingKind.WORK else "Разбор домашнего задания",
            recorded_by_id=user_id,
        )

    if status == MentorshipStatus.FORMED:
        return [meeting(MeetingKind.INTRO, started + datetime.timedelta(days=7), MeetingStatus.PLANNED)]
    meetings = []
    day = started + datetime.timedelta(days=3)
    # what would have come after a pair's end was cancelled when it ended
    later = MeetingStatus.PLANNED if status == MentorshipStatus.ACTIVE else MeetingStatus.CANCELLED
    # The fixed sequence of the target model: знакомство, пробная, планирование, then the work.
    for kind in (MeetingKind.INTRO, MeetingKind.TRIAL, MeetingKind.PLANNING):
        meetings.append(meeting(kind, day, MeetingStatus.HELD if day <= last else later))
        day += datetime.timedelta(days=7)
        if status == MentorshipStatus.ENDED_EARLY and day > last:
            return meetings
    for _ in range(rng.randint(1, 3)):
        day += datetime.timedelta(days=14)
        if day > last:
            if status == MentorshipStatus.ACTIVE:
                meetings.append(meeting(MeetingKind.WORK, day, MeetingStatus.PLANNED))
            break
        meetings.append(
            meeting(
                MeetingKind.WORK, day, MeetingStatus.CANCELLED if rng.random() < 0.1 else MeetingStatus.HELD
            )
        )
    if status == MentorshipStatus.COMPLETED and mentorship.ended_on:
        meetings.append(meeting(MeetingKind.FINAL, mentorship.ended_on, MeetingStatus.HELD))
    if status == MentorshipStatus.ACTIVE and (not meetings or meetings[-1].status != MeetingStatus.PLANNED):
        meetings.append(meeting(MeetingKind.WORK, last + datetime.timedelta(days=10), MeetingStatus.PLANNED))
    return meetings


def _mentorship_dates(
    rng: random.Random, status: str, year: int, cutoff: datetime.date
) -> tuple[datetime.date, datetime.date, datetime.date | None]:
    first, end = datetime.date(year, 1, 15), min(datetime.date(year, 12, 20), cutoff)
    if status == MentorshipStatus.FORMED:
        started = _day(rng, max(first, end - datetime.timedelta(days=60)), end)
        return started, datetime.date(year, 12, 20), None
    if status == MentorshipStatus.ACTIVE:
        return (
            _day(rng, first, max(first, end - datetime.timedelta(days=90))),
            datetime.date(year, 12, 20),
            None,
        )
    if status == MentorshipStatus.COMPLETED:
        started = _day(rng, first, max(first, end - datetime.timedelta(days=130)))
        planned = min(started + datetime.timedelta(days=rng.randint(120, 200)), end)
        return started, max(planned, started), max(planned, started)
    started = _day(rng, first, max(first, end - datetime.timedelta(days=60)))
    ended = min(started + datetime.timedelta(days=rng.randint(20, 80)), end)
    return started, datetime.date(year, 12, 20), max(ended, started)


def _build_chunk(
    ctx: _Context,
    seed: int,
    chunk: Sequence[tuple[int, Organization, int, int, int]],
    numbering: list[int],
) -> None:
    """People, bases, programs, pairs, meetings, feedback and answers of a few organizations.

    `chunk` holds (place in the region, organization, people, mentorships, curator's user id)."""
    year = ctx.year
    rngs = {index: _rng(f"{seed}:{index}") for index, *_ in chunk}
    people: list[Person] = []
    owner: list[int] = []
    for index, organization, count, _, _ in chunk:
        made = _people_of(rngs[index], ctx, organization, count, numbering)
        people.extend(made)
        owner.extend([index] * len(made))
    people = _bulk(Person, people)
    ctx.add("people", len(people))
    code_of = {pk: code for code, pk in ctx.categories.items()}

    # consents: every adult for themself, a representative for a child; one in ten has none yet
    consents = []
    for person, index in zip(people, owner, strict=True):
        rng = rngs[index]
        if rng.random() < 0.1:
            continue
        minor = person.birth_date is not None and person.birth_date > datetime.date(year - 18, 1, 1)
        consents.append(
            Consent(
                person=person,
                given_by=ConsentGiver.REPRESENTATIVE if minor else ConsentGiver.PERSON,
                representative_name=(
                    person.representative_name or f"{person.last_name} {rng.choice(FEMALE_NAMES)} Ивановна"
                )
                if minor
                else "",
                given_on=_day(rng, datetime.date(year - 1, 9, 1), datetime.date(year, 1, 10)),
                allows_publication=rng.random() < 0.2,
            )
        )
    _bulk(Consent, consents)
    ctx.add("consents", len(consents))

    # the bases: who mentors and who is mentored in each organization
    mentor_rows: list[MentorProfile] = []
    mentee_rows: list[MenteeProfile] = []
    by_org: dict[int, list[Person]] = {}
    for person, index in zip(people, owner, strict=True):
        by_org.setdefault(index, []).append(person)
    for index, _, _, wanted, _ in chunk:
        rng = rngs[index]
        # the mentee base: young teachers and about 1.6 pupils per planned pair (the rest wait)
        pupil_places = int(wanted * 1.6) + 5
        for person in by_org.get(index, []):
            code = code_of[person.category_id]
            is_young = person.experience_years is not None and person.experience_years <= 3
            mentors_here = (
                (code == PersonCategory.TEACHER and not is_young)
                or code in (PersonCategory.STUDENT, PersonCategory.PARTNER_EMPLOYEE)
                or (code == PersonCategory.PUPIL and (person.grade or 0) >= 10 and rng.random() < 0.3)
            )
            if mentors_here:
                mentor_rows.append(
                    MentorProfile(
                        person=person,
                        joined_on=datetime.date(year, 1, 10),
                        capacity=1,
                        training_status=rng.choice(list(TrainingStatus.values)),
                        was_mentee=code == PersonCategory.PUPIL,
                        availability=rng.choice(["пн, ср после уроков", "вт, чт после 15:00", "пт"]),
                    )
                )
            elif (code == PersonCategory.TEACHER and is_young) or (
                code == PersonCategory.PUPIL and pupil_places > 0
            ):
                pupil_places -= code == PersonCategory.PUPIL
                mentee_rows.append(
                    MenteeProfile(
                        person=person,
                        joined_on=datetime.date(year, 1, 10),
                        subtype_id=rng.choice(ctx.subtypes) if ctx.subtypes and rng.random() < 0.5 else None,
                        status=MenteeStatus.WAITING,
                        availability=rng.choice(["пн, ср после уроков", "вт, чт", ""]),
                    )
                )

    # pairs and groups: the mentor's category says the form; a teacher mentors a young colleague
    # or a pupil; one in eight is a group of two or three pupils
    person_of = {person.pk: person for person in people}
    pairs: list[_Pair] = []
    load: dict[int, int] = {}  # id(MentorProfile) → mentees in open pairs
    for index, organization, _, wanted, curator_id in chunk:
        rng = rngs[index]
        mentors = [m for m in mentor_rows if person_of[m.person.pk].organization_id == organization.pk]
        young = [
            m
            for m in mentee_rows
            if m.person.organization_id == organization.pk
            and code_of[m.person.category_id] == PersonCategory.TEACHER
        ]
        pupils = [
            m
            for m in mentee_rows
            if m.person.organization_id == organization.pk
            and code_of[m.person.category_id] == PersonCategory.PUPIL
        ]
        rng.shuffle(pupils)
        if not mentors:
            continue
        for n in range(wanted):
            mentor = mentors[n % len(mentors)]
            category = code_of[mentor.person.category_id]
            if category == PersonCategory.TEACHER:
                form = "teacher-teacher" if young and rng.random() < 0.3 else "teacher-pupil"
            else:
                form = FORM_OF_MENTOR[category]
            pool = young if form == "teacher-teacher" else pupils
            size = rng.choice([2, 3]) if form != "teacher-teacher" and rng.random() < 0.125 else 1
            if len(pool) < size or load.get(id(mentor), 0) + size > 30:
                continue
            mentees = [pool.pop() for _ in range(size)]
            status = _pick(rng, STATUS_SHARES)
            started, planned, ended = _mentorship_dates(rng, status, year, ctx.cutoff)
            mentorship = Mentorship(
                organization=organization,
                mentor=mentor,
                status=status,
                started_on=started,
                planned_end_on=planned,
                ended_on=ended,
                end_reason=rng.choice(END_REASONS) if status == MentorshipStatus.ENDED_EARLY else "",
                order_number=f"{n + 1}-нп",
                order_date=started,
                created_by_id=curator_id,
                results="Наставляемый улучшил результаты и уверенно выступил на итоговой встрече."
                if status == MentorshipStatus.COMPLETED
                else "",
                continues_next_cycle=status == MentorshipStatus.COMPLETED and rng.random() < 0.3,
            )
            if status in (MentorshipStatus.FORMED, MentorshipStatus.ACTIVE):
                load[id(mentor)] = load.get(id(mentor), 0) + size
                for mentee in mentees:
                    mentee.status = MenteeStatus.IN_MENTORSHIP
            pairs.append(_Pair(mentorship, mentor.person.pk, mentor.person.external_id, mentees, form))
    # capacity covers what the mentor leads now (the database checks it)
    for mentor in mentor_rows:
        rng = _rng(f"{seed}:capacity:{mentor.person.external_id}")
        mentor.active_mentees = load.get(id(mentor), 0)
        mentor.capacity = min(30, max(mentor.active_mentees, rng.randint(1, 4)))
    mentor_rows = _bulk(MentorProfile, mentor_rows)
    mentee_rows = _bulk(MenteeProfile, mentee_rows)
    ctx.add("mentors", len(mentor_rows))
    ctx.add("mentees", len(mentee_rows))
    MentorProfile.forms.through.objects.bulk_create(
        [
            MentorProfile.forms.through(
                mentorprofile_id=mentor.pk,
                mentoringform_id=ctx.forms[
                    FORM_OF_MENTOR.get(code_of[mentor.person.category_id], "teacher-pupil")
                ].pk,
            )
            for mentor in mentor_rows
        ],
        batch_size=BATCH,
    )

    # requests and competencies from the shared catalogue
    requests, competencies = [], []
    for mentee in mentee_rows:
        rng = _rng(f"{seed}:request:{mentee.person.external_id}")
        areas = (
            ctx.teacher_areas
            if code_of[mentee.person.category_id] == PersonCategory.TEACHER
            else ctx.pupil_areas
        )
        for area in rng.sample(areas, min(len(areas), rng.randint(1, 2))):
            requests.append(
                MenteeRequest(
                    mentee=mentee,
                    area=area,
                    subject_id=rng.choice(ctx.subjects) if area.needs_subject and ctx.subjects else None,
                    priority=rng.choice(RequestPriority.values),
                    raised_by=rng.choice(
                        [RaisedBy.SELF, RaisedBy.CLASS_TEACHER, RaisedBy.PSYCHOLOGIST, RaisedBy.PARENT]
                    ),
                    school_year=year - 1 if rng.random() < 0.5 else year,
                    is_open=mentee.status != MenteeStatus.LEFT,
                )
            )
    for mentor in mentor_rows:
        rng = _rng(f"{seed}:competency:{mentor.person.external_id}")
        areas = ctx.teacher_areas + ctx.pupil_areas
        for area in rng.sample(areas, min(len(areas), rng.randint(1, 3))):
            competencies.append(
                MentorCompetency(
                    mentor=mentor,
                    area=area,
                    subject_id=rng.choice(ctx.subjects) if area.needs_subject and ctx.subjects else None,
                )
            )
    _bulk(MenteeRequest, requests)
    _bulk(MentorCompetency, competencies)
    ctx.add("requests", len(requests))
    ctx.add("competencies", len(competencies))

    # programs with stages: one per form that the organization's pairs use
    programs: dict[tuple[int, str], Program] = {}
    used = {(pair.mentorship.organization.pk, pair.form) for pair in pairs}
    for _, organization, _, _, curator_id in chunk:
        for form in FORMS:
            if (organization.pk, form) in used:
                programs[(organization.pk, form)] = Program(
                    organization=organization,
                    title=f"{ctx.forms[form].name}: «Шаг вперёд» {year}",
                    form=ctx.forms[form],
                    goals="Повышение учебных результатов и вовлечённости обучающихся и педагогов.",
                    tasks="Сформировать пары и группы; провести встречи по плану; оценить результаты.",
                    starts_on=datetime.date(year, 1, 10),
                    ends_on=datetime.date(year, 12, 25),
                    curator_id=curator_id,
                    status=ProgramStatus.ACTIVE,
                    form_chosen_on=datetime.date(year, 1, 12),
                    pairs_formed_on=datetime.date(year, 1, 20),
                )
    program_list = _bulk(Program, list(programs.values()))
    ctx.add("programs", len(program_list))
    stages = [
        ProgramStage(program=program, position=position, title=title, planned_meetings=planned)
        for program in program_list
        for position, (title, planned) in enumerate(
            [("Знакомство и планирование", 2), ("Совместная работа", 6), ("Подведение итогов", 1)], start=1
        )
    ]
    _bulk(ProgramStage, stages)

    for pair in pairs:
        pair.mentorship.program = programs[(pair.mentorship.organization_id, pair.form)]
    mentorships = _bulk(Mentorship, [pair.mentorship for pair in pairs])
    ctx.add("mentorships", len(mentorships))
    for status in MentorshipStatus.values:
        ctx.add(f"mentorships_{status}", sum(1 for m in mentorships if m.status == status))
    places = []
    for pair in pairs:
        mentorship = pair.mentorship
        closed = mentorship.status not in (MentorshipStatus.FORMED, MentorshipStatus.ACTIVE)
        for mentee in pair.mentees:
            places.append(
                MentorshipMentee(
                    mentorship=mentorship,
                    mentee=mentee,
                    program_id=mentorship.program_id,
                    joined_on=mentorship.started_on,
                    is_active=not closed,
                    left_on=mentorship.ended_on if closed else None,
                    leave_reason=(
                        "Работа завершена."
                        if mentorship.status == MentorshipStatus.COMPLETED
                        else "Пара или группа прекратила работу досрочно."
                    )
                    if closed
                    else "",
                )
            )
    _bulk(MentorshipMentee, places)

    # meetings, attendance and feedback
    curator_of = {organization.pk: curator_id for _, organization, _, _, curator_id in chunk}
    meetings: list[Meeting] = []
    meeting_pair: list[_Pair] = []
    for pair in pairs:
        rng = _rng(f"{seed}:meetings:{pair.mentees[0].person.external_id}")
        arranged = _meetings_for(rng, ctx, pair, curator_of[pair.mentorship.organization_id])
        meetings.extend(arranged)
        meeting_pair.extend([pair] * len(arranged))
    meetings = _bulk(Meeting, meetings)
    ctx.add("meetings", len(meetings))
    attendance, feedback = [], []
    for number, (meeting, pair) in enumerate(zip(meetings, meeting_pair, strict=True)):
        if meeting.status != MeetingStatus.HELD:
            continue
        for mentee in pair.mentees:
            attendance.append(MeetingAttendance(meeting=meeting, mentee=mentee, attended=number % 9 != 0))
        authors = []
        if number % 10 < 7:
            authors.append((pair.mentor_person, FeedbackRole.MENTOR))
        if number % 10 < 4:
            authors.append((pair.mentees[0].person.pk, FeedbackRole.MENTEE))
        for shift, (author, role) in enumerate(authors):
            feedback.append(
                Feedback(
                    meeting=meeting,
                    author_id=author,
                    role=role,
                    usefulness=5 + (number + shift) % 6,
                    comfort=6 + (number * 3 + shift) % 5,
                    clarity=4 + (number * 7 + shift) % 7,
                    comment=COMMENTS[number % len(COMMENTS)] if number % 5 == 0 else "",
                    recorded_by_id=meeting.recorded_by_id,
                )
            )
    _bulk(MeetingAttendance, attendance)
    _bulk(Feedback, feedback)
    ctx.add("attendance", len(attendance))
    ctx.add("feedback", len(feedback))

    _surveys(ctx, seed, program_list, pairs, curator_of)


def _answers(rng: random.Random, questions: list[tuple[int, str, list[str], bool]]) -> list[Answer]:
    answers = []
    for question_id, kind, options, required in questions:
        if kind == QuestionKind.SCALE:
            answers.append(Answer(question_id=question_id, number=rng.randint(5, 10)))
        elif kind == QuestionKind.SINGLE and options:
            answers.append(
                Answer(question_id=question_id, choices=[options[rng.randrange(min(2, len(options)))]])
            )
        elif kind == QuestionKind.MULTIPLE and options:
            answers.append(Answer(question_id=question_id, choices=[rng.choice(options)]))
        elif kind == QuestionKind.TEXT and (required or rng.random() < 0.3):
            answers.append(Answer(question_id=question_id, text=rng.choice(COMMENTS)))
    return answers


def _surveys(
    ctx: _Context,
    seed: int,
    programs: Sequence[Program],
    pairs: Sequence[_Pair],
    curator_of: dict[int, int],
) -> None:
    """Per program: the stage 1 questionnaires of its form for mentors and mentees (II quarter), the
    entry questionnaire for mentees and the exit one for the mentees of completed pairs."""
    year = ctx.year
    by_program: dict[int, list[_Pair]] = {}
    for pair in pairs:
        by_program.setdefault(pair.mentorship.program_id, []).append(pair)
    plan: list[
        tuple[
            SurveyRound, str, list[tuple[int, str, int, str]], list[tuple[int, str, list[str], bool]], float
        ]
    ] = []
    for program in programs:
        members = by_program.get(program.pk, [])
        form = program.form.code
        rounds = [
            (f"stage1-{form}-mentor", SurveyAudience.MENTOR, datetime.date(year, 5, 12), 0.35, None),
            (f"stage1-{form}-mentee", SurveyAudience.MENTEE, datetime.date(year, 5, 12), 0.3, None),
            ("entry-mentee", SurveyAudience.MENTEE, datetime.date(year, 2, 1), 0.25, None),
            (
                "exit-mentee",
                SurveyAudience.MENTEE,
                datetime.date(year, 12, 1),
                0.5,
                MentorshipStatus.COMPLETED,
            ),
        ]
        for code, audience, opens, share, only in rounds:
            if code not in ctx.questionnaires or opens > ctx.cutoff:
                continue
            questionnaire_id, questions = ctx.questionnaires[code]
            invited: list[tuple[int, str, int, str]] = []
            for pair in members:
                mentorship = pair.mentorship
                if only is not None and mentorship.status != only:
                    continue
                if mentorship.started_on > opens + datetime.timedelta(days=14) and only is None:
                    continue
                people = (
                    [(pair.mentor_person, pair.mentor_key)]
                    if audience == SurveyAudience.MENTOR
                    else [(mentee.person.pk, mentee.person.external_id) for mentee in pair.mentees]
                )
                invited.extend((person, audience, mentorship.pk, key) for person, key in people)
            if not invited:
                continue
            plan.append(
                (
                    SurveyRound(
                        program=program,
                        questionnaire_id=questionnaire_id,
                        kind=RoundKind.MANUAL,
                        opens_on=opens,
                        closes_on=opens + datetime.timedelta(days=14),
                        created_by_id=curator_of[program.organization_id],
                    ),
                    code,
                    invited,
                    questions,
                    share,
                )
            )
    rounds = _bulk(SurveyRound, [entry[0] for entry in plan])
    ctx.add("survey_rounds", len(rounds))
    invitations, responses, answer_sets = [], [], []
    for survey_round, code, invited, questions, share in plan:
        seen: set[int] = set()
        for person, role, mentorship_id, key in invited:
            if person in seen:
                continue  # one invitation per round and person (a mentor of several pairs answers once)
            seen.add(person)
            invitations.append(
                SurveyInvitation(round=survey_round, person_id=person, role=role, mentorship_id=mentorship_id)
            )
            rng = _rng(f"{seed}:answer:{survey_round.opens_on}:{code}:{key}")
            if rng.random() >= share:
                continue
            responses.append(
                SurveyResponse(
                    round=survey_round,
                    person_id=person,
                    role=role,
                    mentorship_id=mentorship_id,
                    submitted_at=_at(survey_round.opens_on + datetime.timedelta(days=rng.randint(0, 13)), 17),
                    recorded_by_id=curator_of[survey_round.program.organization_id],
                    entered_by_staff=True,
                )
            )
            answer_sets.append(_answers(rng, questions))
    _bulk(SurveyInvitation, invitations)
    responses = _bulk(SurveyResponse, responses)
    answers = []
    for response, answer_set in zip(responses, answer_sets, strict=True):
        for answer in answer_set:
            answer.response = response
            answers.append(answer)
    _bulk(Answer, answers)
    ctx.add("survey_invitations", len(invitations))
    ctx.add("survey_responses", len(responses))
    ctx.add("answers", len(answers))


# --- roadmaps ----------------------------------------------------------------------------------------


def _roadmaps(
    ctx: _Context,
    seed: int,
    organizations: Sequence[tuple[Organization, int, int]],
) -> None:
    """A roadmap for every department (approved) and organization (every state of the workflow), made
    from the shipped 2021 template the way roadmap_create makes it. `organizations` holds
    (organization, writer's user id, the department admin's user id)."""
    template = RoadmapTemplate.objects.filter(code=ROADMAP_TEMPLATE).first()
    if template is None:
        return
    year = ctx.year
    template_items = list(
        TemplateItem.objects.filter(section__template=template)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )
    prepared = []
    for item in template_items:
        checkpoints = checkpoints_for(item.deadline_rule, template_year=template.year, year=year)
        prepared.append((item, checkpoints))

    def falls_to(item: TemplateItem, kind: str) -> bool:
        return kind == OrganizationKind.DEPARTMENT or kind in (item.organization_kinds or [])

    roadmaps, states = [], []
    schools_seen = 0
    for number, (organization, writer_id, admin_id) in enumerate(organizations):
        state: str
        if organization.kind == OrganizationKind.DEPARTMENT:
            state = RoadmapStatus.APPROVED
        else:
            state = ROADMAP_STATES[schools_seen % len(ROADMAP_STATES)]
            schools_seen += 1
        if not state:
            continue
        approved = state == RoadmapStatus.APPROVED
        roadmaps.append(
            Roadmap(
                template=template,
                organization=organization,
                year=year,
                title="Дорожная карта внедрения целевой модели наставничества на "
                f"{year} год — {organization.short_name}",
                status=state,
                remarks=RETURN_REMARKS if state == RoadmapStatus.RETURNED else "",
                order_number=f"{10 + number}-од" if approved else "",
                order_date=datetime.date(year, 1, 20) + datetime.timedelta(days=number % 30)
                if approved
                else None,
            )
        )
        states.append((state, writer_id, admin_id))
    roadmaps = _bulk(Roadmap, roadmaps)
    ctx.add("roadmaps", len(roadmaps))
    for value in RoadmapStatus.values:
        ctx.add(f"roadmaps_{value}", sum(1 for r in roadmaps if r.status == value))
    transitions = []
    steps: dict[str, list[tuple[str, str, str]]] = {
        RoadmapStatus.DRAFT: [],
        RoadmapStatus.SUBMITTED: [("draft", "submitted", "writer")],
        RoadmapStatus.RETURNED: [("draft", "submitted", "writer"), ("submitted", "returned", "admin")],
        RoadmapStatus.ENDORSED: [("draft", "submitted", "writer"), ("submitted", "endorsed", "admin")],
        RoadmapStatus.APPROVED: [
            ("draft", "submitted", "writer"),
            ("submitted", "endorsed", "admin"),
            ("endorsed", "approved", "writer"),
        ],
    }
    for roadmap, (state, writer_id, admin_id) in zip(roadmaps, states, strict=True):
        path = steps[state]
        if roadmap.organization.kind == OrganizationKind.DEPARTMENT:
            path = [("draft", "approved", "admin")]
        for before, after, who in path:
            transitions.append(
                RoadmapTransition(
                    roadmap=roadmap,
                    from_status=before,
                    to_status=after,
                    by_id=writer_id if who == "writer" else admin_id,
                    remarks=RETURN_REMARKS if after == RoadmapStatus.RETURNED else "",
                )
            )
    _bulk(RoadmapTransition, transitions)
    chunk_items: list[RoadmapItem] = []
    chunk_checkpoints: list[list[tuple[str, datetime.date]]] = []

    def flush() -> None:
        created = _bulk(RoadmapItem, chunk_items)
        rows = []
        for item, checkpoints in zip(created, chunk_checkpoints, strict=True):
            if len(checkpoints) > 1:
                for label, day in checkpoints:
                    done = item.roadmap.status == RoadmapStatus.APPROVED and day < ctx.cutoff
                    rows.append(
                        ItemCheckpoint(
                            item=item,
                            label=label,
                            due_date=day,
                            status=ItemStatus.DONE if done else ItemStatus.NOT_STARTED,
                            done_on=day if done else None,
                        )
                    )
        _bulk(ItemCheckpoint, rows)
        ctx.add("roadmap_items", len(created))
        chunk_items.clear()
        chunk_checkpoints.clear()

    for roadmap in roadmaps:
        position = 0
        for template_item, checkpoints in prepared:
            if not falls_to(template_item, roadmap.organization.kind):
                continue
            position += 1
            due = checkpoints[-1][1] if checkpoints else None
            # an approved roadmap's past items are mostly done; every third is left overdue
            done = roadmap.status == RoadmapStatus.APPROVED and due is not None and due < ctx.cutoff
            done = done and position % 3 != 0
            chunk_items.append(
                RoadmapItem(
                    roadmap=roadmap,
                    template_item=template_item,
                    section_number=template_item.section.number,
                    section_title=template_item.section.title,
                    number=template_item.number,
                    title=template_item.title,
                    sub_points=list(template_item.sub_points or []),
                    deadline_text=template_item.deadline_text.replace(str(template.year), str(year)),
                    deadline_rule=dict(template_item.deadline_rule or {}),
                    due_date=due,
                    responsible_text=template_item.responsible_text,
                    result_text=template_item.result_text,
                    document_kind_id=template_item.document_kind_id,
                    position=position,
                    status=ItemStatus.DONE if done else ItemStatus.NOT_STARTED,
                    done_on=due if done else None,
                    evidence_link=f"https://{roadmap.organization.code}.example.ru/nastavnichestvo"
                    if done
                    else "",
                )
            )
            chunk_checkpoints.append(checkpoints)
        if len(chunk_items) >= BATCH:
            flush()
    flush()


# --- the region --------------------------------------------------------------------------------------


def _check_sizes(organizations: int, people: int, mentorships: int, municipalities: int, year: int) -> None:
    if organizations < 1:
        raise RegionError("Нужна хотя бы одна организация.")
    if not 1 <= municipalities <= organizations:
        raise RegionError("Муниципалитетов должно быть от одного до числа организаций.")
    if people < organizations * 20:
        raise RegionError("Участников должно быть не меньше 20 на организацию.")
    if not 0 <= mentorships <= people * 2 // 5:
        raise RegionError("Пар и групп может быть не больше 40 % от числа участников.")
    if not 2000 <= year <= timezone.localdate().year:
        raise RegionError("Год — от 2000 до текущего: срезы учёта снимаются за прошедшие кварталы.")


def generate_region(
    *,
    organizations: int,
    people: int,
    mentorships: int | None = None,
    municipalities: int | None = None,
    seed: int = 0,
    year: int | None = None,
    code: str = "reg",
    names: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Region:
    """Builds the region; `code` prefixes every code and login (`reg-001`, `reg-001-uo`...), `names`
    replaces the municipalities' names. Refuses to build over a region with the same code."""
    mentorships = people // 3 if mentorships is None else mentorships
    municipalities = max(1, organizations // 40) if municipalities is None else municipalities
    year = timezone.localdate().year - 1 if year is None else year
    _check_sizes(organizations, people, mentorships, municipalities, year)
    if names is not None and len(names) != municipalities:
        raise RegionError("Названий муниципалитетов должно быть столько же, сколько муниципалитетов.")
    if Municipality.objects.filter(code__startswith=f"{code}-").exists():
        raise RegionError(f"В базе уже есть сгенерированный регион с кодом «{code}»: начните с пустой базы.")
    say = progress or (lambda message: None)
    ctx = _context(year)
    with transaction.atomic():
        region = _skeleton(ctx, seed, organizations, municipalities, code, names)
    say(f"Муниципалитетов {len(region.municipalities)}, организаций {organizations}.")
    schools = list(
        Organization.objects.filter(municipality__in=region.municipalities)
        .exclude(kind=OrganizationKind.DEPARTMENT)
        .order_by("code")
    )
    curators = dict(
        Membership.objects.filter(organization__in=schools, role=Role.CURATOR).values_list(
            "organization_id", "user_id"
        )
    )
    numbering = [0]
    for start in range(0, len(schools), CHUNK):
        chunk = [
            (
                index,
                school,
                _split(people, organizations, index),
                _split(mentorships, organizations, index),
                curators[school.pk],
            )
            for index, school in enumerate(schools[start : start + CHUNK], start=start)
        ]
        with transaction.atomic():
            _build_chunk(ctx, seed, chunk, numbering)
        say(
            f"Организаций {min(start + CHUNK, len(schools))} из {len(schools)}: участников "
            f"{ctx.counts.get('people', 0)}, пар и групп {ctx.counts.get('mentorships', 0)}."
        )
    admin_of = {
        admin_municipality: admin.pk
        for admin_municipality, admin in zip(
            [m.pk for m in region.municipalities], region.admins, strict=True
        )
    }
    with transaction.atomic():
        _contingents(ctx, seed, schools, admin_of)
        departments = list(
            Organization.objects.filter(
                municipality__in=region.municipalities, kind=OrganizationKind.DEPARTMENT
            ).order_by("code")
        )
        _roadmaps(
            ctx,
            seed,
            [(d, admin_of[d.municipality_id], admin_of[d.municipality_id]) for d in departments]
            + [(s, curators[s.pk], admin_of[s.municipality_id]) for s in schools],
        )
    say(f"Дорожных карт {ctx.counts.get('roadmaps', 0)}, контингент {ctx.counts.get('contingents', 0)}.")
    for quarter in range(1, 5):
        if datetime.date(year, 3 * quarter - 2, 1) > timezone.localdate():
            continue
        for municipality in region.municipalities:
            snapshot = snapshot_take(
                municipality=municipality,
                year=year,
                quarter=quarter,
                reason=SnapshotReason.QUARTER_END,
                by=None,
            )
            ctx.add("snapshots", 1)
            ctx.add("register_entries", snapshot.entries_count)
        say(f"Срез персонифицированного учёта за {quarter} квартал {year} года снят.")
    region.counts = ctx.counts | {
        "municipalities": len(region.municipalities),
        "organizations": len(schools),
        "users": len(region.admins) + len(curators),
    }
    return region


def _skeleton(
    ctx: _Context, seed: int, organizations: int, municipalities: int, code: str, names: Sequence[str] | None
) -> Region:
    """Municipalities, their departments and administrators, the organizations and their curators."""
    made = []
    for number in range(municipalities):
        if names is not None:
            name = names[number]
        else:
            base = MUNICIPALITY_NAMES[number % len(MUNICIPALITY_NAMES)]
            lap = number // len(MUNICIPALITY_NAMES)
            name = f"{base} муниципальный округ" + (f" № {lap + 1}" if lap else "")
        made.append(Municipality(name=name, code=f"{code}-{number + 1:03d}", region=REGION_NAME))
    region_municipalities = _bulk(Municipality, made)
    departments = _bulk(
        Organization,
        [
            Organization(
                municipality=municipality,
                kind=OrganizationKind.DEPARTMENT,
                full_name=f"Управление образования: {municipality.name}",
                short_name="Управление образования",
                code=f"{municipality.code}-uo",
            )
            for municipality in region_municipalities
        ],
    )
    rows = []
    numbers = [0] * municipalities
    for index in range(organizations):
        municipality = region_municipalities[index % municipalities]
        numbers[index % municipalities] += 1
        number = numbers[index % municipalities]
        if index % 12 == 11:
            full = f"Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества № {number}»"
            short, kind = f"МБУ ДО ДДТ № {number}", OrganizationKind.SUPPLEMENTARY
        else:
            full = f"Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {number}»"
            short, kind = f"МБОУ СШ № {number}", OrganizationKind.SCHOOL
        rows.append(
            Organization(
                municipality=municipality,
                kind=kind,
                full_name=full,
                short_name=short,
                code=f"{municipality.code}-{number:04d}",
                address=f"ул. Школьная, д. {number}",
            )
        )
    schools = _bulk(Organization, rows)
    rng = _rng(f"{seed}:users")

    def user(username: str) -> User:
        last, first, patronymic, _ = _name(rng)
        return User(
            username=username,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            password=make_password(None),
        )

    admins = _bulk(User, [user(f"{department.code}") for department in departments])
    curators = _bulk(User, [user(f"{school.code}-k") for school in schools])
    started = datetime.date(ctx.year, 1, 1)
    _bulk(
        Membership,
        [
            Membership(user=admin, organization=department, role=Role.DEPARTMENT_ADMIN, started_on=started)
            for admin, department in zip(admins, departments, strict=True)
        ]
        + [
            Membership(user=curator, organization=school, role=Role.CURATOR, started_on=started)
            for curator, school in zip(curators, schools, strict=True)
        ],
    )
    return Region(municipalities=region_municipalities, admins=admins)


def _contingents(ctx: _Context, seed: int, schools: Iterable[Organization], admin_of: dict[int, int]) -> None:
    rows = []
    for index, school in enumerate(schools):
        rng = _rng(f"{seed}:contingent:{index}")
        pupils = rng.randint(300, 1200)
        teachers = rng.randint(25, 90)
        rows.append(
            Contingent(
                organization=school,
                year=ctx.year,
                pupils_10_18=pupils,
                pupils_15_18=pupils * rng.randint(25, 40) // 100,
                teachers=teachers,
                young_teachers=teachers * rng.randint(5, 20) // 100,
                entered_by_id=admin_of[school.municipality_id],
            )
        )
    _bulk(Contingent, rows)
    ctx.add("contingents", len(rows))
