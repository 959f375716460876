"""Documents the system drafts for an organization (roadmap 1.1, 1.3, 1.4): the order on implementing
the target model, the order appointing the curator and the regulation on mentoring.

Each is a DOCX template with Jinja placeholders ({{ organization.full_name }}, {{ curator }}, …)
rendered by docxtpl. The system ships a default template for each kind (built here with python-docx);
a department may replace it with its own DOCX using the same placeholders. Templates are rendered in a
sandbox with a context of plain strings only, so a template cannot reach into the application.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from mentoring.accounts.models import User
from mentoring.common.access import municipalities_administered_by
from mentoring.common.files import DOCX, validate_upload
from mentoring.organizations.models import Municipality, Organization


@dataclass(frozen=True)
class GeneratedKind:
    code: str
    title: str
    heading: str
    needs_curator: bool = False


KINDS = {
    kind.code: kind
    for kind in (
        GeneratedKind(
            "implementation_order",
            "Приказ о внедрении целевой модели наставничества",
            "О внедрении целевой модели наставничества обучающихся",
        ),
        GeneratedKind(
            "curator_order",
            "Приказ о назначении куратора",
            "О назначении куратора внедрения целевой модели наставничества",
            needs_curator=True,
        ),
        GeneratedKind("regulation", "Положение о наставничестве", "Положение о наставничестве"),
    )
}

PLACEHOLDERS = {
    "organization.full_name": "полное наименование организации",
    "organization.short_name": "краткое наименование",
    "organization.address": "адрес",
    "organization.head_name": "руководитель (ФИО)",
    "municipality": "муниципалитет",
    "region": "субъект РФ",
    "year": "год",
    "school_year": "учебный год, например 2026/2027",
    "date": "дата документа, ДД.ММ.ГГГГ",
    "curator": "куратор (ФИО)",
}


def context_for(
    organization: Organization, *, curator_name: str = "", day: datetime.date | None = None
) -> dict[str, object]:
    """The values a template may use: plain strings, nothing that reaches into the application."""
    day = day or datetime.date.today()
    school_year = day.year if day.month >= 9 else day.year - 1
    return {
        "organization": {
            "full_name": organization.full_name,
            "short_name": organization.short_name,
            "address": organization.address,
            "head_name": organization.head_name or "_______________",
        },
        "municipality": organization.municipality.name,
        "region": organization.municipality.region,
        "year": str(day.year),
        "school_year": f"{school_year}/{school_year + 1}",
        "date": day.strftime("%d.%m.%Y"),
        "curator": curator_name or "_______________",
    }


def _paragraph(
    document: DocxDocument, text: str, *, bold: bool = False, centre: bool = False, size: int = 13
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _order_head(document: DocxDocument, title: str) -> None:
    _paragraph(document, "{{ organization.full_name }}", bold=True, centre=True)
    _paragraph(document, "ПРИКАЗ", bold=True, centre=True, size=14)
    _paragraph(document, "от {{ date }}                                                            № ______")
    _paragraph(document, title, bold=True)


_IMPLEMENTATION_TEXT = [
    "В соответствии с распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих "
    "образовательную деятельность по общеобразовательным, дополнительным общеобразовательным и программам "
    "среднего профессионального образования…», планом мероприятий (дорожной картой) внедрения целевой модели "
    "наставничества в {{ municipality }}",
    "ПРИКАЗЫВАЮ:",
    "1. Внедрить целевую модель наставничества обучающихся в {{ organization.short_name }} "
    "в {{ school_year }} учебном году.",
    "2. Утвердить дорожную карту внедрения целевой модели наставничества (приложение 1).",
    "3. Утвердить Положение о наставничестве (приложение 2).",
    "4. Назначить куратором внедрения целевой модели наставничества {{ curator }}.",
    "5. Контроль исполнения приказа оставляю за собой.",
]

_CURATOR_TEXT = [
    "В целях реализации целевой модели наставничества обучающихся в {{ organization.short_name }}",
    "ПРИКАЗЫВАЮ:",
    "1. Назначить {{ curator }} куратором внедрения целевой модели наставничества в {{ school_year }} учебном году.",
    "2. Куратору: сформировать базы наставников и наставляемых; организовать формирование наставнических пар "
    "и групп в течение двух недель с даты определения формы наставничества; вести мониторинг и готовить "
    "справки о реализации программ наставничества.",
    "3. Контроль исполнения приказа оставляю за собой.",
]

_REGULATION_SECTIONS = [
    (
        "1. Общие положения",
        [
            "1.1. Настоящее Положение о наставничестве в {{ organization.full_name }} разработано в соответствии "
            "с методологией (целевой моделью) наставничества обучающихся, утверждённой распоряжением "
            "Минпросвещения России от 25.12.2019 № Р-145.",
            "1.2. Положение определяет цели, задачи, формы и порядок организации наставничества.",
        ],
    ),
    (
        "2. Цели и задачи наставничества",
        [
            "2.1. Цель — максимально полное раскрытие потенциала личности наставляемого, необходимое для успешной "
            "личной и профессиональной самореализации.",
            "2.2. Задачи: улучшение показателей в образовательной, социокультурной, спортивной сферах и сфере "
            "дополнительного образования; подготовка к осознанному выбору профессии; адаптация в новом коллективе.",
        ],
    ),
    (
        "3. Формы наставничества",
        [
            "3.1. В организации применяются формы «ученик – ученик», «учитель – учитель», «студент – ученик», "
            "«работодатель – ученик» и иные, утверждённые программами наставничества.",
        ],
    ),
    (
        "4. Организация наставничества",
        [
            "4.1. Наставничество организуется на основании приказа руководителя организации.",
            "4.2. Куратор формирует базы наставников и наставляемых, организует формирование пар и групп в течение "
            "двух недель с даты определения формы наставничества, ведёт мониторинг.",
            "4.3. Работа пары или группы включает встречу-знакомство, пробную встречу, встречу-планирование, "
            "совместную работу с обязательной обратной связью после каждой встречи и итоговую встречу.",
        ],
    ),
    (
        "5. Права и обязанности участников",
        [
            "5.1. Наставник и наставляемый соблюдают условия программы наставничества и правила организации.",
            "5.2. Участие несовершеннолетнего допускается с согласия законного представителя на обработку "
            "персональных данных.",
        ],
    ),
    (
        "6. Мониторинг и оценка результатов",
        [
            "6.1. Мониторинг проводится по методическим рекомендациям к целевой модели наставничества.",
        ],
    ),
]


def default_template(kind: str) -> bytes:
    """The system's template of a kind, with Jinja placeholders, as DOCX bytes."""
    if kind not in KINDS:
        raise ValidationError("Неизвестный вид документа.")
    document = Document()
    if kind == "regulation":
        _paragraph(document, "УТВЕРЖДЕНО приказом {{ organization.short_name }} от {{ date }} № ______")
        _paragraph(document, "ПОЛОЖЕНИЕ", bold=True, centre=True, size=14)
        _paragraph(document, "о наставничестве в {{ organization.full_name }}", bold=True, centre=True)
        for heading, points in _REGULATION_SECTIONS:
            _paragraph(document, heading, bold=True)
            for point in points:
                _paragraph(document, point)
    else:
        _order_head(document, KINDS[kind].heading)
        for line in _IMPLEMENTATION_TEXT if kind == "implementation_order" else _CURATOR_TEXT:
            _paragraph(document, line)
        _paragraph(document, "Руководитель ______________ {{ organization.head_name }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(template: bytes, context: dict[str, object]) -> bytes:
    """Fills a DOCX template; a broken template is a ValidationError in Russian, never a 500."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
    except TemplateError as error:
        raise ValidationError(
            f"Ошибка в шаблоне документа: {error}. Проверьте фигурные скобки и имена полей."
        ) from error
    except Exception as error:  # a damaged DOCX: python-docx and lxml raise many kinds of errors
        raise ValidationError("Файл шаблона повреждён или это не DOCX.") from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def generate(
    kind: str, organization: Organization, *, curator_name: str = "", template: bytes | None = None
) -> bytes:
    """The document of a kind for the organization, from the department's template when it has one."""
    if kind not in KINDS:
        raise ValidationError("Неизвестный вид документа.")
    return render(template or default_template(kind), context_for(organization, curator_name=curator_name))


# --- the department's own templates --------------------------------------------------------------
#
# A department's template of a kind is a DOCX file kept under MEDIA_ROOT/document_templates/; there is
# at most one per municipality and kind, and removing it brings back the system's default.

TEMPLATE_MAX_BYTES = 10 * 1024 * 1024


def _template_name(municipality_id: int, kind: str) -> str:
    return f"document_templates/{municipality_id}/{kind}.docx"


def department_template(municipality_id: int, kind: str) -> bytes | None:
    name = _template_name(municipality_id, kind)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return bytes(stored.read())


def current_template(municipality_id: int, kind: str) -> bytes:
    return department_template(municipality_id, kind) or default_template(kind)


def _require_template_keeper(by: User, municipality: Municipality) -> None:
    if not municipalities_administered_by(by).filter(pk=municipality.pk).exists():
        raise PermissionDenied("Шаблоны документов меняет администратор управления образования.")


def department_template_save(
    *, by: User, municipality: Municipality, kind: str, upload: UploadedFile
) -> None:
    """Replaces the municipality's template of a kind after checking that it is a DOCX that renders."""
    if kind not in KINDS:
        raise ValidationError("Неизвестный вид документа.")
    _require_template_keeper(by, municipality)
    validate_upload(upload, kinds=(DOCX,), max_bytes=TEMPLATE_MAX_BYTES)
    content = upload.read()
    sample = Organization(full_name="Проверка", short_name="Проверка", municipality=municipality)
    render(content, context_for(sample, curator_name="Проверка"))
    name = _template_name(municipality.pk, kind)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))


def department_template_reset(*, by: User, municipality: Municipality, kind: str) -> None:
    _require_template_keeper(by, municipality)
    name = _template_name(municipality.pk, kind)
    if default_storage.exists(name):
        default_storage.delete(name)
