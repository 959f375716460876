import pytest
from django.core.exceptions import ValidationError

from mentoring.common.files import MEGABYTE
from mentoring.library.tests.samples import (
    JPEG_BYTES,
    ODS_BYTES,
    ODT_BYTES,
    OLD_WORD_DOCUMENT,
    PDF_BYTES,
    PNG_BYTES,
    WINDOWS_PROGRAM,
    docx_bytes,
    upload,
    xlsx_bytes,
    zip_bytes,
)
from mentoring.library.uploads import max_upload_bytes, validate_material_file


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [
        pytest.param("Положение.pdf", PDF_BYTES, "PDF", id="pdf"),
        pytest.param("Приказ.DOCX", docx_bytes(), "DOCX", id="docx-like-zip"),
        pytest.param("Анкета.xlsx", xlsx_bytes(), "XLSX", id="xlsx"),
        pytest.param("Положение.odt", ODT_BYTES, "ODT", id="odt"),
        pytest.param("Анкета.ods", ODS_BYTES, "ODS", id="ods"),
        pytest.param("Логотип.png", PNG_BYTES, "PNG", id="png"),
        pytest.param("Фото.jpeg", JPEG_BYTES, "JPEG", id="jpeg"),
    ],
)
def test_office_documents_pdf_and_pictures_are_accepted(name, content, label):
    assert validate_material_file(upload(name, content)).label == label


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("setup.exe", WINDOWS_PROGRAM, "Программы и скрипты", id="exe"),
        pytest.param("Положение.pdf", WINDOWS_PROGRAM, "Программы и скрипты", id="exe-named-pdf"),
        pytest.param("install.sh", b"#!/bin/sh\nrm -rf /\n", "Программы и скрипты", id="script"),
        pytest.param("run.pdf", b"#!/bin/sh\necho\n", "Программы и скрипты", id="script-named-pdf"),
        pytest.param("Фото.pdf", PNG_BYTES, "не соответствует расширению «.pdf»", id="png-named-pdf"),
        pytest.param(
            "Анкета.xlsx", docx_bytes(), "не соответствует расширению «.xlsx»", id="docx-named-xlsx"
        ),
        pytest.param("Анкета.ods", ODT_BYTES, "не соответствует расширению «.ods»", id="odt-named-ods"),
        pytest.param(
            "Положение.odt",
            zip_bytes({"content.xml": b"<x/>"}),
            "не соответствует расширению",
            id="zip-named-odt",
        ),
        pytest.param("Положение.pdf", b"just text", "не соответствует расширению", id="text-named-pdf"),
        pytest.param("Приказ.docx", docx_bytes(macros=True), "содержит макросы", id="docx-with-macros"),
        pytest.param("Анкета.xlsm", xlsx_bytes(), "содержат макросы", id="xlsm"),
        pytest.param("Положение.txt", b"text", "Допустимы только файлы", id="txt"),
        pytest.param("Положение", PDF_BYTES, "Допустимы только файлы", id="no-extension"),
        pytest.param("Пусто.pdf", b"", "Файл пустой", id="empty"),
    ],
)
def test_programs_scripts_and_files_whose_content_contradicts_the_name_are_refused(name, content, message):
    with pytest.raises(ValidationError) as refused:
        validate_material_file(upload(name, content))
    assert message in " ".join(refused.value.messages)


@pytest.mark.parametrize(("extension", "modern"), [("doc", "DOCX"), ("xls", "XLSX"), ("ppt", "PPTX")])
def test_old_office_files_are_refused_with_advice_to_save_them_in_the_new_format(extension, modern):
    with pytest.raises(ValidationError) as refused:
        validate_material_file(upload(f"Положение.{extension}", OLD_WORD_DOCUMENT))
    message = " ".join(refused.value.messages)
    assert "макросы" in message
    assert f"сохраните его как {modern}" in message


def test_a_file_over_the_limit_is_refused_and_the_limit_is_a_setting(settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 2 * MEGABYTE
    big = PDF_BYTES + b"0" * (2 * MEGABYTE)
    with pytest.raises(ValidationError) as refused:
        validate_material_file(upload("Презентация.pdf", big))
    assert "Файл больше 2 МБ" in " ".join(refused.value.messages)
    settings.LIBRARY_MAX_UPLOAD_BYTES = 3 * MEGABYTE
    assert validate_material_file(upload("Презентация.pdf", big)).label == "PDF"


def test_the_default_limit_is_25_megabytes(settings):
    if hasattr(settings, "LIBRARY_MAX_UPLOAD_BYTES"):
        del settings.LIBRARY_MAX_UPLOAD_BYTES
    assert max_upload_bytes() == 25 * MEGABYTE
