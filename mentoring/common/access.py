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
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.partners.models import Agreement
from mentoring.people.models import MentorProfile, Person
from mentoring.programs.models import MentoringForm, Program
from mentoring.roadmaps.models import Roadmap

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
    return person, can_keep_people_of(user, person.organization)


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
