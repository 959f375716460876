"""The demo pairs and communities: every stage is there, mentor1's and mentee1's pages are full, and a
second load_demo run adds nothing."""

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.mentorships.models import (
    Community,
    CommunityEvent,
    Concern,
    Feedback,
    Meeting,
    MentorReplacement,
    Mentorship,
    PlanItem,
    Reflection,
)


def _snapshot() -> tuple:
    return (
        sorted(Mentorship.objects.values_list("organization__code", "status", "mentor_id")),
        Meeting.objects.count(),
        Feedback.objects.count(),
        PlanItem.objects.count(),
        Concern.objects.count(),
        Reflection.objects.count(),
        MentorReplacement.objects.count(),
        sorted(Community.objects.values_list("title", flat=True)),
        CommunityEvent.objects.count(),
    )


def test_the_demo_shows_every_stage_and_loads_twice_without_duplicates(district):
    first = _snapshot()
    statuses = {status for _, status, _ in first[0]}
    assert statuses == {"formed", "active", "completed", "ended_early"}
    assert Concern.objects.filter(is_resolved=False).exists()
    assert MentorReplacement.objects.exists()
    assert Reflection.objects.filter(kind="group").exists()
    assert Mentorship.objects.filter(status="completed", closing_event__isnull=False).exists()
    assert {c.organization_id is None for c in Community.objects.all()} == {True, False}

    for username, expected in (("mentor1", "Я наставник"), ("mentee1", "Оцените встречи")):
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("mentorships:my")).content.decode()
        assert expected in page
        assert "Ближайшие встречи" in page
        assert "Запланированных встреч нет" not in page

    call_command("load_demo", stdout=StringIO())
    assert _snapshot() == first
