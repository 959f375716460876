"""Checks of uploaded files: the content must be what the name says, and small enough.

Nothing executable is ever accepted; the kind is decided by the file's first bytes, not by its
name, so «report.pdf.exe» or a script renamed to «scan.pdf» are refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]
    # Office Open XML files are ZIP archives; their kind is confirmed by a member inside.
    zip_member: str = ""


PDF = FileKind("PDF", ("pdf",), (b"%PDF-",))
JPEG = FileKind("JPEG", ("jpg", "jpeg"), (b"\xff\xd8\xff",))
PNG = FileKind("PNG", ("png",), (b"\x89PNG\r\n\x1a\n",))
DOCX = FileKind("DOCX", ("docx",), (b"PK\x03\x04",), zip_member="word/document.xml")
XLSX = FileKind("XLSX", ("xlsx",), (b"PK\x03\x04",), zip_member="xl/workbook.xml")
PPTX = FileKind("PPTX", ("pptx",), (b"PK\x03\x04",), zip_member="ppt/presentation.xml")
# OpenDocument files are ZIP archives whose first member «mimetype» names the exact kind; this check
# confirms the member is there, mentoring.library.uploads also reads what it says.
ODT = FileKind("ODT", ("odt",), (b"PK\x03\x04",), zip_member="mimetype")
ODS = FileKind("ODS", ("ods",), (b"PK\x03\x04",), zip_member="mimetype")
ODP = FileKind("ODP", ("odp",), (b"PK\x03\x04",), zip_member="mimetype")

SCANS = (PDF, JPEG, PNG)
MEGABYTE = 1024 * 1024


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_upload(upload: UploadedFile, *, kinds: tuple[FileKind, ...], max_bytes: int) -> FileKind:
    """Returns the file's kind or raises ValidationError with a Russian message."""
    allowed = ", ".join(kind.label for kind in kinds)
    if upload.size is None or upload.size == 0:
        raise ValidationError("Файл пустой.")
    if upload.size > max_bytes:
        raise ValidationError(
            f"Файл больше {max_bytes // MEGABYTE} МБ: уменьшите его или отсканируйте заново."
        )
    extension = _extension(upload.name or "")
    candidates = [kind for kind in kinds if extension in kind.extensions]
    if not candidates:
        raise ValidationError(f"Допустимы только файлы {allowed}.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in candidates:
        if not any(head.startswith(signature) for signature in kind.signatures):
            continue
        if kind.zip_member:
            try:
                with zipfile.ZipFile(upload) as archive:
                    if kind.zip_member not in archive.namelist():
                        continue
            except zipfile.BadZipFile:
                continue
            finally:
                upload.seek(0)
        return kind
    raise ValidationError(
        f"Содержимое файла не соответствует расширению «.{extension}»: допустимы {allowed}."
    )
