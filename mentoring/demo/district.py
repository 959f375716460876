"""The fictional demo district: a department, ten schools, two ДО, five partners, users of every role.

Everything here is invented: names, addresses, INNs that merely pass the checksum. The district is
built deterministically (no randomness) and idempotently (running again changes nothing), so the
README, the browser tests and newcomers can rely on the same logins and codes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from mentoring.accounts.models import Membership, Role, User
from mentoring.demo.documents import load_demo_documents
from mentoring.demo.library import load_demo_library
from mentoring.demo.matching import load_demo_matching
from mentoring.demo.mentorships import load_demo_mentorships
from mentoring.demo.monitoring import load_demo_monitoring
from mentoring.demo.navigator import load_demo_navigator
from mentoring.demo.outreach import load_demo_outreach
from mentoring.demo.people import load_demo_people
from mentoring.demo.programs import load_demo_programs
from mentoring.demo.retention import load_demo_retention
from mentoring.demo.roadmaps import load_demo_roadmaps
from mentoring.demo.surveys import load_demo_surveys
from mentoring.organizations.models import Municipality, Organization, OrganizationKind, PartnerKind

DEMO_PASSWORD = "demo2021"  # noqa: S105 - published in the README for the demo district only
MUNICIPALITY_CODE = "brz"
ROLES_START = datetime.date(2021, 1, 11)


@dataclass(frozen=True)
class DemoOrganization:
    code: str
    kind: str
    full_name: str
    short_name: str
    address: str
    head_name: str
    phone: str
    inn: str = ""
    partner_kind: str = ""


DEPARTMENT = DemoOrganization(
    code="brz-uo",
    kind=OrganizationKind.DEPARTMENT,
    full_name="Управление образования администрации Берёзовского муниципального округа Нижегородской области",
    short_name="Управление образования",
    address="606310, Нижегородская обл., с. Берёзовка, ул. Советская, д. 12",
    head_name="Громова Елена Викторовна",
    phone="+7 (831) 934-12-01",
    inn="5222000018",
)

_SCHOOLS = [
    (
        "Берёзовская средняя школа № 1",
        "Берёзовская СШ № 1",
        "с. Берёзовка, ул. Школьная, д. 1",
        "Ларионов Андрей Петрович",
    ),
    (
        "Берёзовская средняя школа № 2",
        "Берёзовская СШ № 2",
        "с. Берёзовка, ул. Молодёжная, д. 7",
        "Сафонова Ирина Николаевна",
    ),
    (
        "Кочетовская средняя школа",
        "Кочетовская СШ",
        "с. Кочетовка, ул. Центральная, д. 3",
        "Белов Сергей Иванович",
    ),
    (
        "Липовская средняя школа",
        "Липовская СШ",
        "с. Липовка, ул. Садовая, д. 15",
        "Кудрявцева Ольга Сергеевна",
    ),
    (
        "Ольховская основная школа",
        "Ольховская ОШ",
        "с. Ольховка, ул. Луговая, д. 2",
        "Зайцев Павел Андреевич",
    ),
    ("Сосновская средняя школа", "Сосновская СШ", "с. Сосновка, ул. Лесная, д. 9", "Тихонова Марина Юрьевна"),
    (
        "Красносельская средняя школа",
        "Красносельская СШ",
        "с. Красное Село, ул. Мира, д. 4",
        "Гусев Николай Владимирович",
    ),
    (
        "Дубравская основная школа",
        "Дубравская ОШ",
        "с. Дубрава, ул. Полевая, д. 11",
        "Морозова Анна Константиновна",
    ),
    (
        "Покровская средняя школа",
        "Покровская СШ",
        "с. Покровка, ул. Церковная, д. 6",
        "Федотов Алексей Михайлович",
    ),
    (
        "Васильевская начальная школа – детский сад",
        "Васильевская НШ-ДС",
        "д. Васильевка, ул. Заречная, д. 1",
        "Ершова Татьяна Олеговна",
    ),
]

SCHOOLS = [
    DemoOrganization(
        code=f"brz-school-{number}",
        kind=OrganizationKind.SCHOOL,
        full_name=f"Муниципальное бюджетное общеобразовательное учреждение «{full}»",
        short_name=f"МБОУ {short}",
        address=f"6063{10 + number:02d}, Нижегородская обл., {address}",
        head_name=head,
        phone=f"+7 (831) 934-2{number - 1}-{10 + number:02d}",
    )
    for number, (full, short, address, head) in enumerate(_SCHOOLS, start=1)
]

SUPPLEMENTARY = [
    DemoOrganization(
        code="brz-do-1",
        kind=OrganizationKind.SUPPLEMENTARY,
        full_name="Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества»",
        short_name="МБУ ДО ДДТ",
        address="606310, Нижегородская обл., с. Берёзовка, ул. Советская, д. 20",
        head_name="Крылова Светлана Геннадьевна",
        phone="+7 (831) 934-31-00",
    ),
    DemoOrganization(
        code="brz-do-2",
        kind=OrganizationKind.SUPPLEMENTARY,
        full_name="Муниципальное бюджетное учреждение дополнительного образования «Детско-юношеская спортивная школа»",
        short_name="МБУ ДО ДЮСШ",
        address="606310, Нижегородская обл., с. Берёзовка, ул. Спортивная, д. 2",
        head_name="Орлов Виктор Семёнович",
        phone="+7 (831) 934-32-00",
    ),
]

PARTNERS = [
    DemoOrganization(
        code="brz-partner-1",
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.ENTERPRISE,
        full_name="Сельскохозяйственный производственный кооператив «Берёзовский»",
        short_name="СПК «Берёзовский»",
        address="606310, Нижегородская обл., с. Берёзовка, ул. Полевая, д. 1",
        head_name="Корнилов Геннадий Васильевич",
        phone="+7 (831) 934-40-01",
        inn="5222000120",
    ),
    DemoOrganization(
        code="brz-partner-2",
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.UNIVERSITY,
        full_name="Государственное бюджетное профессиональное образовательное учреждение «Берёзовский агротехнический техникум»",
        short_name="ГБПОУ БАТТ",
        address="606311, Нижегородская обл., с. Берёзовка, ул. Техникумовская, д. 5",
        head_name="Сорокина Людмила Петровна",
        phone="+7 (831) 934-40-02",
        inn="5222000240",
    ),
    DemoOrganization(
        code="brz-partner-3",
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.ENTERPRISE,
        full_name="Общество с ограниченной ответственностью «Берёзовский молочный завод»",
        short_name="ООО «Берёзовский молзавод»",
        address="606310, Нижегородская обл., с. Берёзовка, ул. Заводская, д. 3",
        head_name="Данилов Олег Игоревич",
        phone="+7 (831) 934-40-03",
    ),
    DemoOrganization(
        code="brz-partner-4",
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.NGO,
        full_name="Местная общественная организация «Совет ветеранов педагогического труда Берёзовского округа»",
        short_name="Совет ветеранов педагогического труда",
        address="606310, Нижегородская обл., с. Берёзовка, ул. Советская, д. 12",
        head_name="Александрова Нина Фёдоровна",
        phone="+7 (831) 934-40-04",
    ),
    DemoOrganization(
        code="brz-partner-5",
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.OTHER,
        full_name="Муниципальное бюджетное учреждение культуры «Берёзовская центральная библиотека»",
        short_name="МБУК «Центральная библиотека»",
        address="606310, Нижегородская обл., с. Берёзовка, ул. Советская, д. 15",
        head_name="Волкова Галина Алексеевна",
        phone="+7 (831) 934-40-05",
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    patronymic: str
    organization_code: str
    role: str


NAMED_USERS = [
    DemoUser("uo", "Громова", "Елена", "Викторовна", "brz-uo", Role.DEPARTMENT_ADMIN),
    DemoUser("metod1", "Шубина", "Наталья", "Алексеевна", "brz-uo", Role.METHODOLOGIST),
    DemoUser("head1", "Ларионов", "Андрей", "Петрович", "brz-school-1", Role.HEAD),
    DemoUser("curator1", "Полякова", "Светлана", "Игоревна", "brz-school-1", Role.CURATOR),
    DemoUser("mentor1", "Егорова", "Мария", "Дмитриевна", "brz-school-1", Role.MENTOR),
    DemoUser("mentee1", "Киселёв", "Артём", "Романович", "brz-school-1", Role.MENTEE),
    DemoUser("head2", "Сафонова", "Ирина", "Николаевна", "brz-school-2", Role.HEAD),
    DemoUser("curator2", "Рябова", "Юлия", "Олеговна", "brz-school-2", Role.CURATOR),
    DemoUser("partner1", "Корнилов", "Геннадий", "Васильевич", "brz-partner-1", Role.PARTNER_REPRESENTATIVE),
    DemoUser("mentor-partner1", "Лебедев", "Илья", "Сергеевич", "brz-partner-1", Role.MENTOR),
]

_SURNAMES = [
    ("Иванов", "Иванова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Соколов", "Соколова"),
    ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"),
    ("Семёнов", "Семёнова"),
    ("Павлов", "Павлова"),
    ("Голубев", "Голубева"),
    ("Виноградов", "Виноградова"),
    ("Богданов", "Богданова"),
    ("Воробьёв", "Воробьёва"),
]
_MALE = [
    ("Александр", "Александрович"),
    ("Дмитрий", "Дмитриевич"),
    ("Максим", "Максимович"),
    ("Иван", "Иванович"),
    ("Кирилл", "Кириллович"),
    ("Никита", "Никитич"),
    ("Егор", "Егорович"),
]
_FEMALE = [
    ("Анна", "Александровна"),
    ("Дарья", "Дмитриевна"),
    ("Полина", "Максимовна"),
    ("Елизавета", "Ивановна"),
    ("Виктория", "Кирилловна"),
    ("Софья", "Никитична"),
    ("Ксения", "Егоровна"),
]

# Besides the named users, every school and ДО gets a head, a curator, mentors and mentees.
MENTORS_PER_ORGANIZATION = 3
MENTEES_PER_ORGANIZATION = 5


def _generated_name(index: int) -> tuple[str, str, str]:
    male = index % 2 == 0
    surname = _SURNAMES[index % len(_SURNAMES)][0 if male else 1]
    first, patronymic = (_MALE if male else _FEMALE)[(index // 2) % len(_MALE)]
    return surname, first, patronymic


def _generated_users() -> list[DemoUser]:
    users: list[DemoUser] = []
    index = 0
    for number, organization in enumerate([*SCHOOLS, *SUPPLEMENTARY], start=1):
        prefix = organization.code.removeprefix("brz-")
        if number > 2 or organization.kind == OrganizationKind.SUPPLEMENTARY:
            last, first, _ = organization.head_name.split()
            patronymic = organization.head_name.split()[2]
            users.append(DemoUser(f"{prefix}-head", last, first, patronymic, organization.code, Role.HEAD))
            surname, name, middle = _generated_name(index)
            index += 1
            users.append(
                DemoUser(f"{prefix}-curator", surname, name, middle, organization.code, Role.CURATOR)
            )
        for mentor in range(1, MENTORS_PER_ORGANIZATION + 1):
            surname, name, middle = _generated_name(index)
            index += 1
            users.append(
                DemoUser(f"{prefix}-mentor{mentor}", surname, name, middle, organization.code, Role.MENTOR)
            )
        for mentee in range(1, MENTEES_PER_ORGANIZATION + 1):
            surname, name, middle = _generated_name(index)
            index += 1
            users.append(
                DemoUser(f"{prefix}-mentee{mentee}", surname, name, middle, organization.code, Role.MENTEE)
            )
    return users


def _upsert_organization(municipality: Municipality, spec: DemoOrganization) -> Organization:
    organization = Organization.objects.filter(code=spec.code).first() or Organization(code=spec.code)
    changed = organization.pk is None
    for name, value in {
        "municipality": municipality,
        "kind": spec.kind,
        "partner_kind": spec.partner_kind,
        "full_name": spec.full_name,
        "short_name": spec.short_name,
        "address": spec.address,
        "head_name": spec.head_name,
        "phone": spec.phone,
        "email": f"{spec.code}@demo.nastavnik.local",
        "inn": spec.inn,
    }.items():
        if getattr(organization, name, None) != value:
            setattr(organization, name, value)
            changed = True
    if changed:
        # The same validation as the forms: the demo never shows data a user could not enter.
        organization.full_clean()
        organization.save()
    return organization


@transaction.atomic
def load_demo_district() -> dict[str, int]:
    """Creates or refreshes the demo district; returns how many records of each kind it holds."""
    municipality, _ = Municipality.objects.update_or_create(
        code=MUNICIPALITY_CODE,
        defaults={"name": "Берёзовский муниципальный округ", "region": "Нижегородская область"},
    )
    organizations = {
        spec.code: _upsert_organization(municipality, spec)
        for spec in [DEPARTMENT, *SCHOOLS, *SUPPLEMENTARY, *PARTNERS]
    }
    password_hash = make_password(DEMO_PASSWORD)
    for spec in [*NAMED_USERS, *_generated_users()]:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create(
                username=spec.username,
                last_name=spec.last_name,
                first_name=spec.first_name,
                patronymic=spec.patronymic,
                email=f"{spec.username}@demo.nastavnik.local",
                password=password_hash,
            )
        organization = organizations[spec.organization_code]
        if not Membership.objects.filter(
            user=user, organization=organization, role=spec.role, is_active=True
        ).exists():
            Membership.objects.create(
                user=user, organization=organization, role=spec.role, started_on=ROLES_START
            )
    people = load_demo_people(organizations)
    programs = load_demo_programs(organizations)
    materials = load_demo_library(organizations)
    roadmaps = load_demo_roadmaps(organizations)
    documents = load_demo_documents(organizations)
    outreach = load_demo_outreach(organizations)
    # Pairs and groups at work: the original pupils and teachers of the bases, not matching's new intake.
    mentorships = load_demo_mentorships(organizations)
    # Matching comes last: its new intake of mentees must still be waiting for mentors.
    matching_runs = load_demo_matching(organizations)
    # Questionnaires: rounds with answers, growth of the completed pair, a pulse schedule, a SWOT.
    surveys = load_demo_surveys(organizations)
    # Monitoring last: contingents, targets and the register snapshots of the pairs above.
    monitoring = load_demo_monitoring(organizations)
    # The Navigator's ids of two schools' programs and pairs, as after a first import of its file.
    navigator_ids = load_demo_navigator(organizations)
    # One person whose consent was withdrawn is anonymised; the others due wait on the retention page.
    anonymised = load_demo_retention(organizations)
    return {
        "anonymised": anonymised,
        "navigator_ids": navigator_ids,
        "documents": documents,
        "outreach": outreach,
        "matching_runs": matching_runs,
        "monitoring": monitoring,
        "surveys": surveys,
        "mentorships": mentorships,
        "roadmaps": roadmaps,
        "library": materials,
        "people": people,
        "programs": programs,
        "organizations": Organization.objects.filter(municipality=municipality).count(),
        "users": User.objects.filter(memberships__organization__municipality=municipality).distinct().count(),
    }
