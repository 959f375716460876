"""The rights of a data subject (152-FZ, art. 14): a copy of everything the system holds about a person.

`person_export` walks the relations instead of naming models, so a model added later that refers to a
person is exported without a change here. What counts as "about the person":

- the person's row and every row of any app (history tables included) that refers to the person, to the
  person's mentor or mentee profile (the two sides of the same human), or to the person's user account
  through a field called `user` (memberships, answers given under the account, not everything the
  account authored for others);
- for link rows of many-to-many relations (a document concerning several people), the other side too;
- the user account itself, without the password hash and secrets;
- the history rows of the person, the profiles and the account;
- every stored file of those rows (scans of consents, certificates, documents).

The ZIP holds `data.json` (rows by model, the way Django's serializer writes them), `files/...` and a
short `README.txt` in Russian.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import can_act_on_subject_rights_of
from mentoring.common.audit import log_personal_data_access
from mentoring.common.models import AccessAction
from mentoring.people.models import MenteeProfile, MentorProfile, Person

SECRET_FIELD_WORDS = ("password", "secret", "token", "hash")
README = """Выгрузка персональных данных субъекта (ст. 14 Федерального закона № 152-ФЗ)

data.json: все записи системы «Наставничество», относящиеся к человеку: карточка участника, профили
наставника и наставляемого, согласия, пары и группы, встречи, отзывы, анкеты, документы, учётная запись
(без пароля) и история изменений этих записей. Записи сгруппированы по таблицам.
files/: сохранённые файлы этих записей (сканы согласий, сертификаты, документы).

Выгрузка содержит персональные данные: передайте её только самому субъекту или его законному представителю.
"""


def _is_secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_FIELD_WORDS)


def rows_referring_to(
    targets: dict[type[models.Model], set[Any]], *, user_pk: int | None
) -> dict[type[models.Model], list[models.Model]]:
    """Rows of every model with a foreign key to one of the target rows."""
    found: dict[type[models.Model], list[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        conditions = models.Q()
        for field in model._meta.get_fields():
            if not (isinstance(field, models.ForeignKey) and field.concrete):
                continue
            target = field.related_model
            wanted = targets.get(target) if isinstance(target, type) else None
            if wanted:
                conditions |= models.Q(**{f"{field.attname}__in": wanted})
            elif target is User and user_pk is not None and field.name == "user":
                conditions |= models.Q(**{field.attname: user_pk})
        if conditions:
            rows = list(model._default_manager.filter(conditions).order_by("pk"))
            if rows:
                found[model] = rows
    return found


def history_rows(instance: models.Model) -> list[models.Model]:
    history = getattr(type(instance), "history", None)
    if history is None:
        return []
    return list(history.model.objects.filter(id=instance.pk).order_by("history_id"))


def other_side_of_links(rows: dict[type[models.Model], list[models.Model]]) -> list[models.Model]:
    """For link rows of many-to-many relations (auto-created models): the record on the other side."""
    extra: list[models.Model] = []
    for model, instances in rows.items():
        if not model._meta.auto_created:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model not in {
                Person,
                MenteeProfile,
                MentorProfile,
            }:
                extra.extend(getattr(instance, field.name) for instance in instances)
    return extra


def _serialize(instances: Iterable[models.Model]) -> dict[str, list[dict[str, Any]]]:
    by_model: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, Any]] = set()
    for instance in instances:
        key = (instance._meta.label, instance.pk)
        if key in seen:
            continue
        seen.add(key)
        (row,) = serializers.serialize("python", [instance])
        row["fields"] = {k: v for k, v in row["fields"].items() if not _is_secret(k)}
        by_model.setdefault(instance._meta.label, []).append({"pk": row["pk"], **row["fields"]})
    return by_model


def _files(instances: Iterable[models.Model]) -> list[tuple[str, str, Any]]:
    """(label, path in the ZIP, field file) for every stored file of the rows."""
    result = []
    seen = set()
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            file = getattr(instance, field.attname)
            if not file or not file.name or file.name in seen:
                continue
            seen.add(file.name)
            name = PurePosixPath(file.name).name
            result.append((instance._meta.label, f"files/{instance._meta.label}/{instance.pk}/{name}", file))
    return result


def person_export(*, person: Person, by: User, request: HttpRequest | None = None) -> bytes:
    """A ZIP of everything the system holds about the person, for the person's request under 152-FZ.
    Only the department's administrator answers such requests; the export is one event in the access log."""
    if not can_act_on_subject_rights_of(by, person):
        raise PermissionDenied(
            "Выгрузку всех данных человека по его запросу делает администратор управления образования."
        )
    profiles: list[models.Model] = [
        profile
        for profile in (getattr(person, "mentee_profile", None), getattr(person, "mentor_profile", None))
        if profile is not None
    ]
    account = person.user
    targets: dict[type[models.Model], set[Any]] = {Person: {person.pk}}
    for profile in profiles:
        targets[type(profile)] = {profile.pk}
    referring = rows_referring_to(targets, user_pk=account.pk if account else None)

    owned: list[models.Model] = [person, *profiles, *([account] if account else [])]
    instances: list[models.Model] = list(owned)
    for instance in owned:
        instances.extend(history_rows(instance))
    for rows in referring.values():
        instances.extend(rows)
    instances.extend(other_side_of_links(referring))

    summary: dict[str, Any] = {
        "человек": person.pk,
        "сформирована": timezone.localtime().isoformat(),
        "сформировал": by.pk,
    }
    data = {"выгрузка": summary, "записи": _serialize(instances)}
    buffer = io.BytesIO()
    missing = []
    files = _files(instances)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        for _label, path, file in files:
            try:
                with file.open("rb") as stream:
                    archive.writestr(path, stream.read())
            except OSError:
                missing.append(path)
        summary["файлы, которых нет в хранилище"] = missing
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    log_personal_data_access(
        user=by,
        request=request,
        action=AccessAction.EXPORT,
        object_type="person",
        object_id=person.pk,
        organization=person.organization,
        details=f"выгрузка по запросу субъекта: {len(instances)} записей, {len(files) - len(missing)} файлов",
    )
    return buffer.getvalue()
