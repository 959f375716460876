"""`manage.py backup` and `manage.py restore`: a backup restored into a fresh database holds the same
rows in every table and the same uploaded files; restore refuses to overwrite data unless told to."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from mentoring.accounts.models import User
from mentoring.common.backup import media_archive_for, table_row_counts
from mentoring.common.tests.personas import build_world
from mentoring.common.tests.reference import reference_data  # noqa: F401 - a fixture used by name
from mentoring.people.tests.factories import ConsentFactory, PersonFactory

ROOT = Path(__file__).resolve().parents[3]
SCAN = b"%PDF-1.4 consent of a parent"


def _district_with_scans() -> list[str]:
    world = build_world()
    names = []
    for number in range(3):
        consent = ConsentFactory(person=PersonFactory(organization=world.school))
        consent.document.save(f"scan-{number}.pdf", ContentFile(SCAN), save=True)
        names.append(consent.document.name)
    return names


def _manage(*arguments: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """manage.py in a fresh interpreter against another database, as an administrator would run it."""
    keep = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={
            **keep,
            "DJANGO_ENV": "development",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def _backup(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    counts = table_row_counts()
    call_command("backup", "--output-dir", str(tmp_path / "backups"))
    (database_file,) = [p for p in (tmp_path / "backups").iterdir() if not p.name.endswith(".tar.gz")]
    assert media_archive_for(database_file).is_file()
    return database_file, counts


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_a_sqlite_backup_restored_into_a_fresh_database_has_the_same_rows_and_files(tmp_path):
    scans = _district_with_scans()
    database_file, counts = _backup(tmp_path)
    fresh, media = tmp_path / "fresh.sqlite3", tmp_path / "restored-media"

    result = _manage("restore", str(database_file), database_url=f"sqlite:///{fresh}", media_root=media)

    assert result.returncode == 0, result.stderr
    assert "Восстановлено" in result.stdout
    with sqlite3.connect(fresh) as restored:
        restored_counts = {
            table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for (table,) in restored.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    assert restored_counts == counts
    assert counts["people_person"] >= 3
    assert counts["accounts_user"] >= 10
    assert all((media / name).read_bytes() == SCAN for name in scans)

    again = _manage("restore", str(database_file), database_url=f"sqlite:///{fresh}", media_root=media)
    assert again.returncode != 0
    assert "уже есть пользователи или организации" in again.stderr


@pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="the PostgreSQL variant needs DATABASE_URL=postgres://... and pg_dump",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_a_postgresql_backup_restored_into_a_fresh_database_has_the_same_rows_and_files(tmp_path):
    import psycopg

    scans = _district_with_scans()
    database_file, counts = _backup(tmp_path)
    params = connection.settings_dict
    fresh = f"{params['NAME']}_restored"
    server = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        media = tmp_path / "restored-media"
        result = _manage("restore", str(database_file), database_url=f"{server}/{fresh}", media_root=media)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(f"{server}/{fresh}") as restored:
            tables = [
                row[0]
                for row in restored.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                ).fetchall()
            ]
            restored_counts = {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in tables
            }
        assert restored_counts == counts
        assert counts["people_person"] >= 3
        assert all((media / name).read_bytes() == SCAN for name in scans)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def _a_backup_file(tmp_path: Path) -> Path:
    """A file that looks like a backup of the configured database."""
    if connection.vendor == "sqlite":
        path = tmp_path / "old.sqlite3"
        with sqlite3.connect(path) as copy:
            copy.execute("CREATE TABLE t (x)")
        return path
    path = tmp_path / "old.dump"
    path.write_bytes(b"PGDMP" + b"\x00" * 100)
    return path


def test_restore_refuses_a_database_that_already_holds_data(world, tmp_path):
    users = User.objects.count()
    with pytest.raises(CommandError, match=r"уже есть пользователи или организации.*--force"):
        call_command("restore", str(_a_backup_file(tmp_path)))
    assert User.objects.count() == users


def test_restore_refuses_production_without_force_even_on_an_empty_database(db, settings, tmp_path):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="рабочая система"):
        call_command("restore", str(_a_backup_file(tmp_path)))


@pytest.mark.parametrize("content", [b"", b"hello, this is not a backup", b"\x00" * 4096])
def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path, content):
    path = tmp_path / "backup.sqlite3"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="не резервная копия"):
        call_command("restore", str(path), "--force")


def test_restore_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="не найден"):
        call_command("restore", str(tmp_path / "nowhere.sqlite3"))


def test_a_backup_inside_an_open_transaction_is_refused_instead_of_hanging(db, tmp_path):
    with pytest.raises(CommandError, match="незавершённой транзакции"):
        call_command("backup", "--output-dir", str(tmp_path))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_a_backup_names_its_files_by_time_and_keeps_them_private(tmp_path):
    call_command("backup", "--output-dir", str(tmp_path))
    call_command("backup", "--output-dir", str(tmp_path))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 4  # two copies made in the same second do not overwrite each other
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in tmp_path.iterdir())
