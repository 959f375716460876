"""Concurrent requests on PostgreSQL: the mentor's row lock and the database constraints let exactly one
of many simultaneous requests take the last free place or the mentee's one place in a program.

SQLite runs one writer at a time, so there is nothing to race there: these tests are for PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mentoring.common.tests.reference import reference_data  # noqa: F401 - a fixture used by name
from mentoring.mentorships import services
from mentoring.mentorships.models import MentorshipMentee
from mentoring.mentorships.tests.factories import make_mentee, make_mentor, make_pair, make_program
from mentoring.people.models import MentorProfile

THREADS = 8

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="гонки проверяются только на PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def _race(jobs: list[Callable[[], object]]) -> tuple[int, list[str]]:
    """Starts every job at once, each in its own thread with its own connection; returns the number
    of successes and the refusals' messages."""
    barrier = threading.Barrier(len(jobs))
    successes: list[object] = []
    refusals: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            result = job()
            with lock:
                successes.append(result)
        except ValidationError as error:
            with lock:
                refusals.append(" ".join(error.messages))
        except BaseException as error:
            with lock:
                unexpected.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not unexpected, unexpected
    return len(successes), refusals


def test_many_curators_adding_mentees_to_a_mentor_with_one_free_place_give_one_success(world):
    program = make_program(world.school, max_group_size=10)
    mentor = make_mentor(world.school, capacity=2)
    group = make_pair(world.school, by=world.curator, mentor=mentor, program=program)
    candidates = [make_mentee(world.school) for _ in range(THREADS)]

    def add(mentee):
        return lambda: services.mentorship_add_mentee(mentorship=group, mentee=mentee, by=world.curator)

    successes, refusals = _race([add(mentee) for mentee in candidates])

    assert successes == 1
    assert len(refusals) == THREADS - 1
    assert all("свободно мест: 0" in message for message in refusals), refusals
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 2
    assert MentorshipMentee.objects.filter(mentorship=group, is_active=True).count() == 2


def test_many_pairs_formed_at_once_with_a_mentor_with_one_free_place_give_one_success(world):
    program = make_program(world.school)
    mentor = make_mentor(world.school, capacity=1)
    candidates = [make_mentee(world.school) for _ in range(THREADS)]

    def form(mentee):
        return lambda: services.mentorship_create(
            program=program, mentor=mentor, mentees=[mentee], by=world.curator
        )

    successes, refusals = _race([form(mentee) for mentee in candidates])

    assert successes == 1
    assert len(refusals) == THREADS - 1
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1
    assert MentorshipMentee.objects.filter(program=program, is_active=True).count() == 1


def test_one_mentee_placed_by_many_curators_at_once_gets_one_place_in_the_program(world):
    program = make_program(world.school)
    mentee = make_mentee(world.school)
    mentors = [make_mentor(world.school, capacity=1) for _ in range(THREADS)]

    def form(mentor):
        return lambda: services.mentorship_create(
            program=program, mentor=mentor, mentees=[mentee], by=world.curator
        )

    successes, refusals = _race([form(mentor) for mentor in mentors])

    assert successes == 1
    assert all("уже состоит в паре или группе" in message for message in refusals), refusals
    assert MentorshipMentee.objects.filter(mentee=mentee, is_active=True).count() == 1
    # The refused requests gave their mentors' places back with their rolled-back transactions.
    assert (
        sum(
            MentorProfile.objects.filter(pk__in=[m.pk for m in mentors]).values_list(
                "active_mentees", flat=True
            )
        )
        == 1
    )
