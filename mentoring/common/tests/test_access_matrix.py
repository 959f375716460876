"""Every URL of the project against every persona.

The test walks the URL configuration itself, so a URL added later without a row in MATRIX fails
`test_every_url_pattern_has_a_row_in_the_matrix`. Each row says which personas may use the URL; every
other logged-in persona must get 403 or 404 (404 when the object belongs to somebody else), and an
anonymous visitor must be sent to the login page unless the row is public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mentoring.accounts.models import Membership
from mentoring.common.models import PersonalDataAccess
from mentoring.common.tests.personas import World
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.people.models import Person, SupportArea
from mentoring.people.tests.factories import (
    ConsentFactory,
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorCompetencyFactory,
    MentorProfileFactory,
    PersonFactory,
)

PERSONAS = [
    "anonymous",
    "superuser",
    "department_admin",
    "methodologist",
    "head",
    "curator",
    "mentor",
    "mentee",
    "partner_representative",
    "other_curator",
    "foreign_department_admin",
    "foreign_curator",
]
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]

# Django's own admin is checked separately (test_admin_is_for_superusers_only); the API's operations
# take tokens, not the session, and are checked with every persona's token in
# mentoring/api/tests/test_api_matrix.py.
EXCLUDED_NAMESPACES = {"admin", "api-v1"}


@dataclass
class Row:
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    method: str = "GET"
    public: bool = False
    ok: frozenset[str] = frozenset()
    forbidden: frozenset[str] = frozenset()
    notfound: frozenset[str] = frozenset()
    # What a logged-in persona gets when the page is meant for anonymous visitors only.
    redirect_logged_in: bool = False
    data: dict[str, str] = field(default_factory=dict)
    # Who leaves events in the personal-data access log on this page (True: every persona allowed on
    # it): exactly one event per organization whose people the visit reads, exports or changes, never
    # two for the same record. Everybody else, and every refused visit, leaves none. Logged: the pages
    # of the bases (cards, lists, forms, files), the registers, every export of people and a pair's card
    # read by somebody outside the pair; not logged: pages where participants of a program see each
    # other's names in the course of their work.
    audit: bool | frozenset[str] = False


def _set(*names: str) -> frozenset[str]:
    return frozenset(names)


DEPARTMENT = _set("superuser", "department_admin", "methodologist", "foreign_department_admin")
STAFF = _set("head", "curator", "partner_representative", "other_curator", "foreign_curator")
EVERYONE = frozenset(LOGGED_IN)
OUTSIDERS_OF_SCHOOL = _set(
    "other_curator", "partner_representative", "foreign_department_admin", "foreign_curator"
)


def _empty_school(world: World) -> dict[str, Any]:
    school = OrganizationFactory(
        municipality=world.municipality, short_name="МБОУ Пустая ОШ", code="sech-empty"
    )
    return {"pk": school.pk}


def _mentee_membership(world: World) -> dict[str, Any]:
    return {"pk": Membership.objects.get(user=world.mentee, is_active=True).pk}


def _pupil(world: World) -> Person:
    """The mentee persona's own record in the school's bases, in both bases, with a scanned consent."""
    pupil = PersonFactory(organization=world.school, user=world.mentee)
    consent = ConsentFactory(person=pupil)
    consent.document.save("scan.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    MenteeRequestFactory(mentee=MenteeProfileFactory(person=pupil))
    MentorCompetencyFactory(mentor=MentorProfileFactory(person=pupil))
    return pupil


def _with_pupil(world: World) -> dict[str, Any]:
    """No URL arguments; the school's pupil exists, so lists have somebody to show."""
    _pupil(world)
    return {}


def _pupil_pk(world: World) -> dict[str, Any]:
    return {"pk": _pupil(world).pk}


def _pupil_request(world: World) -> dict[str, Any]:
    return {"pk": _pupil(world).mentee_profile.requests.get().pk}


def _pupil_competency(world: World) -> dict[str, Any]:
    return {"pk": _pupil(world).mentor_profile.competencies.get().pk}


def _pupil_consent(world: World) -> dict[str, Any]:
    return {"pk": _pupil(world).consents.get().pk}


def _school_area(world: World) -> dict[str, Any]:
    area = SupportArea.objects.create(name="Школьный театр", organization=world.school)
    return {"pk": area.pk}


KEEPERS = _set(
    "superuser",
    "department_admin",
    "foreign_department_admin",
    "head",
    "curator",
    "partner_representative",
    "other_curator",
    "foreign_curator",
)
KEEPERS_OF_SCHOOL = _set("superuser", "department_admin", "head", "curator")
PUPIL_OUTSIDERS = _set("mentor") | OUTSIDERS_OF_SCHOOL


def _keeper_row(kwargs: Callable[[World], dict[str, Any]], method: str = "GET") -> Row:
    """A page that changes the pupil's record: only the school's keepers; the pupil and the
    methodologist see the record but may not change it. Its form is a read, its POST a change: both
    in the access log."""
    return Row(
        kwargs=kwargs,
        method=method,
        audit=True,
        ok=KEEPERS_OF_SCHOOL,
        forbidden=_set("methodologist", "mentee"),
        notfound=PUPIL_OUTSIDERS,
    )


MATRIX: dict[str, Row] = {
    "home": Row(ok=EVERYONE),
    "healthz": Row(public=True, ok=EVERYONE),
    "profile": Row(ok=EVERYONE),
    "two_factor": Row(
        ok=_set("superuser", "department_admin", "foreign_department_admin"),
        forbidden=EVERYONE - _set("superuser", "department_admin", "foreign_department_admin"),
    ),
    "login": Row(public=True, redirect_logged_in=True),
    "logout": Row(method="POST", ok=EVERYONE),
    "password_change": Row(ok=EVERYONE),
    "password_change_done": Row(ok=EVERYONE),
    "password_reset": Row(public=True, ok=EVERYONE),
    "password_reset_done": Row(public=True, ok=EVERYONE),
    "password_reset_confirm": Row(
        public=True, ok=EVERYONE, kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "password_reset_complete": Row(public=True, ok=EVERYONE),
    "organizations:list": Row(ok=DEPARTMENT | STAFF, forbidden=_set("mentor", "mentee")),
    "organizations:create": Row(
        ok=_set("superuser", "department_admin", "foreign_department_admin"),
        forbidden=EVERYONE - _set("superuser", "department_admin", "foreign_department_admin"),
    ),
    "organizations:detail": Row(
        kwargs=lambda w: {"pk": w.school.pk},
        ok=_set("superuser", "department_admin", "methodologist", "head", "curator", "mentor", "mentee"),
        notfound=OUTSIDERS_OF_SCHOOL,
    ),
    "organizations:edit": Row(
        kwargs=lambda w: {"pk": w.school.pk},
        ok=_set("superuser", "department_admin"),
        forbidden=_set("methodologist", "head", "curator", "mentor", "mentee"),
        notfound=OUTSIDERS_OF_SCHOOL,
    ),
    "organizations:archive": Row(
        method="POST",
        kwargs=lambda w: {"pk": w.school.pk},
        ok=_set("superuser", "department_admin"),
        forbidden=_set("methodologist", "head", "curator", "mentor", "mentee"),
        notfound=OUTSIDERS_OF_SCHOOL,
    ),
    "organizations:delete": Row(
        method="POST",
        kwargs=_empty_school,
        ok=_set("superuser", "department_admin"),
        forbidden=_set("methodologist"),
        notfound=EVERYONE - _set("superuser", "department_admin", "methodologist"),
    ),
    "accounts:user_list": Row(ok=DEPARTMENT | STAFF, forbidden=_set("mentor", "mentee")),
    "accounts:user_create": Row(
        ok=_set("superuser", "department_admin", "head", "foreign_department_admin"),
        forbidden=EVERYONE - _set("superuser", "department_admin", "head", "foreign_department_admin"),
    ),
    "accounts:user_detail": Row(
        kwargs=lambda w: {"pk": w.mentee.pk},
        ok=_set("superuser", "department_admin", "methodologist", "head", "curator", "mentee"),
        notfound=_set("mentor") | OUTSIDERS_OF_SCHOOL,
    ),
    "accounts:user_edit": Row(
        kwargs=lambda w: {"pk": w.mentee.pk},
        ok=_set("superuser", "department_admin", "head"),
        forbidden=_set("methodologist", "curator", "mentee"),
        notfound=_set("mentor") | OUTSIDERS_OF_SCHOOL,
    ),
    "accounts:user_set_active": Row(
        method="POST",
        kwargs=lambda w: {"pk": w.mentee.pk},
        data={"active": "0"},
        ok=_set("superuser", "department_admin", "head"),
        forbidden=_set("methodologist", "curator", "mentee"),
        notfound=_set("mentor") | OUTSIDERS_OF_SCHOOL,
    ),
    "accounts:user_send_setup_link": Row(
        method="POST",
        kwargs=lambda w: {"pk": w.mentee.pk},
        ok=_set("superuser", "department_admin", "head"),
        forbidden=_set("methodologist", "curator", "mentee"),
        notfound=_set("mentor") | OUTSIDERS_OF_SCHOOL,
    ),
    "accounts:membership_add": Row(
        kwargs=lambda w: {"pk": w.mentee.pk},
        ok=_set("superuser", "department_admin", "head"),
        forbidden=_set("methodologist", "curator", "mentee"),
        notfound=_set("mentor") | OUTSIDERS_OF_SCHOOL,
    ),
    "accounts:membership_end": Row(
        method="POST",
        kwargs=_mentee_membership,
        ok=_set("superuser", "department_admin", "head"),
        forbidden=_set("methodologist", "curator", "mentee"),
        notfound=_set("mentor") | OUTSIDERS_OF_SCHOOL,
    ),
    # The list shows the school's pupil to those who see the school's bases: one event each.
    "people:list": Row(
        kwargs=_with_pupil,
        audit=_set("superuser", "department_admin", "methodologist", "head", "curator"),
        ok=DEPARTMENT | STAFF,
        forbidden=_set("mentor", "mentee"),
    ),
    "people:create": Row(ok=KEEPERS, forbidden=EVERYONE - KEEPERS),
    "people:detail": Row(
        audit=True,
        kwargs=_pupil_pk,
        ok=_set("superuser", "department_admin", "methodologist", "head", "curator", "mentee"),
        notfound=PUPIL_OUTSIDERS,
    ),
    "people:edit": _keeper_row(_pupil_pk),
    # A copy of everything held about the person (152-FZ, art. 14): the department's administrator only.
    "people:subject_export": Row(
        audit=True,
        kwargs=_pupil_pk,
        ok=_set("superuser", "department_admin"),
        forbidden=_set("methodologist", "head", "curator", "mentee"),
        notfound=PUPIL_OUTSIDERS,
    ),
    "people:archive": _keeper_row(_pupil_pk, "POST"),
    # Anonymisation (152-FZ, art. 21) and the retention list: the department's administrator only.
    "people:anonymise": Row(
        audit=True,
        method="POST",
        kwargs=_pupil_pk,
        data={"confirm": "on"},
        ok=_set("superuser", "department_admin"),
        forbidden=_set("methodologist", "head", "curator", "mentee"),
        notfound=PUPIL_OUTSIDERS,
    ),
    "people:retention": Row(
        audit=True,
        ok=_set("superuser", "department_admin", "foreign_department_admin"),
        forbidden=EVERYONE - _set("superuser", "department_admin", "foreign_department_admin"),
    ),
    "people:mentee_profile": _keeper_row(_pupil_pk),
    "people:mentor_profile": _keeper_row(_pupil_pk),
    "people:request_add": _keeper_row(_pupil_pk),
    "people:request_toggle": _keeper_row(_pupil_request, "POST"),
    "people:competency_add": _keeper_row(_pupil_pk),
    "people:competency_remove": _keeper_row(_pupil_competency, "POST"),
    "people:consent_add": _keeper_row(_pupil_pk),
    "people:consent_withdraw": _keeper_row(_pupil_consent, "POST"),
    "people:consent_document": Row(
        audit=True,
        kwargs=_pupil_consent,
        ok=_set("superuser", "department_admin", "methodologist", "head", "curator"),
        forbidden=_set("mentee"),
        notfound=PUPIL_OUTSIDERS,
    ),
    "people:import": Row(ok=KEEPERS, forbidden=EVERYONE - KEEPERS),
    # A token of somebody else's upload (or none at all) is unknown to everybody.
    "people:import_confirm": Row(method="POST", kwargs=lambda w: {"token": "not-yours"}, notfound=EVERYONE),
    "people:import_template": Row(ok=KEEPERS, forbidden=EVERYONE - KEEPERS),
    "people:export": Row(ok=DEPARTMENT | STAFF, forbidden=_set("mentor", "mentee")),
    "people:access_log": Row(
        ok=_set("superuser", "department_admin", "methodologist", "foreign_department_admin"),
        forbidden=EVERYONE
        - _set("superuser", "department_admin", "methodologist", "foreign_department_admin"),
    ),
    "people:rollover": Row(
        ok=KEEPERS - _set("partner_representative"),
        forbidden=_set("methodologist", "mentor", "mentee", "partner_representative"),
    ),
    "people:catalogue": Row(ok=DEPARTMENT | STAFF, forbidden=_set("mentor", "mentee")),
    "people:catalogue_toggle": Row(
        method="POST",
        kwargs=_school_area,
        ok=KEEPERS_OF_SCHOOL,
        notfound=EVERYONE - KEEPERS_OF_SCHOOL,
    ),
}


def _rows_of_other_apps() -> dict[str, Row]:
    """Apps may keep their rows beside their code (tests/access_rows.py with ROWS); they join here."""
    import importlib

    rows: dict[str, Row] = {}
    for app in (
        "library",
        "programs",
        "documents",
        "roadmaps",
        "partners",
        "matching",
        "mentorships",
        "outreach",
        "surveys",
        "monitoring",
        "api",
    ):
        try:
            module = importlib.import_module(f"mentoring.{app}.tests.access_rows")
        except ModuleNotFoundError:
            continue
        rows.update(
            module.ROWS(Row=Row, sets={"EVERYONE": EVERYONE, "DEPARTMENT": DEPARTMENT, "STAFF": STAFF})
        )
    return rows


MATRIX.update(_rows_of_other_apps())


def _walk(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str | None, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = entry.namespace if entry.namespace else namespace
            if namespace and entry.namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, str(entry.pattern)


def project_url_names() -> list[tuple[str | None, str]]:
    return list(_walk(get_resolver().url_patterns))


def test_every_url_pattern_has_a_row_in_the_matrix():
    unnamed = [pattern for name, pattern in project_url_names() if not name]
    assert unnamed == [], f"URL patterns without a name cannot be checked: {unnamed}"
    missing = sorted({name for name, _ in project_url_names()} - set(MATRIX))
    assert missing == [], f"add these URLs to the access matrix: {missing}"
    stale = sorted(set(MATRIX) - {name for name, _ in project_url_names()})
    assert stale == [], f"the matrix names URLs that no longer exist: {stale}"


def test_every_row_decides_every_persona_once():
    for name, row in MATRIX.items():
        overlap = (row.ok & row.forbidden) | (row.ok & row.notfound) | (row.forbidden & row.notfound)
        assert not overlap, f"{name}: {sorted(overlap)} listed twice"
        decided = row.ok | row.forbidden | row.notfound
        if not row.redirect_logged_in:
            assert decided == EVERYONE, f"{name}: undecided personas {sorted(EVERYONE - decided)}"


def _expected(row: Row, persona: str) -> str:
    if persona == "anonymous":
        return "public" if row.public else "login"
    if row.redirect_logged_in:
        return "redirect_home"
    if persona in row.ok:
        return "ok"
    if persona in row.forbidden:
        return "forbidden"
    return "notfound"


def _problem(row: Row, persona: str, url_name: str, response: Any) -> str:
    """What is wrong with the answer this persona got, or "" when it is the expected one."""
    expected = _expected(row, persona)
    status = response.status_code
    location = response.get("Location", "")
    login_url = reverse("login")
    if expected == "login":
        if status != 302 or not location.startswith(f"{login_url}?next="):
            return f"ожидался вход, получено {status} {location}"
    elif expected == "public":
        if status not in ((200, 302) if row.method == "POST" else (200,)):
            return f"страница открытая, получено {status}"
    elif expected == "redirect_home":
        if status != 302 or location != reverse("home"):
            return f"ожидался переход на главную, получено {status} {location}"
    elif expected == "ok":
        if row.method == "POST":
            if status != 302 or (location.startswith(login_url) and url_name != "logout"):
                return f"ожидалось выполнение, получено {status} {location}"
        elif status != 200:
            return f"ожидалось 200, получено {status}"
    elif expected == "forbidden":
        if status != 403:
            return f"ожидалось 403, получено {status}"
    elif status != 404:
        return f"ожидалось 404, получено {status}"
    return ""


def _audit_problem(row: Row, persona: str, events: Any) -> str:
    audited = row.ok if row.audit is True else row.audit or frozenset()
    logged = list(events.values_list("organization_id", "object_type", "object_id"))
    if _expected(row, persona) != "ok" or persona not in audited:
        return f"лишние события в журнале доступа: {logged}" if logged else ""
    if not logged:
        return "посещение не оставило события в журнале доступа"
    if len(set(logged)) != len(logged):
        return f"одно и то же событие записано дважды: {logged}"
    # The event names records by id; it never copies a person's data.
    names = {name.lower() for name in Person.objects.values_list("last_name", flat=True) if len(name) > 3}
    leaking = [d for d in events.values_list("details", flat=True) if any(n in d.lower() for n in names)]
    return f"в событии журнала есть фамилия: {leaking}" if leaking else ""


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(url_name, world, client_for):
    """One URL against every persona. The world is built once per URL; each persona's visit runs in a
    savepoint rolled back afterwards, so a POST by one persona never changes what the next one sees."""
    row = MATRIX[url_name]
    problems = []
    for persona in PERSONAS:
        with transaction.atomic():
            url = reverse(url_name, kwargs=row.kwargs(world))
            client = client_for(world.persona(persona))
            last_event = PersonalDataAccess.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.post(url, row.data) if row.method == "POST" else client.get(url)
            problem = _problem(row, persona, url_name, response)
            if problem:
                problems.append(f"{persona}: {problem}")
            problem = _audit_problem(row, persona, PersonalDataAccess.objects.filter(pk__gt=last_event))
            if problem:
                problems.append(f"{persona}: {problem}")
            transaction.set_rollback(True)
    assert not problems, f"{url_name}: " + "; ".join(problems)


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("department_admin", 302), ("head", 302), ("superuser", 200)]
)
def test_admin_is_for_superusers_only(persona, status, world, client_for):
    response = client_for(world.persona(persona)).get(reverse("admin:index"))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_refused_page_explains_itself_in_russian(world, client_for):
    response = client_for(world.mentor).get(reverse("organizations:create"))
    assert response.status_code == 403
    assert "администратор управления образования" in response.content.decode()
