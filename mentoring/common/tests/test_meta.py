"""Tests about the whole project rather than one feature: rules a new model or a new page must keep.

1. No foreign key cascades the deletion of an organization, a person, a program, a pair or group or a
   document into other rows, unless the cascade is in REVIEWED_CASCADES below with the reason why
   nothing people care about is lost. A new cascade fails the test until somebody reviews it.
2. Every page of the access matrix that some persona may open answers that persona with the security
   headers: Content-Security-Policy, X-Content-Type-Options: nosniff, Referrer-Policy, HSTS over https
   with the production settings, and Cache-Control: no-store (every page after login may show personal
   data, so no browser or proxy keeps any of them: mentoring.common.middleware).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.db import models, transaction
from django.urls import reverse

from mentoring.common.tests.test_access_matrix import MATRIX, Row

ROOT = Path(__file__).resolve().parents[3]

GUARDED = {
    "organizations.Organization",
    "people.Person",
    "programs.Program",
    "mentorships.Mentorship",
    "documents.Document",
    "people.MentorProfile",
    "people.MenteeProfile",
}

# "app.Model.field -> app.Target": why deleting the target may take these rows with it. Programs are
# deleted only as untouched drafts (programs.services.program_delete), organizations only when nothing
# protected refers to them (organizations.services.organization_delete), documents only as drafts
# (documents.services.document_delete); people and pairs are never deleted by the application (they are
# archived or completed), so their cascades matter only to a superuser in Django's admin. Mentor and mentee
# profiles are never deleted by the application either (a mentor leaves the base by `is_active`), and one
# with pairs cannot be deleted at all: mentorships and places refer to profiles with PROTECT.
REVIEWED_CASCADES: dict[str, str] = {
    "people.SchoolYearPlacement.person -> people.Person": "the person's classes by year are part of the person's own record",
    "people.MenteeProfile.person -> people.Person": "the mentee side of the same person; pairs refer to it with PROTECT",
    "people.MentorProfile.person -> people.Person": "the mentor side of the same person; pairs refer to it with PROTECT",
    "programs.ProgramStage.program -> programs.Program": "the plan template of a draft that never ran",
    "programs.ProgramAttachment.program -> programs.Program": "files of a deleted draft; program_delete removes them too",
    "programs.Program_role_variants.program -> programs.Program": "a link row of the draft's chosen role variants",
    "matching.MatchingSettings.program -> programs.Program": "matching weights of a draft whose pairs were never formed",
    "matching.PairRule.program -> programs.Program": "lock and ban rules of a draft whose pairs were never formed",
    "matching.Preference.program -> programs.Program": "wishes collected for a draft whose pairs were never formed",
    "matching.MatchingSettings_mentor_organizations.organization -> organizations.Organization": "a link row of matching settings to an organization with nothing protected in it",
    "mentorships.FeedbackReminder.person -> people.Person": "a reminder schedule, derived from the person's pairs",
    "mentorships.WorkSettings.organization -> organizations.Organization": "settings of an organization entered by mistake",
    "surveys.PulseSchedule.program -> programs.Program": "a survey schedule of a draft that never ran",
    "outreach.InformationLetter_chosen.organization -> organizations.Organization": "a letter's recipient choice; a school with letters received keeps delivery rows (PROTECT)",
    "documents.Document_people.document -> documents.Document": "a link row of a deleted draft document",
    "documents.Document_people.person -> people.Person": "a link row; people are archived, never deleted",
    "documents.Document_roadmap_items.document -> documents.Document": "a link row of a deleted draft document",
    "people.MenteeRequest.mentee -> people.MenteeProfile": "the mentee's own requests, part of the profile",
    "people.MentorCompetency.mentor -> people.MentorProfile": "the mentor's own competencies, part of the profile",
    "people.MentorProfile_forms.mentorprofile -> people.MentorProfile": "a link row of the forms the mentor serves",
    "partners.Agreement_mentors.mentorprofile -> people.MentorProfile": "a link row naming the mentor; the agreement itself stays",
    "matching.PairRule.mentee -> people.MenteeProfile": "a curator's lock or ban about this mentee, meaningless without them",
    "matching.PairRule.mentor -> people.MentorProfile": "a curator's lock or ban about this mentor, meaningless without them",
    "matching.Preference.mentee -> people.MenteeProfile": "a wish of or about this mentee; it books nobody",
    "matching.Preference.mentor -> people.MentorProfile": "a wish of or about this mentor; it books nobody",
    "matching.ProposedPair.mentee -> people.MenteeProfile": "an unconfirmed proposal; confirmed pairs are mentorships (PROTECT)",
    "matching.ProposedPair.mentor -> people.MentorProfile": "an unconfirmed proposal; confirmed pairs are mentorships (PROTECT)",
    "matching.UnmatchedMentee.mentee -> people.MenteeProfile": "why a proposal left this mentee without a mentor",
}


def _cascades_to_guarded_models() -> set[str]:
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not (isinstance(field, models.ForeignKey) and field.concrete):
                continue
            target = field.related_model
            assert isinstance(target, type)
            if target._meta.label in GUARDED and field.remote_field.on_delete is models.CASCADE:
                found.add(f"{model._meta.label}.{field.name} -> {target._meta.label}")
    return found


def test_no_foreign_key_cascades_a_deletion_of_people_programs_pairs_or_documents_unreviewed():
    found = _cascades_to_guarded_models()
    unreviewed = sorted(found - set(REVIEWED_CASCADES))
    assert unreviewed == [], (
        "these foreign keys delete their rows together with the record they point to: make them "
        f"PROTECT or add them to REVIEWED_CASCADES with a reason: {unreviewed}"
    )
    stale = sorted(set(REVIEWED_CASCADES) - found)
    assert stale == [], f"REVIEWED_CASCADES names cascades that are gone: {stale}"


def test_a_record_known_to_the_navigator_is_not_deleted_silently():
    for name in ("program", "mentorship"):
        field = apps.get_model("navigator", "ExternalId")._meta.get_field(name)
        assert field.remote_field.on_delete is models.PROTECT


def _production_security_settings() -> dict[str, object]:
    """The HSTS and header settings as production reads them, in a fresh interpreter."""
    keep = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}}
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
    ]
    code = (
        "import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'mentoring.settings'; "
        "django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **keep,
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "nastavnik.example.ru",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def _visitor(row: Row) -> str | None:
    """The persona that may open the page: the department's admin where possible."""
    if row.method != "GET" or not row.ok:
        return None
    for persona in ("department_admin", "superuser", "head", "curator", "mentor", "mentee"):
        if persona in row.ok:
            return persona
    return sorted(row.ok)[0]


def _header_problems(response) -> list[str]:
    problems = []
    if "default-src 'self'" not in response.get("Content-Security-Policy", ""):
        problems.append("нет Content-Security-Policy")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("нет X-Content-Type-Options: nosniff")
    if response.get("Referrer-Policy") not in {"same-origin", "no-referrer", "strict-origin"}:
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control {response.get('Cache-Control')!r} без no-store")
    hsts = response.get("Strict-Transport-Security", "")
    if not hsts.startswith("max-age=31536000") or "includeSubDomains" not in hsts:
        problems.append(f"Strict-Transport-Security {hsts!r}")
    return problems


def test_every_page_after_login_carries_the_security_headers(world, client_for, settings):
    production = _production_security_settings()
    assert production["SECURE_SSL_REDIRECT"] is True
    assert int(str(production["SECURE_HSTS_SECONDS"])) >= 31536000
    for name, value in production.items():
        if name != "SECURE_SSL_REDIRECT":  # the test client speaks https itself (secure=True)
            setattr(settings, name, value)
    checked = 0
    problems = []
    for url_name, row in sorted(MATRIX.items()):
        persona = _visitor(row)
        if persona is None:
            continue
        with transaction.atomic():
            response = client_for(world.persona(persona)).get(
                reverse(url_name, kwargs=row.kwargs(world)), secure=True
            )
            transaction.set_rollback(True)
        if response.status_code != 200:
            problems.append(f"{url_name} ({persona}): ответ {response.status_code}")
            continue
        checked += 1
        problems.extend(f"{url_name} ({persona}): {p}" for p in _header_problems(response))
    assert not problems, "\n".join(problems)
    assert checked > 100, f"only {checked} pages checked"
