"""Backups of the database and the uploaded files (`make backup`, `make restore FILE=...`).

SQLite is copied with SQLite's own backup API (a consistent copy even while the site is running);
PostgreSQL with `pg_dump -Fc` and restored with `pg_restore`. The uploaded files (scans of consents,
documents, photos) go beside the database copy as `<name>.media.tar.gz`. Both hold personal data: the
backup folder must be as closed as the database itself.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"
MEDIA_SUFFIX = ".media.tar.gz"
# Tables whose rows mean that somebody already works in the database.
DATA_TABLES = ("accounts_user", "organizations_organization", "people_person")


@dataclass(frozen=True)
class BackupFiles:
    database: Path
    media: Path


def media_archive_for(database_file: Path) -> Path:
    """`var/backups/20261127-143000.sqlite3` → `var/backups/20261127-143000.media.tar.gz`."""
    return database_file.with_name(database_file.name.split(".", 1)[0] + MEDIA_SUFFIX)


def table_row_counts(db: BaseDatabaseWrapper = connection) -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    counts = {}
    with db.cursor() as cursor:
        for table in sorted(db.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            counts[table] = cursor.fetchone()[0]
    return counts


def database_holds_data(db: BaseDatabaseWrapper = connection) -> bool:
    with db.cursor() as cursor:
        tables = set(db.introspection.table_names(cursor))
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {db.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def _vendor(db: BaseDatabaseWrapper) -> str:
    if db.vendor not in {"sqlite", "postgresql"}:
        raise ValidationError(
            f"Резервное копирование умеет работать только с SQLite и PostgreSQL, а не с {db.vendor}."
        )
    return db.vendor


def _pg_arguments(db: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    params = db.settings_dict
    arguments = []
    if params.get("HOST"):
        arguments += ["-h", str(params["HOST"])]
    if params.get("PORT"):
        arguments += ["-p", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["-U", str(params["USER"])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return arguments, env


def _run_pg_tool(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise ValidationError(
            f"Не найдена программа {command[0]}: установите клиент PostgreSQL (пакет postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise ValidationError(f"{command[0]} завершился с ошибкой: {result.stderr.strip()[:2000]}")


def _free_name(directory: Path, stem: str, suffix: str) -> Path:
    candidate = directory / f"{stem}{suffix}"
    number = 2
    while candidate.exists() or media_archive_for(candidate).exists():
        candidate = directory / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _media_members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    """The archive's files with the leading `media/` taken off, so they land in MEDIA_ROOT itself."""
    for member in archive.getmembers():
        if member.name == "media" or not member.name.startswith("media/"):
            continue
        member.name = member.name.removeprefix("media/")
        yield member


def backup_create(*, directory: Path | None = None, db: BaseDatabaseWrapper = connection) -> BackupFiles:
    """Writes a copy of the database and an archive of the uploaded files into `directory`
    (BACKUP_DIR by default) and returns their paths."""
    vendor = _vendor(db)
    if db.in_atomic_block:
        # SQLite's backup would wait for the open transaction forever; pg_dump would not see its rows.
        raise ValidationError("Резервную копию нельзя делать внутри незавершённой транзакции.")
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stem = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if vendor == "sqlite":
        target = _free_name(directory, stem, ".sqlite3")
        db.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            db.connection.backup(copy)
        finally:
            copy.close()
    else:
        target = _free_name(directory, stem, ".dump")
        arguments, env = _pg_arguments(db)
        _run_pg_tool(
            ["pg_dump", "-Fc", "--no-owner", *arguments, "-f", str(target), db.settings_dict["NAME"]], env
        )
    media = media_archive_for(target)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    for path in (target, media):
        path.chmod(0o600)
    return BackupFiles(database=target, media=media)


def backup_restore(
    *, database_file: Path, force: bool = False, db: BaseDatabaseWrapper = connection
) -> dict[str, int]:
    """Replaces the database (and adds the uploaded files) with a backup made by backup_create.
    Refuses a database that already holds data, and any database in production, unless `force`.
    Returns the row counts of the restored database."""
    vendor = _vendor(db)
    database_file = Path(database_file)
    if not database_file.is_file():
        raise ValidationError(f"Файл резервной копии не найден: {database_file}")
    with database_file.open("rb") as stream:
        header = stream.read(len(SQLITE_HEADER))
    expected = SQLITE_HEADER if vendor == "sqlite" else PG_CUSTOM_HEADER
    if not header.startswith(expected):
        kind = "SQLite" if vendor == "sqlite" else "PostgreSQL (pg_dump -Fc)"
        raise ValidationError(
            f"Файл {database_file.name} — не резервная копия {kind}: база данных не изменена."
        )
    if not force:
        if getattr(settings, "PRODUCTION", False):
            raise ValidationError(
                "Это рабочая система (DJANGO_ENV=production): восстановление заменит все её данные. "
                "Если вы уверены, повторите команду с --force."
            )
        if database_holds_data(db):
            raise ValidationError(
                "В базе данных уже есть пользователи или организации: восстановление заменит их. "
                "Если вы уверены, повторите команду с --force."
            )
    if vendor == "sqlite":
        db.ensure_connection()
        source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        try:
            source.backup(db.connection)
        finally:
            source.close()
        db.close()
    else:
        arguments, env = _pg_arguments(db)
        db.close()
        _run_pg_tool(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *arguments,
                "-d",
                db.settings_dict["NAME"],
                str(database_file),
            ],
            env,
        )
    media = media_archive_for(database_file)
    if media.is_file():
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media, "r:gz") as archive:
            archive.extractall(media_root, members=_media_members(archive), filter="data")
    return table_row_counts(db)
