"""Feedback reminders: after the organization's delay, once per person and meeting, by e-mail when
there is an address and in the app always; the command is safe to run every day."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from mentoring.mentorships import services
from mentoring.mentorships.models import FeedbackReminder, MeetingKind, WorkSettings
from mentoring.mentorships.tests.factories import days_ago, hold, make_mentee, make_mentor, make_pair


@pytest.fixture
def meeting(world):
    mentor = make_mentor(world.school, user=world.mentor, email="egorova@example.ru")
    mentee = make_mentee(world.school, user=world.mentee, email="")
    pair = make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])
    return hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(3))


def test_participants_without_feedback_are_reminded_once(meeting, world, capsys):
    world.mentee.email = "kiselev@example.ru"
    world.mentee.save()
    call_command("send_feedback_reminders")
    assert FeedbackReminder.objects.count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["egorova@example.ru", "kiselev@example.ru"]
    body = mail.outbox[0].body
    assert "Встреча-знакомство" in body
    # Only the first name and the kind of meeting: no surnames, no programme, no other side.
    assert "Киселёв" not in body
    assert "Егорова" not in body
    call_command("send_feedback_reminders")
    assert FeedbackReminder.objects.count() == 2
    assert len(mail.outbox) == 2
    assert "Напоминаний: 0" in capsys.readouterr().out


def test_nobody_is_reminded_before_the_organizations_delay_or_after_giving_feedback(meeting, world):
    WorkSettings.objects.create(organization=world.school, feedback_reminder_days=5)
    call_command("send_feedback_reminders")
    assert not FeedbackReminder.objects.exists()
    WorkSettings.objects.filter(organization=world.school).update(feedback_reminder_days=2)
    services.feedback_give(
        by=world.mentor, meeting=meeting, author=meeting.mentor.person, usefulness=8, comfort=8, clarity=8
    )
    call_command("send_feedback_reminders")
    reminded = FeedbackReminder.objects.get()
    assert reminded.person.user == world.mentee


def test_a_dry_run_changes_nothing_and_names_nobody(meeting, capsys):
    call_command("send_feedback_reminders", "--dry-run")
    assert not FeedbackReminder.objects.exists()
    assert not mail.outbox
    out = capsys.readouterr().out
    assert "Напоминаний: 2" in out
    assert "Егорова" not in out


def test_the_reminder_shows_on_the_personal_page_until_feedback_is_given(meeting, world, client_for):
    call_command("send_feedback_reminders")
    page = client_for(world.mentee).get(reverse("mentorships:my")).content.decode()
    assert "Напоминание: ждём вашу оценку встреч — 1" in page
    person = meeting.attendances.get().mentee.person
    services.feedback_give(
        by=world.mentee, meeting=meeting, author=person, usefulness=9, comfort=9, clarity=9
    )
    page = client_for(world.mentee).get(reverse("mentorships:my")).content.decode()
    assert "Напоминание" not in page
