"""The synthetic region of `manage.py generate_region` (issue 11). Small sizes (6 organizations, 300
people): the same code builds the region of 1 000 organizations for the benchmarks. These tests do not
use the demo district of this package's conftest."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from mentoring.demo.region import RegionError, generate_region
from mentoring.mentorships.models import (
    OPEN_STATUSES,
    Feedback,
    Meeting,
    MeetingAttendance,
    Mentorship,
    MentorshipMentee,
    MentorshipStatus,
)
from mentoring.monitoring.models import Contingent, RegisterSnapshot
from mentoring.organizations.models import Municipality, Organization
from mentoring.people.models import Consent, MenteeRequest, MentorCompetency, MentorProfile, Person
from mentoring.programs.models import ProgramStage
from mentoring.roadmaps.models import Roadmap, RoadmapStatus
from mentoring.surveys.models import Answer, SurveyResponse

SMALL = {"organizations": 6, "people": 300, "year": 2025}


def _fingerprint() -> dict:
    """What a user would compare between two regions: how many of everything, and who is who."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Municipality,
                Organization,
                Person,
                Consent,
                MentorProfile,
                MenteeRequest,
                MentorCompetency,
                Mentorship,
                MentorshipMentee,
                Meeting,
                MeetingAttendance,
                Feedback,
                SurveyResponse,
                Answer,
                Roadmap,
                RegisterSnapshot,
            )
        },
        "people": list(
            Person.objects.order_by("external_id").values_list(
                "external_id", "last_name", "first_name", "patronymic", "birth_date", "organization__code"
            )
        ),
        "mentorships": list(
            Mentorship.objects.order_by("organization__code", "order_number").values_list(
                "organization__code",
                "order_number",
                "status",
                "started_on",
                "ended_on",
                "mentor__person__external_id",
            )
        ),
        "roadmaps": list(
            Roadmap.objects.order_by("organization__code").values_list("organization__code", "status")
        ),
    }


def _fresh_run(**options) -> dict:
    """Builds a region, reads its fingerprint and rolls everything back, as if on a fresh database."""
    with transaction.atomic():
        region = generate_region(**options)
        fingerprint = _fingerprint() | {"summary": region.counts}
        transaction.set_rollback(True)
    return fingerprint


def test_the_same_seed_builds_the_same_region_and_another_seed_a_different_one(db):
    first = _fresh_run(seed=7, **SMALL)
    assert Municipality.objects.count() == 0
    second = _fresh_run(seed=7, **SMALL)
    assert first == second
    assert first["counts"]["Person"] == 300
    assert first["counts"]["Organization"] == 7  # six organizations and the department
    other = _fresh_run(seed=8, **SMALL)
    assert other["people"] != first["people"]


def test_the_region_has_pairs_in_every_status_with_consistent_counters(db):
    region = generate_region(seed=1, **SMALL)

    statuses = dict(Mentorship.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == set(MentorshipStatus.values)
    assert sum(statuses.values()) == 100  # a third of the people by default
    assert region.counts["mentorships"] == 100
    mentors = MentorProfile.objects.annotate(
        leading=Count(
            "mentorships__participants",
            filter=Q(mentorships__status__in=OPEN_STATUSES, mentorships__participants__is_active=True),
        )
    )
    assert all(mentor.active_mentees == mentor.leading <= mentor.capacity for mentor in mentors)
    assert sum(mentor.active_mentees for mentor in mentors) > 0
    # a closed pair's mentees have left it on its last day; an open pair's are in it
    assert not MentorshipMentee.objects.filter(
        ~Q(mentorship__status__in=OPEN_STATUSES), is_active=True
    ).exists()
    assert not MentorshipMentee.objects.filter(mentorship__status__in=OPEN_STATUSES, is_active=False).exists()
    assert Mentorship.objects.filter(status=MentorshipStatus.ENDED_EARLY).exclude(end_reason="").exists()


def test_the_region_has_its_people_bases_programs_meetings_and_answers(db):
    generate_region(seed=1, **SMALL)

    categories = set(Person.objects.values_list("category__code", flat=True))
    assert {"pupil", "teacher", "student", "partner_employee", "parent", "alumnus"} <= categories
    assert MenteeRequest.objects.exists()
    assert MentorCompetency.objects.exists()
    assert Consent.objects.filter(given_by="representative").exclude(representative_name="").exists()
    assert ProgramStage.objects.exists()
    held = Meeting.objects.filter(status="held")
    assert held.exists()
    assert MeetingAttendance.objects.filter(meeting__in=held).exists()
    assert Feedback.objects.filter(role="mentor").exists()
    assert Feedback.objects.filter(role="mentee").exists()
    assert Answer.objects.filter(number__isnull=False).exists()
    assert Contingent.objects.filter(year=2025).count() == 6


def test_the_region_has_four_quarters_of_register_snapshots_and_roadmaps_in_every_state(db):
    generate_region(seed=1, **SMALL)

    snapshots = RegisterSnapshot.objects.filter(year=2025).order_by("quarter")
    assert [snapshot.quarter for snapshot in snapshots] == [1, 2, 3, 4]
    assert all(snapshot.entries_count > 0 and snapshot.entries.exists() for snapshot in snapshots)
    states = set(Roadmap.objects.values_list("status", flat=True))
    assert states == set(RoadmapStatus.values)
    approved = Roadmap.objects.filter(status=RoadmapStatus.APPROVED)
    assert all(roadmap.order_number and roadmap.order_date for roadmap in approved)
    assert Roadmap.objects.filter(status=RoadmapStatus.RETURNED).exclude(remarks="").exists()


def test_the_command_prints_its_progress_and_what_it_made(db):
    out = StringIO()
    call_command(
        "generate_region",
        "--organizations=6",
        "--people=300",
        "--mentorships=60",
        "--municipalities=2",
        "--year=2025",
        stdout=out,
    )
    text = out.getvalue()
    assert "Организаций 6 из 6" in text
    assert "Срез персонифицированного учёта за 4 квартал 2025 года снят." in text
    assert "пар и групп: 60" in text
    assert Municipality.objects.count() == 2
    assert Mentorship.objects.count() == 60


def test_the_command_refuses_a_second_region_with_the_same_code(db):
    call_command("generate_region", "--organizations=6", "--people=300", "--year=2025", stdout=StringIO())
    with pytest.raises(CommandError, match="уже есть сгенерированный регион"):
        call_command("generate_region", "--organizations=6", "--people=300", "--year=2025", stdout=StringIO())
    assert Municipality.objects.count() == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--organizations=0"], "хотя бы одна организация"),
        (["--organizations=6", "--people=50"], "не меньше 20 на организацию"),
        (["--organizations=6", "--people=300", "--mentorships=200"], "не больше 40 %"),
        (["--organizations=6", "--people=300", "--municipalities=7"], "от одного до числа организаций"),
        (["--organizations=6", "--people=300", "--year=2999"], "Год — от 2000 до текущего"),
    ],
)
def test_the_command_answers_impossible_sizes_with_a_message_and_builds_nothing(db, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_region", *options, stdout=StringIO())
    assert not Municipality.objects.exists()


def test_the_command_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="нельзя создавать в рабочей базе"):
        call_command("generate_region", "--organizations=6", "--people=300", stdout=StringIO())
    assert not Municipality.objects.exists()


def test_the_builder_refuses_sizes_it_cannot_make(db):
    with pytest.raises(RegionError):
        generate_region(organizations=2, people=10)


def test_every_pairs_meetings_follow_the_fixed_sequence(db):
    """A generated pair can go on the way a real one does: its mentor records the next meeting."""
    from mentoring.mentorships.models import MeetingStatus
    from mentoring.mentorships.services import sequence_problem

    generate_region(seed=3, **SMALL)
    kinds_by_pair: dict[int, list[str]] = {}
    for pair_id, kind in (
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .order_by("mentorship_id", "starts_at")
        .values_list("mentorship_id", "kind")
    ):
        kinds_by_pair.setdefault(pair_id, []).append(kind)
    problems = {pair: sequence_problem(kinds) for pair, kinds in kinds_by_pair.items()}
    assert {pair: problem for pair, problem in problems.items() if problem} == {}
    assert any("trial" in kinds for kinds in kinds_by_pair.values())
