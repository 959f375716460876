"""The demo district's documents registry, partner agreements and incentive schemes: every school and ДО
has its order on the target model, its regulation and the order appointing the curator (small real
PDFs); school 1 also has a draft order forming pairs that names people of its bases; the department has
its own order and regulation; schools 1–3 have agreements with partners 1–3 (the third one expired),
and the agreement with partner 1 names that partner's mentors; the department and schools 1 and 2 have
incentive schemes.

Deterministic (the same records with the same content in a school year) and idempotent (a document is
keyed by its organization, kind and title, an agreement by its parties and number, a scheme by its
organization; existing ones are left alone). Everything goes through the services, with the same
checks as the forms.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from mentoring.accounts.models import Membership, Role, User
from mentoring.common.access import mentors_a_partner_supplies
from mentoring.demo.minimal_files import PdfLine, pdf_document
from mentoring.documents.models import Document, DocumentKind, DocumentStatus, IncentiveScheme
from mentoring.documents.reference_defaults import INCENTIVE_KINDS
from mentoring.documents.services import document_create, incentive_scheme_save
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.partners.models import Agreement
from mentoring.partners.services import agreement_create
from mentoring.people.models import MenteeProfile, MentorProfile
from mentoring.people.services import current_school_year

DEPARTMENT_CODE = "brz-uo"
DISTRICT = "Берёзовского муниципального округа"

IMPLEMENTATION_ORDER = "Приказ о внедрении целевой модели наставничества"
REGULATION = "Положение о наставничестве"
CURATOR_ORDER = "Приказ о назначении куратора"
PAIRS_ORDER = "Приказ о формировании наставнических пар и групп"
INCENTIVES = "Система мотивации наставников"


@dataclass(frozen=True)
class _Spec:
    kind: str
    title: str
    number: str
    date: datetime.date
    status: str
    lines: tuple[str, ...]
    with_file: bool = True


def _pdf(heading: str, organization: Organization, spec: _Spec) -> bytes:
    number = f" № {spec.number}" if spec.number else ""
    return pdf_document(
        [
            PdfLine(organization.full_name, size=10),
            PdfLine(heading, size=14, bold=True),
            PdfLine(f"от {spec.date:%d.%m.%Y}{number}", size=11),
            PdfLine(spec.title, bold=True),
            *(PdfLine(line) for line in spec.lines),
            PdfLine(f"Руководитель: {organization.head_name}", size=11),
        ],
        title=spec.title,
    )


def _organization_documents(number: int, year: int) -> list[_Spec]:
    """What every school and ДО holds; `number` makes the order numbers differ between organizations."""
    return [
        _Spec(
            kind=IMPLEMENTATION_ORDER,
            title="О внедрении целевой модели наставничества обучающихся",
            number=f"{40 + number}-од",
            date=datetime.date(year, 8, 30),
            status=DocumentStatus.IN_FORCE,
            lines=(
                "В соответствии с распоряжением Минпросвещения России от 25.12.2019 № Р-145 и приказом "
                f"управления образования {DISTRICT} ПРИКАЗЫВАЮ:",
                "1. Внедрить целевую модель наставничества обучающихся в формах «ученик — ученик», "
                "«учитель — учитель» и «работодатель — ученик».",
                "2. Утвердить положение о наставничестве и дорожную карту внедрения целевой модели.",
                "3. Контроль за исполнением приказа оставляю за собой.",
            ),
        ),
        _Spec(
            kind=REGULATION,
            title="Положение о наставничестве",
            number="",
            date=datetime.date(year, 8, 30),
            status=DocumentStatus.IN_FORCE,
            lines=(
                "1. Положение определяет цели, задачи, формы и порядок наставничества в организации.",
                "2. Наставнические пары и группы формируются в течение двух недель с даты выбора формы "
                "наставничества и закрепляются приказом руководителя.",
                "3. Участие в наставничестве добровольно; согласие законного представителя обязательно "
                "для несовершеннолетних.",
            ),
        ),
        _Spec(
            kind=CURATOR_ORDER,
            title="О назначении куратора внедрения целевой модели наставничества",
            number=f"{50 + number}-од",
            date=datetime.date(year, 9, 1),
            status=DocumentStatus.IN_FORCE,
            lines=(),
            with_file=False,
        ),
    ]


def _department_documents(year: int) -> list[_Spec]:
    return [
        _Spec(
            kind=IMPLEMENTATION_ORDER,
            title=f"О внедрении целевой модели наставничества в образовательных организациях {DISTRICT}",
            number="112-од",
            date=datetime.date(year, 8, 25),
            status=DocumentStatus.IN_FORCE,
            lines=(
                "1. Руководителям образовательных организаций внедрить целевую модель наставничества и "
                "утвердить дорожные карты до 1 сентября.",
                "2. Информационно-методической группе обеспечить мониторинг и методическое сопровождение.",
            ),
        ),
        _Spec(
            kind=INCENTIVES,
            title=f"Положение о системе мотивации наставников {DISTRICT}",
            number="113-од",
            date=datetime.date(year, 8, 25),
            status=DocumentStatus.IN_FORCE,
            lines=(
                "Лучшие наставники награждаются почётными грамотами и направляются на региональный конкурс "
                "«Наставник52»; итоги подводятся 2 марта, в День наставника.",
            ),
        ),
    ]


_HEADINGS = {
    IMPLEMENTATION_ORDER: "ПРИКАЗ",
    CURATOR_ORDER: "ПРИКАЗ",
    PAIRS_ORDER: "ПРИКАЗ (проект)",
    REGULATION: "ПОЛОЖЕНИЕ",
    INCENTIVES: "ПОЛОЖЕНИЕ",
}


def _keeper(organization: Organization, department_admin: User) -> User:
    """The head registers the organization's documents; the department admin the department's."""
    head = (
        Membership.objects.filter(organization=organization, role=Role.HEAD, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return head.user if head else department_admin


def _register(organization: Organization, spec: _Spec, by: User, **links: object) -> Document:
    kind = DocumentKind.objects.get(name=spec.kind, municipality__isnull=True)
    existing = Document.objects.filter(organization=organization, kind=kind, title=spec.title).first()
    if existing is not None:
        return existing
    upload = None
    if spec.with_file:
        upload = SimpleUploadedFile(f"{spec.kind}.pdf", _pdf(_HEADINGS[spec.kind], organization, spec))
    return document_create(
        by=by,
        organization=organization,
        kind=kind,
        title=spec.title,
        date=spec.date,
        number=spec.number,
        status=spec.status,
        file=upload,
        **links,  # type: ignore[arg-type]
    )


def _pairs_order(school: Organization, year: int, by: User) -> None:
    """A draft order of school 1 naming the first mentors and mentees of its bases."""
    mentors = MentorProfile.objects.filter(person__organization=school).select_related("person")
    mentees = MenteeProfile.objects.filter(person__organization=school).select_related("person")
    people = [mentor.person for mentor in mentors.order_by("id")[:2]]
    people += [mentee.person for mentee in mentees.order_by("id")[:2]]
    spec = _Spec(
        kind=PAIRS_ORDER,
        title="О закреплении наставнических пар в форме «ученик — ученик»",
        number="",
        date=datetime.date(year, 9, 20),
        status=DocumentStatus.DRAFT,
        lines=("1. Закрепить наставнические пары согласно приложению.", "Приложение: список пар."),
    )
    _register(school, spec, by, people=people)


@dataclass(frozen=True)
class _AgreementSpec:
    school: str
    partner: str
    number: str
    signed_on: datetime.date
    valid_from: datetime.date
    valid_until: datetime.date | None
    subject: str
    with_mentors: bool = False


def _agreements(year: int) -> list[_AgreementSpec]:
    return [
        _AgreementSpec(
            school="brz-school-1",
            partner="brz-partner-1",
            number="3-С",
            signed_on=datetime.date(year - 1, 8, 20),
            valid_from=datetime.date(year - 1, 9, 1),
            valid_until=datetime.date(year + 2, 8, 31),
            subject="Сотрудничество в реализации программы наставничества «работодатель — ученик»: "
            "наставники из числа специалистов кооператива, экскурсии, проектная работа старшеклассников.",
            with_mentors=True,
        ),
        _AgreementSpec(
            school="brz-school-2",
            partner="brz-partner-2",
            number="17/Т",
            signed_on=datetime.date(year - 1, 10, 1),
            valid_from=datetime.date(year - 1, 10, 1),
            valid_until=None,
            subject="Наставничество «студент — ученик»: студенты техникума сопровождают проекты и "
            "профориентацию обучающихся 8–11 классов.",
        ),
        _AgreementSpec(
            school="brz-school-3",
            partner="brz-partner-3",
            number="5",
            signed_on=datetime.date(year - 3, 9, 1),
            valid_from=datetime.date(year - 3, 9, 1),
            valid_until=datetime.date(year - 1, 6, 30),
            subject="Профориентационные экскурсии на молочный завод и встречи с технологами.",
        ),
    ]


def _agreement_pdf(school: Organization, partner: Organization, spec: _AgreementSpec) -> bytes:
    return pdf_document(
        [
            PdfLine("СОГЛАШЕНИЕ О СОТРУДНИЧЕСТВЕ", size=14, bold=True),
            PdfLine(f"№ {spec.number} от {spec.signed_on:%d.%m.%Y}"),
            PdfLine(f"{school.full_name} и {partner.full_name} заключили настоящее соглашение о следующем."),
            PdfLine(f"1. Предмет соглашения: {spec.subject}"),
            PdfLine(
                f"2. Соглашение действует с {spec.valid_from:%d.%m.%Y}"
                + (f" по {spec.valid_until:%d.%m.%Y}." if spec.valid_until else " бессрочно.")
            ),
            PdfLine(f"{school.head_name}                    {partner.head_name}", size=11),
        ],
        title=f"Соглашение № {spec.number}",
    )


def _sign(organizations: dict[str, Organization], spec: _AgreementSpec, department_admin: User) -> None:
    school, partner = organizations.get(spec.school), organizations.get(spec.partner)
    if school is None or partner is None:
        return
    if Agreement.objects.filter(organization=school, partner=partner, number=spec.number).exists():
        return
    agreement_create(
        by=_keeper(school, department_admin),
        organization=school,
        partner=partner,
        number=spec.number,
        signed_on=spec.signed_on,
        valid_from=spec.valid_from,
        valid_until=spec.valid_until,
        subject=spec.subject,
        file=SimpleUploadedFile(f"Соглашение № {spec.number}.pdf", _agreement_pdf(school, partner, spec)),
        mentors=list(mentors_a_partner_supplies(partner).order_by("id")) if spec.with_mentors else [],
    )


def _scheme(
    organization: Organization,
    by: User,
    *,
    title: str,
    kinds: list[str],
    adopted_on: datetime.date,
    notes: str,
) -> None:
    if IncentiveScheme.objects.filter(organization=organization).exists():
        return
    document = (
        Document.objects.filter(organization=organization, kind__name=INCENTIVES).order_by("id").first()
    )
    incentive_scheme_save(
        by=by,
        organization=organization,
        title=title,
        adopted_on=adopted_on,
        incentive_kinds=kinds,
        document=document,
        notes=notes,
    )


@transaction.atomic
def load_demo_documents(organizations: dict[str, Organization]) -> int:
    """Fills the registry, the agreements and the incentive schemes of the demo district; returns the
    number of documents in the registry of its municipality."""
    department = organizations[DEPARTMENT_CODE]
    department_admin = (
        Membership.objects.filter(organization=department, role=Role.DEPARTMENT_ADMIN, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if department_admin is None:
        return 0
    admin = department_admin.user
    year = current_school_year()
    for spec in _department_documents(year):
        _register(department, spec, admin)
    holders = sorted(
        (
            o
            for o in organizations.values()
            if o.kind in (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)
        ),
        key=lambda o: (o.kind, o.code),
    )
    for number, organization in enumerate(holders, start=1):
        keeper = _keeper(organization, admin)
        for spec in _organization_documents(number, year):
            _register(organization, spec, keeper)
    school = organizations.get("brz-school-1")
    if school is not None:
        keeper = _keeper(school, admin)
        _pairs_order(school, year, keeper)
        _register(
            school,
            _Spec(
                kind=INCENTIVES,
                title="Положение о поощрении наставников",
                number="61-од",
                date=datetime.date(year, 9, 1),
                status=DocumentStatus.IN_FORCE,
                lines=("Наставники поощряются благодарственными письмами и публикацией на сайте школы.",),
            ),
            keeper,
        )
    for agreement in _agreements(year):
        _sign(organizations, agreement, admin)
    _scheme(
        department,
        admin,
        title=f"Система мотивации наставников {DISTRICT}",
        kinds=[INCENTIVE_KINDS[1], INCENTIVE_KINDS[3], INCENTIVE_KINDS[4], INCENTIVE_KINDS[5]],
        adopted_on=datetime.date(year, 8, 25),
        notes="Итоги года подводятся 2 марта, в День наставника: почётные грамоты управления образования, "
        "выдвижение на конкурсы «Наставник52» и «Наставничество», выступления на августовской конференции.",
    )
    for code, kinds in (
        ("brz-school-1", [INCENTIVE_KINDS[0], INCENTIVE_KINDS[2], INCENTIVE_KINDS[3]]),
        ("brz-school-2", [INCENTIVE_KINDS[0], INCENTIVE_KINDS[6]]),
    ):
        holder = organizations.get(code)
        if holder is not None:
            _scheme(
                holder,
                _keeper(holder, admin),
                title=f"Система мотивации наставников {holder.short_name}",
                kinds=kinds,
                adopted_on=datetime.date(year, 9, 1),
                notes="Благодарственные письма вручаются по итогам полугодия; лучшие пары представляются "
                "на школьном сайте.",
            )
    return Document.objects.filter(organization__municipality_id=department.municipality_id).count()
