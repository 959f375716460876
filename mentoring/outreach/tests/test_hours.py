"""Mentoring hours (issue 8, item 7): only meetings held in the school year count; the organization's
page, its XLSX and the mentor's DOCX certificate."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from mentoring.common.models import PersonalDataAccess
from mentoring.mentorships.models import Meeting, MeetingKind, MeetingStatus
from mentoring.mentorships.tests.factories import make_mentee, make_mentor, make_pair, make_program
from mentoring.outreach.hours import mentor_year_breakdown, organization_mentor_hours
from mentoring.people.services import current_school_year

YEAR = current_school_year()


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 15, 0, tzinfo=timezone.get_current_timezone())


def _meeting(mentorship, when, *, status=MeetingStatus.HELD, minutes=45, kind=MeetingKind.WORK):
    return Meeting.objects.create(
        mentorship=mentorship,
        mentor=mentorship.mentor,
        kind=kind,
        status=status,
        starts_at=when,
        duration_minutes=minutes,
        recorded_by=mentorship.created_by,
    )


def _mentor_with_meetings(world):
    """world.mentor's profile: a pair and a group in two programs; 3 held meetings this school year
    (45 + 60 + 90 minutes), plus a cancelled, a planned and last year's held one that do not count."""
    mentor = make_mentor(
        world.school,
        user=world.mentor,
        capacity=4,
        last_name="Соколова",
        first_name="Анна",
        patronymic="Игоревна",
    )
    pair = make_pair(
        world.school, by=world.curator, mentor=mentor, program=make_program(world.school, title="Шаг вперёд")
    )
    group = make_pair(
        world.school,
        by=world.curator,
        mentor=mentor,
        program=make_program(world.school, title="Вместе"),
        mentees=[make_mentee(world.school), make_mentee(world.school)],
    )
    _meeting(pair, _at(YEAR, 9, 1), kind=MeetingKind.INTRO)
    _meeting(pair, _at(YEAR + 1, 8, 31), minutes=60)
    _meeting(group, _at(YEAR, 12, 10), minutes=90)
    _meeting(pair, _at(YEAR, 10, 5), status=MeetingStatus.CANCELLED, minutes=120)
    _meeting(group, _at(YEAR, 11, 5), status=MeetingStatus.PLANNED, minutes=120)
    _meeting(pair, _at(YEAR, 8, 31), minutes=300)  # the last day of the previous school year
    return mentor


def test_only_meetings_held_in_the_school_year_count(world):
    mentor = _mentor_with_meetings(world)
    other = make_mentor(world.school)
    rows = {row.mentor.pk: row for row in organization_mentor_hours(organization=world.school, year=YEAR)}
    assert (rows[mentor.pk].meetings, rows[mentor.pk].minutes, rows[mentor.pk].hours) == (
        3,
        195,
        Decimal("3.25"),
    )
    assert (rows[other.pk].meetings, rows[other.pk].hours) == (0, Decimal("0"))
    last = {row.mentor.pk: row for row in organization_mentor_hours(organization=world.school, year=YEAR - 1)}
    assert (last[mentor.pk].meetings, last[mentor.pk].minutes) == (1, 300)

    work = mentor_year_breakdown(mentor=mentor, year=YEAR)
    assert (work.pairs, work.groups, work.mentees, work.meetings, work.minutes) == (1, 1, 3, 3, 195)
    assert {(p.title, p.pairs, p.groups, p.mentees, p.meetings, p.minutes) for p in work.programs} == {
        ("Шаг вперёд", 1, 0, 1, 2, 105),
        ("Вместе", 0, 1, 2, 1, 90),
    }


def test_the_xlsx_has_the_figures_and_is_logged(world, client_for):
    mentor = _mentor_with_meetings(world)
    response = client_for(world.head).get(
        reverse("outreach:hours_export", kwargs={"pk": world.school.pk}), {"year": YEAR}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    line = next(row for row in values if row[0] == mentor.person.full_name)
    assert line[2:4] == [3, 3.25]
    assert PersonalDataAccess.objects.filter(
        user=world.head, object_type="mentoring_hours", organization=world.school
    ).exists()


def test_the_certificate_names_the_mentor_and_the_hours(world, client_for):
    mentor = _mentor_with_meetings(world)
    response = client_for(world.mentor).get(
        reverse("outreach:hours_certificate", kwargs={"pk": mentor.pk}), {"year": YEAR}
    )
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Соколова Анна Игоревна" in text
    assert "часов наставничества — 3,25" in text
    assert f"{YEAR}/{YEAR + 1}" in text
    assert "Шаг вперёд" in cells
    assert "1,75" in cells
    assert PersonalDataAccess.objects.filter(
        user=world.mentor, object_type="mentoring_hours_certificate", object_id=mentor.pk
    ).exists()


def test_outsiders_get_404(world, client_for):
    mentor = _mentor_with_meetings(world)
    for user in (world.other_curator, world.foreign_curator, world.mentee):
        client = client_for(user)
        assert client.get(reverse("outreach:hours", kwargs={"pk": world.school.pk})).status_code == 404
        assert client.get(reverse("outreach:hours_export", kwargs={"pk": world.school.pk})).status_code == 404
        assert client.get(reverse("outreach:hours_certificate", kwargs={"pk": mentor.pk})).status_code == 404
    # A mentor reads the own certificate only, not the organization's list.
    assert (
        client_for(world.mentor).get(reverse("outreach:hours", kwargs={"pk": world.school.pk})).status_code
        == 404
    )


def test_the_organization_page_and_the_person_card(world, client_for, django_assert_max_num_queries):
    mentor = _mentor_with_meetings(world)
    for _ in range(5):
        make_pair(world.school, by=world.curator)
    client = client_for(world.curator)
    url = reverse("outreach:hours", kwargs={"pk": world.school.pk})
    with django_assert_max_num_queries(12):
        page = client.get(url, {"year": YEAR}).content.decode()
    assert "Соколова Анна Игоревна" in page
    assert "3,25" in page
    card = client.get(reverse("people:detail", kwargs={"pk": mentor.person_id})).content.decode()
    assert "Часы наставничества" in card
    assert "3,25" in card
    assert reverse("outreach:hours_certificate", kwargs={"pk": mentor.pk}) in card
    assert url in client.get(reverse("outreach:overview")).content.decode()
