"""Reads of Navigator ids for the API and the exchange."""

from __future__ import annotations

from collections.abc import Collection

from mentoring.integrations.navigator.models import ExternalId, ExternalKind


def external_ids_of_programs(program_ids: Collection[int]) -> dict[int, str]:
    rows = ExternalId.objects.filter(kind=ExternalKind.PROGRAM, program_id__in=list(program_ids))
    return {
        program_id: value for program_id, value in rows.values_list("program_id", "external_id") if program_id
    }


def external_ids_of_mentorships(mentorship_ids: Collection[int]) -> dict[int, str]:
    rows = ExternalId.objects.filter(kind=ExternalKind.MENTORSHIP, mentorship_id__in=list(mentorship_ids))
    return {
        mentorship_id: value
        for mentorship_id, value in rows.values_list("mentorship_id", "external_id")
        if mentorship_id
    }
