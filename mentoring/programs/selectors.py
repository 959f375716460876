"""Reads of forms and programs for pages, reports, matching and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import forms_visible_to, programs_visible_to, shared_programs_visible_to
from mentoring.people.normalize import normalize_text
from mentoring.programs.models import FormAlias, MentoringForm, Program, RoleVariant, overdue_pairing_q


@dataclass(frozen=True)
class ProgramFilters:
    q: str = ""
    organization_id: int | None = None
    form_id: int | None = None
    status: str = ""
    overdue: bool = False


def _search(programs: QuerySet[Program], q: str) -> QuerySet[Program]:
    for word in normalize_text(q).split()[:4]:
        programs = programs.filter(Q(title__icontains=word) | Q(goals__icontains=word))
    return programs


def program_list(*, visible_to: User, filters: ProgramFilters) -> QuerySet[Program]:
    programs = programs_visible_to(visible_to)
    if filters.q:
        programs = _search(programs, filters.q)
    if filters.organization_id:
        programs = programs.filter(organization_id=filters.organization_id)
    if filters.form_id:
        programs = programs.filter(form_id=filters.form_id)
    if filters.status:
        programs = programs.filter(status=filters.status)
    if filters.overdue:
        programs = programs.filter(overdue_pairing_q(timezone.localdate()))
    return programs.select_related("organization", "form", "curator").order_by(
        "organization__short_name", "-starts_on", "title"
    )


def shared_program_list(*, visible_to: User, q: str = "", form_id: int | None = None) -> QuerySet[Program]:
    """Programs opened to the municipality: recommended first. Shown without curators (personal data)."""
    programs = shared_programs_visible_to(visible_to)
    if q:
        programs = _search(programs, q)
    if form_id:
        programs = programs.filter(form_id=form_id)
    return programs.select_related("organization", "form").order_by("-is_recommended", "-updated_at")


def program_card(program: Program) -> Program:
    return (
        Program.objects.filter(pk=program.pk)
        .select_related("organization", "organization__municipality", "form", "curator", "copied_from")
        .prefetch_related("role_variants", "stages", "attachments", "form__aliases")
        .get()
    )


def form_list(*, visible_to: User) -> QuerySet[MentoringForm]:
    return (
        forms_visible_to(visible_to)
        .select_related("municipality")
        .prefetch_related(
            "mentor_categories",
            "mentee_categories",
            Prefetch("aliases", queryset=FormAlias.objects.order_by("organization_kind")),
            Prefetch("role_variants", queryset=RoleVariant.objects.order_by("id")),
        )
        .order_by("position", "name")
    )
