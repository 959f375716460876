"""The named people every test talks about: one municipality with a department, two schools and a
partner, and somebody in every role, plus an outsider from another municipality."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.accounts.models import Role, User
from mentoring.accounts.tests.factories import MembershipFactory, UserFactory
from mentoring.organizations.models import Municipality, Organization, OrganizationKind, PartnerKind
from mentoring.organizations.tests.factories import MunicipalityFactory, OrganizationFactory


@dataclass
class World:
    municipality: Municipality
    department: Organization
    school: Organization
    other_school: Organization
    partner: Organization
    other_municipality: Municipality
    foreign_school: Organization
    department_admin: User
    methodologist: User
    head: User
    curator: User
    mentor: User
    mentee: User
    partner_representative: User
    other_head: User
    other_curator: User
    other_mentee: User
    foreign_department_admin: User
    foreign_curator: User
    superuser: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def _member(username: str, organization: Organization, role: str, last_name: str) -> User:
    user = UserFactory(username=username, last_name=last_name)
    MembershipFactory(user=user, organization=organization, role=role)
    return user


def build_world() -> World:
    municipality = MunicipalityFactory(name="Сеченовский муниципальный район", code="sech")
    department = OrganizationFactory(
        municipality=municipality, kind=OrganizationKind.DEPARTMENT, short_name="УО", code="sech-uo"
    )
    school = OrganizationFactory(
        municipality=municipality, short_name="МБОУ Сеченовская СШ", code="sech-school-1"
    )
    other_school = OrganizationFactory(
        municipality=municipality, short_name="МБОУ Мурзицкая СШ", code="sech-school-2"
    )
    partner = OrganizationFactory(
        municipality=municipality,
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.ENTERPRISE,
        short_name="СПК «Рассвет»",
        code="sech-partner-1",
    )
    other_municipality = MunicipalityFactory(name="Лукояновский муниципальный округ", code="luk")
    foreign_department = OrganizationFactory(
        municipality=other_municipality,
        kind=OrganizationKind.DEPARTMENT,
        short_name="УО Лукоянов",
        code="luk-uo",
    )
    foreign_school = OrganizationFactory(
        municipality=other_municipality, short_name="МБОУ Лукояновская СШ", code="luk-school-1"
    )
    superuser = UserFactory(username="root", last_name="Админов", is_superuser=True, is_staff=True)
    return World(
        municipality=municipality,
        department=department,
        school=school,
        other_school=other_school,
        partner=partner,
        other_municipality=other_municipality,
        foreign_school=foreign_school,
        department_admin=_member("uo", department, Role.DEPARTMENT_ADMIN, "Громова"),
        methodologist=_member("metod", department, Role.METHODOLOGIST, "Шубина"),
        head=_member("head1", school, Role.HEAD, "Ларионов"),
        curator=_member("curator1", school, Role.CURATOR, "Полякова"),
        mentor=_member("mentor1", school, Role.MENTOR, "Егорова"),
        mentee=_member("mentee1", school, Role.MENTEE, "Киселёв"),
        partner_representative=_member("partner1", partner, Role.PARTNER_REPRESENTATIVE, "Корнилов"),
        other_head=_member("head2", other_school, Role.HEAD, "Сафонова"),
        other_curator=_member("curator2", other_school, Role.CURATOR, "Рябова"),
        other_mentee=_member("mentee2", other_school, Role.MENTEE, "Зуев"),
        foreign_department_admin=_member("luk-uo", foreign_department, Role.DEPARTMENT_ADMIN, "Чужов"),
        foreign_curator=_member("luk-curator", foreign_school, Role.CURATOR, "Дальнев"),
        superuser=superuser,
    )
