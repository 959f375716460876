"""Backs up the database and the uploaded files (`make backup`).

    python manage.py backup                       # into var/backups/ (BACKUP_DIR)
    python manage.py backup --output-dir /srv/backups

SQLite: a consistent copy by SQLite's backup API, <time>.sqlite3; PostgreSQL: pg_dump -Fc, <time>.dump.
The uploaded files go beside as <time>.media.tar.gz. Restore with `manage.py restore <file>`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.common.backup import backup_create


class Command(BaseCommand):
    help = "Сохраняет резервную копию базы данных и загруженных файлов (по умолчанию в var/backups/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output-dir", type=Path, default=None, help="папка для резервной копии")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            files = backup_create(directory=options["output_dir"])
        except (ValidationError, OSError, sqlite3.DatabaseError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"Резервная копия не создана: {message}") from error
        self.stdout.write(f"База данных: {files.database}")
        self.stdout.write(f"Загруженные файлы: {files.media}")
        self.stdout.write(
            self.style.SUCCESS("Резервная копия готова. Храните её так же закрыто, как саму базу.")
        )
