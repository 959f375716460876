"""A small pupil–pupil program with mentees and mentors ready for matching."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from mentoring.common.tests.personas import World
from mentoring.people.models import MenteeProfile, MentorProfile, PersonCategory, Subject
from mentoring.people.tests.factories import (
    ConsentFactory,
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorCompetencyFactory,
    MentorProfileFactory,
    PersonFactory,
    support_area,
)
from mentoring.programs.models import Program, ProgramStatus
from mentoring.programs.tests.factories import ProgramFactory, default_form


def school_year() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def pupil(world: World, *, grade: int, organization: object = None, consent: bool = True, **fields: object):
    person = PersonFactory(
        organization=organization or world.school, grade=grade, class_year=school_year(), **fields
    )
    if consent:
        ConsentFactory(person=person)
    return person


def mentee(
    world: World, *, grade: int = 6, requests: tuple[tuple[str, str | None], ...] = (), **fields: object
):
    profile = MenteeProfileFactory(person=pupil(world, grade=grade, **fields))
    for area, subject in requests:
        MenteeRequestFactory(
            mentee=profile,
            area=support_area(area),
            subject=Subject.objects.get(name=subject) if subject else None,
            school_year=school_year(),
        )
    return profile


def mentor(
    world: World,
    *,
    grade: int = 10,
    capacity: int = 1,
    competencies: tuple[tuple[str, str | None], ...] = (),
    program: Program | None = None,
    availability: str = "",
    **fields: object,
) -> MentorProfile:
    profile = MentorProfileFactory(
        person=pupil(world, grade=grade, **fields), capacity=capacity, availability=availability
    )
    profile.forms.set([program.form if program else default_form()])
    for area, subject in competencies:
        MentorCompetencyFactory(
            mentor=profile,
            area=support_area(area),
            subject=Subject.objects.get(name=subject) if subject else None,
        )
    return profile


@dataclass
class Setup:
    program: Program
    mentees: list[MenteeProfile] = field(default_factory=list)
    mentors: list[MentorProfile] = field(default_factory=list)


def pupil_program(world: World, **fields: object) -> Program:
    today = timezone.localdate()
    values: dict[str, object] = {
        "organization": world.school,
        "status": ProgramStatus.ACTIVE,
        "form_chosen_on": today - datetime.timedelta(days=3),
        "starts_on": today - datetime.timedelta(days=10),
        "ends_on": today + datetime.timedelta(days=200),
        "curator": world.curator,
        "max_group_size": 3,
    }
    values.update(fields)
    program = ProgramFactory(**values)
    program.form.refresh_from_db()
    return program


MATH = ("Результаты по предмету", "Математика")
RUSSIAN = ("Подготовка к ОГЭ/ЕГЭ", "Русский язык")


def small_setup(world: World) -> Setup:
    """Three mentees, two mentors: Math-mentor (capacity 2) and Russian-mentor (capacity 1)."""
    program = pupil_program(world)
    setup = Setup(program=program)
    setup.mentors = [
        mentor(world, grade=10, capacity=2, competencies=(MATH,), last_name="Математиков"),
        mentor(world, grade=9, capacity=1, competencies=(RUSSIAN,), last_name="Русинова"),
    ]
    setup.mentees = [
        mentee(world, grade=6, requests=(MATH,), last_name="Аникин"),
        mentee(world, grade=5, requests=(RUSSIAN,), last_name="Борисова"),
        mentee(world, grade=7, requests=(MATH, RUSSIAN), last_name="Васильев"),
    ]
    return setup


def pupil_category() -> PersonCategory:
    return PersonCategory.objects.get(code=PersonCategory.PUPIL)
