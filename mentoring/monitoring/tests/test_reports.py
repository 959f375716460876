"""Report notes: every kind opens in Word and Excel with the figures of the hand-made district, the
department's own template is used, a broken one is explained in Russian, and access follows the
dashboards."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from mentoring.monitoring import reports
from mentoring.monitoring.models import ReportKind
from mentoring.monitoring.tests.dashboard_district import QUARTER, YEAR, build_district

PERIOD = f"?year={YEAR}&quarter={QUARTER}"


@pytest.fixture
def district(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_district(world)


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pictures(content: bytes) -> int:
    return len(Document(io.BytesIO(content)).inline_shapes)


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def _data(district, kind, organization=None, quarter=QUARTER):
    return reports.report_data(
        kind, municipality=district.world.municipality, year=YEAR, quarter=quarter, organization=organization
    )


def test_the_organization_note_lists_its_programs_meetings_and_charts(district):
    content = reports.generate_docx(_data(district, ReportKind.ORGANIZATION_NOTE, district.world.school))
    text = _text(content)
    assert "СПРАВКА" in text
    assert "III квартал 2026 г." in text
    assert district.world.school.short_name in text
    assert "Шаг навстречу | Ученик – ученик" in text
    assert "Шаг навстречу | 4 | 10 | 40 %" in text  # meetings held against the plan
    assert "провели 4 встреч из 14" in text
    assert "в срок — 1, с опозданием — 1" in text
    assert "Наставляемые | 2 | 7 |" in text  # satisfaction
    assert "Вместе учимся" not in text  # another school's program
    assert "{{" not in text
    assert "{%" not in text
    assert _pictures(content) >= 6


def test_the_municipal_note_shows_indicators_compliance_and_every_organization(district):
    content = reports.generate_docx(_data(district, ReportKind.MUNICIPAL_NOTE))
    text = _text(content)
    assert district.world.municipality.name in text
    assert "Достигнуто показателей:" in text
    assert "не внесён контингент" in text  # a missing denominator is said, not shown as zero
    assert "50 %" in text  # indicator 5: one of the two mentees satisfied
    assert f"{district.world.school.short_name} | 2 | 2 | 1 из 2 | 4 / 14 (28,6 %) | 2 из 4" in text
    assert district.world.other_school.short_name in text
    assert "I кв. | 31.03.2026 | 1 | 1 | 1" in text  # dynamics
    assert _pictures(content) >= 6


def test_the_quarterly_note_needs_a_quarter(district):
    with pytest.raises(ValidationError, match="квартал"):
        _data(district, ReportKind.QUARTERLY_NOTE, quarter=None)
    text = _text(reports.generate_docx(_data(district, ReportKind.QUARTERLY_NOTE)))
    assert "Ученик – ученик | 2 | 3" in text


def test_the_december_pack_shows_quality_and_growth(district):
    content = reports.generate_docx(_data(district, ReportKind.DECEMBER_PACK, quarter=None))
    text = _text(content)
    assert "2026 год" in text
    assert "Мотивационно-личностный рост | 1 | 4 | 7 | 3" in text
    assert "МБОУ Сеченовская СШ | Мотивационно-личностный рост" in text  # growth by organization
    assert "Из 6 встреч" in text
    assert "после 4" in text


def test_every_report_has_an_xlsx_of_the_same_tables(district):
    school = district.world.school
    sheets = _sheets(reports.xlsx(_data(district, ReportKind.ORGANIZATION_NOTE, school)))
    assert any(name.startswith("1. Вовлечённость") for name in sheets)
    programs = next(rows for name, rows in sheets.items() if "Программы" in name)
    assert ("Шаг навстречу", "Ученик – ученик") in [row[:2] for row in programs]
    meetings = next(rows for name, rows in sheets.items() if "Встречи" in name)
    assert ("Шаг навстречу", 4, 10, "40 %") in meetings
    municipal = _sheets(reports.xlsx(_data(district, ReportKind.MUNICIPAL_NOTE)))
    organizations = next(rows for name, rows in municipal.items() if "Организации" in name)
    assert organizations[3][0] == "Организация"
    assert {row[0] for row in organizations[4:]} >= {
        school.short_name,
        district.world.other_school.short_name,
    }


def test_text_that_a_spreadsheet_could_run_is_neutralised(district):
    district.programs["P1"].title = '=HYPERLINK("http://evil")'
    district.programs["P1"].save()
    sheets = _sheets(reports.xlsx(_data(district, ReportKind.ORGANIZATION_NOTE, district.world.school)))
    programs = next(rows for name, rows in sheets.items() if "Программы" in name)
    assert any(row[0] == '\'=HYPERLINK("http://evil")' for row in programs)


# --- the department's own templates ------------------------------------------------------------


def _docx_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, kind, content, name="shablon.docx"):
    return client.post(
        reverse("monitoring:report_template_upload", args=[kind]),
        {"file": SimpleUploadedFile(name, content, content_type=reports.DOCX_TYPE)},
        follow=True,
    )


def test_the_departments_own_template_is_used_and_can_be_reset(district, client_for):
    world = district.world
    admin = client_for(world.department_admin)
    own = _docx_with(
        "Наша справка: {{ scope }}, участников {{ involvement.people }}.", "{{ charts.involvement }}"
    )
    response = _upload(admin, ReportKind.MUNICIPAL_NOTE, own)
    assert "заменён" in response.content.decode()
    url = (
        reverse("monitoring:report_municipality", args=[world.municipality.pk, "municipal_note", "docx"])
        + PERIOD
    )
    content = admin.get(url).content
    assert "Наша справка: Сеченовский муниципальный район, участников 6." in _text(content)
    assert _pictures(content) == 1
    # the template list says it is the department's own, and the default can come back
    assert "свой" in admin.get(reverse("monitoring:report_templates")).content.decode()
    admin.post(reverse("monitoring:report_template_reset", args=[ReportKind.MUNICIPAL_NOTE]))
    assert "Достигнуто показателей" in _text(admin.get(url).content)


def test_a_head_downloads_reports_from_the_departments_template(district, client_for):
    world = district.world
    reports.report_template_save(
        by=world.department_admin,
        municipality=world.municipality,
        kind=ReportKind.ORGANIZATION_NOTE,
        upload=SimpleUploadedFile(
            "t.docx", _docx_with("Шаблон УО для {{ organization }}"), content_type=reports.DOCX_TYPE
        ),
    )
    url = (
        reverse("monitoring:report_organization", args=[world.school.pk, "organization_note", "docx"])
        + PERIOD
    )
    response = client_for(world.head).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == reports.DOCX_TYPE
    assert f"Шаблон УО для {world.school.short_name}" in _text(response.content)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_docx_with("{{ scope"), "Ошибка в шаблоне справки"),
        (_docx_with("{% for row in indicators %}"), "Ошибка в шаблоне справки"),
        (_docx_with("{{ charts.involvement.tpl }}"), "Ошибка в шаблоне справки"),
        (_docx_with("{{ ''.__class__.__mro__ }}"), "Ошибка в шаблоне справки"),
        (b"PK\x03\x04 not really a docx", "DOCX"),
        (b"", "пуст"),
    ],
)
def test_a_broken_or_hostile_template_is_refused_in_russian_and_changes_nothing(
    district, client_for, content, message
):
    admin = client_for(district.world.department_admin)
    response = _upload(admin, ReportKind.QUARTERLY_NOTE, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page or message.lower() in page.lower()
    assert reports.department_template(district.world.municipality.pk, ReportKind.QUARTERLY_NOTE) is None


def test_a_template_that_breaks_only_with_real_data_gives_a_message_not_a_500(district, client_for):
    world = district.world
    (tmp := reports._template_name(world.municipality.pk, ReportKind.MUNICIPAL_NOTE))
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save(tmp, ContentFile(_docx_with("{{ indicators[100].name.upper() }}")))
    url = (
        reverse("monitoring:report_municipality", args=[world.municipality.pk, "municipal_note", "docx"])
        + PERIOD
    )
    response = client_for(world.department_admin).get(url, follow=True)
    assert response.status_code == 200
    assert "Ошибка в шаблоне справки" in response.content.decode()


def test_the_default_template_can_be_downloaded_with_its_placeholders(world, client_for):
    response = client_for(world.department_admin).get(
        reverse("monitoring:report_template_download", args=[ReportKind.MUNICIPAL_NOTE])
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert "{{ charts.plan_fact }}" in text
    assert "{%tr for row in indicators %}" in text


def test_only_the_department_administrator_keeps_templates(world, client_for):
    for persona in (world.methodologist, world.head, world.curator):
        assert client_for(persona).get(reverse("monitoring:report_templates")).status_code == 403
    with pytest.raises(Exception, match="администратор"):
        reports.report_template_reset(
            by=world.head, municipality=world.municipality, kind=ReportKind.MUNICIPAL_NOTE
        )


# --- access and bad addresses ---------------------------------------------------------------------


def test_a_school_gets_only_its_own_reports(district, client_for):
    world = district.world
    curator = client_for(world.curator)
    other = reverse(
        "monitoring:report_organization", args=[world.other_school.pk, "organization_note", "docx"]
    )
    assert curator.get(other).status_code == 404
    municipal = reverse(
        "monitoring:report_municipality", args=[world.municipality.pk, "municipal_note", "xlsx"]
    )
    assert curator.get(municipal).status_code == 404
    assert client_for(world.methodologist).get(municipal).status_code == 200


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("municipal_note", "docx"), ("organization_note", "pdf"), ("<script>", "docx"), ("x" * 300, "xlsx")],
)
def test_an_unknown_report_or_format_is_not_found(district, client_for, kind, fmt):
    world = district.world
    url = reverse("monitoring:report_organization", args=[world.school.pk, kind, fmt])
    assert client_for(world.head).get(url).status_code == 404


def test_a_quarterly_note_without_a_quarter_returns_to_the_dashboard_with_a_message(district, client_for):
    world = district.world
    url = (
        reverse("monitoring:report_organization", args=[world.school.pk, "quarterly_note", "docx"])
        + f"?year={YEAR}"
    )
    response = client_for(world.curator).get(url, follow=True)
    assert response.status_code == 200
    assert "выберите квартал" in response.content.decode()
