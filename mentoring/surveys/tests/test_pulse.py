"""Pulse schedules: the arithmetic of the due step, the rounds made once per pair and step, the command."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from mentoring.mentorships.models import Mentorship, MentorshipStatus
from mentoring.mentorships.tests.factories import make_pair
from mentoring.surveys import services
from mentoring.surveys.models import PulseSchedule, Questionnaire, RoundKind, SurveyInvitation, SurveyRound
from mentoring.surveys.tests.factories import program_of, school_pair

pytestmark = pytest.mark.django_db


def _pulse(audience: str) -> Questionnaire:
    return Questionnaire.objects.get(code=f"pulse-{audience}", municipality__isnull=True)


@pytest.fixture
def scheduled(world):
    """A program with the persona pair, which started 40 days ago, and a schedule 30 / 60 / 14 days."""
    program = program_of(world)
    pair = school_pair(world, program=program)
    today = timezone.localdate()
    Mentorship.objects.filter(pk=pair.pk).update(
        started_on=today - datetime.timedelta(days=40), planned_end_on=today + datetime.timedelta(days=150)
    )
    pair.refresh_from_db()
    schedule = services.pulse_schedule_save(
        by=world.curator,
        program=program,
        mentee_questionnaire=_pulse("mentee"),
        mentor_questionnaire=_pulse("mentor"),
        first_after_days=30,
        every_days=60,
        answer_within_days=14,
    )
    return program, pair, schedule


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2025, 1, 30), None),
        (datetime.date(2025, 1, 31), (0, datetime.date(2025, 1, 31))),
        (datetime.date(2025, 2, 14), (0, datetime.date(2025, 1, 31))),
        (datetime.date(2025, 2, 15), None),
        (datetime.date(2025, 4, 1), (1, datetime.date(2025, 4, 1))),
        (datetime.date(2025, 5, 31), (2, datetime.date(2025, 5, 31))),
    ],
)
def test_the_due_step_is_30_days_after_the_start_then_every_60_while_answers_are_open(today, expected):
    schedule = PulseSchedule(first_after_days=30, every_days=60, answer_within_days=14)
    assert services.pulse_step_due(schedule, datetime.date(2025, 1, 1), today) == expected


def test_a_due_pair_gets_one_round_per_questionnaire_and_a_second_run_adds_nothing(world, scheduled):
    program, pair, _ = scheduled
    made = services.pulse_rounds_send()
    assert len(made) == 2
    rounds = SurveyRound.objects.filter(program=program, kind=RoundKind.PULSE)
    assert {(r.questionnaire.code, r.mentorship_id, r.pulse_step) for r in rounds} == {
        ("pulse-mentee", pair.pk, 0),
        ("pulse-mentor", pair.pk, 0),
    }
    started = pair.started_on
    assert {(r.opens_on, r.closes_on) for r in rounds} == {
        (started + datetime.timedelta(days=30), started + datetime.timedelta(days=44))
    }
    invited = SurveyInvitation.objects.filter(round__in=rounds)
    assert sorted(invited.values_list("person__user__username", "role")) == [
        ("mentee1", "mentee"),
        ("mentor1", "mentor"),
    ]
    assert len(mail.outbox) == 2
    assert services.pulse_rounds_send() == []
    assert SurveyRound.objects.filter(kind=RoundKind.PULSE).count() == 2
    assert len(mail.outbox) == 2


def test_the_participant_sees_the_pulse_questionnaire_on_the_personal_page(world, scheduled, client_for):
    services.pulse_rounds_send()
    page = client_for(world.mentee).get("/profile/").content.decode()
    assert "Мои анкеты" in page
    assert "Короткий опрос наставляемого" in page


def test_a_dry_run_lists_the_due_rounds_and_creates_nothing(world, scheduled):
    made = services.pulse_rounds_send(dry_run=True)
    assert len(made) == 2
    assert made[0].invitees == 1
    assert not SurveyRound.objects.exists()
    assert not mail.outbox


def test_closed_pairs_and_switched_off_schedules_get_nothing(world, scheduled):
    _program, pair, schedule = scheduled
    schedule.is_active = False
    schedule.save()
    assert services.pulse_rounds_send() == []
    schedule.is_active = True
    schedule.save()
    Mentorship.objects.filter(pk=pair.pk).update(
        status=MentorshipStatus.COMPLETED, ended_on=timezone.localdate()
    )
    assert services.pulse_rounds_send() == []


def test_the_next_step_goes_out_sixty_days_later(world, scheduled):
    _, pair, _ = scheduled
    services.pulse_rounds_send()
    later = pair.started_on + datetime.timedelta(days=92)
    made = services.pulse_rounds_send(today=later)
    assert {(p.step, p.opens_on) for p in made} == {(1, pair.started_on + datetime.timedelta(days=90))}
    assert SurveyRound.objects.filter(kind=RoundKind.PULSE).count() == 4


def test_a_newer_pair_waits_for_its_own_first_step(world, scheduled):
    program, _, _ = scheduled
    fresh = make_pair(world.school, by=world.curator, program=program, started_on=timezone.localdate())
    services.pulse_rounds_send()
    assert not SurveyRound.objects.filter(mentorship=fresh).exists()


def test_the_command_runs_for_a_given_date_and_says_what_it_did(world, scheduled):
    _, pair, _ = scheduled
    out = StringIO()
    call_command("send_pulse_surveys", "--dry-run", stdout=out)
    assert "Было бы создано коротких опросов: 2, приглашений: 2." in out.getvalue()
    assert not SurveyRound.objects.exists()
    out = StringIO()
    day = (pair.started_on + datetime.timedelta(days=31)).isoformat()
    call_command("send_pulse_surveys", "--date", day, stdout=out)
    assert "Создано коротких опросов: 2" in out.getvalue()
    out = StringIO()
    call_command("send_pulse_surveys", "--date", day, stdout=out)
    assert "Создано коротких опросов: 0, приглашений: 0." in out.getvalue()
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("send_pulse_surveys", "--date", "31.12.2025")


def test_a_schedule_is_set_by_the_school_with_sensible_numbers(world):
    program = program_of(world)
    fields = {
        "mentee_questionnaire": _pulse("mentee"),
        "mentor_questionnaire": None,
        "first_after_days": 30,
        "every_days": 60,
        "answer_within_days": 14,
    }
    with pytest.raises(PermissionDenied):
        services.pulse_schedule_save(by=world.department_admin, program=program, **fields)
    with pytest.raises(ValidationError, match="Выберите анкету"):
        services.pulse_schedule_save(
            by=world.curator, program=program, **{**fields, "mentee_questionnaire": None}
        )
    with pytest.raises(ValidationError, match="дольше промежутка"):
        services.pulse_schedule_save(
            by=world.curator, program=program, **{**fields, "answer_within_days": 90}
        )
    with pytest.raises(ValidationError, match="для этих участников"):
        services.pulse_schedule_save(
            by=world.curator, program=program, **{**fields, "mentee_questionnaire": _pulse("mentor")}
        )
    with pytest.raises(ValidationError):
        services.pulse_schedule_save(by=world.curator, program=program, **{**fields, "every_days": 3})
    assert not PulseSchedule.objects.exists()
    schedule = services.pulse_schedule_save(by=world.curator, program=program, **fields)
    again = services.pulse_schedule_save(by=world.curator, program=program, **{**fields, "every_days": 45})
    assert again.pk == schedule.pk
    assert again.every_days == 45
