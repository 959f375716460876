"""Who may see and change what: the single place where scoping rules live.

- Department roles (administrator, methodologist) see every organization of their municipality.
- Organization staff (head, curator, partner representative) see their own organization and its people.
- Mentors and mentees see their own organization's card and their own records only.
- The bases of mentors and mentees are kept by the organization's head, curator (or a partner's
  representative) and the department admin; methodologists read them.
- Superusers see everything.

Views, selectors, reports and the API ask these helpers; nothing else decides access. An object the
user may not see is answered with 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from mentoring.accounts.models import Membership, Role, User
from mentoring.documents.models import Document
from mentoring.library.models import MUNICIPAL_VISIBILITIES, Material, Visibility
from mentoring.matching.models import MatchingRun, PairRule
from mentoring.mentorships.models import (
    ClosingEvent,
    Community,
    CommunityEvent,
    CommunityMaterial,
    CommunityMember,
    Concern,
    Meeting,
    Mentorship,
    MentorshipMentee,
    PlanItem,
)
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.outreach.models import (
    Award,
    CampaignEntry,
    Contest,
    ContestEntry,
    Enrolment,
    InformationLetter,
    InformationResource,
    LetterReceipt,
    LetterStatus,
    NewsItem,
    PortalContact,
    RecognitionEvent,
    Training,
)
from mentoring.partners.models import Agreement
from mentoring.people.models import MentorProfile, Person
from mentoring.programs.models import MentoringForm, Program
from mentoring.roadmaps.models import Roadmap
from mentoring.surveys.models import Question, Questionnaire, SurveyInvitation, SurveyRound, SwotAnalysis

DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_ADMIN, Role.METHODOLOGIST})
ORGANIZATION_STAFF_ROLES = frozenset({Role.HEAD, Role.CURATOR, Role.PARTNER_REPRESENTATIVE})
PARTICIPANT_ROLES = frozenset({Role.MENTOR, Role.MENTEE})

# Which roles make sense in which kind of organization.
ROLE_ORGANIZATION_KINDS: dict[str, frozenset[str]] = {
    Role.DEPARTMENT_ADMIN: frozenset({OrganizationKind.DEPARTMENT}),
    Role.METHODOLOGIST: frozenset({OrganizationKind.DEPARTMENT}),
    Role.HEAD: frozenset({OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY}),
    Role.CURATOR: frozenset({OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY}),
    Role.MENTOR: frozenset(
        {OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY, OrganizationKind.PARTNER}
    ),
    Role.MENTEE: frozenset({OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY}),
    Role.PARTNER_REPRESENTATIVE: frozenset({OrganizationKind.PARTNER}),
}

# The roles an organization head hands out in the own organization.
ROLES_GRANTED_BY_HEAD = frozenset({Role.CURATOR, Role.MENTOR, Role.MENTEE})


@dataclass(frozen=True)
class Scope:
    """What one user's active memberships amount to, computed once per request."""

    is_superuser: bool
    # municipality id -> department roles held there
    department_roles: dict[int, frozenset[str]]
    # organization id -> roles held there
    organization_roles: dict[int, frozenset[str]]

    def municipalities_with(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {mid for mid, held in self.department_roles.items() if held & wanted}

    def organizations_with(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {oid for oid, held in self.organization_roles.items() if held & wanted}

    @property
    def is_department(self) -> bool:
        return self.is_superuser or bool(self.department_roles)

    def roles_in(self, organization: Organization) -> frozenset[str]:
        return self.organization_roles.get(organization.pk, frozenset())


_SCOPE_ATTRIBUTE = "_mentoring_scope"


def scope_of(user: User) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    cached: Scope | None = getattr(user, _SCOPE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    department_roles: dict[int, set[str]] = {}
    organization_roles: dict[int, set[str]] = {}
    if user.is_authenticated and user.is_active:
        rows = Membership.objects.filter(
            user=user, is_active=True, organization__is_archived=False
        ).values_list("organization_id", "organization__municipality_id", "role")
        for organization_id, municipality_id, role in rows:
            organization_roles.setdefault(organization_id, set()).add(role)
            if role in DEPARTMENT_ROLES:
                department_roles.setdefault(municipality_id, set()).add(role)
    scope = Scope(
        is_superuser=bool(user.is_authenticated and user.is_active and user.is_superuser),
        department_roles={k: frozenset(v) for k, v in department_roles.items()},
        organization_roles={k: frozenset(v) for k, v in organization_roles.items()},
    )
    setattr(user, _SCOPE_ATTRIBUTE, scope)
    return scope


def forget_scope(user: User) -> None:
    """Drops the cached scope after the user's memberships changed within the same request."""
    if hasattr(user, _SCOPE_ATTRIBUTE):
        delattr(user, _SCOPE_ATTRIBUTE)


def sees_directories(user: User) -> bool:
    """Whether the lists of organizations and users are for this user: department roles and
    organization staff, not mentors and mentees (who see their own records only)."""
    scope = scope_of(user)
    return scope.is_department or bool(scope.organizations_with(ORGANIZATION_STAFF_ROLES))


# --- municipalities ---------------------------------------------------------------------------


def municipalities_administered_by(user: User) -> QuerySet[Municipality]:
    """Municipalities where the user may create and edit organizations and users."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))


# --- organizations ------------------------------------------------------------------------------


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(pk__in=scope.organization_roles)
    )


def can_edit_organization(user: User, organization: Organization) -> bool:
    scope = scope_of(user)
    return scope.is_superuser or organization.municipality_id in scope.municipalities_with(
        {Role.DEPARTMENT_ADMIN}
    )


def can_view_organization_staff(user: User, organization: Organization) -> bool:
    """Staff lists carry names and contacts: department and the organization's own staff only."""
    scope = scope_of(user)
    if scope.is_superuser or organization.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES):
        return True
    return bool(scope.roles_in(organization) & ORGANIZATION_STAFF_ROLES)


def get_organization_for_user(user: User, pk: int) -> tuple[Organization, bool]:
    """The organization and whether the user may edit it; 404 when the user may not see it."""
    organization = organizations_visible_to(user).select_related("municipality").filter(pk=pk).first()
    if organization is None:
        raise Http404("Организация не найдена")
    return organization, can_edit_organization(user, organization)


# --- users and roles ----------------------------------------------------------------------------


def roles_grantable_by(user: User, organization: Organization) -> list[str]:
    """The roles this user may give to somebody in the organization, in display order."""
    if organization.is_archived:
        return []
    valid = [role for role in Role.values if organization.kind in ROLE_ORGANIZATION_KINDS[role]]
    scope = scope_of(user)
    if scope.is_superuser or organization.municipality_id in scope.municipalities_with(
        {Role.DEPARTMENT_ADMIN}
    ):
        return valid
    if Role.HEAD in scope.roles_in(organization):
        return [role for role in valid if role in ROLES_GRANTED_BY_HEAD]
    return []


def organizations_where_user_can_grant(user: User) -> QuerySet[Organization]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Organization.objects.filter(is_archived=False)
    return Organization.objects.filter(
        Q(municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(pk__in=scope.organizations_with({Role.HEAD})),
        is_archived=False,
    )


def can_create_users(user: User) -> bool:
    scope = scope_of(user)
    return (
        scope.is_superuser
        or bool(scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        or bool(scope.organizations_with({Role.HEAD}))
    )


def users_visible_to(user: User) -> QuerySet[User]:
    """Department roles see the people of their municipality; organization staff see their
    organization's people; everybody sees themselves."""
    scope = scope_of(user)
    if scope.is_superuser:
        return User.objects.all()
    municipalities = scope.municipalities_with(DEPARTMENT_ROLES)
    organizations = scope.organizations_with(ORGANIZATION_STAFF_ROLES)
    visible_memberships = Membership.objects.filter(
        Q(organization__municipality_id__in=municipalities) | Q(organization_id__in=organizations)
    )
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=visible_memberships.values("user_id")))


def can_edit_user(actor: User, target: User, target_memberships: Iterable[Membership]) -> bool:
    """Department admins edit people of their municipality; a head edits the curators, mentors and
    mentees who belong only to the own organization; a user edits nobody else (their own password
    and contacts are changed on the profile page)."""
    scope = scope_of(actor)
    if scope.is_superuser:
        return True
    if target.is_superuser:
        return False
    memberships = list(target_memberships)
    administered = scope.municipalities_with({Role.DEPARTMENT_ADMIN})
    if memberships and all(m.organization.municipality_id in administered for m in memberships):
        return True
    headed = scope.organizations_with({Role.HEAD})
    return bool(memberships) and all(
        m.organization_id in headed and m.role in ROLES_GRANTED_BY_HEAD for m in memberships
    )


def get_user_for_user(actor: User, pk: int) -> tuple[User, bool]:
    """The user record and whether the actor may edit it; 404 when the actor may not see it."""
    target = users_visible_to(actor).filter(pk=pk).first()
    if target is None:
        raise Http404("Пользователь не найден")
    memberships = Membership.objects.filter(user=target).select_related("organization")
    return target, can_edit_user(actor, target, memberships)


def get_membership_for_user(actor: User, pk: int) -> Membership:
    """A membership the actor may end: one the actor could have granted."""
    membership = (
        Membership.objects.select_related("organization", "organization__municipality", "user")
        .filter(pk=pk, user__in=users_visible_to(actor))
        .first()
    )
    if membership is None:
        raise Http404("Роль не найдена")
    return membership


# --- people (bases of mentors and mentees) ------------------------------------------------------

# Who keeps an organization's bases: its head and curator, a partner's representative for its staff.
PEOPLE_KEEPER_ROLES = frozenset({Role.HEAD, Role.CURATOR, Role.PARTNER_REPRESENTATIVE})


def people_visible_to(user: User) -> QuerySet[Person]:
    """Department roles see the municipality's people, organization staff their organization's,
    mentors and mentees only their own record."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Person.objects.all()
    return Person.objects.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(organization_id__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES))
        | Q(user_id=user.pk)
    )


def organizations_where_user_keeps_people(user: User) -> QuerySet[Organization]:
    """Organizations whose bases the user may change, import into and export."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Organization.objects.filter(is_archived=False).exclude(kind=OrganizationKind.DEPARTMENT)
    return Organization.objects.filter(
        Q(municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(pk__in=scope.organizations_with(PEOPLE_KEEPER_ROLES)),
        is_archived=False,
    ).exclude(kind=OrganizationKind.DEPARTMENT)


def can_keep_people_of(user: User, organization: Organization) -> bool:
    if organization.is_archived or organization.kind == OrganizationKind.DEPARTMENT:
        return False
    scope = scope_of(user)
    return (
        scope.is_superuser
        or organization.municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN})
        or bool(scope.roles_in(organization) & PEOPLE_KEEPER_ROLES)
    )


def sees_people_bases(user: User) -> bool:
    """Whether the lists of people are for this user (not for mentors and mentees themselves)."""
    return sees_directories(user)


def get_person_for_user(user: User, pk: int) -> tuple[Person, bool]:
    """The person and whether the user may change the record; 404 when the user may not see it."""
    person = (
        people_visible_to(user)
        .select_related("organization", "organization__municipality", "category", "subject", "user")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("Участник не найден")
    # An anonymised record is kept for the figures only: nobody writes new data into it.
    return person, person.anonymised_at is None and can_keep_people_of(user, person.organization)


def can_act_on_subject_rights_of(user: User, person: Person) -> bool:
    """Requests of a data subject (152-FZ: a copy of everything held about them) are answered by the
    department's administrator of the person's municipality."""
    scope = scope_of(user)
    return scope.is_superuser or person.municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN})


def sees_access_log_of(user: User) -> QuerySet[Municipality]:
    """Municipalities whose personal-data access log the user may read: the department's."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=scope.municipalities_with(DEPARTMENT_ROLES))


# --- forms of mentoring and programs ------------------------------------------------------------

# Who runs an organization's programs: its head and curator.
PROGRAM_KEEPER_ROLES = frozenset({Role.HEAD, Role.CURATOR})


def forms_available_to_municipality(municipality_id: int) -> Q:
    """The system's default forms plus the municipality's own."""
    return Q(municipality__isnull=True) | Q(municipality_id=municipality_id)


def forms_visible_to(user: User) -> QuerySet[MentoringForm]:
    scope = scope_of(user)
    if scope.is_superuser:
        return MentoringForm.objects.all()
    municipalities = set(scope.department_roles) | set(
        Organization.objects.filter(pk__in=scope.organization_roles).values_list("municipality_id", flat=True)
    )
    return MentoringForm.objects.filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipalities))


def can_edit_form(user: User, form: MentoringForm) -> bool:
    """Defaults belong to the system's administrator; a municipality's forms to its department admin."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    return form.municipality_id is not None and form.municipality_id in scope.municipalities_with(
        {Role.DEPARTMENT_ADMIN}
    )


def get_form_for_user(user: User, pk: int) -> tuple[MentoringForm, bool]:
    form = forms_visible_to(user).filter(pk=pk).first()
    if form is None:
        raise Http404("Форма наставничества не найдена")
    return form, can_edit_form(user, form)


def programs_visible_to(user: User) -> QuerySet[Program]:
    """Programs of the organizations the user sees (a program holds no personal data of its own)."""
    return Program.objects.filter(organization__in=organizations_visible_to(user))


def shared_programs_visible_to(user: User) -> QuerySet[Program]:
    """Programs other organizations of the user's municipalities opened to everyone."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Program.objects.filter(is_shared=True)
    municipalities = set(scope.department_roles) | set(
        Organization.objects.filter(pk__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES)).values_list(
            "municipality_id", flat=True
        )
    )
    return Program.objects.filter(is_shared=True, organization__municipality_id__in=municipalities)


def can_run_programs_of(user: User, organization: Organization) -> bool:
    """Create and change programs: the organization's head or curator, or the department admin."""
    if organization.is_archived or organization.kind in (
        OrganizationKind.DEPARTMENT,
        OrganizationKind.PARTNER,
    ):
        return False
    scope = scope_of(user)
    return (
        scope.is_superuser
        or organization.municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN})
        or bool(scope.roles_in(organization) & PROGRAM_KEEPER_ROLES)
    )


def organizations_where_user_runs_programs(user: User) -> QuerySet[Organization]:
    scope = scope_of(user)
    organizations = Organization.objects.filter(is_archived=False).filter(
        kind__in=[OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY]
    )
    if scope.is_superuser:
        return organizations
    return organizations.filter(
        Q(municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(pk__in=scope.organizations_with(PROGRAM_KEEPER_ROLES))
    )


def can_recommend_programs_of(user: User, organization: Organization) -> bool:
    """Marking a shared program as recommended is the department's word."""
    scope = scope_of(user)
    return scope.is_superuser or organization.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)


def get_program_for_user(user: User, pk: int) -> tuple[Program, bool]:
    """The program and whether the user may change it; a shared program of the municipality is
    readable by every organization's staff; 404 otherwise."""
    program = (
        Program.objects.filter(
            Q(pk__in=programs_visible_to(user)) | Q(pk__in=shared_programs_visible_to(user))
        )
        .select_related("organization", "organization__municipality", "form", "curator")
        .filter(pk=pk)
        .first()
    )
    if program is None:
        raise Http404("Программа не найдена")
    return program, can_run_programs_of(user, program.organization)


# --- matching -------------------------------------------------------------------------------------
#
# Matching reads the bases of a whole program (requests, classes, preferences), so its pages are for
# those who keep the bases: the organization's head and curator and the department (the administrator
# runs it, the methodologist reads). Mentors, mentees and other organizations get 404.

MATCHING_READER_ROLES = frozenset({Role.HEAD, Role.CURATOR})


def can_view_matching_of(user: User, organization: Organization) -> bool:
    scope = scope_of(user)
    return (
        scope.is_superuser
        or organization.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)
        or bool(scope.roles_in(organization) & MATCHING_READER_ROLES)
    )


def get_matching_program_for_user(user: User, pk: int) -> tuple[Program, bool]:
    """The program whose matching the user may see, and whether they may run it; 404 otherwise."""
    program = (
        Program.objects.select_related("organization", "organization__municipality", "form", "curator")
        .filter(pk=pk)
        .first()
    )
    if program is None or not can_view_matching_of(user, program.organization):
        raise Http404("Программа не найдена")
    return program, can_run_programs_of(user, program.organization)


def get_matching_run_for_user(user: User, pk: int) -> tuple[MatchingRun, bool]:
    run = MatchingRun.objects.select_related("program").filter(pk=pk).first()
    if run is None:
        raise Http404("Подбор не найден")
    program, can_run = get_matching_program_for_user(user, run.program_id)
    run.program = program
    return run, can_run


def get_pair_rule_for_user(user: User, pk: int) -> tuple[PairRule, bool]:
    rule = PairRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404("Решение не найдено")
    program, can_run = get_matching_program_for_user(user, rule.program_id)
    rule.program = program
    return rule, can_run


# --- methodological library ---------------------------------------------------------------------
#
# A material belongs to a municipality and, unless it is the department's own, to an organization.
# - Materials shared with the municipality (or published) are read by everybody who works or learns
#   in one of its organizations, and by its department.
# - A material kept inside one organization is read by that organization's people and the department.
# - An organization's materials are kept (added, changed, deleted) by its head and curator and by the
#   department (administrator, methodologist); the department's own materials by the department.

LIBRARY_KEEPER_ROLES = frozenset({Role.HEAD, Role.CURATOR})


def materials_visible_to(user: User) -> QuerySet[Material]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Material.objects.all()
    member_of = list(scope.organization_roles)
    member_municipalities = Organization.objects.filter(pk__in=member_of).values("municipality_id")
    return Material.objects.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(visibility__in=MUNICIPAL_VISIBILITIES, municipality_id__in=member_municipalities)
        | Q(visibility=Visibility.ORGANIZATION, organization_id__in=member_of)
    )


def municipalities_where_user_keeps_materials(user: User) -> QuerySet[Municipality]:
    """Municipalities whose own (department's) materials the user adds and changes."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=scope.municipalities_with(DEPARTMENT_ROLES))


def organizations_where_user_keeps_materials(user: User) -> QuerySet[Organization]:
    """Organizations to which the user may add materials."""
    scope = scope_of(user)
    organizations = Organization.objects.filter(is_archived=False).exclude(kind=OrganizationKind.DEPARTMENT)
    if scope.is_superuser:
        return organizations
    return organizations.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(pk__in=scope.organizations_with(LIBRARY_KEEPER_ROLES))
    )


def can_add_materials(user: User) -> bool:
    scope = scope_of(user)
    return (
        scope.is_superuser
        or bool(scope.municipalities_with(DEPARTMENT_ROLES))
        or bool(scope.organizations_with(LIBRARY_KEEPER_ROLES))
    )


def can_keep_materials_of(user: User, *, municipality_id: int, organization: Organization | None) -> bool:
    """Whether the user adds and changes materials of this owner (organization None: the department's)."""
    scope = scope_of(user)
    if scope.is_superuser or municipality_id in scope.municipalities_with(DEPARTMENT_ROLES):
        return True
    return organization is not None and bool(scope.roles_in(organization) & LIBRARY_KEEPER_ROLES)


def can_edit_material(user: User, material: Material) -> bool:
    return can_keep_materials_of(
        user, municipality_id=material.municipality_id, organization=material.organization
    )


def get_material_for_user(user: User, pk: int) -> tuple[Material, bool]:
    """The material and whether the user may change or delete it; 404 when the user may not see it."""
    material = (
        materials_visible_to(user)
        .select_related("municipality", "organization", "uploaded_by")
        .filter(pk=pk)
        .first()
    )
    if material is None:
        raise Http404("Материал не найден")
    return material, can_edit_material(user, material)


# --- roadmaps ------------------------------------------------------------------------------------
#
# An organization's roadmap is written by its head and curator and endorsed (or returned) by the
# department; the municipal roadmap is the department's. Department roles read every roadmap of the
# municipality; organization staff read their own organization's.


def roadmaps_visible_to(user: User) -> QuerySet[Roadmap]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Roadmap.objects.all()
    return Roadmap.objects.filter(
        Q(organization__municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(organization_id__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES))
    )


def can_write_roadmap(user: User, roadmap: Roadmap) -> bool:
    """Edit items, submit and approve: the organization's head or curator (the department admin for
    the department's own roadmap and on behalf of any organization)."""
    scope = scope_of(user)
    organization = roadmap.organization
    if scope.is_superuser or organization.municipality_id in scope.municipalities_with(
        {Role.DEPARTMENT_ADMIN}
    ):
        return True
    return bool(scope.roles_in(organization) & {Role.HEAD, Role.CURATOR})


def can_endorse_roadmap(user: User, roadmap: Roadmap) -> bool:
    """Endorse or return an organization's roadmap: the municipality's department roles."""
    scope = scope_of(user)
    return scope.is_superuser or roadmap.organization.municipality_id in scope.municipalities_with(
        DEPARTMENT_ROLES
    )


def organizations_where_user_writes_roadmaps(user: User) -> QuerySet[Organization]:
    scope = scope_of(user)
    organizations = Organization.objects.filter(is_archived=False).exclude(kind=OrganizationKind.PARTNER)
    if scope.is_superuser:
        return organizations
    return organizations.filter(
        Q(municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(pk__in=scope.organizations_with({Role.HEAD, Role.CURATOR}))
    )


def get_roadmap_for_user(user: User, pk: int) -> tuple[Roadmap, bool]:
    roadmap = (
        roadmaps_visible_to(user)
        .select_related("organization", "organization__municipality", "template")
        .filter(pk=pk)
        .first()
    )
    if roadmap is None:
        raise Http404("Дорожная карта не найдена")
    return roadmap, can_write_roadmap(user, roadmap)


# --- documents registry -------------------------------------------------------------------------
#
# The registry holds the documents of schools, ДО and the department (orders, regulations, report
# notes), their agreements with partner organizations and their incentive schemes for mentors.
# - An organization's documents are read by its staff (head, curator) and by the department of its
#   municipality (administrator, methodologist); they are kept (added, changed, deleted) by its head
#   and curator and by the department's administrator.
# - The department's own documents are read and kept by the department (administrator, methodologist).
# - Agreements with partners follow the same rules through the organization that signed them; the
#   partner's representative also reads (never changes) the agreements its organization is party to.
# - Incentive schemes follow the same rules as the documents of their organization.
# - Partner organizations themselves (names, work contacts) are not personal data: the department
#   sees every partner of its municipality, a school's or ДО's staff see the partners of their
#   municipality (those they have agreements with, and the others as candidates), a partner's
#   representative sees the own organization.
# - People a document concerns are linked only from the bases the user sees: the organization's own
#   people (for the department's documents, the municipality's). The mentors an agreement names are
#   chosen from the partner's mentor base: the agreement is what brings them to the school.

# Organizations that hold documents, agreements and incentive schemes.
DOCUMENT_HOLDER_KINDS = frozenset(
    {OrganizationKind.DEPARTMENT, OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY}
)
# Who keeps a school's or ДО's documents (besides the department admin).
DOCUMENT_KEEPER_ROLES = frozenset({Role.HEAD, Role.CURATOR})


def sees_documents(user: User) -> bool:
    """Whether the registry's pages are for this user: department roles and organization staff, not
    mentors and mentees."""
    return sees_directories(user)


def document_holders_visible_to(user: User) -> QuerySet[Organization]:
    """Organizations whose documents, agreements and incentive schemes the user reads."""
    scope = scope_of(user)
    holders = Organization.objects.filter(kind__in=DOCUMENT_HOLDER_KINDS)
    if scope.is_superuser:
        return holders
    return holders.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(pk__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES))
    )


def document_holders_kept_by(user: User) -> QuerySet[Organization]:
    """Organizations (not archived) to whose registry the user adds documents and agreements."""
    scope = scope_of(user)
    holders = Organization.objects.filter(kind__in=DOCUMENT_HOLDER_KINDS, is_archived=False)
    if scope.is_superuser:
        return holders
    return holders.filter(
        Q(kind=OrganizationKind.DEPARTMENT, municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(pk__in=scope.organizations_with(DOCUMENT_KEEPER_ROLES))
    )


def can_keep_documents_of(user: User, organization: Organization) -> bool:
    """Add, change and delete the organization's documents, agreements and incentive scheme."""
    if organization.is_archived or organization.kind not in DOCUMENT_HOLDER_KINDS:
        return False
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if organization.kind == OrganizationKind.DEPARTMENT:
        return organization.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)
    return organization.municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN}) or bool(
        scope.roles_in(organization) & DOCUMENT_KEEPER_ROLES
    )


def documents_visible_to(user: User) -> QuerySet[Document]:
    return Document.objects.filter(organization__in=document_holders_visible_to(user))


def get_document_for_user(user: User, pk: int) -> tuple[Document, bool]:
    """The document and whether the user may change it; 404 when the user may not see it."""
    document = (
        documents_visible_to(user)
        .select_related("organization", "organization__municipality", "kind", "created_by")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404("Документ не найден")
    return document, can_keep_documents_of(user, document.organization)


def people_linkable_to_documents_of(user: User, organization: Organization) -> QuerySet[Person]:
    """People a document of the organization may name: its own people the user sees (for the
    department's documents, the municipality's people the user sees), not archived."""
    people = people_visible_to(user).filter(is_archived=False)
    if organization.kind == OrganizationKind.DEPARTMENT:
        return people.filter(municipality_id=organization.municipality_id)
    return people.filter(organization_id=organization.pk)


def get_holder_for_user(user: User, pk: int) -> tuple[Organization, bool]:
    """An organization's registry (its incentive scheme) and whether the user keeps it; 404 when the
    user may not see it."""
    organization = document_holders_visible_to(user).select_related("municipality").filter(pk=pk).first()
    if organization is None:
        raise Http404("Организация не найдена")
    return organization, can_keep_documents_of(user, organization)


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Agreement.objects.all()
    return Agreement.objects.filter(
        Q(organization__in=document_holders_visible_to(user))
        | Q(partner_id__in=scope.organizations_with({Role.PARTNER_REPRESENTATIVE}))
    )


def get_agreement_for_user(user: User, pk: int) -> tuple[Agreement, bool]:
    """The agreement and whether the user may change it; 404 when the user may not see it."""
    agreement = (
        agreements_visible_to(user)
        .select_related("organization", "organization__municipality", "partner", "created_by")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404("Соглашение не найдено")
    return agreement, can_keep_documents_of(user, agreement.organization)


def partners_visible_to(user: User) -> QuerySet[Organization]:
    """Partner organizations the user sees in the partners list and may choose for an agreement."""
    scope = scope_of(user)
    partners = Organization.objects.filter(kind=OrganizationKind.PARTNER)
    if scope.is_superuser:
        return partners
    staff_municipalities = Organization.objects.filter(
        pk__in=scope.organizations_with(DOCUMENT_KEEPER_ROLES)
    ).values("municipality_id")
    return partners.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(municipality_id__in=staff_municipalities)
        | Q(pk__in=scope.organizations_with({Role.PARTNER_REPRESENTATIVE}))
    )


def mentors_a_partner_supplies(partner: Organization) -> QuerySet[MentorProfile]:
    """The partner's mentor base (people of the partner organization, not archived): the choice of
    mentors for an agreement with it."""
    return MentorProfile.objects.filter(person__organization=partner, person__is_archived=False)


# --- outreach: letters, information campaign, portal, training, contests, awards ------------------
#
# - Information letters are written and sent by the department (administrator, methodologist), which
#   reads every letter of its municipality with the receipts. A sent letter is read by the staff
#   (head, curator, partner's representative) of each organization it was sent to, who mark it read
#   for their organization; other organizations never learn of it.
# - The information campaign (resources and the log of publications and events) of a school or ДО is
#   kept by its head and curator and by the department admin; the department's own by the department.
#   The department reads the whole municipality's campaign, an organization's head and curator their
#   own organization's.
# - The portal's branding, texts and news are kept by the department. Curators and heads publish
#   their own contact card (publishing is their consent; taking it down withdraws it); the department
#   may take any card of its municipality down. What the portal shows anonymously is decided by
#   mentoring.outreach.selectors (only people who agreed to publication), not here.
# - Trainings, contests and events of recognition hold no personal data: everybody who works or learns
#   in the municipality reads them. The department keeps them; a school's or ДО's own trainings are
#   also kept by its head and curator.
# - Enrolments, contest entries and awards name people. The department reads the municipality's; an
#   organization's staff read those of its own people (and the keepers of a training its enrolments);
#   a mentor or curator reads their own. They are changed by the keepers of the training, by whoever
#   keeps the person's organization (head, curator, partner's representative, department admin) and,
#   for awards, by whoever keeps the granting organization's documents.

OUTREACH_KEEPER_ROLES = frozenset({Role.HEAD, Role.CURATOR})
# Organizations a letter goes to when it is sent «to all».
LETTER_DEFAULT_KINDS = frozenset({OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY})
LETTER_RECIPIENT_KINDS = LETTER_DEFAULT_KINDS | {OrganizationKind.PARTNER}


def member_municipalities(user: User) -> set[int]:
    """Municipalities where the user holds a department role or works or learns in an organization."""
    scope = scope_of(user)
    ids = set(scope.department_roles)
    if scope.organization_roles:
        ids |= set(
            Organization.objects.filter(pk__in=scope.organization_roles).values_list(
                "municipality_id", flat=True
            )
        )
    return ids


def _department_of(user: User, municipality_id: int) -> bool:
    scope = scope_of(user)
    return scope.is_superuser or municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)


# letters


def sees_letters(user: User) -> bool:
    """The letters pages are for the department and organization staff, not for mentors and mentees."""
    return sees_directories(user)


def municipalities_where_user_keeps_outreach(user: User) -> QuerySet[Municipality]:
    """Municipalities whose letters, portal, contests and events of recognition the user keeps: those
    where the user holds a department role."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=scope.municipalities_with(DEPARTMENT_ROLES))


def municipalities_where_user_writes_letters(user: User) -> QuerySet[Municipality]:
    return municipalities_where_user_keeps_outreach(user)


def can_write_letters_in(user: User, municipality_id: int) -> bool:
    return _department_of(user, municipality_id)


def letter_recipients_possible(municipality_id: int) -> QuerySet[Organization]:
    """Organizations a letter of the municipality may be addressed to (not archived)."""
    return Organization.objects.filter(
        municipality_id=municipality_id, kind__in=LETTER_RECIPIENT_KINDS, is_archived=False
    )


def letters_visible_to(user: User) -> QuerySet[InformationLetter]:
    scope = scope_of(user)
    if scope.is_superuser:
        return InformationLetter.objects.all()
    received = LetterReceipt.objects.filter(
        organization_id__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES)
    ).values("letter_id")
    return InformationLetter.objects.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(status=LetterStatus.SENT, pk__in=received)
    )


def receipts_answered_by(user: User) -> QuerySet[LetterReceipt]:
    """Receipts of the organizations for which the user reads letters (their head, curator, partner's
    representative)."""
    return LetterReceipt.objects.filter(
        organization_id__in=scope_of(user).organizations_with(ORGANIZATION_STAFF_ROLES),
        letter__status=LetterStatus.SENT,
    )


def get_letter_for_user(user: User, pk: int) -> tuple[InformationLetter, bool]:
    """The letter and whether the user may change and send it; 404 when the user may not see it."""
    letter = (
        letters_visible_to(user)
        .select_related("municipality", "created_by", "sent_by", "roadmap_item", "roadmap_item__roadmap")
        .filter(pk=pk)
        .first()
    )
    if letter is None:
        raise Http404("Письмо не найдено")
    return letter, can_write_letters_in(user, letter.municipality_id)


# information campaign


def sees_campaign(user: User) -> bool:
    scope = scope_of(user)
    return scope.is_department or bool(scope.organizations_with(OUTREACH_KEEPER_ROLES))


def campaign_organizations_visible_to(user: User) -> QuerySet[Organization]:
    scope = scope_of(user)
    holders = Organization.objects.filter(kind__in=DOCUMENT_HOLDER_KINDS)
    if scope.is_superuser:
        return holders
    return holders.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(pk__in=scope.organizations_with(OUTREACH_KEEPER_ROLES))
    )


def can_keep_campaign_of(user: User, organization: Organization) -> bool:
    if organization.is_archived or organization.kind not in DOCUMENT_HOLDER_KINDS:
        return False
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if organization.kind == OrganizationKind.DEPARTMENT:
        return organization.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)
    return organization.municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN}) or bool(
        scope.roles_in(organization) & OUTREACH_KEEPER_ROLES
    )


def campaign_organizations_kept_by(user: User) -> QuerySet[Organization]:
    scope = scope_of(user)
    holders = Organization.objects.filter(kind__in=DOCUMENT_HOLDER_KINDS, is_archived=False)
    if scope.is_superuser:
        return holders
    return holders.filter(
        Q(kind=OrganizationKind.DEPARTMENT, municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(pk__in=scope.organizations_with(OUTREACH_KEEPER_ROLES))
    )


def campaign_entries_visible_to(user: User) -> QuerySet[CampaignEntry]:
    return CampaignEntry.objects.filter(organization__in=campaign_organizations_visible_to(user))


def resources_visible_to(user: User) -> QuerySet[InformationResource]:
    return InformationResource.objects.filter(organization__in=campaign_organizations_visible_to(user))


def get_campaign_entry_for_user(user: User, pk: int) -> tuple[CampaignEntry, bool]:
    entry = (
        campaign_entries_visible_to(user)
        .select_related("organization", "organization__municipality", "resource")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404("Запись информационной кампании не найдена")
    return entry, can_keep_campaign_of(user, entry.organization)


def get_resource_for_user(user: User, pk: int) -> tuple[InformationResource, bool]:
    resource = resources_visible_to(user).select_related("organization").filter(pk=pk).first()
    if resource is None:
        raise Http404("Информационный ресурс не найден")
    return resource, can_keep_campaign_of(user, resource.organization)


# portal


def portal_municipalities_kept_by(user: User) -> QuerySet[Municipality]:
    """Municipalities whose portal (branding, texts, news) the user keeps: the department's."""
    return municipalities_where_user_keeps_outreach(user)


def can_keep_portal_of(user: User, municipality_id: int) -> bool:
    return _department_of(user, municipality_id)


def get_portal_municipality_for_user(user: User, pk: int) -> Municipality:
    """The municipality whose portal the user keeps; 404 for everybody else."""
    municipality = portal_municipalities_kept_by(user).filter(pk=pk).first()
    if municipality is None:
        raise Http404("Муниципалитет не найден")
    return municipality


def news_visible_to(user: User) -> QuerySet[NewsItem]:
    """News as the department manages them (the portal itself shows the published ones to everybody)."""
    return NewsItem.objects.filter(municipality__in=portal_municipalities_kept_by(user))


def get_news_for_user(user: User, pk: int) -> tuple[NewsItem, bool]:
    news = news_visible_to(user).select_related("municipality").filter(pk=pk).first()
    if news is None:
        raise Http404("Новость не найдена")
    return news, True


def contact_organizations_of(user: User) -> QuerySet[Organization]:
    """Schools and ДО where the user is a curator or head: the places whose contact card they may publish."""
    return Organization.objects.filter(
        pk__in=scope_of(user).organizations_with(OUTREACH_KEEPER_ROLES),
        kind__in=LETTER_DEFAULT_KINDS,
        is_archived=False,
    )


def portal_contacts_visible_to(user: User) -> QuerySet[PortalContact]:
    scope = scope_of(user)
    if scope.is_superuser:
        return PortalContact.objects.all()
    return PortalContact.objects.filter(
        Q(user_id=user.pk) | Q(organization__municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
    )


def get_portal_contact_for_user(user: User, pk: int) -> tuple[PortalContact, bool]:
    contact = portal_contacts_visible_to(user).select_related("organization", "user").filter(pk=pk).first()
    if contact is None:
        raise Http404("Контакт не найден")
    return contact, True


# trainings


def trainings_visible_to(user: User) -> QuerySet[Training]:
    if scope_of(user).is_superuser:
        return Training.objects.all()
    return Training.objects.filter(municipality_id__in=member_municipalities(user))


def training_organizers_for(user: User) -> QuerySet[Organization]:
    """Organizations on whose behalf the user adds trainings: the department (its roles), a school or
    ДО (its head and curator, the department admin)."""
    scope = scope_of(user)
    organizers = Organization.objects.filter(kind__in=DOCUMENT_HOLDER_KINDS, is_archived=False)
    if scope.is_superuser:
        return organizers
    return organizers.filter(
        Q(kind=OrganizationKind.DEPARTMENT, municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(pk__in=scope.organizations_with(OUTREACH_KEEPER_ROLES))
    )


def can_keep_training(user: User, training: Training) -> bool:
    if _department_of(user, training.municipality_id):
        return True
    return training.organization.kind != OrganizationKind.DEPARTMENT and bool(
        scope_of(user).roles_in(training.organization) & OUTREACH_KEEPER_ROLES
    )


def get_training_for_user(user: User, pk: int) -> tuple[Training, bool]:
    training = trainings_visible_to(user).select_related("organization", "municipality").filter(pk=pk).first()
    if training is None:
        raise Http404("Обучение не найдено")
    return training, can_keep_training(user, training)


def enrolments_visible_to(user: User) -> QuerySet[Enrolment]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Enrolment.objects.all()
    return Enrolment.objects.filter(
        Q(training__municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(organization_id__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES))
        | Q(training__organization_id__in=scope.organizations_with(OUTREACH_KEEPER_ROLES))
        | Q(person__user_id=user.pk)
        | Q(user_id=user.pk)
    )


def mentors_enrollable(user: User, training: Training) -> QuerySet[MentorProfile]:
    """Mentors the user may enrol in the training: of the whole municipality for the training's keepers
    (of the organizing school only, for a school's own training), otherwise of the organizations whose
    bases the user keeps."""
    mentors = MentorProfile.objects.filter(
        person__municipality_id=training.municipality_id, person__is_archived=False
    )
    if training.organization.kind != OrganizationKind.DEPARTMENT:
        mentors = mentors.filter(person__organization_id=training.organization_id)
    if can_keep_training(user, training):
        return mentors
    return mentors.filter(person__organization__in=organizations_where_user_keeps_people(user))


def curators_enrollable(user: User, training: Training) -> QuerySet[Membership]:
    """Active curator roles the user may enrol: any of the municipality for the training's keepers, the
    own organization's for a head, the user's own for a curator."""
    curators = Membership.objects.filter(
        role=Role.CURATOR,
        is_active=True,
        organization__municipality_id=training.municipality_id,
        organization__is_archived=False,
    )
    if training.organization.kind != OrganizationKind.DEPARTMENT:
        curators = curators.filter(organization_id=training.organization_id)
    if can_keep_training(user, training):
        return curators
    scope = scope_of(user)
    return curators.filter(
        Q(organization_id__in=scope.organizations_with({Role.HEAD}))
        | Q(organization__municipality_id__in=scope.municipalities_with({Role.DEPARTMENT_ADMIN}))
        | Q(user_id=user.pk)
    )


def can_enrol_in(user: User, training: Training) -> bool:
    return mentors_enrollable(user, training).exists() or curators_enrollable(user, training).exists()


def can_manage_enrolment(user: User, enrolment: Enrolment) -> bool:
    """Record the outcome and the certificate: the training's keepers, the keepers of the participant's
    organization (for a curator, its head and the department admin)."""
    if can_keep_training(user, enrolment.training):
        return True
    if enrolment.person_id is not None:
        return can_keep_people_of(user, enrolment.organization)
    scope = scope_of(user)
    return Role.HEAD in scope.roles_in(enrolment.organization) or enrolment.organization.municipality_id in (
        scope.municipalities_with({Role.DEPARTMENT_ADMIN})
    )


def get_enrolment_for_user(user: User, pk: int) -> tuple[Enrolment, bool]:
    enrolment = (
        enrolments_visible_to(user)
        .select_related(
            "training",
            "training__organization",
            "organization",
            "organization__municipality",
            "person",
            "user",
        )
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404("Запись на обучение не найдена")
    return enrolment, can_manage_enrolment(user, enrolment)


# contests


def contests_visible_to(user: User) -> QuerySet[Contest]:
    if scope_of(user).is_superuser:
        return Contest.objects.all()
    return Contest.objects.filter(municipality_id__in=member_municipalities(user))


def can_keep_contests_in(user: User, municipality_id: int) -> bool:
    return _department_of(user, municipality_id)


def get_contest_for_user(user: User, pk: int) -> tuple[Contest, bool]:
    contest = contests_visible_to(user).select_related("municipality").filter(pk=pk).first()
    if contest is None:
        raise Http404("Конкурс не найден")
    return contest, can_keep_contests_in(user, contest.municipality_id)


def can_keep_entries_of(user: User, organization: Organization) -> bool:
    """Enter the organization and its mentors in contests and record the results: its staff (head,
    curator, partner's representative) and the department."""
    if organization.is_archived:
        return False
    return _department_of(user, organization.municipality_id) or bool(
        scope_of(user).roles_in(organization) & ORGANIZATION_STAFF_ROLES
    )


def entrant_organizations_for(user: User, contest: Contest) -> QuerySet[Organization]:
    organizations = Organization.objects.filter(
        municipality_id=contest.municipality_id, kind__in=LETTER_RECIPIENT_KINDS, is_archived=False
    )
    if _department_of(user, contest.municipality_id):
        return organizations
    return organizations.filter(pk__in=scope_of(user).organizations_with(ORGANIZATION_STAFF_ROLES))


def contest_entries_visible_to(user: User) -> QuerySet[ContestEntry]:
    scope = scope_of(user)
    if scope.is_superuser:
        return ContestEntry.objects.all()
    return ContestEntry.objects.filter(
        Q(contest__municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(organization_id__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES))
        | Q(person__user_id=user.pk)
    )


def get_contest_entry_for_user(user: User, pk: int) -> tuple[ContestEntry, bool]:
    entry = (
        contest_entries_visible_to(user)
        .select_related("contest", "organization", "organization__municipality", "person", "document")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404("Участие в конкурсе не найдено")
    return entry, can_keep_entries_of(user, entry.organization)


# awards and events of recognition


def award_granters_for(user: User) -> QuerySet[Organization]:
    """Organizations on whose behalf the user grants awards: those whose documents the user keeps."""
    return document_holders_kept_by(user)


def can_grant_awards_of(user: User, organization: Organization) -> bool:
    return can_keep_documents_of(user, organization)


def mentors_awardable_by(organization: Organization) -> QuerySet[MentorProfile]:
    """Mentors an organization may award: the department any mentor of its municipality, a school or
    ДО its own mentors."""
    mentors = MentorProfile.objects.filter(person__is_archived=False)
    if organization.kind == OrganizationKind.DEPARTMENT:
        return mentors.filter(person__municipality_id=organization.municipality_id)
    return mentors.filter(person__organization_id=organization.pk)


def awards_visible_to(user: User) -> QuerySet[Award]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Award.objects.all()
    staff = scope.organizations_with(ORGANIZATION_STAFF_ROLES)
    return Award.objects.filter(
        Q(organization__municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(person__organization_id__in=staff)
        | Q(organization_id__in=staff)
        | Q(person__user_id=user.pk)
    )


def get_award_for_user(user: User, pk: int) -> tuple[Award, bool]:
    award = (
        awards_visible_to(user)
        .select_related("person", "organization", "organization__municipality", "document", "event")
        .filter(pk=pk)
        .first()
    )
    if award is None:
        raise Http404("Поощрение не найдено")
    return award, can_grant_awards_of(user, award.organization)


def recognition_events_visible_to(user: User) -> QuerySet[RecognitionEvent]:
    if scope_of(user).is_superuser:
        return RecognitionEvent.objects.all()
    return RecognitionEvent.objects.filter(municipality_id__in=member_municipalities(user))


def can_keep_recognition_events_in(user: User, municipality_id: int) -> bool:
    return _department_of(user, municipality_id)


def get_recognition_event_for_user(user: User, pk: int) -> tuple[RecognitionEvent, bool]:
    event = recognition_events_visible_to(user).select_related("municipality").filter(pk=pk).first()
    if event is None:
        raise Http404("Мероприятие не найдено")
    return event, can_keep_recognition_events_in(user, event.municipality_id)


# mentoring hours of mentors (incentive payments, attestation): an organization's hours are read and
# exported by whoever keeps its bases (head, curator, partner's representative, department admin) and
# by the department's methodologist; a mentor downloads the own certificate.


def sees_mentoring_hours_of(user: User, organization: Organization) -> bool:
    if can_keep_people_of(user, organization):
        return True
    if organization.is_archived or organization.kind == OrganizationKind.DEPARTMENT:
        return False
    return organization.municipality_id in scope_of(user).municipalities_with(DEPARTMENT_ROLES)


def mentoring_hours_organizations_for(user: User) -> QuerySet[Organization]:
    scope = scope_of(user)
    return (
        organizations_where_user_keeps_people(user)
        | Organization.objects.filter(
            municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES), is_archived=False
        ).exclude(kind=OrganizationKind.DEPARTMENT)
    ).distinct()


def get_hours_organization_for_user(user: User, pk: int) -> Organization:
    organization = Organization.objects.select_related("municipality").filter(pk=pk).first()
    if organization is None or not sees_mentoring_hours_of(user, organization):
        raise Http404("Организация не найдена")
    return organization


def get_hours_mentor_for_user(user: User, pk: int) -> MentorProfile:
    """A mentor whose certificate of hours the user may download: 404 otherwise."""
    mentor = (
        MentorProfile.objects.select_related(
            "person", "person__organization", "person__organization__municipality"
        )
        .filter(pk=pk)
        .first()
    )
    if mentor is None or not (
        (mentor.person.user_id is not None and mentor.person.user_id == user.pk)
        or sees_mentoring_hours_of(user, mentor.person.organization)
    ):
        raise Http404("Наставник не найден")
    return mentor


# --- mentorships: pairs and groups, their work, concerns; communities of mentors ------------------
#
# - A mentorship is managed (formed by hand, ended, its mentor replaced, completed, meetings and
#   feedback entered from paper) by its organization's head and curator and by the department admin
#   (can_run_programs_of); the department (administrator, methodologist) reads every mentorship of the
#   municipality with its feedback.
# - Mentors and mentees see only their own mentorships, through the account linked to their record in
#   the bases (Person.user): the current mentor (not a replaced one) and every mentee who has or had a
#   place in it. The mentor records meetings and keeps the plan; a mentee reads them. Feedback is read
#   by its author, the organization's head and curator and the department, never by the other side.
# - A partner's representative reads the mentorships of the partner's mentors, without the mentees'
#   names, notes, plans and feedback: the agreement brings the partner's mentor, not children's data.
# - Concerns are read only by the organization's head and curator (and by the one who raised them).
# - Communities of mentors: a municipal community is read by its department and by the staff and
#   mentors of the municipality's organizations; an organization's community by that organization's
#   staff and mentors and by the department; members always read their communities. Municipal
#   communities are kept by the department, an organization's by its head and curator and the
#   department admin; members share materials.

CONCERN_READER_ROLES = frozenset({Role.HEAD, Role.CURATOR})
MENTORSHIP_ORGANIZATION_KINDS = (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)


def mentorships_visible_to(user: User) -> QuerySet[Mentorship]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Mentorship.objects.all()
    # Every branch names a column of the mentorship itself, with the user's own pairs fetched first: the
    # database can then use an index per branch. An OR across joined tables made PostgreSQL sort all of
    # a region's 100 000 pairs to show a curator their 30 (0.2 s instead of 2 ms).
    own_pairs = list(
        MentorshipMentee.objects.filter(mentee__person__user_id=user.pk).values_list(
            "mentorship_id", flat=True
        )
    )
    condition = (
        Q(
            organization_id__in=Organization.objects.filter(
                municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES)
            ).values("pk")
        )
        | Q(organization_id__in=scope.organizations_with(PROGRAM_KEEPER_ROLES))
        | Q(
            mentor_id__in=list(
                MentorProfile.objects.filter(person__user_id=user.pk).values_list("pk", flat=True)
            )
        )
        | Q(pk__in=own_pairs)
    )
    partners = scope.organizations_with({Role.PARTNER_REPRESENTATIVE})
    if partners:
        condition |= Q(
            mentor_id__in=MentorProfile.objects.filter(person__organization_id__in=partners).values("pk")
        )
    return Mentorship.objects.filter(condition)


@dataclass(frozen=True)
class MentorshipRights:
    """What one user may do with one mentorship (computed by `mentorship_rights`)."""

    manage: bool
    is_mentor: bool
    is_mentee: bool
    reads_people: bool
    reads_feedback: bool
    reads_concerns: bool

    @property
    def is_participant(self) -> bool:
        return self.is_mentor or self.is_mentee

    @property
    def records_meetings(self) -> bool:
        return self.manage or self.is_mentor

    @property
    def edits_plan(self) -> bool:
        return self.manage or self.is_mentor

    @property
    def raises_concerns(self) -> bool:
        return self.manage or self.is_participant


def mentorship_rights(user: User, mentorship: Mentorship) -> MentorshipRights:
    scope = scope_of(user)
    organization = mentorship.organization
    manage = can_run_programs_of(user, organization)
    department = scope.is_superuser or organization.municipality_id in scope.municipalities_with(
        DEPARTMENT_ROLES
    )
    staff = bool(scope.roles_in(organization) & CONCERN_READER_ROLES)
    is_mentor = mentorship.mentor.person.user_id is not None and mentorship.mentor.person.user_id == user.pk
    is_mentee = MentorshipMentee.objects.filter(
        mentorship_id=mentorship.pk, mentee__person__user_id=user.pk
    ).exists()
    return MentorshipRights(
        manage=manage,
        is_mentor=is_mentor,
        is_mentee=is_mentee,
        reads_people=manage or department or staff or is_mentor or is_mentee,
        reads_feedback=manage or department or staff,
        reads_concerns=scope.is_superuser or staff,
    )


def get_mentorship_for_user(user: User, pk: int) -> tuple[Mentorship, bool]:
    """The mentorship and whether the user manages it; 404 when the user may not see it."""
    mentorship = (
        mentorships_visible_to(user)
        .select_related(
            "organization", "organization__municipality", "program", "program__form", "mentor__person"
        )
        .filter(pk=pk)
        .first()
    )
    if mentorship is None:
        raise Http404("Пара или группа не найдена")
    return mentorship, can_run_programs_of(user, mentorship.organization)


def mentorship_overview_organizations(user: User) -> QuerySet[Organization]:
    """Organizations whose pairs and groups the user oversees: the own (head, curator) and, for the
    department, every school and ДО of the municipality."""
    scope = scope_of(user)
    organizations = Organization.objects.filter(kind__in=MENTORSHIP_ORGANIZATION_KINDS)
    if scope.is_superuser:
        return organizations
    return organizations.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(pk__in=scope.organizations_with(PROGRAM_KEEPER_ROLES))
    )


_IN_MENTORSHIP_RELATED = (
    "mentorship",
    "mentorship__organization",
    "mentorship__organization__municipality",
    "mentorship__program",
    "mentorship__mentor__person",
)


def get_meeting_for_user(user: User, pk: int) -> tuple[Meeting, bool]:
    """The meeting and whether the user may record it (the mentor or a manager); 404 for outsiders."""
    meeting = (
        Meeting.objects.filter(mentorship__in=mentorships_visible_to(user), pk=pk)
        .select_related(*_IN_MENTORSHIP_RELATED)
        .first()
    )
    if meeting is None:
        raise Http404("Встреча не найдена")
    return meeting, mentorship_rights(user, meeting.mentorship).records_meetings


def get_plan_item_for_user(user: User, pk: int) -> tuple[PlanItem, bool]:
    """The plan item and whether the user may change it (the mentor or a manager); 404 for those who
    do not read the plan."""
    item = (
        PlanItem.objects.filter(mentorship__in=mentorships_visible_to(user), pk=pk)
        .select_related(*_IN_MENTORSHIP_RELATED)
        .first()
    )
    rights = mentorship_rights(user, item.mentorship) if item is not None else None
    if item is None or rights is None or not rights.reads_people:
        raise Http404("Пункт плана не найден")
    return item, rights.edits_plan


def get_mentee_place_for_user(user: User, pk: int) -> tuple[MentorshipMentee, bool]:
    """A mentee's place and whether the user manages the mentorship; 404 for outsiders."""
    place = (
        MentorshipMentee.objects.filter(mentorship__in=mentorships_visible_to(user), pk=pk)
        .select_related(*_IN_MENTORSHIP_RELATED, "mentee__person")
        .first()
    )
    if place is None:
        raise Http404("Участник не найден")
    return place, can_run_programs_of(user, place.mentorship.organization)


def concerns_visible_to(user: User) -> QuerySet[Concern]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Concern.objects.all()
    return Concern.objects.filter(
        Q(mentorship__organization_id__in=scope.organizations_with(CONCERN_READER_ROLES))
        | Q(raised_by_id=user.pk)
    )


def can_read_concerns_of(user: User, organization: Organization) -> bool:
    """Every concern of the organization's pairs: its head and curator."""
    scope = scope_of(user)
    return scope.is_superuser or bool(scope.roles_in(organization) & CONCERN_READER_ROLES)


def can_resolve_concern(user: User, concern: Concern) -> bool:
    return can_read_concerns_of(user, concern.mentorship.organization)


def get_concern_for_user(user: User, pk: int) -> tuple[Concern, bool]:
    """The concern and whether the user may resolve it; 404 for everybody else."""
    concern = (
        concerns_visible_to(user)
        .select_related("mentorship", "mentorship__organization", "raised_by", "resolved_by")
        .filter(pk=pk)
        .first()
    )
    if concern is None:
        raise Http404("Сигнал не найден")
    return concern, can_resolve_concern(user, concern)


def closing_events_visible_to(user: User) -> QuerySet[ClosingEvent]:
    return ClosingEvent.objects.filter(
        Q(program__organization__in=mentorship_overview_organizations(user))
        | Q(
            pk__in=mentorships_visible_to(user).filter(closing_event__isnull=False).values("closing_event_id")
        )
    )


def get_closing_event_for_user(user: User, pk: int) -> tuple[ClosingEvent, bool]:
    event = closing_events_visible_to(user).select_related("program__organization").filter(pk=pk).first()
    if event is None:
        raise Http404("Мероприятие не найдено")
    return event, can_run_programs_of(user, event.program.organization)


def communities_visible_to(user: User) -> QuerySet[Community]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Community.objects.all()
    readers = scope.organizations_with(ORGANIZATION_STAFF_ROLES | {Role.MENTOR})
    reader_municipalities = Organization.objects.filter(pk__in=readers).values("municipality_id")
    return Community.objects.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(organization__isnull=True, municipality_id__in=reader_municipalities)
        | Q(organization_id__in=readers)
        | Q(pk__in=CommunityMember.objects.filter(person__user_id=user.pk).values("community_id"))
    )


def can_keep_community(user: User, community: Community) -> bool:
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if community.organization_id is None:
        return community.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)
    return community.municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN}) or bool(
        scope.roles_in(community.organization) & PROGRAM_KEEPER_ROLES  # type: ignore[arg-type]
    )


def community_owners_for(user: User) -> tuple[QuerySet[Municipality], QuerySet[Organization]]:
    """Where the user may create communities: municipalities (municipal ones) and organizations."""
    scope = scope_of(user)
    if scope.is_superuser:
        municipalities = Municipality.objects.all()
    else:
        municipalities = Municipality.objects.filter(pk__in=scope.municipalities_with(DEPARTMENT_ROLES))
    return municipalities, organizations_where_user_runs_programs(user)


def can_share_in_community(user: User, community: Community) -> bool:
    """Keepers and the community's members share materials and announce events."""
    return can_keep_community(user, community) or community.members.filter(person__user_id=user.pk).exists()


def get_community_for_user(user: User, pk: int) -> tuple[Community, bool]:
    """The community and whether the user keeps it; 404 when the user may not see it."""
    community = (
        communities_visible_to(user)
        .select_related("municipality", "organization", "created_by")
        .filter(pk=pk)
        .first()
    )
    if community is None:
        raise Http404("Сообщество не найдено")
    return community, can_keep_community(user, community)


def people_joinable_to_community(community: Community) -> QuerySet[Person]:
    """Mentors who may join: of the community's organization, or of the municipality for a municipal
    one (partners' mentors included); not archived."""
    people = Person.objects.filter(mentor_profile__isnull=False, is_archived=False)
    if community.organization_id is None:
        return people.filter(municipality_id=community.municipality_id)
    return people.filter(organization_id=community.organization_id)


def library_materials_for_community(user: User, community: Community) -> QuerySet[Material]:
    """Library materials a community may link: those the user sees and every reader of the community
    sees too (municipal or public; an organization's own materials only in its own community)."""
    shared = Q(visibility__in=MUNICIPAL_VISIBILITIES)
    if community.organization_id is not None:
        shared |= Q(organization_id=community.organization_id)
    return materials_visible_to(user).filter(shared, municipality_id=community.municipality_id)


def get_community_member_for_user(user: User, pk: int) -> tuple[CommunityMember, bool]:
    """A community membership and whether the user keeps the community; 404 when the user may not
    see the community."""
    member = (
        CommunityMember.objects.filter(community__in=communities_visible_to(user), pk=pk)
        .select_related("community__organization", "person")
        .first()
    )
    if member is None:
        raise Http404("Участник сообщества не найден")
    return member, can_keep_community(user, member.community)


def get_community_event_for_user(user: User, pk: int) -> tuple[CommunityEvent, bool]:
    """A community's event and whether the user may delete it (a keeper or whoever added it)."""
    event = (
        CommunityEvent.objects.filter(community__in=communities_visible_to(user), pk=pk)
        .select_related("community__organization")
        .first()
    )
    if event is None:
        raise Http404("Мероприятие не найдено")
    return event, can_keep_community(user, event.community) or event.created_by_id == user.pk


def get_community_material_for_user(user: User, pk: int) -> tuple[CommunityMaterial, bool]:
    """A community's material and whether the user may delete it (a keeper or whoever shared it)."""
    material = (
        CommunityMaterial.objects.filter(community__in=communities_visible_to(user), pk=pk)
        .select_related("community__organization")
        .first()
    )
    if material is None:
        raise Http404("Материал не найден")
    return material, can_keep_community(user, material.community) or material.added_by_id == user.pk


def reads_community_members(user: User, community: Community) -> bool:
    """Members' names: the community's keepers, the department and organization staff who see it, and
    the members themselves; other mentors see only how many members there are."""
    scope = scope_of(user)
    if scope.is_superuser or community.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES):
        return True
    if can_keep_community(user, community) or scope.organizations_with(ORGANIZATION_STAFF_ROLES):
        return True
    return community.members.filter(person__user_id=user.pk).exists()


def sees_communities(user: User) -> bool:
    """Whether the communities of mentors are for this user: the department, organization staff and
    mentors (not mentees)."""
    scope = scope_of(user)
    return sees_directories(user) or bool(scope.organizations_with({Role.MENTOR}))


# --- monitoring: personal register, target indicators, targets and contingent -------------------
# (issue 9, the register-and-indicators part)
#
# - The department (administrator, methodologist) sees the register and the indicators of the whole
#   municipality with the people behind every figure, and takes snapshots of the register on demand.
#   The administrator sets the targets and enters the contingent of every school and ДО.
# - A school's or ДО's head and curator see their own organization's register entries (its programs and
#   its own people), its indicators with the people behind them, and enter its contingent.
# - Nobody else sees them: mentors, mentees, partners' representatives and other organizations get 404.

from typing import TYPE_CHECKING  # noqa: E402 - kept inside this section (shared file)

if TYPE_CHECKING:
    from mentoring.monitoring.models import RegisterSnapshot

MONITORING_KEEPER_ROLES = PROGRAM_KEEPER_ROLES
MONITORING_ORGANIZATION_KINDS = (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)


def sees_monitoring(user: User) -> bool:
    """Whether the menu shows «Мониторинг»: the department and the heads and curators (no query)."""
    scope = scope_of(user)
    return scope.is_department or bool(scope.organizations_with(MONITORING_KEEPER_ROLES))


def monitoring_municipalities_for(user: User) -> QuerySet[Municipality]:
    """Municipalities whose whole register and indicators the user sees: the department's."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=scope.municipalities_with(DEPARTMENT_ROLES))


def monitoring_organizations_for(user: User) -> QuerySet[Organization]:
    """Schools and ДО whose register entries, indicators and contingent the user sees."""
    scope = scope_of(user)
    organizations = Organization.objects.filter(kind__in=MONITORING_ORGANIZATION_KINDS)
    if scope.is_superuser:
        return organizations
    return organizations.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(pk__in=scope.organizations_with(MONITORING_KEEPER_ROLES))
    )


def can_take_register_snapshots(user: User, municipality_id: int) -> bool:
    """Snapshots on demand (and corrections): the department, administrator or methodologist."""
    scope = scope_of(user)
    return scope.is_superuser or municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)


def can_set_indicator_targets(user: User, municipality_id: int) -> bool:
    scope = scope_of(user)
    return scope.is_superuser or municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN})


def can_enter_contingent(user: User, organization: Organization) -> bool:
    """The department administrator for every school and ДО; a head or curator for their own."""
    if organization.is_archived or organization.kind not in MONITORING_ORGANIZATION_KINDS:
        return False
    scope = scope_of(user)
    return (
        scope.is_superuser
        or organization.municipality_id in scope.municipalities_with({Role.DEPARTMENT_ADMIN})
        or bool(scope.roles_in(organization) & MONITORING_KEEPER_ROLES)
    )


def can_see_indicator_people(user: User, municipality_id: int, organization: Organization | None) -> bool:
    """The people behind a figure: the department for its municipality, an organization's head and
    curator for their own organization's figures only."""
    scope = scope_of(user)
    if scope.is_superuser or municipality_id in scope.municipalities_with(DEPARTMENT_ROLES):
        return True
    return organization is not None and bool(scope.roles_in(organization) & MONITORING_KEEPER_ROLES)


def get_monitoring_municipality_for_user(user: User, pk: int) -> tuple[Municipality, bool]:
    """A municipality's register and indicators, and whether the user may set its targets; 404 for
    everybody but its department."""
    municipality = monitoring_municipalities_for(user).filter(pk=pk).first()
    if municipality is None:
        raise Http404("Муниципалитет не найден")
    return municipality, can_set_indicator_targets(user, municipality.pk)


def get_monitoring_organization_for_user(user: User, pk: int) -> tuple[Organization, bool]:
    """A school's or ДО's register and indicators, and whether the user may enter its contingent; 404
    for everybody but its department, head and curator."""
    organization = monitoring_organizations_for(user).select_related("municipality").filter(pk=pk).first()
    if organization is None:
        raise Http404("Организация не найдена")
    return organization, can_enter_contingent(user, organization)


def register_entries_scope(user: User, municipality_id: int) -> Q | None:
    """Which entries of a snapshot of the municipality the user reads: all (an empty Q) for the
    department, those of the own organizations' programs and people for a head or curator, None for
    everybody else."""
    scope = scope_of(user)
    if scope.is_superuser or municipality_id in scope.municipalities_with(DEPARTMENT_ROLES):
        return Q()
    own = list(
        Organization.objects.filter(
            pk__in=scope.organizations_with(MONITORING_KEEPER_ROLES), municipality_id=municipality_id
        ).values_list("pk", flat=True)
    )
    if not own:
        return None
    return Q(organization_id__in=own) | Q(person_organization_id__in=own)


def get_register_snapshot_for_user(user: User, pk: int) -> tuple[RegisterSnapshot, Q]:
    """A register snapshot and the entries of it the user reads (see register_entries_scope); 404 when
    the user reads none of the municipality's."""
    from mentoring.monitoring.models import RegisterSnapshot as Snapshot

    snapshot = Snapshot.objects.select_related("municipality", "taken_by").filter(pk=pk).first()
    entries = register_entries_scope(user, snapshot.municipality_id) if snapshot is not None else None
    if snapshot is None or entries is None:
        raise Http404("Срез не найден")
    return snapshot, entries


# --- surveys: questionnaires, rounds, answers, pulse schedules, SWOT, growth (issue 9) --------------
#
# - Questionnaires are editable data at three levels. The shipped defaults are read by everybody who
#   builds or sends questionnaires and changed by nobody (they are copied). A municipality's own are
#   kept by its department (administrator, methodologist) and read by the department and by the staff
#   (head, curator) of its organizations; an organization's own are kept by its head and curator and
#   read by them and by the department.
# - Rounds of a program are sent, and paper answers entered, by the program's organization's head and
#   curator; the department reads the rounds of its municipality with their response rate, but the
#   names of who answered and the answers themselves only the organization's head and curator see.
# - A participant sees only the invitations of their own record (Person.user) and answers them.
# - SWOT analyses are written by the organization's head and curator and read by the department.
# - Growth and questionnaire summaries (no names) are read by the organization's head and curator and
#   by the department.

SURVEY_KEEPER_ROLES = frozenset({Role.HEAD, Role.CURATOR})
SURVEY_ORGANIZATION_KINDS = (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)


def sees_questionnaires(user: User) -> bool:
    """Whether the questionnaire builder and the survey overviews are for this user: the department
    and the heads and curators of schools and ДО."""
    scope = scope_of(user)
    return scope.is_department or bool(scope.organizations_with(SURVEY_KEEPER_ROLES))


def questionnaires_visible_to(user: User) -> QuerySet[Questionnaire]:
    scope = scope_of(user)
    if scope.is_superuser:
        return Questionnaire.objects.all()
    departments = scope.municipalities_with(DEPARTMENT_ROLES)
    keepers = scope.organizations_with(SURVEY_KEEPER_ROLES)
    if not departments and not keepers:
        return Questionnaire.objects.none()
    keeper_municipalities = Organization.objects.filter(pk__in=keepers).values("municipality_id")
    return Questionnaire.objects.filter(
        Q(municipality__isnull=True)
        | Q(municipality_id__in=departments)
        | Q(organization__isnull=True, municipality_id__in=keeper_municipalities)
        | Q(organization_id__in=keepers)
    )


def can_edit_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    """Defaults are read-only (copy them); a municipality's own are the department's, an
    organization's own its head's and curator's."""
    if questionnaire.municipality_id is None:
        return False
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    if questionnaire.organization_id is None:
        return questionnaire.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)
    return questionnaire.organization_id in scope.organizations_with(SURVEY_KEEPER_ROLES)


def questionnaire_owners_for(user: User) -> tuple[QuerySet[Municipality], QuerySet[Organization]]:
    """Where the user may create or copy questionnaires: municipalities (their department's own) and
    organizations (the school's or ДО's own)."""
    scope = scope_of(user)
    organizations = Organization.objects.filter(is_archived=False, kind__in=SURVEY_ORGANIZATION_KINDS)
    if scope.is_superuser:
        return Municipality.objects.all(), organizations
    return (
        Municipality.objects.filter(pk__in=scope.municipalities_with(DEPARTMENT_ROLES)),
        organizations.filter(pk__in=scope.organizations_with(SURVEY_KEEPER_ROLES)),
    )


def get_questionnaire_for_user(user: User, pk: int) -> tuple[Questionnaire, bool]:
    """The questionnaire and whether the user may change it; 404 when the user may not see it."""
    questionnaire = (
        questionnaires_visible_to(user)
        .select_related("municipality", "organization", "form", "copied_from")
        .filter(pk=pk)
        .first()
    )
    if questionnaire is None:
        raise Http404("Анкета не найдена")
    return questionnaire, can_edit_questionnaire(user, questionnaire)


def get_question_for_user(user: User, pk: int) -> tuple[Question, bool]:
    """An item of a questionnaire and whether the user may change it; 404 for outsiders."""
    question = (
        Question.objects.filter(questionnaire__in=questionnaires_visible_to(user), pk=pk)
        .select_related("questionnaire", "questionnaire__organization")
        .first()
    )
    if question is None:
        raise Http404("Вопрос не найден")
    return question, can_edit_questionnaire(user, question.questionnaire)


def survey_organizations_visible_to(user: User) -> QuerySet[Organization]:
    """Schools and ДО whose rounds, SWOT analyses and growth the user reads: the own (head, curator)
    and, for the department, every one of the municipality."""
    scope = scope_of(user)
    organizations = Organization.objects.filter(kind__in=SURVEY_ORGANIZATION_KINDS)
    if scope.is_superuser:
        return organizations
    return organizations.filter(
        Q(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
        | Q(pk__in=scope.organizations_with(SURVEY_KEEPER_ROLES))
    )


def can_read_surveys_of(user: User, organization: Organization) -> bool:
    scope = scope_of(user)
    return (
        scope.is_superuser
        or organization.municipality_id in scope.municipalities_with(DEPARTMENT_ROLES)
        or bool(scope.roles_in(organization) & SURVEY_KEEPER_ROLES)
    )


def can_run_surveys_of(user: User, organization: Organization) -> bool:
    """Send rounds, enter paper answers, set the pulse schedule, write the SWOT analysis, read who
    answered what: the organization's head and curator."""
    if organization.is_archived or organization.kind not in SURVEY_ORGANIZATION_KINDS:
        return False
    scope = scope_of(user)
    return scope.is_superuser or bool(scope.roles_in(organization) & SURVEY_KEEPER_ROLES)


def get_survey_program_for_user(user: User, pk: int) -> tuple[Program, bool]:
    """A program whose surveys the user reads, and whether they run them; 404 otherwise."""
    program = (
        Program.objects.select_related("organization", "organization__municipality", "form", "curator")
        .filter(pk=pk)
        .first()
    )
    if program is None or not can_read_surveys_of(user, program.organization):
        raise Http404("Программа не найдена")
    return program, can_run_surveys_of(user, program.organization)


def get_survey_organization_for_user(user: User, pk: int) -> Organization:
    organization = survey_organizations_visible_to(user).select_related("municipality").filter(pk=pk).first()
    if organization is None:
        raise Http404("Организация не найдена")
    return organization


def survey_rounds_visible_to(user: User) -> QuerySet[SurveyRound]:
    return SurveyRound.objects.filter(program__organization__in=survey_organizations_visible_to(user))


def get_round_for_user(user: User, pk: int) -> tuple[SurveyRound, bool]:
    """The round and whether the user runs it (and reads the names of who answered); 404 otherwise."""
    survey_round = (
        survey_rounds_visible_to(user)
        .select_related(
            "program",
            "program__organization",
            "program__organization__municipality",
            "questionnaire",
            "mentorship",
        )
        .filter(pk=pk)
        .first()
    )
    if survey_round is None:
        raise Http404("Опрос не найден")
    return survey_round, can_run_surveys_of(user, survey_round.program.organization)


def get_own_invitation_for_user(user: User, pk: int) -> SurveyInvitation:
    """An invitation of the user's own record in the bases; 404 for everybody else."""
    invitation = (
        SurveyInvitation.objects.filter(pk=pk, person__user_id=user.pk)
        .select_related("round", "round__questionnaire", "round__program", "person")
        .first()
    )
    if invitation is None:
        raise Http404("Анкета не найдена")
    return invitation


def get_invitation_for_staff(user: User, pk: int) -> SurveyInvitation:
    """An invitation whose paper answers the user may enter (the organization's head and curator);
    404 for everybody else."""
    invitation = (
        SurveyInvitation.objects.filter(pk=pk)
        .select_related(
            "round", "round__questionnaire", "round__program", "round__program__organization", "person"
        )
        .first()
    )
    if invitation is None or not can_run_surveys_of(user, invitation.round.program.organization):
        raise Http404("Приглашение не найдено")
    return invitation


def swots_visible_to(user: User) -> QuerySet[SwotAnalysis]:
    return SwotAnalysis.objects.filter(program__organization__in=survey_organizations_visible_to(user))


def get_swot_for_user(user: User, pk: int) -> tuple[SwotAnalysis, bool]:
    """The SWOT analysis and whether the user may change it; 404 for outsiders."""
    swot = (
        swots_visible_to(user)
        .select_related("program", "program__organization", "program__organization__municipality", "author")
        .filter(pk=pk)
        .first()
    )
    if swot is None:
        raise Http404("SWOT-анализ не найден")
    return swot, can_run_surveys_of(user, swot.program.organization)
