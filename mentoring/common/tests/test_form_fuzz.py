"""Every POST form of the project gets hostile input from hypothesis: no answer is a server error, and
an answer that refuses the input (anything but a redirect) leaves every table of the project as it was.

The pages come from the access matrix (MATRIX): each page in FORM_PAGES is opened by the most
privileged persona that sees its forms, the forms are read from the HTML, and each distinct form gets
the untouched submission plus a few derandomized examples. Most examples are a careful user's
submission with one to three fields made hostile, so they get past the first validation error into the
services; the rest make every field hostile or leave it out. Hostile means empty, 100 000-character,
NUL and control-character, HTML, SQL-like, template, emoji and right-to-left text, numbers out of range,
impossible dates, unknown or repeated choices, random bytes and real but broken PDF, PNG, JPEG, XLSX,
DOCX and ODT files as uploads. Each example runs in a savepoint that is rolled back, so one example
never changes what the next one sees.

test_every_page_with_a_post_form_is_fuzzed keeps FORM_PAGES honest: a new page with a form that
nobody added here fails it, and so does a listed page that lost its form.
"""

from __future__ import annotations

import copy
import os
import re
import traceback
from functools import cache
from typing import Any
from urllib.parse import urljoin

import pytest
from axes.models import AccessAttempt
from django import forms
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, Phase, given, settings

from mentoring.accounts.models import User
from mentoring.common.tests.form_fuzz import (
    Form,
    fingerprint,
    fingerprint_sql,
    form_data,
    original_data,
    post_forms,
    project_models,
    shown,
)
from mentoring.common.tests.test_access_matrix import MATRIX, Row
from mentoring.organizations.models import Municipality, Organization
from mentoring.roadmaps.models import RoadmapItem

# Examples per page, shared among its distinct forms; every form gets at least a third of them besides
# the untouched submission. Small on purpose: the whole file must stay about a minute and a half. A
# deeper hunt: FORM_FUZZ_EXAMPLES=200 pytest mentoring/common/tests/test_form_fuzz.py
EXAMPLES_PER_PAGE = int(os.environ.get("FORM_FUZZ_EXAMPLES", "12"))
MIN_PER_FORM = max(1, EXAMPLES_PER_PAGE // 3)

# Most privileged first: they see the most fields (the superuser picks the municipality, the
# department admin the school).
PREFERENCE = [
    "superuser",
    "department_admin",
    "foreign_department_admin",
    "methodologist",
    "head",
    "curator",
    "other_curator",
    "foreign_curator",
    "partner_representative",
    "mentor",
    "mentee",
]


def _reset_link(world: Any) -> dict[str, Any]:
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(world.mentee.pk)),
        "token": default_token_generator.make_token(world.mentee),
    }


# The matrix opens the password reset page with a dead link, which shows no form; a live link leads
# (through a redirect) to the form that sets the new password.
KWARGS_FOR = {"password_reset_confirm": _reset_link}

# Pages where a less privileged persona sees a form, or more of it, than the first one in PREFERENCE.
PERSONA_FOR = {
    # The new password is set by somebody who could not log in.
    "password_reset_confirm": "anonymous",
    # The department does not award people itself: only the school's and methodologist's page has the form.
    "outreach:award_create": "methodologist",
    # Only an addressee school confirms that it has read a letter.
    "outreach:letter_detail": "head",
    # A school's document may name its people; the department's list has no such field.
    "documents:create": "head",
}

# The logout button of the menu is on every page: it ends the session the examples depend on, has no
# fields, and test_access checks it. Nothing else is left out.
IGNORED_ACTIONS = {reverse("logout")}

# The personal-data access log records every read of a person's card, and a refused form shows the
# card again: a new event there is the log doing its job, not a half-applied change.
UNWATCHED_MODELS = {"common.PersonalDataAccess"}

FORM_PAGES = frozenset(
    {
        "accounts:membership_add",
        "accounts:user_create",
        "accounts:user_detail",
        "accounts:user_edit",
        "api:tokens",
        "documents:create",
        "documents:detail",
        "documents:edit",
        "documents:incentive_edit",
        "documents:kinds",
        "documents:templates",
        "library:create",
        "library:edit",
        "login",
        "matching:move",
        "matching:program",
        "matching:run",
        "matching:settings",
        "matching:wishes",
        "mentorships:add_mentee",
        "mentorships:community_create",
        "mentorships:community_detail",
        "mentorships:community_edit",
        "mentorships:complete",
        "mentorships:concern_add",
        "mentorships:end_early",
        "mentorships:event_add",
        "mentorships:feedback",
        "mentorships:material_add",
        "mentorships:meeting_add",
        "mentorships:meeting_edit",
        "mentorships:overview",
        "mentorships:plan_add",
        "mentorships:plan_edit",
        "mentorships:reflection",
        "mentorships:replace_mentor",
        "monitoring:contingent_edit",
        "monitoring:register",
        "monitoring:report_templates",
        "monitoring:targets",
        "navigator:import",
        "organizations:create",
        "organizations:detail",
        "organizations:edit",
        "outreach:award_create",
        "outreach:campaign_entry_create",
        "outreach:campaign_entry_edit",
        "outreach:contest_create",
        "outreach:contest_edit",
        "outreach:enrolment_complete",
        "outreach:entry_create",
        "outreach:entry_result",
        "outreach:event_create",
        "outreach:event_edit",
        "outreach:letter_create",
        "outreach:letter_detail",
        "outreach:letter_edit",
        "outreach:my_contact",
        "outreach:news_create",
        "outreach:news_edit",
        "outreach:portal_settings",
        "outreach:resource_create",
        "outreach:resource_edit",
        "outreach:training_create",
        "outreach:training_edit",
        "outreach:training_enrol",
        "partners:agreement_create",
        "partners:agreement_detail",
        "partners:agreement_edit",
        "password_change",
        "password_reset",
        "password_reset_confirm",
        "people:catalogue",
        "people:competency_add",
        "people:consent_add",
        "people:create",
        "people:detail",
        "people:edit",
        "people:import",
        "people:mentee_profile",
        "people:mentor_profile",
        "people:request_add",
        "profile",
        "programs:attachment_add",
        "programs:copy",
        "programs:create",
        "programs:detail",
        "programs:edit",
        "programs:form_create",
        "programs:form_detail",
        "programs:form_edit",
        "programs:stage_add",
        "programs:stage_edit",
        "roadmaps:create",
        "roadmaps:detail",
        "roadmaps:item_add",
        "roadmaps:item_edit",
        "surveys:answer",
        "surveys:paper_answer",
        "surveys:pulse_schedule",
        "surveys:question_add",
        "surveys:question_edit",
        "surveys:questionnaire_copy",
        "surveys:questionnaire_create",
        "surveys:questionnaire_detail",
        "surveys:questionnaire_edit",
        "surveys:round_create",
        "surveys:swot_create",
        "surveys:swot_edit",
        "two_factor",
    }
)


def fuzz_persona(url_name: str, row: Row) -> str:
    if url_name in PERSONA_FOR:
        return PERSONA_FOR[url_name]
    for persona in PREFERENCE:
        if persona in row.ok:
            return persona
    return "anonymous"


def _shape(form: Form, page_url: str) -> tuple[Any, ...]:
    """Forms that differ only in the record they act on (a toggle per row of a list) are one form."""
    action = re.sub(r"\d+", "N", form.action or page_url)
    return (action, tuple((f.name, f.kind) for f in form.fields.values()))


def distinct_forms(html: str, page_url: str) -> list[Form]:
    seen: set[tuple[Any, ...]] = set()
    forms = []
    for form in post_forms(html):
        if form.action in IGNORED_ACTIONS:
            continue
        shape = _shape(form, page_url)
        if shape not in seen:
            seen.add(shape)
            forms.append(form)
    return forms


@cache
def _fingerprint_sql() -> str:
    return fingerprint_sql(project_models(UNWATCHED_MODELS))


def _open(url_name: str, world: Any, client_for: Any) -> tuple[str, Client, Any]:
    """The page as its persona sees it, after redirects, and its address (relative actions are resolved
    against it)."""
    row = MATRIX[url_name]
    persona = fuzz_persona(url_name, row)
    url = reverse(url_name, kwargs=KWARGS_FOR.get(url_name, row.kwargs)(world))
    client = client_for(world.persona(persona))
    page = client.get(url, follow=True)
    return page.request["PATH_INFO"], client, page


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        f"{label}: {before[label]} → {after[label]}" for label in before if before[label] != after[label]
    )


def _submit(client: Any, url: str, data: dict[str, list[Any]], before: dict[str, str], login: str) -> int:
    """Send one example in a rolled-back savepoint; fail on a server error or a refusal that wrote."""
    with transaction.atomic():
        try:
            response = client.post(url, data)
        except Exception:
            pytest.fail(f"500 на {url}\nданные: {shown(data)}\n{traceback.format_exc()}")
        status = response.status_code
        assert status < 500, f"{status} на {url}\nданные: {shown(data)}"
        location = response.get("Location", "")
        if status in (301, 302, 303):
            # An accepted form may send the user anywhere but to the login page: that would mean the
            # persona lost the session and every later example tested nothing.
            assert not location.startswith(login), f"{url}: сеанс потерян, {location}\nданные: {shown(data)}"
        else:
            changed = _changed(before, fingerprint(_fingerprint_sql()))
            assert not changed, (
                f"{url} отказал ({status}), но изменил данные: {changed}\nданные: {shown(data)}"
            )
        transaction.set_rollback(True)
    return status


HYPOTHESIS = settings(
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def _fuzz(client: Client, target: str, form: Form, before: dict[str, str], examples: int) -> int:
    """The untouched submission, then `examples` generated ones; returns how many were sent."""
    session = copy.deepcopy(client.cookies)
    login = reverse("login")
    tried = 0

    def attempt(data: dict[str, list[Any]]) -> None:
        nonlocal tried
        tried += 1
        try:
            _submit(client, target, data, before, login)
        finally:
            # A rolled-back example may have rotated the session key; the old one is still valid.
            client.cookies = copy.deepcopy(session)

    attempt(original_data(form))
    settings(HYPOTHESIS, max_examples=examples)(given(form_data(form))(attempt))()
    return tried


@pytest.mark.parametrize("url_name", sorted(FORM_PAGES))
def test_every_form_survives_hostile_input(url_name, world, client_for):
    url, client, page = _open(url_name, world, client_for)
    assert page.status_code == 200, f"{url_name}: {page.status_code}"
    page_forms = distinct_forms(page.content.decode(), url)
    assert page_forms, f"{url_name}: на странице нет формы POST, уберите её из FORM_PAGES"
    before = fingerprint(_fingerprint_sql())
    per_form = max(MIN_PER_FORM, EXAMPLES_PER_PAGE // len(page_forms))
    tried = 0
    for form in page_forms:
        target = urljoin(url, form.action) if form.action else url
        tried += _fuzz(client, target, form, before, per_form)
    # Hypothesis must not have given up generating (an unsatisfiable strategy would pass silently).
    assert tried >= len(page_forms) * 2, f"{url_name}: hypothesis tried only {tried} examples"
    print(f"{url_name}: {len(page_forms)} forms, {tried} examples")


def test_every_page_with_a_post_form_is_fuzzed(world, client_for):
    """Walks every GET row of the access matrix as the persona the fuzz test would use."""
    found: dict[str, int] = {}
    for url_name, row in sorted(MATRIX.items()):
        if row.method != "GET" or not (row.ok or row.public):
            continue
        with transaction.atomic():
            url, _client, page = _open(url_name, world, client_for)
            assert page.status_code == 200, f"{url_name}: {page.status_code}"
            if "html" in page.get("Content-Type", ""):
                page_forms = distinct_forms(page.content.decode(), url)
                if page_forms:
                    found[url_name] = len(page_forms)
            transaction.set_rollback(True)
    unfuzzed = sorted(set(found) - FORM_PAGES)
    assert not unfuzzed, f"на этих страницах есть формы POST, добавьте их в FORM_PAGES: {unfuzzed}"
    formless = sorted(FORM_PAGES - set(found))
    assert not formless, f"в FORM_PAGES страницы без форм POST: {formless}"
    print(f"{len(found)} pages, {sum(found.values())} distinct forms")


# The checks above must be able to fail: each of these feeds them what a broken view would do.


class _StubClient:
    """Stands in for the test client: answers with `status`, after doing `effect`."""

    def __init__(self, status: int, effect: Any = None, location: str = "") -> None:
        self.status, self.effect, self.location = status, effect, location

    def post(self, url: str, data: Any) -> HttpResponse:
        if self.effect:
            self.effect()
        response = HttpResponse(status=self.status)
        if self.location:
            response["Location"] = self.location
        return response


def _crash() -> None:
    raise ValueError("сбой представления")


@pytest.mark.parametrize(
    ("client", "caught"),
    [
        (_StubClient(200, _crash), "500 на /x/"),
        (_StubClient(500), "500 на /x/"),
        (_StubClient(302, location="/login/?next=/x/"), "сеанс потерян"),
        (
            _StubClient(200, lambda: Organization.objects.update(updated_at=timezone.now())),
            "organizations.Organization",
        ),
        (
            _StubClient(400, lambda: Municipality.objects.create(name="Новый", code="new")),
            "organizations.Municipality",
        ),
    ],
    ids=["exception", "status-500", "logged-out", "refused-but-changed", "refused-but-created"],
)
def test_a_broken_answer_fails_the_check(client, caught, world):
    before = fingerprint(_fingerprint_sql())
    with pytest.raises((AssertionError, pytest.fail.Exception), match=caught):
        _submit(client, "/x/", {"name": ["<script>"]}, before, reverse("login"))


def test_an_accepted_form_may_change_data_and_a_refusal_that_changed_nothing_passes(world):
    before = fingerprint(_fingerprint_sql())
    created = _StubClient(302, lambda: Municipality.objects.create(name="Новый", code="new"), "/done/")
    assert _submit(created, "/x/", {}, before, reverse("login")) == 302
    assert _submit(_StubClient(200), "/x/", {}, before, reverse("login")) == 200
    assert not Municipality.objects.filter(code="new").exists(), "each example is rolled back"


def test_the_fingerprint_watches_history_and_every_app():
    labels = {model._meta.label for model in project_models(UNWATCHED_MODELS)}
    # History tables, many-to-many link tables and plain ones: a refused form must touch none of them.
    assert {
        "organizations.HistoricalOrganization",
        "programs.MentoringForm_mentor_categories",
        "surveys.SurveyResponse",
    } <= labels
    assert {label.split(".")[0] for label in labels} >= {"accounts", "people", "mentorships", "outreach"}
    assert "common.PersonalDataAccess" not in labels


PAGE = """
<form method="get" action="/search/"><input name="q"></form>
<form method="post" action="/save/" enctype="multipart/form-data">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="hidden" name="next" value="/back/">
  <input name="title" value="Старое &amp; новое" placeholder="">
  <input name="day" placeholder="ДД.ММ.ГГГГ">
  <input type="number" name="size" min="2">
  <input type="checkbox" name="areas" value="1" checked><input type="checkbox" name="areas" value="2">
  <input type="checkbox" name="agree">
  <input type="radio" name="kind" value="a"><input type="radio" name="kind" value="b" checked>
  <select name="school"><option value="">---</option><option value="7">Школа</option></select>
  <select name="tags" multiple><option value="x" selected>X</option><option>Y</option></select>
  <textarea name="notes">
Текст</textarea>
  <input type="file" name="scan">
  <button name="action" value="approve">Утвердить</button><button name="action" value="reject">Отклонить</button>
</form>
"""


def test_the_parser_reads_what_a_browser_would_send():
    (form,) = post_forms(PAGE)
    assert form.action == "/save/"
    kinds = {name: field.kind for name, field in form.fields.items()}
    assert kinds == {
        "next": "hidden",
        "title": "text",
        "day": "text",
        "size": "number",
        "areas": "checkbox",
        "agree": "checkbox",
        "kind": "radio",
        "school": "select",
        "tags": "select",
        "notes": "textarea",
        "scan": "file",
        "action": "submit",
    }
    assert form.fields["areas"].multiple
    assert form.fields["tags"].multiple
    assert form.fields["school"].values == ["", "7"]
    assert form.fields["tags"].values == ["x", "Y"]
    assert form.fields["size"].low == "2"
    assert form.fields["day"].placeholder == "ДД.ММ.ГГГГ"
    assert original_data(form) == {
        "next": ["/back/"],
        "title": ["Старое & новое"],
        "day": [""],
        "size": [""],
        "areas": ["1"],
        "kind": ["b"],
        "school": [""],
        "tags": ["x"],
        "notes": ["Текст"],
        "scan": [""],
        "action": ["approve"],
    }


# Regressions of server errors this fuzzing found.


def test_a_forged_id_beyond_64_bits_in_a_multiple_choice_is_an_unknown_choice(world):
    # SQLite raised OverflowError binding 10**20 in `pk__in`: a 500 on every multiple choice.
    assert list(User.objects.filter(pk__in=[10**20])) == []
    assert list(User.objects.filter(pk__in=[world.head.pk, -(10**20)])) == [world.head]
    assert User.objects.exclude(pk__in=[10**20]).count() == User.objects.count()
    field = forms.ModelMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(ValidationError, match="нет среди допустимых значений"):
        field.clean([str(world.head.pk), "999999999999999999999"])


def test_a_login_name_longer_than_any_account_is_refused_with_a_message(world, client_for):
    # It reached the lockout log, whose column holds 255 characters: a 500 on PostgreSQL.
    response = client_for(None).post(reverse("login"), {"username": "я" * 300, "password": "x"})
    assert response.status_code == 200
    assert "Неверный логин или пароль" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_new_roadmap_item_with_free_wording_of_its_deadline_is_added(world, client_for):
    # Found by the fuzzing: no submission of this form was ever accepted, because the parsed deadline
    # stayed empty and every new item was refused with a message that named no field.
    url, client, _page = _open("roadmaps:item_add", world, client_for)
    data = {
        "number": "9",
        "title": "Клуб выпускников-наставников",
        "deadline_text": "по мере набора участников",
        "responsible_text": "Куратор",
        "result_text": "Протокол встречи",
        "status": "not_started",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    item = RoadmapItem.objects.get(title="Клуб выпускников-наставников")
    assert item.deadline_rule == {"kind": "text", "text": "по мере набора участников"}
