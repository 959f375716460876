"""The demo's exchange with the regional Navigator: the programs of two schools and their pairs carry
the ids the Navigator gave them, as after a first import of its file, so that the export on «Управление →
Обмен с Навигатором» shows them beside the people's own ids."""

from __future__ import annotations

from mentoring.integrations.navigator.models import ExternalId, ExternalKind
from mentoring.mentorships.models import Mentorship
from mentoring.organizations.models import Organization
from mentoring.programs.models import Program

KNOWN_TO_THE_NAVIGATOR = ("brz-school-1", "brz-school-2")


def load_demo_navigator(organizations: dict[str, Organization]) -> int:
    """Gives the Navigator's ids to those schools' programs and pairs; a second run changes nothing."""
    schools = [organizations[code] for code in KNOWN_TO_THE_NAVIGATOR]
    municipality = schools[0].municipality
    for program in Program.objects.filter(organization__in=schools).order_by("organization__code", "pk"):
        ExternalId.objects.get_or_create(
            kind=ExternalKind.PROGRAM,
            program=program,
            defaults={
                "municipality": municipality,
                "external_id": f"NAV-P-{program.organization.code.removeprefix('brz-')}-{program.pk}",
            },
        )
    for mentorship in Mentorship.objects.filter(organization__in=schools).order_by("pk"):
        ExternalId.objects.get_or_create(
            kind=ExternalKind.MENTORSHIP,
            mentorship=mentorship,
            defaults={"municipality": municipality, "external_id": f"NAV-M-{mentorship.pk}"},
        )
    return ExternalId.objects.filter(municipality=municipality).count()
