"""Mentoring hours (issue 8, item 7): how many meetings each mentor held in a school year (1 September –
31 August) and how long they lasted, for the organization's incentive payments and the teachers'
attestation. Only held meetings count; the database sums them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Aggregate, Count, Q, Sum
from django.utils import timezone

from mentoring.mentorships.models import Meeting, MeetingStatus, MentorshipMentee
from mentoring.organizations.models import Organization
from mentoring.people.models import MentorProfile
from mentoring.people.services import current_school_year

# How many school years back the selector offers.
YEARS_OFFERED = 5


def school_year_label(year: int) -> str:
    return f"{year}/{year + 1}"


def school_year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """From 1 September of `year` (inclusive) to 1 September of the next year (exclusive), local time."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 9, 1, tzinfo=zone),
        datetime.datetime(year + 1, 9, 1, tzinfo=zone),
    )


def school_years_offered(today: datetime.date | None = None) -> list[int]:
    current = current_school_year(today)
    return [current - back for back in range(YEARS_OFFERED)]


def chosen_school_year(value: str | None, today: datetime.date | None = None) -> int:
    """The year asked for in the query string when it is one of those offered, else the current one."""
    offered = school_years_offered(today)
    try:
        year = int(value or "")
    except ValueError:
        return offered[0]
    return year if year in offered else offered[0]


def to_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_hours(hours: Decimal) -> str:
    """1.50 -> «1,5», 2.00 -> «2»: as Russian documents write it."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _held_in(year: int) -> Q:
    start, end = school_year_range(year)
    return Q(status=MeetingStatus.HELD, starts_at__gte=start, starts_at__lt=end)


@dataclass(frozen=True)
class MentorHours:
    mentor: MentorProfile
    meetings: int
    minutes: int

    @property
    def hours(self) -> Decimal:
        return to_hours(self.minutes)


def organization_mentor_hours(*, organization: Organization, year: int) -> list[MentorHours]:
    """Every mentor of the organization (people of it with a mentor profile; archived ones only when
    they held meetings in the year) with the meetings held in the school year and their minutes:
    two queries."""
    totals = {
        row["mentor_id"]: (row["meetings"], row["minutes"] or 0)
        for row in Meeting.objects.filter(_held_in(year), mentor__person__organization=organization)
        .values("mentor_id")
        .annotate(meetings=Count("id"), minutes=Sum("duration_minutes"))
        .order_by()
    }
    mentors = (
        MentorProfile.objects.filter(person__organization=organization)
        .filter(Q(person__is_archived=False) | Q(pk__in=list(totals)))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__patronymic", "pk")
    )
    return [
        MentorHours(
            mentor=mentor, meetings=totals.get(mentor.pk, (0, 0))[0], minutes=totals.get(mentor.pk, (0, 0))[1]
        )
        for mentor in mentors
    ]


def mentor_year_hours(*, mentor: MentorProfile, years: list[int]) -> dict[int, tuple[int, int]]:
    """Meetings held and minutes of one mentor in each of the given school years: one query."""
    aggregates: dict[str, Aggregate] = {}
    for year in years:
        aggregates[f"meetings_{year}"] = Count("id", filter=_held_in(year))
        aggregates[f"minutes_{year}"] = Sum("duration_minutes", filter=_held_in(year))
    row = Meeting.objects.filter(mentor=mentor).aggregate(**aggregates)
    return {year: (row[f"meetings_{year}"] or 0, row[f"minutes_{year}"] or 0) for year in years}


@dataclass
class ProgramWork:
    title: str
    pairs: int = 0
    groups: int = 0
    mentees: int = 0
    meetings: int = 0
    minutes: int = 0

    @property
    def hours(self) -> Decimal:
        return to_hours(self.minutes)


@dataclass
class MentorYear:
    year: int
    programs: list[ProgramWork] = field(default_factory=list)
    # Mentees counted once even when they were in several of the mentor's pairs and groups.
    mentees: int = 0

    @property
    def label(self) -> str:
        return school_year_label(self.year)

    @property
    def pairs(self) -> int:
        return sum(p.pairs for p in self.programs)

    @property
    def groups(self) -> int:
        return sum(p.groups for p in self.programs)

    @property
    def meetings(self) -> int:
        return sum(p.meetings for p in self.programs)

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.programs)

    @property
    def hours(self) -> Decimal:
        return to_hours(self.minutes)


def mentor_year_breakdown(*, mentor: MentorProfile, year: int) -> MentorYear:
    """One mentor's work in the school year by program: the pairs and groups in which they held
    meetings (a pair has one mentee, a group more), their mentees, the meetings and hours. Two
    queries."""
    per_mentorship = list(
        Meeting.objects.filter(_held_in(year), mentor=mentor)
        .values("mentorship_id", "mentorship__program_id", "mentorship__program__title")
        .annotate(meetings=Count("id"), minutes=Sum("duration_minutes"))
        .order_by("mentorship__program__title", "mentorship_id")
    )
    mentorship_ids = [row["mentorship_id"] for row in per_mentorship]
    places = list(
        MentorshipMentee.objects.filter(mentorship_id__in=mentorship_ids)
        .values_list("mentorship_id", "mentee_id")
        .distinct()
    )
    mentees_of: dict[int, set[int]] = {}
    for mentorship_id, mentee_id in places:
        mentees_of.setdefault(mentorship_id, set()).add(mentee_id)
    programs: dict[int, ProgramWork] = {}
    program_mentees: dict[int, set[int]] = {}
    for row in per_mentorship:
        program_id = row["mentorship__program_id"]
        work = programs.setdefault(program_id, ProgramWork(title=row["mentorship__program__title"]))
        mentees = mentees_of.get(row["mentorship_id"], set())
        if len(mentees) > 1:
            work.groups += 1
        else:
            work.pairs += 1
        program_mentees.setdefault(program_id, set()).update(mentees)
        work.meetings += row["meetings"]
        work.minutes += row["minutes"] or 0
    for program_id, work in programs.items():
        work.mentees = len(program_mentees[program_id])
    return MentorYear(
        year=year,
        programs=list(programs.values()),
        mentees=len({mentee for mentees in program_mentees.values() for mentee in mentees}),
    )
