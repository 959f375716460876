"""Restores a backup made by `manage.py backup` (`make restore FILE=var/backups/<time>.sqlite3`).

    python manage.py restore var/backups/20261127-143000.sqlite3
    python manage.py restore /srv/backups/20261127-143000.dump --force

The database named by DATABASE_URL is replaced by the copy, and the uploaded files from
<time>.media.tar.gz beside it are put back into MEDIA_ROOT. A database that already holds users or
organizations, and any database in production, is replaced only with --force.
"""

from __future__ import annotations

import sqlite3
import tarfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.common.backup import backup_restore


class Command(BaseCommand):
    help = "Восстанавливает базу данных и загруженные файлы из резервной копии."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="файл резервной копии (.sqlite3 или .dump)")
        parser.add_argument(
            "--force", action="store_true", help="заменить данные непустой базы или рабочей системы"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = backup_restore(database_file=options["file"], force=options["force"])
        except (ValidationError, OSError, EOFError, tarfile.TarError, sqlite3.DatabaseError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"Восстановление не выполнено: {message}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Восстановлено: {len(counts)} таблиц, {sum(counts.values())} строк. "
                "Перезапустите сайт и фоновые задачи."
            )
        )
