"""Every write to the methodological library."""

from __future__ import annotations

import os
import re
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from mentoring.accounts.models import User
from mentoring.common.access import can_edit_material, can_keep_materials_of
from mentoring.library.models import MUNICIPAL_VISIBILITIES, Material
from mentoring.library.uploads import validate_material_file
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.people.normalize import normalize_text

MAX_TAGS = 12
MAX_TAG_LENGTH = 40
_TAG_SEPARATORS = re.compile(r"[,;\n]")
_TAG_CHARACTERS = re.compile(r"^[0-9A-Za-zА-ЯЁа-яё№+/.\- ]+$")
_UNSAFE_NAME_CHARACTERS = re.compile(r"[\x00-\x1f\x7f/\\]")

BOTH_GIVEN = "Укажите что-то одно: файл или ссылку. Чтобы заменить ссылку файлом, очистите поле «Ссылка»."
NONE_GIVEN = "Загрузите файл или укажите ссылку на материал."


def normalize_tags(raw: str) -> tuple[str, str]:
    """'Анкета;  ВХОДНАЯ диагностика, анкета' -> ('анкета, входная диагностика', '|анкета|входная диагностика|').

    The first is what the card shows, the second what the filter by a tag compares (ё→е)."""
    tags: list[str] = []
    keys: list[str] = []
    for part in _TAG_SEPARATORS.split(raw):
        tag = " ".join(part.split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError({"tags": f"Метка «{tag[:20]}…» длиннее {MAX_TAG_LENGTH} символов."})
        if not _TAG_CHARACTERS.match(tag):
            raise ValidationError(
                {
                    "tags": "В метках допустимы буквы, цифры, пробелы и знаки - / . + №; метки разделяются запятыми."
                }
            )
        key = normalize_text(tag)
        if key not in keys:
            tags.append(tag)
            keys.append(key)
    if len(tags) > MAX_TAGS:
        raise ValidationError({"tags": f"Не больше {MAX_TAGS} меток на материал."})
    return ", ".join(tags), (f"|{'|'.join(keys)}|" if keys else "")


def _display_file_name(name: str) -> str:
    """The original name without folders and control characters, short enough to keep."""
    base = _UNSAFE_NAME_CHARACTERS.sub("", os.path.basename(name.replace("\\", "/"))).strip() or "файл"
    stem, dot, extension = base.rpartition(".")
    if not dot:
        return base[:200]
    return f"{stem[: 200 - len(extension)]}.{extension}"


def _set_text(material: Material, *, title: str, description: str, tags: str) -> None:
    material.title = " ".join(title.split())
    material.description = description.strip()
    material.tags, material.tag_keys = normalize_tags(tags)
    material.search_text = normalize_text(f"{material.title} {material.description} {material.tags}")


def _check_visibility(material: Material) -> None:
    if material.organization_id is None and material.visibility not in MUNICIPAL_VISIBILITIES:
        raise ValidationError(
            {
                "visibility": "Материал управления образования открывается всем организациям "
                "муниципалитета или публично."
            }
        )


def _attach_file(material: Material, upload: UploadedFile) -> None:
    kind = validate_material_file(upload)
    material.file_name = _display_file_name(upload.name or "")
    material.file_size = upload.size or 0
    material.file_kind = kind.label
    extension = material.file_name.rsplit(".", 1)[-1].lower()
    # The stored name is made by material_upload_to; the user's name is kept in file_name only.
    upload.name = f"material.{extension}"
    material.file = upload
    material.link = ""


def _drop_file(material: Material) -> None:
    material.file = ""
    material.file_name = ""
    material.file_size = 0
    material.file_kind = ""


def _delete_after_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(partial(storage.delete, name))


def _save(material: Material) -> None:
    """Validates and writes; a file stored on the way is removed again if the row is not written."""
    material.full_clean()
    newly_stored = ""
    try:
        with transaction.atomic():
            file = material.file
            if file and not getattr(file, "_committed", True):
                file.save(file.name, file.file, save=False)
                newly_stored = file.name
            material.save()
    except BaseException:
        if newly_stored:
            material.file.storage.delete(newly_stored)
        raise


@transaction.atomic
def material_create(
    *,
    by: User,
    title: str,
    kind: str,
    audience: str,
    visibility: str,
    organization: Organization | None = None,
    municipality: Municipality | None = None,
    description: str = "",
    tags: str = "",
    file: UploadedFile | None = None,
    link: str = "",
) -> Material:
    """Adds a material of an organization, or of the department when `organization` is None (then
    `municipality` says whose). Exactly one of `file` and `link`."""
    if organization is not None:
        if municipality is not None and municipality.pk != organization.municipality_id:
            raise ValidationError("Организация относится к другому муниципалитету.")
        if organization.kind == OrganizationKind.DEPARTMENT:
            raise ValidationError(
                "Материалы управления образования добавляются как материалы муниципалитета."
            )
        if organization.is_archived:
            raise ValidationError("Организация в архиве: добавлять в неё материалы нельзя.")
        municipality_id = organization.municipality_id
    elif municipality is not None:
        municipality_id = municipality.pk
    else:
        raise ValidationError("Укажите, чей это материал: организации или управления образования.")
    if not can_keep_materials_of(by, municipality_id=municipality_id, organization=organization):
        raise PermissionDenied("Вы не можете добавлять материалы этой организации.")
    link = link.strip()
    if file is not None and link:
        raise ValidationError(BOTH_GIVEN)
    if file is None and not link:
        raise ValidationError(NONE_GIVEN)
    material = Material(
        municipality_id=municipality_id,
        organization=organization,
        kind=kind,
        audience=audience,
        visibility=visibility,
        link=link,
        uploaded_by=by,
    )
    _set_text(material, title=title, description=description, tags=tags)
    _check_visibility(material)
    if file is not None:
        _attach_file(material, file)
    _save(material)
    return material


@transaction.atomic
def material_update(
    *,
    by: User,
    material: Material,
    title: str,
    kind: str,
    audience: str,
    visibility: str,
    description: str = "",
    tags: str = "",
    file: UploadedFile | None = None,
    link: str = "",
) -> Material:
    """Changes the description of a material; a new `file` replaces the stored one, a `link` replaces
    the file (the old file is removed once the change is saved); with neither the content stays."""
    if not can_edit_material(by, material):
        raise PermissionDenied("Вы не можете изменять этот материал.")
    link = link.strip()
    if file is not None and link:
        raise ValidationError(BOTH_GIVEN)
    if file is None and not link and not material.file:
        raise ValidationError(NONE_GIVEN)
    old_file = material.file.name if material.file else ""
    material.kind = kind
    material.audience = audience
    material.visibility = visibility
    _set_text(material, title=title, description=description, tags=tags)
    _check_visibility(material)
    if file is not None:
        _attach_file(material, file)
    elif link:
        _drop_file(material)
        material.link = link
    _save(material)
    if old_file and material.file.name != old_file:
        _delete_after_commit(material.file.storage, old_file)
    return material


@transaction.atomic
def material_delete(*, by: User, material: Material) -> None:
    """Deletes the material; its stored file is removed once the deletion is committed."""
    if not can_edit_material(by, material):
        raise PermissionDenied("Вы не можете удалить этот материал.")
    stored = material.file.name if material.file else ""
    storage = material.file.storage
    material.delete()
    _delete_after_commit(storage, stored)
