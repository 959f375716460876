"""The public portal of a municipality (no login): what the target model is, news and events, shared
programs, contacts of curators and the mentors who agreed to be named, in the department's branding.

Pages are rendered without the request's user (they are the same for everybody), kept in the cache for
a short time (mentoring.outreach.portal_cache) and answered with an ETag, so a repeated visit costs a
cache look-up or a «304 Not Modified».
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET

from mentoring.common.pagination import paginate
from mentoring.outreach.models import PortalSettings
from mentoring.outreach.portal_cache import PAGE_TIMEOUT_SECONDS, page_key
from mentoring.outreach.selectors import (
    portal_by_code,
    portal_contacts,
    portal_events,
    portal_mentors,
    portal_news,
    portal_programs,
    published_portals,
)
from mentoring.programs.models import Program

NEWS_PER_PAGE = 10
PROGRAMS_PER_PAGE = 20
MENTORS_PER_PAGE = 60


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _cached_page(
    request: HttpRequest,
    portal: PortalSettings,
    name: str,
    build: Callable[[], dict[str, Any]],
    template: str,
) -> HttpResponse:
    """The page from the cache, or rendered (without the visitor's session) and kept for a short time."""
    key = page_key(portal.municipality_id, name)
    content: str | None = cache.get(key)
    if content is None:
        context = {"portal": portal, "intro_paragraphs": _paragraphs(portal.intro), **build()}
        content = render_to_string(template, context)
        cache.set(key, content, PAGE_TIMEOUT_SECONDS)
    etag = f'"{hashlib.sha256(content.encode()).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(content)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PAGE_TIMEOUT_SECONDS)
    return response


@login_not_required
@require_GET
def portal_index(request: HttpRequest) -> HttpResponse:
    portals = list(published_portals())
    if len(portals) == 1:
        return redirect("portal:home", code=portals[0].municipality.code)
    return render(request, "outreach/portal/index.html", {"portals": portals})


@login_not_required
@require_GET
def portal_home(request: HttpRequest, code: str) -> HttpResponse:
    portal = portal_by_code(code)
    municipality_id = portal.municipality_id

    def build() -> dict[str, Any]:
        today = timezone.localdate()
        return {
            "news": list(portal_news(municipality_id)[:3]),
            "events": portal_events(municipality_id, today),
            "programs": list(portal_programs(municipality_id)[:6]),
            "mentors_count": portal_mentors(municipality_id, today).count(),
            "section": "home",
        }

    return _cached_page(request, portal, "home", build, "outreach/portal/home.html")


@login_not_required
@require_GET
def portal_news_list(request: HttpRequest, code: str) -> HttpResponse:
    portal = portal_by_code(code)
    page = paginate(request, portal_news(portal.municipality_id), per_page=NEWS_PER_PAGE)
    return _cached_page(
        request,
        portal,
        f"news:{page.number}",
        lambda: {
            "page": page,
            "section": "news",
            "events": portal_events(portal.municipality_id, timezone.localdate()),
        },
        "outreach/portal/news_list.html",
    )


@login_not_required
@require_GET
def portal_news_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    portal = portal_by_code(code)
    news = portal_news(portal.municipality_id).filter(pk=pk).first()
    if news is None:
        raise Http404("Новость не найдена")
    return _cached_page(
        request,
        portal,
        f"news-item:{news.pk}",
        lambda: {"news": news, "paragraphs": _paragraphs(news.text), "section": "news"},
        "outreach/portal/news_detail.html",
    )


@login_not_required
@require_GET
def portal_program_list(request: HttpRequest, code: str) -> HttpResponse:
    portal = portal_by_code(code)
    page = paginate(request, portal_programs(portal.municipality_id), per_page=PROGRAMS_PER_PAGE)
    return _cached_page(
        request,
        portal,
        f"programs:{page.number}",
        lambda: {"page": page, "section": "programs"},
        "outreach/portal/program_list.html",
    )


@login_not_required
@require_GET
def portal_program(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    portal = portal_by_code(code)
    program: Program | None = portal_programs(portal.municipality_id).filter(pk=pk).first()
    if program is None:
        raise Http404("Программа не найдена")
    return _cached_page(
        request,
        portal,
        f"program:{program.pk}",
        lambda: {
            "program": program,
            "stages": list(program.stages.order_by("position")),
            "section": "programs",
        },
        "outreach/portal/program_detail.html",
    )


@login_not_required
@require_GET
def portal_mentor_list(request: HttpRequest, code: str) -> HttpResponse:
    portal = portal_by_code(code)
    page = paginate(
        request, portal_mentors(portal.municipality_id, timezone.localdate()), per_page=MENTORS_PER_PAGE
    )
    return _cached_page(
        request,
        portal,
        f"mentors:{page.number}",
        lambda: {"page": page, "section": "mentors"},
        "outreach/portal/mentor_list.html",
    )


@login_not_required
@require_GET
def portal_contact_list(request: HttpRequest, code: str) -> HttpResponse:
    portal = portal_by_code(code)
    return _cached_page(
        request,
        portal,
        "contacts",
        lambda: {
            "contacts": list(portal_contacts(portal.municipality_id)),
            "contact_lines": [line for line in portal.contacts.splitlines() if line.strip()],
            "section": "contacts",
        },
        "outreach/portal/contacts.html",
    )


@login_not_required
@require_GET
def portal_logo(request: HttpRequest, code: str) -> FileResponse:
    portal = portal_by_code(code)
    if not portal.logo:
        raise Http404("Логотипа нет")
    try:
        stream = portal.logo.open("rb")
    except FileNotFoundError as error:
        raise Http404("Логотип не найден в хранилище") from error
    content_type = "image/png" if portal.file_kind == "PNG" else "image/jpeg"
    response = FileResponse(stream, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=PAGE_TIMEOUT_SECONDS)
    return response
