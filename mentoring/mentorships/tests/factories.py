"""Builders of mentorships for tests: pupils who may form a pair in a «ученик – ученик» program, pairs
formed through the services, meetings walked through the required order."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.mentorships import services
from mentoring.mentorships.models import Meeting, MeetingKind, Mentorship
from mentoring.organizations.models import Organization
from mentoring.people.models import MenteeProfile, MenteeSubtype, MentorProfile, Person
from mentoring.people.tests.factories import ConsentFactory, PersonFactory
from mentoring.programs.models import Program
from mentoring.programs.tests.factories import ProgramFactory, default_form

SEQUENCE = [MeetingKind.INTRO, MeetingKind.TRIAL, MeetingKind.PLANNING, MeetingKind.WORK, MeetingKind.FINAL]


def make_program(organization: Organization, **fields: Any) -> Program:
    fields.setdefault("max_group_size", 3)
    fields.setdefault("form", default_form("pupil-pupil"))
    return ProgramFactory(organization=organization, **fields)


def make_mentor(
    organization: Organization, *, user: User | None = None, capacity: int = 2, **person: Any
) -> MentorProfile:
    """A 10th-grader with a consent who may mentor in «ученик – ученик»."""
    person.setdefault("grade", 10)
    pupil = PersonFactory(organization=organization, user=user, **person)
    ConsentFactory(person=pupil)
    mentor = MentorProfile.objects.create(
        person=pupil, capacity=capacity, joined_on=datetime.date(2025, 9, 1)
    )
    mentor.forms.set([default_form("pupil-pupil")])
    return mentor


def make_mentee(organization: Organization, *, user: User | None = None, **person: Any) -> MenteeProfile:
    """A 7th-grader with a consent, «неуспевающий»."""
    pupil = PersonFactory(organization=organization, user=user, **person)
    ConsentFactory(person=pupil)
    return MenteeProfile.objects.create(
        person=pupil,
        joined_on=datetime.date(2025, 9, 1),
        subtype=MenteeSubtype.objects.get(name="Неуспевающий"),
    )


def make_pair(
    organization: Organization,
    *,
    by: User,
    mentor: MentorProfile | None = None,
    mentees: Sequence[MenteeProfile] | None = None,
    program: Program | None = None,
    started_on: datetime.date | None = None,
) -> Mentorship:
    program = program or make_program(organization)
    mentor = mentor or make_mentor(organization)
    mentees = list(mentees) if mentees is not None else [make_mentee(organization)]
    return services.mentorship_create(
        program=program,
        mentor=mentor,
        mentees=mentees,
        by=by,
        started_on=started_on or timezone.localdate() - datetime.timedelta(days=60),
    )


def days_ago(days: float, hour: int = 15) -> datetime.datetime:
    moment = timezone.localtime() - datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def meeting_fields(kind: str, when: datetime.datetime, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "starts_at": when,
        "duration_minutes": 45,
        "is_online": False,
        "place": "кабинет 12",
        "link": "",
        "topic": extra.pop("topic", "Знакомимся и договариваемся"),
        "notes": extra.pop("notes", ""),
        **extra,
    }


def hold(
    mentorship: Mentorship,
    kind: str,
    *,
    by: User,
    when: datetime.datetime,
    attended: Sequence[MenteeProfile] | None = None,
) -> Meeting:
    """Records a held meeting with every active mentee present unless told otherwise."""
    if attended is None:
        attended = [place.mentee for place in mentorship.participants.filter(is_active=True)]
    return services.meeting_save(
        by=by, mentorship=mentorship, held=True, attended=attended, **meeting_fields(kind, when)
    )


def walk(
    mentorship: Mentorship, kinds: Sequence[str], *, by: User, first_days_ago: int = 50
) -> list[Meeting]:
    """Holds the meetings in the given order, a week apart."""
    return [
        hold(mentorship, kind, by=by, when=days_ago(first_days_ago - 7 * index))
        for index, kind in enumerate(kinds)
    ]


def give_all_feedback(meeting: Meeting, *, by: User, rating: int = 8) -> None:
    """Every expected author's feedback, entered by `by` (a curator enters it on behalf)."""
    for expected in services.feedback_expected_from(meeting):
        if meeting.feedback.filter(author=expected.person).exists():
            continue
        services.feedback_give(
            by=by, meeting=meeting, author=expected.person, usefulness=rating, comfort=rating, clarity=rating
        )


def person_for(user: User, organization: Organization, **fields: Any) -> Person:
    return Person.objects.filter(user=user).first() or PersonFactory(
        organization=organization, user=user, **fields
    )
