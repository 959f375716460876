"""The personal register: what a snapshot holds, that it never changes, corrections, quarters."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.accounts.models import Role
from mentoring.mentorships.models import MentorReplacement, MentorshipStatus
from mentoring.monitoring import services
from mentoring.monitoring.indicators import indicator_values
from mentoring.monitoring.models import RegisterEntry, RegisterRole, RegisterSnapshot, SnapshotReason
from mentoring.monitoring.register import current_snapshot, previous_quarter, quarter_bounds, quarter_of
from mentoring.monitoring.tests.factories import (
    Q4_AS_OF,
    YEAR,
    build_district,
    mentor_of,
    person,
    take,
)
from mentoring.people.models import PersonCategory

pytestmark = pytest.mark.django_db


def rows(snapshot: RegisterSnapshot) -> list[tuple]:
    return sorted(
        snapshot.entries.values_list(
            "person__last_name",
            "role",
            "organization_id",
            "person_organization_id",
            "program_id",
            "form__code",
            "mentorship_id",
            "category__code",
            "age",
            "is_young_specialist",
        )
    )


@pytest.mark.parametrize(
    ("year", "quarter", "start", "end"),
    [
        (2025, 1, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),
        (2024, 1, datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
        (2025, 2, datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)),
        (2025, 3, datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)),
        (2025, 4, datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
    ],
)
def test_quarters_have_their_calendar_bounds(year, quarter, start, end):
    assert quarter_bounds(year, quarter) == (start, end)
    assert quarter_of(start) == (year, quarter)
    assert quarter_of(end) == (year, quarter)


def test_the_quarter_before_the_first_is_the_last_of_the_year_before():
    assert previous_quarter(2026, 1) == (2025, 4)
    assert previous_quarter(2026, 3) == (2026, 2)


def test_a_snapshot_lists_everybody_taking_part_in_the_quarter_with_role_and_age_on_its_date(world):
    district = build_district(world)
    snapshot = take(world.municipality, quarter=4)
    assert snapshot.as_of == Q4_AS_OF
    assert snapshot.entries_count == snapshot.entries.count() == 12
    people = district.people
    a1 = snapshot.entries.filter(person=people["a1"])
    assert a1.count() == 2  # a mentor in two programs: one row per mentorship
    assert set(a1.values_list("role", "age")) == {(RegisterRole.MENTOR, 15)}
    assert not snapshot.entries.filter(person=people["a5"]).exists()  # left before the quarter
    e1 = snapshot.entries.get(person=people["e1"])
    assert (e1.organization, e1.person_organization) == (district.school_a, district.partner_1)
    assert e1.form.code == "employer-pupil"
    assert e1.category.code == PersonCategory.PARTNER_EMPLOYEE
    young = snapshot.entries.get(person=people["t1"])
    assert (young.role, young.is_young_specialist) == (RegisterRole.MENTEE, True)
    assert snapshot.entries.get(person=people["t2"]).is_young_specialist is False
    assert snapshot.entries.get(person=people["a2"]).age == 10


def test_a_snapshot_is_unchanged_by_later_edits_of_people_and_mentorships(world):
    district = build_district(world, complete=True)
    snapshot = take(world.municipality, quarter=4)
    before = rows(snapshot)
    pupil = district.people["a3"]
    pupil.birth_date = datetime.date(2005, 1, 1)
    pupil.organization = district.school_b
    pupil.category = PersonCategory.objects.get(code=PersonCategory.ALUMNUS)
    pupil.save()
    pair = district.mentorships["B1"]
    pair.status = MentorshipStatus.ENDED_EARLY
    pair.ended_on = datetime.date(2025, 9, 20)
    pair.end_reason = "Переезд семьи."
    pair.save()
    pair.participants.update(is_active=False, left_on=datetime.date(2025, 9, 20))
    snapshot.refresh_from_db()
    assert rows(snapshot) == before
    assert snapshot.entries_count == len(before)


def test_a_correction_is_a_new_snapshot_and_the_newest_of_the_quarter_counts(world):
    district = build_district(world, complete=True)
    first = take(world.municipality, quarter=4)
    assert indicator_values(municipality=world.municipality, year=YEAR, quarter=4)[0].actual == Decimal(
        "10.0"
    )
    # The curator finds that b2's pair had ended in September and corrects the dates.
    pair = district.mentorships["B1"]
    pair.status = MentorshipStatus.COMPLETED
    pair.ended_on = datetime.date(2025, 9, 20)
    pair.save()
    pair.participants.update(is_active=False, left_on=datetime.date(2025, 9, 20))
    correction = take(
        world.municipality,
        quarter=4,
        reason=SnapshotReason.CORRECTION,
        by=world.department_admin,
        note="Исправлены даты пары Сеченовской школы № 2",
    )
    assert correction.pk != first.pk
    assert current_snapshot(world.municipality, YEAR, 4) == correction
    assert first.entries.filter(person=district.people["b2"]).exists()
    assert not correction.entries.filter(person=district.people["b2"]).exists()
    value = indicator_values(municipality=world.municipality, year=YEAR, quarter=4)[0]
    assert (value.snapshot, value.numerator, value.actual) == (correction, 3, Decimal("7.5"))
    assert correction.taken_by == world.department_admin


def test_snapshots_and_their_entries_refuse_to_change_or_disappear(world):
    build_district(world)
    snapshot = take(world.municipality, quarter=4)
    entry = snapshot.entries.first()
    assert entry is not None
    entry.age = 99
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        RegisterEntry.objects.filter(snapshot=snapshot).update(age=1)
    with pytest.raises(PermissionError):
        RegisterEntry.objects.filter(snapshot=snapshot).delete()
    snapshot.note = "переписано"
    with pytest.raises(PermissionError):
        snapshot.save()
    with pytest.raises(PermissionError):
        snapshot.delete()
    with pytest.raises(PermissionError):
        RegisterSnapshot.objects.filter(pk=snapshot.pk).update(note="x")
    assert RegisterEntry.objects.get(pk=entry.pk).age != 99


def test_a_replaced_mentor_is_in_the_quarters_they_led_the_pair(world):
    district = build_district(world)
    pair = district.mentorships["B1"]
    old = pair.mentor
    new = mentor_of(person(district.school_b, birth_date=datetime.date(2008, 3, 3), last_name="Новиков"))
    MentorReplacement.objects.create(
        mentorship=pair,
        old_mentor=old,
        new_mentor=new,
        requested_by="mentee",
        reason="Не сложилось общение.",
        replaced_on=datetime.date(2025, 11, 1),
        recorded_by=world.curator,
    )
    pair.mentor = new
    pair.save()
    q3 = take(world.municipality, quarter=3)
    q4 = take(world.municipality, quarter=4)
    mentors = lambda snapshot: set(  # noqa: E731
        snapshot.entries.filter(mentorship=pair, role=RegisterRole.MENTOR).values_list(
            "person__last_name", flat=True
        )
    )
    assert mentors(q3) == {"Лебедев"}
    assert mentors(q4) == {"Лебедев", "Новиков"}


def test_a_snapshot_of_the_running_quarter_is_taken_on_today(world):
    build_district(world)
    year, quarter = quarter_of(timezone.localdate())
    snapshot = take(
        world.municipality,
        year=year,
        quarter=quarter,
        reason=SnapshotReason.ON_DEMAND,
        by=world.methodologist,
    )
    assert snapshot.as_of == timezone.localdate()
    assert snapshot.reason == SnapshotReason.ON_DEMAND


def test_a_quarter_that_has_not_begun_cannot_be_taken(world):
    year, _ = quarter_of(timezone.localdate())
    with pytest.raises(ValidationError) as raised:
        take(world.municipality, year=year + 1, quarter=1)
    assert "ещё не начался" in str(raised.value)
    assert not RegisterSnapshot.objects.exists()


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_a_quarter_outside_one_to_four_is_refused(world, quarter):
    with pytest.raises(ValidationError):
        take(world.municipality, quarter=quarter)


def test_only_the_department_takes_snapshots_on_demand(world):
    for user in (world.head, world.curator, world.foreign_department_admin):
        with pytest.raises(PermissionDenied):
            take(world.municipality, reason=SnapshotReason.ON_DEMAND, by=user)
    assert not RegisterSnapshot.objects.exists()
    assert world.methodologist.memberships.get().role == Role.METHODOLOGIST
    take(world.municipality, reason=SnapshotReason.ON_DEMAND, by=world.methodologist)


def test_a_hostile_note_is_refused_and_nothing_is_taken(world):
    with pytest.raises(ValidationError):
        take(world.municipality, reason=SnapshotReason.ON_DEMAND, by=world.department_admin, note="x" * 501)
    assert not RegisterSnapshot.objects.exists()


def test_the_quarter_end_snapshot_is_taken_only_once(world):
    build_district(world)
    first = services.snapshot_take_if_missing(municipality=world.municipality, year=YEAR, quarter=4)
    second = services.snapshot_take_if_missing(municipality=world.municipality, year=YEAR, quarter=4)
    assert first is not None
    assert first.reason == SnapshotReason.QUARTER_END
    assert first.taken_by is None
    assert second is None
    assert RegisterSnapshot.objects.count() == 1
