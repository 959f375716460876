"""The demo district's outreach. Loading the district takes seconds, so it is loaded in one test that
checks everything that needs it (whatever the number of test workers, it runs once)."""

from __future__ import annotations

import datetime
import re
from collections import deque
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.organizations.models import Municipality
from mentoring.outreach.models import (
    Award,
    CampaignEntry,
    ContestEntry,
    ContestResult,
    Enrolment,
    EnrolmentStatus,
    InformationLetter,
    InformationResource,
    LetterReceipt,
    LetterStatus,
    NewsItem,
    PortalContact,
    RecognitionEvent,
    Training,
)
from mentoring.outreach.selectors import portal_contacts, portal_mentors
from mentoring.people.models import Person


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            InformationLetter,
            LetterReceipt,
            InformationResource,
            CampaignEntry,
            NewsItem,
            PortalContact,
            Training,
            Enrolment,
            ContestEntry,
            RecognitionEvent,
            Award,
        )
    }


def _crawl(start: str) -> dict[str, str]:
    """Every portal page reachable from `start` by its own links, as an anonymous visitor sees it."""
    client = Client()
    pages: dict[str, str] = {}
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        content = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
        pages[url] = content
        for link in re.findall(r'href="([^"#]+)"', content):
            link = link.replace("&amp;", "&")
            if link.startswith("?"):
                link = url.split("?")[0] + link
            if link.startswith("/portal/") and link not in pages:
                queue.append(link)
    return pages


def _names(person_or_user) -> set[str]:
    last, first = person_or_user.last_name, person_or_user.first_name
    return {f"{last} {first}", f"{first} {last}"}


def _assert_the_portal_names_nobody_who_has_not_agreed(municipality: Municipality) -> None:
    pages = _crawl(reverse("portal:index"))
    assert len(pages) >= 8
    text = "\n".join(pages.values())
    shown = {mentor.person_id for mentor in portal_mentors(municipality.pk, timezone.localdate())}
    published_users = {card.user_id for card in portal_contacts(municipality.pk)}
    allowed: set[str] = set()
    for person in Person.objects.filter(pk__in=shown):
        allowed |= _names(person)
    for user in User.objects.filter(pk__in=published_users):
        allowed |= _names(user)
    hidden_people = Person.objects.filter(municipality=municipality).exclude(pk__in=shown)
    hidden_users = User.objects.filter(memberships__organization__municipality=municipality).exclude(
        pk__in=published_users
    )
    leaks = sorted(
        name
        for record in [*hidden_people, *hidden_users]
        for name in _names(record) - allowed
        if name in text
    )
    assert leaks == []
    # Most of the district did not agree (the check has teeth), and those who did are on the portal.
    assert hidden_people.count() > 100
    assert published_users
    for person in Person.objects.filter(pk__in=shown)[:3]:
        assert f"{person.last_name} {person.first_name}" in text


def _assert_every_outreach_page_has_something_to_show(municipality: Municipality) -> None:
    letters = InformationLetter.objects.filter(municipality=municipality)
    assert letters.filter(status=LetterStatus.DRAFT).exists()
    assert letters.filter(status=LetterStatus.SENT).count() >= 4
    receipts = LetterReceipt.objects.filter(letter__municipality=municipality)
    assert receipts.filter(read_at__isnull=True).exists()
    assert receipts.filter(read_at__isnull=False).exists()
    entries = CampaignEntry.objects.filter(organization__municipality=municipality)
    assert entries.values("organization").distinct().count() >= 10
    assert entries.filter(date__lt=timezone.localdate() - datetime.timedelta(days=200)).exists()
    enrolments = Enrolment.objects.filter(training__municipality=municipality)
    assert enrolments.filter(status=EnrolmentStatus.COMPLETED).exclude(certificate="").exists()
    assert enrolments.filter(status=EnrolmentStatus.NOT_COMPLETED).exists()
    assert ContestEntry.objects.filter(result=ContestResult.WINNER).exists()
    assert Award.objects.filter(event__isnull=False).exists()
    assert NewsItem.objects.filter(municipality=municipality).count() >= 5
    client = Client()
    client.force_login(User.objects.get(username="uo"))
    for name in ("outreach:overview", "outreach:letter_list", "outreach:campaign", "outreach:training_list"):
        assert client.get(reverse(name)).status_code == 200


def test_the_demo_portal_names_nobody_who_has_not_agreed_and_a_second_load_adds_nothing(district):
    cache.clear()  # the portal keeps rendered pages in the cache: an earlier test's page must not answer
    municipality = Municipality.objects.get(code="brz")
    _assert_the_portal_names_nobody_who_has_not_agreed(municipality)
    _assert_every_outreach_page_has_something_to_show(municipality)
    before = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == before
