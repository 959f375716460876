"""Small real files of every kind the library checks, made in memory."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

PDF_BYTES = b"%PDF-1.4\n% a small but honest PDF header\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
OLD_WORD_DOCUMENT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zip_bytes(members: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members.items()):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return out.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    if macros:
        members["word/vbaProject.bin"] = b"\x00macro"
    return zip_bytes(members)


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Анкета наставника"  # type: ignore[index]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odf_bytes(mimetype: str) -> bytes:
    return zip_bytes(
        {"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"}, stored_first=True
    )


ODT_BYTES = odf_bytes("application/vnd.oasis.opendocument.text")
ODS_BYTES = odf_bytes("application/vnd.oasis.opendocument.spreadsheet")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
