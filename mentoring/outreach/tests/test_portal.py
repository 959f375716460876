import datetime
import re

from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mentoring.accounts.models import Membership
from mentoring.outreach import services
from mentoring.outreach.tests.factories import (
    PortalContactFactory,
    PortalSettingsFactory,
    mentor_in,
    with_logo,
)
from mentoring.people.models import Consent
from mentoring.programs.tests.factories import ProgramFactory

# Every page a visitor may open without logging in. A new entry here is a decision about personal data:
# review what the page shows before adding it.
REVIEWED_PUBLIC_PAGES = {
    "healthz",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "portal:index",
    "portal:home",
    "portal:news",
    "portal:news_detail",
    "portal:programs",
    "portal:program",
    "portal:mentors",
    "portal:contacts",
    "portal:logo",
}


def _public_views(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            # The admin has its own login; the API answers 401 to a request without a token, which
            # mentoring/api/tests/test_api_matrix.py checks for every operation.
            if entry.namespace in ("admin", "api-v1"):
                continue
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from _public_views(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            view = entry.callback
            public = (
                getattr(view, "login_required", True) is False
                or getattr(getattr(view, "view_class", None), "login_required", True) is False
            )
            if public:
                yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_the_pages_open_without_login_are_exactly_the_reviewed_public_list():
    assert set(_public_views(get_resolver().url_patterns)) == REVIEWED_PUBLIC_PAGES


def _portal(world, **fields):
    return PortalSettingsFactory(municipality=world.municipality, **fields)


def _page(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_portal_names_only_mentors_whose_valid_consent_allows_publication(world):
    _portal(world)
    shown = mentor_in(world.school, publish=True, last_name="Согласова", first_name="Анна")
    mentor_in(world.school, publish=False, last_name="Неподписанова", first_name="Вера")
    withdrawn = mentor_in(world.school, publish=True, last_name="Отозванова", first_name="Галина")
    Consent.objects.filter(person=withdrawn.person).update(
        withdrawn_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    expired = mentor_in(world.school, publish=True, last_name="Истёкова", first_name="Дина")
    Consent.objects.filter(person=expired.person).update(valid_until=datetime.date(2025, 9, 2))
    mentor_in(world.school, consent=False, last_name="Безсогласия", first_name="Ева")
    archived = mentor_in(world.other_school, publish=True, last_name="Архивова", first_name="Жанна")
    archived.person.is_archived, archived.person.archived_at = True, timezone.now()
    archived.person.save()
    mentor_in(world.foreign_school, publish=True, last_name="Чужакова", first_name="Зоя")
    page = _page(reverse("portal:mentors", kwargs={"code": world.municipality.code}))
    assert "Согласова Анна" in page
    for hidden in ("Неподписанова", "Отозванова", "Истёкова", "Безсогласия", "Архивова", "Чужакова"):
        assert hidden not in page
    assert shown.person.organization.short_name in page
    assert str(shown.person.birth_date.year) not in page
    assert "1 — столько наставников" in _page(
        reverse("portal:home", kwargs={"code": world.municipality.code})
    )


def test_the_portal_answers_not_found_until_the_department_opens_it(world):
    portal = _portal(world, is_published=False)
    url = reverse("portal:home", kwargs={"code": world.municipality.code})
    assert Client().get(url).status_code == 404
    assert "Порталы пока не открыты" in _page(reverse("portal:index"))
    services.portal_settings_save(
        by=world.department_admin,
        municipality=world.municipality,
        title=portal.title,
        intro=portal.intro,
        is_published=True,
    )
    assert portal.title in _page(url)
    assert Client().get(reverse("portal:index"))["Location"] == url


def test_curators_contacts_show_only_after_they_publish_them_and_leave_with_the_role(world):
    _portal(world)
    url = reverse("portal:contacts", kwargs={"code": world.municipality.code})
    assert world.curator.last_name not in _page(url)
    services.portal_contact_publish(
        by=world.curator,
        organization=world.school,
        position="Куратор наставничества",
        email="kurator@school.ru",
    )
    page = _page(url)
    assert world.curator.get_full_name() in page
    assert "kurator@school.ru" in page
    assert world.other_curator.last_name not in page
    membership = Membership.objects.get(user=world.curator, organization=world.school)
    membership.is_active, membership.ended_on = False, timezone.localdate()
    membership.save()
    cache.clear()  # the page is kept a minute at most: after that the ended role shows no more
    assert world.curator.last_name not in _page(url)


def test_a_curator_who_takes_the_card_down_disappears_from_the_portal_at_once(world):
    _portal(world)
    url = reverse("portal:contacts", kwargs={"code": world.municipality.code})
    card = services.portal_contact_publish(
        by=world.curator, organization=world.school, position="Куратор", phone="+7 (831) 934-20-11"
    )
    assert "934-20-11" in _page(url)
    services.portal_contact_remove(by=world.curator, contact=card)
    assert "934-20-11" not in _page(url)


def test_shared_programs_are_shown_without_their_curators_and_drafts_stay_inside(world):
    _portal(world)
    shared = ProgramFactory(
        organization=world.school,
        is_shared=True,
        status="active",
        curator=world.curator,
        title="Вместе к успеху",
    )
    ProgramFactory(organization=world.school, is_shared=False, status="active", title="Только для своих")
    ProgramFactory(organization=world.school, is_shared=True, status="draft", title="Черновик программы")
    listing = _page(reverse("portal:programs", kwargs={"code": world.municipality.code}))
    assert "Вместе к успеху" in listing
    assert "Только для своих" not in listing
    assert "Черновик программы" not in listing
    card = _page(reverse("portal:program", kwargs={"code": world.municipality.code, "pk": shared.pk}))
    assert shared.goals in card
    assert world.curator.last_name not in card


def test_news_appear_on_the_portal_as_soon_as_the_department_publishes_them(world):
    _portal(world)
    url = reverse("portal:home", kwargs={"code": world.municipality.code})
    assert "Итоги полугодия" not in _page(url)
    news = services.news_create(
        by=world.methodologist,
        municipality=world.municipality,
        title="Итоги полугодия",
        text="Работают 148 пар.",
        published_on=timezone.localdate(),
    )
    assert "Итоги полугодия" in _page(url)
    services.news_update(
        by=world.methodologist,
        news=news,
        title=news.title,
        text=news.text,
        published_on=news.published_on,
        is_published=False,
    )
    assert "Итоги полугодия" not in _page(url)
    assert (
        Client()
        .get(reverse("portal:news_detail", kwargs={"code": world.municipality.code, "pk": news.pk}))
        .status_code
        == 404
    )


def test_a_repeated_visit_is_answered_from_the_cache_or_with_not_modified(
    world, django_assert_max_num_queries
):
    _portal(world)
    for _ in range(20):
        mentor_in(world.school, publish=True)
    url = reverse("portal:mentors", kwargs={"code": world.municipality.code})
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    assert "max-age=60" in first["Cache-Control"]
    with django_assert_max_num_queries(3):
        second = client.get(url)
    assert second.content == first.content
    with django_assert_max_num_queries(3):
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_the_portal_wears_the_departments_branding_and_loads_only_our_own_files(world, client_for):
    portal = with_logo(_portal(world, primary_colour="#2a7ab0", accent_colour="#ffcc00"))
    for name in ("home", "news", "programs", "mentors", "contacts"):
        response = client_for(world.curator if name == "news" else None).get(
            reverse(f"portal:{name}", kwargs={"code": world.municipality.code})
        )
        page = response.content.decode()
        assert "--portal-primary: #2a7ab0" in page
        assert reverse("portal:logo", kwargs={"code": world.municipality.code}) in page
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        outside = [
            url for url in sources if url.startswith(("http:", "https:", "//")) and "mailto" not in url
        ]
        assert outside == [], outside
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert world.curator.username not in page  # the same page for everybody: no personal menu
    logo = Client().get(reverse("portal:logo", kwargs={"code": world.municipality.code}))
    assert logo["Content-Type"] == "image/png"
    assert portal.title in _page(reverse("portal:home", kwargs={"code": world.municipality.code}))


def test_a_contact_card_of_a_foreign_organization_never_shows(world):
    _portal(world)
    PortalContactFactory(user=world.foreign_curator, organization=world.foreign_school)
    assert world.foreign_curator.last_name not in _page(
        reverse("portal:contacts", kwargs={"code": world.municipality.code})
    )
