"""Report notes of the monitoring (issue 9, item 7): the organization's справка on implementation and
programs (6.1), the municipal справка on indicators and compliance with the target model (6.2), the
quarterly monitoring note (5.2) and the December pack on quality and growth (5.3, 5.4).

Each is a DOCX template with Jinja placeholders, table-row loops (`{%tr for row in indicators %}`) and
chart placeholders (`{{ charts.plan_fact }}`), rendered by docxtpl — like the roadmap documents in
mentoring/documents/generation.py. The system ships a default template of each kind (built here with
python-docx); the department may download it, upload its own DOCX with the same placeholders, or go
back to the default. Templates are rendered in a sandbox with plain data only: strings, numbers, lists
and dicts, and the charts as pictures a template can place but not look into.

The same tables go to XLSX (one sheet each) for those who count further in a spreadsheet.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Q
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mentoring.accounts.models import User
from mentoring.common.access import municipalities_administered_by
from mentoring.common.files import DOCX, validate_upload
from mentoring.monitoring import charts
from mentoring.monitoring.dashboards import (
    Dashboard,
    Involvement,
    Panel,
    Period,
    Table,
    dashboard,
    dashboard_organizations,
    growth_by_table,
    indicator_status,
    organization_rows,
    organization_table,
    percent_text,
)
from mentoring.monitoring.models import ReportKind
from mentoring.organizations.models import Municipality, Organization
from mentoring.people.spreadsheet import neutralize_formula
from mentoring.programs.models import PAIR_FORMING_DAYS, Program

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_WIDTH = Mm(165)
TEMPLATE_MAX_BYTES = 10 * 1024 * 1024

ORGANIZATION = "organization"
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class ReportSpec:
    code: str
    title: str
    heading: str
    scopes: frozenset[str]
    sections: tuple[str, ...]
    needs_quarter: bool = False


SPECS = {
    spec.code: spec
    for spec in (
        ReportSpec(
            ReportKind.ORGANIZATION_NOTE,
            ReportKind.ORGANIZATION_NOTE.label,
            "Справка о реализации целевой модели наставничества и программ наставничества",
            frozenset({ORGANIZATION}),
            ("involvement", "programs", "window", "meetings", "feedback", "satisfaction", "plan_fact"),
        ),
        ReportSpec(
            ReportKind.MUNICIPAL_NOTE,
            ReportKind.MUNICIPAL_NOTE.label,
            "Справка о достижении целевых показателей и соответствии целевой модели наставничества",
            frozenset({MUNICIPALITY}),
            ("plan_fact", "involvement", "dynamics", "window", "meetings", "feedback", "organizations"),
        ),
        ReportSpec(
            ReportKind.QUARTERLY_NOTE,
            ReportKind.QUARTERLY_NOTE.label,
            "Справка по итогам мониторинга реализации программ наставничества",
            frozenset({ORGANIZATION, MUNICIPALITY}),
            ("involvement", "dynamics", "window", "meetings", "feedback", "satisfaction", "plan_fact"),
            needs_quarter=True,
        ),
        ReportSpec(
            ReportKind.DECEMBER_PACK,
            ReportKind.DECEMBER_PACK.label,
            "Справка о качестве реализации программ наставничества и росте участников",
            frozenset({ORGANIZATION, MUNICIPALITY}),
            ("satisfaction", "feedback", "meetings", "growth", "growth_by"),
        ),
    )
}


def kinds_for(scope: str) -> list[ReportSpec]:
    return [spec for spec in SPECS.values() if scope in spec.scopes]


def spec_for(kind: str, scope: str) -> ReportSpec:
    spec = SPECS.get(kind)
    if spec is None or scope not in spec.scopes:
        raise ValidationError("Неизвестный вид справки.")
    return spec


# What a department may use in its own template (shown on the templates page).
PLACEHOLDERS = {
    "title": "название справки",
    "scope": "организация или муниципалитет, о ком справка",
    "organization": "организация (пусто в справке по муниципалитету)",
    "municipality": "муниципалитет",
    "region": "субъект РФ",
    "period": "период, например «II квартал 2026 г.» или «2026 год»",
    "period_dates": "даты периода, ДД.ММ.ГГГГ – ДД.ММ.ГГГГ",
    "year": "год",
    "date": "дата справки, ДД.ММ.ГГГГ",
    "snapshot_date": "дата среза персонифицированного учёта",
    "involvement.mentors / .mentees / .people / .mentorships": "наставники, наставляемые, всего участников, пар и групп",
    "involvement.rows (form, mentors, mentees)": "вовлечённость по формам",
    "indicators (code, name, target, actual, numerator, denominator, status)": "целевые показатели",
    "achieved / not_achieved / no_data": "сколько показателей достигнуто, не достигнуто, без данных",
    "dynamics (quarter, as_of, mentors, mentees, mentorships)": "динамика по кварталам",
    "window.in_time / .late / .overdue / .waiting / .share": "формирование пар в течение 14 дней",
    "meetings.rows (label, held, planned, percent), meetings.held / .planned / .percent": "встречи",
    "feedback.held / .complete / .percent": "полнота обратной связи",
    "satisfaction (role, respondents, mean, band1 … band4)": "удовлетворённость",
    "growth (group, participants, before, after, change)": "рост участников",
    "growth_by (label, group, participants, before, after, change)": "рост по программам или организациям",
    "programs (title, form, status, starts, ends, form_chosen, pairs_formed, in_time, mentorships)": "программы организации",
    "organizations (name, mentors, mentees, window, meetings, feedback)": "организации муниципалитета",
    "charts.involvement, .plan_fact, .dynamics, .window, .meetings, .feedback, .satisfaction, .growth": "диаграммы",
}


# --- the data of a report -------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _row(headers_fields: list[str], values: list[object]) -> dict[str, str]:
    return {name: _text(value) for name, value in zip(headers_fields, values, strict=False)}


def program_rows(organization: Organization, board: Dashboard) -> list[dict[str, str]]:
    """The organization's programs that ran in the period, with their pairs and groups."""
    period = board.period
    programs = (
        Program.objects.filter(
            organization=organization, starts_on__lte=period.end, ends_on__gte=period.start
        )
        .select_related("form")
        .annotate(
            mentorships_count=Count(
                "mentorships",
                filter=Q(mentorships__started_on__lte=period.end)
                & (Q(mentorships__ended_on__isnull=True) | Q(mentorships__ended_on__gte=period.start)),
            )
        )
        .order_by("title", "id")
    )
    rows = []
    for program in programs:
        deadline = program.pairs_deadline
        if program.pairs_formed_on is not None and deadline is not None:
            in_time = "да" if program.pairs_formed_on <= deadline else "нет"
        else:
            in_time = "—"
        rows.append(
            {
                "title": program.title,
                "form": program.form.name,
                "status": program.get_status_display(),
                "starts": _text(program.starts_on),
                "ends": _text(program.ends_on),
                "form_chosen": _text(program.form_chosen_on),
                "pairs_formed": _text(program.pairs_formed_on),
                "in_time": in_time,
                "mentorships": str(program.mentorships_count),
            }
        )
    return rows


PROGRAM_HEADERS = [
    ("title", "Программа"),
    ("form", "Форма"),
    ("status", "Статус"),
    ("starts", "Начало"),
    ("ends", "Окончание"),
    ("form_chosen", "Форма выбрана"),
    ("pairs_formed", "Пары сформированы"),
    ("in_time", f"В срок ({PAIR_FORMING_DAYS} дней)"),
    ("mentorships", "Пар и групп"),
]


@dataclass
class ReportData:
    """Everything one report shows: the dashboard and the extra tables of its kind."""

    spec: ReportSpec
    board: Dashboard
    programs: list[dict[str, str]]
    organizations: Table | None
    day: datetime.date

    @property
    def panels(self) -> dict[str, Panel]:
        return {panel.key: panel for panel in self.board.panels()}


def report_data(
    kind: str,
    *,
    municipality: Municipality,
    year: int,
    quarter: int | None,
    organization: Organization | None = None,
    day: datetime.date | None = None,
) -> ReportData:
    spec = spec_for(kind, ORGANIZATION if organization is not None else MUNICIPALITY)
    if spec.needs_quarter and quarter is None:
        raise ValidationError("Квартальная справка составляется за квартал: выберите квартал.")
    board = dashboard(municipality=municipality, year=year, quarter=quarter, organization=organization)
    programs = (
        program_rows(organization, board) if organization is not None and "programs" in spec.sections else []
    )
    organizations = None
    if organization is None and "organizations" in spec.sections:
        organizations = organization_table(
            organization_rows(
                municipality,
                board.period,
                list(dashboard_organizations(municipality)),
                whole_municipality=True,
            )
        )
    return ReportData(spec, board, programs, organizations, day or datetime.date.today())


def context_for(data: ReportData, picture: Callable[[str], Any] | None = None) -> dict[str, object]:
    """The values a template may use: plain strings, lists and dicts; `picture(key)` makes a chart for
    the document (docxtpl's InlineImage) when it is asked for."""
    board = data.board
    inv = board.involvement
    statuses = [indicator_status(value) for value in board.indicators]
    satisfaction = []
    for item in board.satisfaction:
        entry = {"role": item.label, "respondents": str(item.respondents), "mean": _number(item.mean)}
        entry.update({f"band{index + 1}": str(count) for index, count in enumerate(item.bands)})
        satisfaction.append(entry)
    context: dict[str, object] = {
        "title": data.spec.heading,
        "kind": data.spec.title,
        "scope": board.scope_label,
        "organization": board.organization.short_name if board.organization else "",
        "organization_full_name": board.organization.full_name if board.organization else "",
        "municipality": board.municipality.name,
        "region": board.municipality.region,
        "period": board.period.label,
        "period_dates": board.period.dates,
        "year": str(board.period.year),
        "quarter": str(board.period.quarter or ""),
        "date": data.day.strftime("%d.%m.%Y"),
        "snapshot_date": _text(board.snapshot.as_of) if board.snapshot else "срез не снят",
        "involvement": {
            "rows": [
                {"form": r.form, "mentors": str(r.mentors), "mentees": str(r.mentees)} for r in inv.rows
            ],
            "mentors": str(inv.mentors),
            "mentees": str(inv.mentees),
            "people": str(inv.people),
            "mentorships": str(inv.mentorships),
        },
        "indicators": [
            {
                "code": value.indicator.code,
                "name": value.indicator.name,
                "legal_basis": value.indicator.legal_basis,
                "target": percent_text(value.target),
                "actual": percent_text(value.actual)
                if value.actual is not None
                else (value.missing or "нет данных"),
                "numerator": str(value.numerator),
                "denominator": _text(value.denominator),
                "status": status,
            }
            for value, status in zip(board.indicators, statuses, strict=True)
        ],
        "achieved": str(statuses.count("достигнуто")),
        "not_achieved": str(statuses.count("не достигнуто")),
        "no_data": str(statuses.count("нет данных")),
        "dynamics": [
            {
                "quarter": point.label,
                "as_of": _text(point.as_of) if point.as_of else "срез не снят",
                "mentors": _text(point.mentors),
                "mentees": _text(point.mentees),
                "mentorships": _text(point.mentorships),
            }
            for point in board.dynamics
        ],
        "window": {
            "in_time": str(board.window.in_time),
            "late": str(board.window.late),
            "overdue": str(board.window.overdue),
            "waiting": str(board.window.waiting),
            "share": percent_text(board.window.share),
        },
        "meetings": {
            "rows": [
                {
                    "label": r.label,
                    "held": str(r.held),
                    "planned": str(r.planned),
                    "percent": percent_text(r.percent),
                }
                for r in board.meetings
            ],
            "held": str(board.meetings_held),
            "planned": str(board.meetings_planned),
            "percent": percent_text(board.meetings_percent),
        },
        "feedback": {
            "held": str(board.feedback.held),
            "complete": str(board.feedback.complete),
            "percent": percent_text(board.feedback.percent),
        },
        "satisfaction": satisfaction,
        "growth": [
            {
                "group": g.group,
                "participants": str(g.participants),
                "before": _number(g.before),
                "after": _number(g.after),
                "change": _number(g.change),
            }
            for g in board.growth
        ],
        "growth_by": [
            {
                "label": g.label,
                "group": g.group,
                "participants": str(g.participants),
                "before": _number(g.before),
                "after": _number(g.after),
                "change": _number(g.change),
            }
            for g in board.growth_by
        ],
        "growth_by_label": board.growth_by_label,
        "programs": data.programs,
        "organizations": [
            dict(
                zip(
                    ("name", "mentors", "mentees", "window", "meetings", "feedback"),
                    map(_text, row),
                    strict=True,
                )
            )
            for row in (data.organizations.rows if data.organizations else [])
        ],
        "charts": _Charts(picture) if picture is not None else {},
    }
    return context


def _number(value: object) -> str:
    if value is None:
        return "—"
    return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")  # type: ignore[arg-type]


CHART_KEYS = (
    "involvement",
    "plan_fact",
    "dynamics",
    "window",
    "meetings",
    "feedback",
    "satisfaction",
    "growth",
)


class _Charts(dict):
    """The charts of a report, drawn only when the template places them (a chart costs a fraction of a
    second); an unknown name is simply empty."""

    def __init__(self, picture: Callable[[str], Any]) -> None:
        super().__init__()
        self._picture = picture

    def __missing__(self, key: str) -> Any:
        if key not in CHART_KEYS:
            raise KeyError(key)
        self[key] = self._picture(key)
        return self[key]


class _ReportSandbox(SandboxedEnvironment):
    """Jinja's sandbox, and a template may not look inside a picture (it only places it)."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, (InlineImage, _Charts)) and not isinstance(value, InlineImage):
            return False
        return super().is_safe_attribute(obj, attr, value)


# --- DOCX -----------------------------------------------------------------------------------------


def render(template: bytes, data: ReportData) -> bytes:
    """Fills a DOCX template with the report's data; a broken template is a ValidationError in Russian,
    never a 500."""
    panels = data.panels

    try:
        document = DocxTemplate(io.BytesIO(template))
    except Exception as error:  # python-docx and lxml raise many kinds of errors on a damaged file
        raise ValidationError("Файл шаблона повреждён или это не DOCX.") from error

    def picture(key: str) -> InlineImage:
        png = charts.cached_png(panels[key].chart)
        return InlineImage(document, io.BytesIO(png), width=CHART_WIDTH)

    try:
        document.render(
            context_for(data, picture), jinja_env=_ReportSandbox(autoescape=True, undefined=StrictUndefined)
        )
    except TemplateError as error:
        raise ValidationError(
            f"Ошибка в шаблоне справки: {error}. Проверьте фигурные скобки, теги {{%tr %}} и имена полей."
        ) from error
    except Exception as error:
        raise ValidationError(
            "Шаблон справки не удалось заполнить: проверьте его или верните стандартный."
        ) from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraph(
    document: DocxDocument, text: str, *, bold: bool = False, centre: bool = False, size: int = 12
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _loop_table(document: DocxDocument, items: str, columns: list[tuple[str, str]]) -> None:
    """A table whose middle row repeats for each item: header, `{%tr for %}`, the row, `{%tr endfor %}`."""
    table = document.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    for index, (_, header) in enumerate(columns):
        cell = table.rows[0].cells[index]
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(10)
    table.rows[1].cells[0].text = f"{{%tr for row in {items} %}}"
    for index, (name, _) in enumerate(columns):
        table.rows[2].cells[index].text = f"{{{{ row.{name} }}}}"
        for run in table.rows[2].cells[index].paragraphs[0].runs:
            run.font.size = Pt(10)
    table.rows[3].cells[0].text = "{%tr endfor %}"


def _chart(document: DocxDocument, key: str) -> None:
    document.add_paragraph("{{ charts.%s }}" % key)  # noqa: UP031 - Jinja braces


def _section_involvement(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Вовлечённость в наставничество", bold=True)
    _paragraph(
        document,
        "По данным персонифицированного учёта на {{ snapshot_date }} в наставничестве участвуют "
        "{{ involvement.people }} человек: наставников — {{ involvement.mentors }}, наставляемых — "
        "{{ involvement.mentees }}; пар и групп — {{ involvement.mentorships }}.",
    )
    _loop_table(
        document,
        "involvement.rows",
        [("form", "Форма наставничества"), ("mentors", "Наставники"), ("mentees", "Наставляемые")],
    )
    _chart(document, "involvement")


def _section_plan_fact(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Целевые показатели: план и факт", bold=True)
    _paragraph(
        document,
        "Достигнуто показателей: {{ achieved }}; не достигнуто: {{ not_achieved }}; нет данных для расчёта: "
        "{{ no_data }}. Фактические значения рассчитаны системой по персонифицированному учёту и анкетам.",
    )
    _loop_table(
        document,
        "indicators",
        [
            ("code", "№"),
            ("name", "Показатель"),
            ("target", "Цель"),
            ("actual", "Факт"),
            ("numerator", "Числитель"),
            ("denominator", "Знаменатель"),
            ("status", "Итог"),
        ],
    )
    _chart(document, "plan_fact")


def _section_dynamics(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Динамика по кварталам {{{{ year }}}} года", bold=True)
    _loop_table(
        document,
        "dynamics",
        [
            ("quarter", "Квартал"),
            ("as_of", "Срез на"),
            ("mentors", "Наставники"),
            ("mentees", "Наставляемые"),
            ("mentorships", "Пары и группы"),
        ],
    )
    _chart(document, "dynamics")


def _section_window(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Формирование пар и групп в течение {PAIR_FORMING_DAYS} дней", bold=True)
    _paragraph(
        document,
        "Программ, по которым форма наставничества выбрана в периоде: пары и группы сформированы в срок — "
        "{{ window.in_time }}, с опозданием — {{ window.late }}, срок истёк без формирования — "
        "{{ window.overdue }}, срок ещё не истёк — {{ window.waiting }}. Доля сформированных в срок: "
        "{{ window.share }}.",
    )
    _chart(document, "window")


def _section_meetings(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Встречи: проведено и запланировано", bold=True)
    _paragraph(
        document,
        "Пары и группы, работавшие в периоде, провели {{ meetings.held }} встреч из {{ meetings.planned }} "
        "запланированных программами ({{ meetings.percent }}).",
    )
    _loop_table(
        document,
        "meetings.rows",
        [
            ("label", "Программа или форма"),
            ("held", "Проведено"),
            ("planned", "По плану"),
            ("percent", "Выполнено"),
        ],
    )
    _chart(document, "meetings")


def _section_feedback(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Обратная связь", bold=True)
    _paragraph(
        document,
        "Из {{ feedback.held }} встреч, проведённых в периоде, обратную связь дали наставник и все пришедшие "
        "наставляемые после {{ feedback.complete }} ({{ feedback.percent }}).",
    )
    _chart(document, "feedback")


def _section_satisfaction(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Удовлетворённость участием", bold=True)
    _loop_table(
        document,
        "satisfaction",
        [
            ("role", "Роль"),
            ("respondents", "Ответили"),
            ("mean", "Средняя оценка"),
            ("band1", "1–4"),
            ("band2", "5–6"),
            ("band3", "7–8"),
            ("band4", "9–10"),
        ],
    )
    _chart(document, "satisfaction")


def _section_growth(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Рост участников (входная и итоговая анкеты)", bold=True)
    _paragraph(
        document,
        "Изменение — разница средних оценок итоговой и входной анкет участников, заполнивших обе.",
    )
    _loop_table(
        document,
        "growth",
        [
            ("group", "Группа показателей"),
            ("participants", "Участников"),
            ("before", "До"),
            ("after", "После"),
            ("change", "Изменение"),
        ],
    )
    _chart(document, "growth")


def _section_growth_by(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Рост участников по программам и организациям", bold=True)
    _loop_table(
        document,
        "growth_by",
        [
            ("label", "Программа или организация"),
            ("group", "Группа показателей"),
            ("participants", "Участников"),
            ("before", "До"),
            ("after", "После"),
            ("change", "Изменение"),
        ],
    )


def _section_programs(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Программы наставничества", bold=True)
    _loop_table(document, "programs", PROGRAM_HEADERS)


def _section_organizations(document: DocxDocument, number: int) -> None:
    _paragraph(document, f"{number}. Показатели организаций", bold=True)
    _loop_table(
        document,
        "organizations",
        [
            ("name", "Организация"),
            ("mentors", "Наставники"),
            ("mentees", "Наставляемые"),
            ("window", "Пары в срок"),
            ("meetings", "Встречи"),
            ("feedback", "Обратная связь"),
        ],
    )


SECTIONS: dict[str, Callable[[DocxDocument, int], None]] = {
    "involvement": _section_involvement,
    "plan_fact": _section_plan_fact,
    "dynamics": _section_dynamics,
    "window": _section_window,
    "meetings": _section_meetings,
    "feedback": _section_feedback,
    "satisfaction": _section_satisfaction,
    "growth": _section_growth,
    "growth_by": _section_growth_by,
    "programs": _section_programs,
    "organizations": _section_organizations,
}


def default_template(kind: str) -> bytes:
    """The system's template of a kind, with Jinja placeholders, as DOCX bytes."""
    spec = SPECS.get(kind)
    if spec is None:
        raise ValidationError("Неизвестный вид справки.")
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Mm(20)
    _paragraph(document, "{{ scope }}", bold=True, centre=True)
    _paragraph(document, "СПРАВКА", bold=True, centre=True, size=14)
    _paragraph(document, spec.heading, bold=True, centre=True)
    _paragraph(document, "за {{ period }} ({{ period_dates }})", centre=True)
    _paragraph(document, "{{ municipality }}, {{ region }}                                   {{ date }}")
    for number, key in enumerate(spec.sections, start=1):
        SECTIONS[key](document, number)
    _paragraph(document, "")
    _paragraph(document, "Ответственный ______________ / ______________ /")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX -----------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_ITALIC = Font(italic=True, color="FF555555")


def _cell_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return neutralize_formula(str(value))


def xlsx(data: ReportData) -> bytes:
    """The report's tables, one sheet each, headed by the report's title and period."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    board = data.board
    tables: list[tuple[str, Table]] = [
        (panel.title, panel.table) for key, panel in data.panels.items() if key in data.spec.sections
    ]
    if data.programs:
        tables.append(
            (
                "Программы",
                Table(
                    [header for _, header in PROGRAM_HEADERS],
                    [[row[k] for k, _ in PROGRAM_HEADERS] for row in data.programs],
                ),
            )
        )
    if data.organizations is not None:
        tables.append(("Организации", data.organizations))
    if "growth_by" in data.spec.sections:
        tables.append((f"Рост: {board.growth_by_label.lower()}", growth_by_table(board)))
    for index, (title, table) in enumerate(tables, start=1):
        sheet = workbook.create_sheet(title=f"{index}. {title}"[:31].replace(":", " ").replace("/", " "))
        for line in (
            data.spec.title,
            f"{board.scope_label}, {board.period.label} ({board.period.dates})",
            title,
        ):
            sheet.append([_cell_value(line)])
            sheet.cell(row=sheet.max_row, column=1).font = _ITALIC
        sheet.append([_cell_value(header) for header in table.headers])
        header_row = sheet.max_row
        for column in range(1, len(table.headers) + 1):
            sheet.cell(row=header_row, column=column).font = _BOLD
        for row in table.rows:
            sheet.append([_cell_value(value) for value in row])
        if table.footer:
            sheet.append([_cell_value(value) for value in table.footer])
            for column in range(1, len(table.footer) + 1):
                sheet.cell(row=sheet.max_row, column=column).font = _BOLD
        sheet.freeze_panes = f"A{header_row + 1}"
        for column, header in enumerate(table.headers, start=1):
            longest = max(
                [
                    len(str(header)),
                    *(len(str(row[column - 1])) for row in table.rows[:200] if column <= len(row)),
                ]
            )
            sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the department's own templates ----------------------------------------------------------------
#
# A department's template of a kind is a DOCX file kept under MEDIA_ROOT/report_templates/; there is at
# most one per municipality and kind, and removing it brings back the system's default.


def _template_name(municipality_id: int, kind: str) -> str:
    return f"report_templates/{municipality_id}/{kind}.docx"


def department_template(municipality_id: int, kind: str) -> bytes | None:
    name = _template_name(municipality_id, kind)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return bytes(stored.read())


def current_template(municipality_id: int, kind: str) -> bytes:
    return department_template(municipality_id, kind) or default_template(kind)


def generate_docx(data: ReportData) -> bytes:
    """The report from the department's template of its kind when there is one, else the default."""
    return render(current_template(data.board.municipality.pk, data.spec.code), data)


def _require_template_keeper(by: User, municipality: Municipality) -> None:
    if not municipalities_administered_by(by).filter(pk=municipality.pk).exists():
        raise PermissionDenied("Шаблоны справок меняет администратор управления образования.")


def _sample(kind: str, municipality: Municipality) -> ReportData:
    """A small report of made-up figures, to check an uploaded template before it replaces the old one."""
    spec = SPECS[kind]
    board = Dashboard(
        municipality=municipality,
        organization=None,
        period=Period(2026, 1, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        snapshot=None,
        involvement=Involvement(rows=[], mentors=0, mentees=0, people=0, mentorships=0),
    )
    return ReportData(spec, board, [], None, datetime.date.today())


def report_template_save(*, by: User, municipality: Municipality, kind: str, upload: UploadedFile) -> None:
    """Replaces the municipality's template of a kind after checking that it is a DOCX that renders."""
    if kind not in SPECS:
        raise ValidationError("Неизвестный вид справки.")
    _require_template_keeper(by, municipality)
    validate_upload(upload, kinds=(DOCX,), max_bytes=TEMPLATE_MAX_BYTES)
    content = upload.read()
    render(content, _sample(kind, municipality))
    name = _template_name(municipality.pk, kind)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))


def report_template_reset(*, by: User, municipality: Municipality, kind: str) -> None:
    if kind not in SPECS:
        raise ValidationError("Неизвестный вид справки.")
    _require_template_keeper(by, municipality)
    name = _template_name(municipality.pk, kind)
    if default_storage.exists(name):
        default_storage.delete(name)
