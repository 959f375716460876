"""The records the API tests read and write: the school's pupil (the mentee persona's record), a pair
of the mentor and mentee personas with a held and a planned meeting, a roadmap and a register
snapshot of the municipality."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from mentoring.common.tests.personas import World
from mentoring.mentorships import services as mentorship_services
from mentoring.mentorships.models import Meeting, MeetingKind, Mentorship
from mentoring.mentorships.tests.factories import (
    days_ago,
    hold,
    make_mentee,
    make_mentor,
    make_pair,
    meeting_fields,
)
from mentoring.people.models import Person
from mentoring.programs.models import Program
from mentoring.roadmaps.models import Roadmap
from mentoring.roadmaps.tests.factories import make_roadmap


@dataclass
class Records:
    pupil: Person
    program: Program
    pair: Mentorship
    held: Meeting
    planned: Meeting
    roadmap: Roadmap
    year: int
    quarter: int


def build_records(world: World) -> Records:
    mentor = make_mentor(world.school, user=world.mentor, last_name="Егорова", first_name="Анна")
    mentee = make_mentee(world.school, user=world.mentee, last_name="Киселёв", first_name="Павел")
    pair = make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])
    held = hold(pair, MeetingKind.INTRO, by=world.curator, when=days_ago(20))
    planned = mentorship_services.meeting_save(
        by=world.curator, mentorship=pair, **meeting_fields(MeetingKind.TRIAL, days_ago(5))
    )
    roadmap = make_roadmap(world.school, year=timezone.localdate().year)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    from mentoring.monitoring.services import snapshot_take

    snapshot_take(
        municipality=world.municipality, year=today.year, quarter=quarter, reason="on_demand", by=None
    )
    return Records(
        pupil=mentee.person,
        program=pair.program,
        pair=pair,
        held=held,
        planned=planned,
        roadmap=roadmap,
        year=today.year,
        quarter=quarter,
    )
