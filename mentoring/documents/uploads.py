"""Files of the documents registry and of partner agreements: scans and office documents, checked by
their content, stored under a random name, removed only after the change that dropped them is saved.

The kind is decided by mentoring.common.files.validate_upload (first bytes, not the name); here the
registry adds what official documents need: no macros inside office files, and an OpenDocument text
that really is one (its first member «mimetype» says so).
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from mentoring.common.files import DOCX, JPEG, MEGABYTE, ODT, PDF, PNG, XLSX, FileKind, validate_upload

DOCUMENT_FILE_KINDS = (PDF, DOCX, XLSX, ODT, JPEG, PNG)
DOCUMENT_MAX_BYTES = 25 * MEGABYTE
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, JPEG или PNG"
FILE_HELP = f"{ALLOWED_LABEL} до {DOCUMENT_MAX_BYTES // MEGABYTE} МБ."

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
MACRO_MEMBERS = ("vbaProject.bin", "vbaProjectSignature.bin")
MACRO_FOLDERS = ("Basic/", "Scripts/")
_UNSAFE_NAME_CHARACTERS = re.compile(r"[\x00-\x1f\x7f/\\]")


def random_upload_name(folder: str, filename: str) -> str:
    """<folder>/<random>.<ext>: the stored name never comes from the user."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def _check_archive(upload: UploadedFile, kind: FileKind) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = [member.filename for member in members]
            if any(name.rsplit("/", 1)[-1] in MACRO_MEMBERS for name in names) or any(
                name.startswith(MACRO_FOLDERS) for name in names
            ):
                raise ValidationError(
                    "Файл содержит макросы: такие файлы не принимаются. Сохраните документ без макросов."
                )
            if kind == ODT:
                first = members[0] if members else None
                if (
                    first is None
                    or first.filename != "mimetype"
                    or first.file_size > 100
                    or archive.read(first).decode("ascii", "replace").strip() != ODT_MIMETYPE
                ):
                    raise ValidationError("Содержимое файла не соответствует расширению «.odt».")
    except zipfile.BadZipFile as error:
        raise ValidationError("Файл повреждён: архив документа не читается.") from error
    finally:
        upload.seek(0)


def validate_document_file(upload: UploadedFile, *, field: str = "file") -> FileKind:
    """The kind of an uploaded document, or ValidationError with a Russian message on `field`."""
    try:
        kind = validate_upload(upload, kinds=DOCUMENT_FILE_KINDS, max_bytes=DOCUMENT_MAX_BYTES)
        if kind.zip_member:
            _check_archive(upload, kind)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    return kind


def display_file_name(name: str) -> str:
    """The original name without folders and control characters, short enough to keep."""
    base = _UNSAFE_NAME_CHARACTERS.sub("", os.path.basename(name.replace("\\", "/"))).strip() or "файл"
    stem, dot, extension = base.rpartition(".")
    if not dot:
        return base[:200]
    return f"{stem[: 200 - len(extension)]}.{extension}"


def delete_after_commit(file: FieldFile | None) -> None:
    """Removes a stored file once the transaction that stopped referring to it is committed."""
    if file and file.name:
        transaction.on_commit(partial(file.storage.delete, file.name))


def save_with_file(instance: models.Model, field: str = "file") -> None:
    """Writes the row; a file stored on the way is removed again if the row is not written."""
    newly_stored = ""
    file: FieldFile = getattr(instance, field)
    try:
        with transaction.atomic():
            if file and not getattr(file, "_committed", True):
                file.save(file.name or "file", file.file, save=False)
                newly_stored = file.name or ""
            instance.save()
    except BaseException:
        if newly_stored:
            file.storage.delete(newly_stored)
        raise
