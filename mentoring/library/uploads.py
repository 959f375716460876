"""What may be uploaded to the library: office documents, PDF and pictures, checked by their content.

The checks of mentoring.common.files decide the kind by the file's first bytes; here the library adds
what its own uploads need: a clear word for executables and for the old binary Office formats (which
can carry macros), macros inside the new formats, and the exact kind of an OpenDocument file.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from mentoring.common.files import (
    DOCX,
    JPEG,
    MEGABYTE,
    ODP,
    ODS,
    ODT,
    PDF,
    PNG,
    PPTX,
    XLSX,
    FileKind,
    validate_upload,
)

LIBRARY_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, JPEG, PNG)
DEFAULT_MAX_UPLOAD_BYTES = 25 * MEGABYTE

# The first member of an OpenDocument archive, «mimetype», stored uncompressed, says what it is.
ODF_MIMETYPES = {
    ODT: "application/vnd.oasis.opendocument.text",
    ODS: "application/vnd.oasis.opendocument.spreadsheet",
    ODP: "application/vnd.oasis.opendocument.presentation",
}
OLD_OFFICE = {"doc": "DOCX", "xls": "XLSX", "ppt": "PPTX", "dot": "DOCX", "xlt": "XLSX", "pot": "PPTX"}
MACRO_ENABLED = {"docm", "dotm", "xlsm", "xltm", "xlsb", "pptm", "potm", "ppsm"}
EXECUTABLE_EXTENSIONS = {
    "exe", "com", "scr", "pif", "msi", "dll", "bat", "cmd", "ps1", "vbs", "vbe", "js", "jse", "wsf",
    "hta", "jar", "sh", "apk", "lnk", "reg", "py", "php",
}  # fmt: skip
# First bytes of programs and scripts: Windows PE, ELF, Mach-O, Java class, shell and other scripts.
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# Members of an Office Open XML or OpenDocument archive that hold macros.
MACRO_MEMBERS = ("vbaProject.bin", "vbaProjectSignature.bin")
MACRO_FOLDERS = ("Basic/", "Scripts/")
ALLOWED_LABEL = "DOCX, XLSX, PPTX, ODT, ODS, ODP, PDF, JPEG или PNG"


def max_upload_bytes() -> int:
    return int(getattr(settings, "LIBRARY_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _check_archive(upload: UploadedFile, kind: FileKind) -> None:
    """No macros inside; an OpenDocument file is the kind its extension says."""
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
            expected = ODF_MIMETYPES.get(kind)
            if expected is not None:
                first = members[0] if members else None
                if (
                    first is None
                    or first.filename != "mimetype"
                    or first.compress_type != zipfile.ZIP_STORED
                    or first.file_size > 100
                    or archive.read(first).decode("ascii", "replace").strip() != expected
                ):
                    raise ValidationError(
                        f"Содержимое файла не соответствует расширению «.{_extension(upload.name or '')}»."
                    )
    except zipfile.BadZipFile as error:
        raise ValidationError("Файл повреждён: архив документа не читается.") from error
    finally:
        upload.seek(0)


def validate_material_file(upload: UploadedFile) -> FileKind:
    """The kind of an uploaded material, or ValidationError with a Russian message saying what to do."""
    extension = _extension(upload.name or "")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension in EXECUTABLE_EXTENSIONS or any(head.startswith(sign) for sign in EXECUTABLE_SIGNATURES):
        raise ValidationError(
            "Программы и скрипты в библиотеку не загружаются. "
            f"Допустимы документы и изображения: {ALLOWED_LABEL}."
        )
    if extension in OLD_OFFICE:
        raise ValidationError(
            f"Файлы .{extension} старого формата Office могут содержать макросы и не принимаются. "
            f"Откройте файл и сохраните его как {OLD_OFFICE[extension]}."
        )
    if extension in MACRO_ENABLED:
        raise ValidationError(
            f"Файлы .{extension} содержат макросы и не принимаются. "
            "Сохраните документ в обычном формате (DOCX, XLSX или PPTX)."
        )
    kind = validate_upload(upload, kinds=LIBRARY_KINDS, max_bytes=max_upload_bytes())
    if kind.zip_member:
        _check_archive(upload, kind)
    return kind
