"""The personal register (roadmap 5.1): quarters, and who took part in mentoring in a municipality
during a quarter.

A snapshot lists every person whose participation overlaps the quarter (up to its `as_of` day):

- the mentor of every pair or group of the municipality that was formed, worked, was completed or was
  ended early during the quarter — and, where the mentor was replaced, each mentor for the part of the
  time they led it;
- every mentee by their place in the pair or group, from `joined_on` to `left_on`.

Each row keeps what the person was on the `as_of` day: age (from the birth date), category, own
organization, «young specialist» (a teacher with at most 3 years of experience, or — when the experience
is not entered — a mentee of the sub-type «Молодой специалист»). The rows are computed here in memory
from a handful of queries (values only, no model instances) so that a region-sized register fits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from mentoring.mentorships.models import MentorReplacement, Mentorship, MentorshipMentee
from mentoring.monitoring.models import RegisterRole, RegisterSnapshot
from mentoring.organizations.models import Municipality
from mentoring.people.models import YOUNG_SPECIALIST_MAX_YEARS, MentorProfile, PersonCategory

QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV"}
YOUNG_SPECIALIST_SUBTYPE = "Молодой специалист"
CHUNK = 2000


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a quarter."""
    if quarter not in QUARTERS:
        raise ValueError(f"Квартал должен быть от 1 до 4, а не {quarter}.")
    first_month = 3 * (quarter - 1) + 1
    start = datetime.date(year, first_month, 1)
    if quarter == 4:
        end = datetime.date(year, 12, 31)
    else:
        end = datetime.date(year, first_month + 3, 1) - datetime.timedelta(days=1)
    return start, end


def quarter_of(day: datetime.date) -> tuple[int, int]:
    """The (year, quarter) a day belongs to."""
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def quarter_label(year: int, quarter: int) -> str:
    return f"{QUARTER_LABELS[quarter]} квартал {year} г."


def snapshot_as_of(year: int, quarter: int, today: datetime.date) -> datetime.date:
    """The day a snapshot is taken on: the quarter's last day, or today inside a running quarter."""
    _, end = quarter_bounds(year, quarter)
    return min(end, today)


def current_snapshot(municipality: Municipality, year: int, quarter: int) -> RegisterSnapshot | None:
    """The snapshot that counts for a quarter: the newest one taken (a correction replaces earlier ones)."""
    return (
        RegisterSnapshot.objects.filter(municipality=municipality, year=year, quarter=quarter)
        .order_by("-taken_at", "-id")
        .first()
    )


def latest_snapshot_of_year(municipality: Municipality, year: int) -> RegisterSnapshot | None:
    """The snapshot that counts for a whole year: the newest one of the year's latest quarter taken."""
    return (
        RegisterSnapshot.objects.filter(municipality=municipality, year=year)
        .order_by("-quarter", "-taken_at", "-id")
        .first()
    )


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One row of a snapshot before it is written: ids and the values on the `as_of` day."""

    person_id: int
    role: str
    organization_id: int
    person_organization_id: int | None
    program_id: int
    form_id: int
    mentorship_id: int
    category_id: int
    age: int | None
    is_young_specialist: bool


def _overlaps(
    start: datetime.date, end: datetime.date | None, first: datetime.date, last: datetime.date
) -> bool:
    return start <= last and (end is None or end >= first)


def _mentor_periods(
    mentorship_ids: list[int],
) -> dict[int, list[tuple[int, datetime.date]]]:
    """For replaced mentors: mentorship id -> [(old mentor id, replaced on)] in order of replacement."""
    periods: dict[int, list[tuple[int, datetime.date]]] = {}
    for offset in range(0, len(mentorship_ids), CHUNK):
        rows = (
            MentorReplacement.objects.filter(mentorship_id__in=mentorship_ids[offset : offset + CHUNK])
            .order_by("mentorship_id", "replaced_on", "id")
            .values_list("mentorship_id", "old_mentor_id", "replaced_on")
        )
        for mentorship_id, old_mentor_id, replaced_on in rows:
            periods.setdefault(mentorship_id, []).append((old_mentor_id, replaced_on))
    return periods


def register_rows(
    *, municipality: Municipality, year: int, quarter: int, as_of: datetime.date
) -> Iterator[EntryRow]:
    """Every person taking part in the municipality's mentoring during the quarter up to `as_of`, once per
    role and mentorship. A few queries whatever the size: mentorships, replacements, mentees' places."""
    first, _ = quarter_bounds(year, quarter)
    last = as_of
    teacher_id = (
        PersonCategory.objects.filter(code=PersonCategory.TEACHER).values_list("pk", flat=True).first()
    )
    overlapping = Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    mentorships = list(
        Mentorship.objects.filter(overlapping, organization__municipality=municipality)
        .order_by("id")
        .values_list(
            "id", "organization_id", "program_id", "program__form_id", "mentor_id", "started_on", "ended_on"
        )
    )
    replaced = _mentor_periods([row[0] for row in mentorships])
    # mentor profile id -> the mentor's person values, for current and replaced mentors alike
    mentor_ids = {row[4] for row in mentorships} | {
        old for periods in replaced.values() for old, _ in periods
    }
    people = _mentor_people(sorted(mentor_ids))

    def person_row(values: tuple, role: str, mentorship: tuple, young_subtype: bool = False) -> EntryRow:
        person_id, organization_id, category_id, birth_date, experience = values
        young = experience <= YOUNG_SPECIALIST_MAX_YEARS if experience is not None else young_subtype
        return EntryRow(
            person_id=person_id,
            role=role,
            organization_id=mentorship[1],
            person_organization_id=organization_id,
            program_id=mentorship[2],
            form_id=mentorship[3],
            mentorship_id=mentorship[0],
            category_id=category_id,
            age=age_on(birth_date, as_of),
            is_young_specialist=bool(young and category_id == teacher_id),
        )

    for mentorship in mentorships:
        mentorship_id, _, _, _, mentor_id, started_on, ended_on = mentorship
        period_start = started_on
        for old_mentor_id, replaced_on in replaced.get(mentorship_id, []):
            if _overlaps(period_start, replaced_on, first, last) and old_mentor_id in people:
                yield person_row(people[old_mentor_id], RegisterRole.MENTOR, mentorship)
            period_start = replaced_on
        if _overlaps(period_start, ended_on, first, last) and mentor_id in people:
            yield person_row(people[mentor_id], RegisterRole.MENTOR, mentorship)

    places = (
        MentorshipMentee.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=first),
            Q(mentorship__ended_on__isnull=True) | Q(mentorship__ended_on__gte=first),
            joined_on__lte=last,
            mentorship__organization__municipality=municipality,
        )
        .order_by("id")
        .values_list(
            "mentorship_id",
            "mentorship__organization_id",
            "mentorship__program_id",
            "mentorship__program__form_id",
            "mentee__person_id",
            "mentee__person__organization_id",
            "mentee__person__category_id",
            "mentee__person__birth_date",
            "mentee__person__experience_years",
            "mentee__subtype__name",
        )
    )
    for row in places.iterator(chunk_size=CHUNK):
        yield person_row(
            (row[4], row[5], row[6], row[7], row[8]),
            RegisterRole.MENTEE,
            (row[0], row[1], row[2], row[3]),
            young_subtype=row[9] == YOUNG_SPECIALIST_SUBTYPE,
        )


def _mentor_people(mentor_ids: list[int]) -> dict[int, tuple]:
    people: dict[int, tuple] = {}
    for offset in range(0, len(mentor_ids), CHUNK):
        rows = MentorProfile.objects.filter(pk__in=mentor_ids[offset : offset + CHUNK]).values_list(
            "id",
            "person_id",
            "person__organization_id",
            "person__category_id",
            "person__birth_date",
            "person__experience_years",
        )
        for mentor_id, *values in rows:
            people[mentor_id] = tuple(values)
    return people
