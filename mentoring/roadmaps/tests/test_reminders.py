import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentoring.roadmaps.models import RoadmapItem
from mentoring.roadmaps.tests.factories import make_roadmap


def test_responsible_people_are_reminded_a_week_before_and_on_the_day(world):
    roadmap = make_roadmap(world.school)
    today = timezone.localdate()
    RoadmapItem.objects.filter(roadmap=roadmap, number="1.1").update(
        due_date=today + datetime.timedelta(days=7)
    )
    call_command("send_roadmap_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([world.head.email, world.curator.email])
    assert "1.1 Разработка дорожных карт" in message.body
    assert world.other_curator.email not in message.to


def test_done_items_are_not_reminded(world):
    roadmap = make_roadmap(world.school)
    RoadmapItem.objects.filter(roadmap=roadmap, number="1.1").update(
        due_date=timezone.localdate(), status="done", done_on=timezone.localdate()
    )
    call_command("send_roadmap_reminders", stdout=StringIO())
    assert mail.outbox == []
