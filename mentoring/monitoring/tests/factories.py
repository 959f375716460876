"""Builders for the register and indicator tests, and the small hand-made district whose every figure is
known in advance (see `build_district`)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from mentoring.accounts.models import User
from mentoring.common.tests.personas import World
from mentoring.mentorships.models import Mentorship, MentorshipMentee, MentorshipStatus
from mentoring.monitoring import services
from mentoring.monitoring.models import (
    Contingent,
    Indicator,
    IndicatorTarget,
    RegisterSnapshot,
    SnapshotReason,
)
from mentoring.organizations.models import Municipality, Organization, OrganizationKind, PartnerKind
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.partners.models import Agreement
from mentoring.people.models import MenteeProfile, MentorProfile, Person, PersonCategory
from mentoring.people.tests.factories import PersonFactory
from mentoring.programs.models import Program
from mentoring.programs.tests.factories import ProgramFactory, default_form

YEAR = 2025
Q3_AS_OF = datetime.date(2025, 9, 30)
Q4_AS_OF = datetime.date(2025, 12, 31)
JOINED = datetime.date(2025, 9, 1)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, valid_from=datetime.date(2020, 1, 1))


def person(organization: Organization, category: str = PersonCategory.PUPIL, **fields: object) -> Person:
    fields.setdefault("birth_date", datetime.date(2012, 5, 17))
    if category != PersonCategory.PUPIL:
        fields.setdefault("grade", None)
        fields.setdefault("class_letter", "")
        fields.setdefault("class_year", None)
    return PersonFactory(
        organization=organization, category=PersonCategory.objects.get(code=category), **fields
    )


def mentor_of(someone: Person) -> MentorProfile:
    return MentorProfile.objects.get_or_create(person=someone, defaults={"capacity": 3, "joined_on": JOINED})[
        0
    ]


def mentee_of(someone: Person) -> MenteeProfile:
    return MenteeProfile.objects.get_or_create(person=someone, defaults={"joined_on": JOINED})[0]


def program(organization: Organization, form: str = "pupil-pupil", **fields: object) -> Program:
    fields.setdefault("starts_on", datetime.date(2025, 9, 1))
    fields.setdefault("ends_on", datetime.date(2026, 5, 31))
    return ProgramFactory(organization=organization, form=default_form(form), status="active", **fields)


def mentorship(
    in_program: Program,
    mentor: Person,
    mentees: Sequence[Person | tuple[Person, datetime.date, datetime.date | None]],
    *,
    started_on: datetime.date = JOINED,
    ended_on: datetime.date | None = None,
) -> Mentorship:
    """A pair or group written directly (dates in the past, no checks of the forming services)."""
    status = MentorshipStatus.ACTIVE if ended_on is None else MentorshipStatus.COMPLETED
    made = Mentorship.objects.create(
        program=in_program,
        organization=in_program.organization,
        mentor=mentor_of(mentor),
        status=status,
        started_on=started_on,
        planned_end_on=max(in_program.ends_on, started_on),
        ended_on=ended_on,
    )
    for item in mentees:
        someone, joined, left = item if isinstance(item, tuple) else (item, started_on, ended_on)
        MentorshipMentee.objects.create(
            mentorship=made,
            mentee=mentee_of(someone),
            program=in_program,
            joined_on=joined,
            left_on=left,
            is_active=left is None,
        )
    return made


def contingent(organization: Organization, by: User, year: int = YEAR, *counts: int) -> Contingent:
    pupils, older, teachers, young = counts or (20, 8, 10, 4)
    return Contingent.objects.create(
        organization=organization,
        year=year,
        pupils_10_18=pupils,
        pupils_15_18=older,
        teachers=teachers,
        young_teachers=young,
        entered_by=by,
    )


def target(
    code: str,
    value: str,
    *,
    municipality: Municipality,
    by: User,
    organization: Organization | None = None,
    year: int = YEAR,
) -> IndicatorTarget:
    return IndicatorTarget.objects.create(
        indicator=indicator(code),
        municipality=municipality,
        organization=organization,
        year=year,
        value=Decimal(value),
        set_by=by,
    )


def take(
    municipality: Municipality, year: int = YEAR, quarter: int = 4, **kwargs: object
) -> RegisterSnapshot:
    kwargs.setdefault("reason", SnapshotReason.QUARTER_END)
    kwargs.setdefault("by", None)
    return services.snapshot_take(municipality=municipality, year=year, quarter=quarter, **kwargs)  # type: ignore[arg-type]


def agreement(organization: Organization, partner: Organization, by: User, number: str = "1") -> Agreement:
    return Agreement.objects.create(
        organization=organization,
        partner=partner,
        number=number,
        signed_on=datetime.date(2025, 1, 10),
        valid_from=datetime.date(2025, 1, 10),
        subject="Наставничество работников партнёра над обучающимися.",
        created_by=by,
    )


@dataclass
class District:
    """world.municipality made into a district whose figures for the 4th quarter of 2025 are known:

    School A (world.school): contingent 20 / 8 / 10 / 4, agreements with partners P1 and P2.
      a1, pupil, 15 on 31.12.2025 — mentor in two programs (counts once in indicator 2);
      a2, pupil, born 15.11.2015 — turns 10 within the quarter (9 on 30.09, 10 on 31.12), mentee;
      a3, pupil, 12 — mentee in two programs (counts once in indicator 1);
      a4, pupil, 9 — mentee, too young for indicator 1;
      a5, pupil, 13 — left her pair on 15.09.2025, before the quarter: not in its snapshot;
      a6, pupil, 14 — mentee of e1, an employee of partner P1 («работодатель – ученик»);
      t1, teacher, 2 years of experience — mentee of t2, a teacher with 20 years (indicators 3 and 7).
    School B (world.other_school): contingent 10 / 5 / 5 / 1. b1, pupil, 16 — mentor of b2, pupil, 11.
    ДО C: contingent not entered unless `complete=True` (then 10 / 2 / 5 / 0).
    Partners: P1 (world.partner) supplies e1; P2 supplies nobody.

    Municipality, 4th quarter: (1) 4 / 40 = 10.0 %; (2) 2 / 15 = 13.3 %; (3) 1 / 5 = 20.0 %;
    (4) 1 / 2 = 50.0 %; (7) 1 / 20 = 5.0 %. School A: (1) 3 / 20 = 15.0 %; (2) 1 / 8 = 12.5 %;
    (3) 1 / 4 = 25.0 %; (4) 1 / 2 = 50.0 %; (7) 1 / 10 = 10.0 %.
    """

    world: World
    school_a: Organization
    school_b: Organization
    do_c: Organization
    partner_1: Organization
    partner_2: Organization
    people: dict[str, Person]
    programs: dict[str, Program]
    mentorships: dict[str, Mentorship]


def build_district(world: World, *, complete: bool = False) -> District:
    by = world.department_admin
    school_a, school_b, partner_1 = world.school, world.other_school, world.partner
    do_c = OrganizationFactory(
        municipality=world.municipality,
        kind=OrganizationKind.SUPPLEMENTARY,
        short_name="МБУ ДО «Дом творчества»",
        code="sech-do-1",
    )
    partner_2 = OrganizationFactory(
        municipality=world.municipality,
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.UNIVERSITY,
        short_name="Сеченовский колледж",
        code="sech-partner-2",
    )
    agreement(school_a, partner_1, by, "1")
    agreement(school_a, partner_2, by, "2")
    people = {
        "a1": person(school_a, birth_date=datetime.date(2010, 6, 1), last_name="Андреева", grade=9),
        "a2": person(school_a, birth_date=datetime.date(2015, 11, 15), last_name="Борисов", grade=4),
        "a3": person(school_a, birth_date=datetime.date(2013, 3, 1), last_name="Васильева", grade=6),
        "a4": person(school_a, birth_date=datetime.date(2016, 2, 1), last_name="Григорьев", grade=3),
        "a5": person(school_a, birth_date=datetime.date(2012, 1, 10), last_name="Данилова", grade=7),
        "a6": person(school_a, birth_date=datetime.date(2011, 4, 4), last_name="Егоров", grade=8),
        "t1": person(
            school_a,
            PersonCategory.TEACHER,
            birth_date=datetime.date(2000, 1, 1),
            experience_years=2,
            last_name="Жукова",
        ),
        "t2": person(
            school_a,
            PersonCategory.TEACHER,
            birth_date=datetime.date(1975, 1, 1),
            experience_years=20,
            last_name="Зимин",
        ),
        "e1": person(
            partner_1,
            PersonCategory.PARTNER_EMPLOYEE,
            birth_date=datetime.date(1985, 1, 1),
            last_name="Ковалёв",
        ),
        "b1": person(school_b, birth_date=datetime.date(2009, 7, 7), last_name="Лебедев", grade=10),
        "b2": person(school_b, birth_date=datetime.date(2014, 8, 8), last_name="Максимова", grade=5),
    }
    programs = {
        "A1": program(school_a, title="Успеваем вместе"),
        "A2": program(school_a, title="Школа лидеров"),
        "AT": program(school_a, "teacher-teacher", title="Молодой учитель"),
        "AE": program(school_a, "employer-pupil", title="Профессия рядом"),
        "B1": program(school_b, title="Равный равному"),
    }
    p = people
    mentorships = {
        "A1": mentorship(
            programs["A1"],
            p["a1"],
            [p["a2"], p["a3"], (p["a5"], JOINED, datetime.date(2025, 9, 15))],
        ),
        "A2": mentorship(programs["A2"], p["a1"], [p["a3"], p["a4"]]),
        "AT": mentorship(programs["AT"], p["t2"], [p["t1"]]),
        "AE": mentorship(programs["AE"], p["e1"], [p["a6"]]),
        "B1": mentorship(programs["B1"], p["b1"], [p["b2"]]),
    }
    contingent(school_a, by, YEAR, 20, 8, 10, 4)
    contingent(school_b, by, YEAR, 10, 5, 5, 1)
    if complete:
        contingent(do_c, by, YEAR, 10, 2, 5, 0)
    return District(
        world=world,
        school_a=school_a,
        school_b=school_b,
        do_c=do_c,
        partner_1=partner_1,
        partner_2=partner_2,
        people=people,
        programs=programs,
        mentorships=mentorships,
    )
