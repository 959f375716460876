from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import Membership, Role, User
from mentoring.demo.district import DEMO_PASSWORD
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.people.models import Consent, MenteeProfile, MenteeRequest, MentorProfile, Person
from mentoring.people.selectors import people_with_valid_consent
from mentoring.programs.models import Program, ProgramStatus


def _snapshot():
    return (
        sorted(Organization.objects.values_list("code", "short_name", "kind")),
        sorted(User.objects.values_list("username", "last_name", "first_name")),
        sorted(Membership.objects.values_list("user__username", "organization__code", "role")),
        Organization.history.count(),
        sorted(Person.objects.values_list("external_id", "last_name", "grade")),
        Consent.objects.count(),
        MenteeRequest.objects.count(),
        sorted(Program.objects.values_list("organization__code", "title", "status")),
    )


@pytest.mark.django_db
def test_the_demo_district_has_a_department_ten_schools_two_do_and_five_partners(demo_district):
    kinds = list(Organization.objects.values_list("kind", flat=True))
    assert kinds.count(OrganizationKind.DEPARTMENT) == 1
    assert kinds.count(OrganizationKind.SCHOOL) == 10
    assert kinds.count(OrganizationKind.SUPPLEMENTARY) == 2
    assert kinds.count(OrganizationKind.PARTNER) == 5
    held_roles = set(Membership.objects.values_list("role", flat=True))
    assert held_roles == set(Role.values)


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(demo_district):
    first = _snapshot()
    call_command("load_demo", stdout=StringIO())
    assert _snapshot() == first


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "role", "organization_code"),
    [
        ("uo", Role.DEPARTMENT_ADMIN, "brz-uo"),
        ("head1", Role.HEAD, "brz-school-1"),
        ("curator1", Role.CURATOR, "brz-school-1"),
        ("curator2", Role.CURATOR, "brz-school-2"),
        ("mentor1", Role.MENTOR, "brz-school-1"),
        ("mentee1", Role.MENTEE, "brz-school-1"),
    ],
)
def test_the_readme_logins_log_in_with_the_demo_password_and_hold_their_roles(
    username, role, organization_code, demo_district
):
    assert Membership.objects.filter(
        user__username=username, role=role, organization__code=organization_code, is_active=True
    ).exists()
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_the_demo_bases_have_mentors_mentees_requests_and_people_without_consent(demo_district):
    people = Person.objects.all()
    with_consent = people_with_valid_consent(people).count()
    assert MentorProfile.objects.filter(person__category__code="pupil").exists()
    assert MentorProfile.objects.filter(person__category__code="teacher").exists()
    assert MentorProfile.objects.filter(person__category__code="partner_employee").exists()
    assert MenteeProfile.objects.filter(subtype__name="Молодой специалист").exists()
    assert MenteeRequest.objects.filter(is_open=True).count() > 50
    assert 0 < people.count() - with_consent < people.count() // 5
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    mentee = Person.objects.get(user__username="mentee1")
    assert mentee.full_name == "Киселёв Артём Романович"
    assert mentee.representative_name.startswith("Киселёва ")
    assert hasattr(mentee, "mentee_profile")
    assert Person.objects.get(user__username="mentor1").mentor_profile.competencies.exists()


@pytest.mark.django_db
def test_the_demo_programs_show_every_state_of_the_pair_forming_clock(demo_district):
    programs = list(Program.objects.all())
    statuses = {p.status for p in programs}
    assert {ProgramStatus.DRAFT, ProgramStatus.ACTIVE, ProgramStatus.COMPLETED} <= statuses
    assert any(p.is_pairing_overdue() for p in programs)
    assert any(p.pairs_formed_on for p in programs)
    assert Program.objects.filter(is_recommended=True, is_shared=True).exists()
    assert all(p.stages.count() == 5 for p in programs if p.status != ProgramStatus.COMPLETED)


@pytest.mark.django_db
def test_the_demo_roadmaps_show_every_step_of_the_workflow_and_overdue_items(demo_district):
    from django.utils import timezone

    from mentoring.roadmaps.models import Roadmap, RoadmapStatus
    from mentoring.roadmaps.selectors import control_rows

    statuses = set(Roadmap.objects.values_list("status", flat=True))
    assert statuses == set(RoadmapStatus.values)
    assert Roadmap.objects.get(organization__code="brz-uo").status == RoadmapStatus.APPROVED
    assert Roadmap.objects.filter(status=RoadmapStatus.RETURNED).exclude(remarks="").exists()
    admin = User.objects.get(username="uo")
    rows = control_rows(visible_to=admin, year=timezone.localdate().year, today=timezone.localdate())
    assert any(row.roadmap is None for row in rows)
    assert any(row.done for row in rows)


@pytest.mark.django_db
def test_the_demo_export_to_the_navigator_carries_its_ids_for_programs_and_pairs(demo_district):
    from mentoring.integrations.navigator.exporting import build_export, to_json
    from mentoring.organizations.models import Municipality

    exported = to_json(build_export(municipality=Municipality.objects.get(code="brz"))).decode()
    assert '"NAV-P-school-1-' in exported
    assert '"NAV-M-' in exported
    assert '"demo-school-1-' in exported  # the people's own ids
