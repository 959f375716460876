"""The settings module read from the environment, each case in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='mentoring.settings'; {code}",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_ENV": "development", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run("django.setup()", DJANGO_ENV="production", ALLOWED_HOSTS="nastavnik.example.ru")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run("django.setup()", DJANGO_ENV="production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_takes_comma_separated_allowed_hosts_and_turns_debug_off():
    result = _run(
        "django.setup(); from django.conf import settings as s; print(s.ALLOWED_HOSTS, s.DEBUG, s.SESSION_COOKIE_SECURE)",
        DJANGO_ENV="production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="nastavnik.example.ru,10.0.0.5",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['nastavnik.example.ru', '10.0.0.5'] False True"


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        (
            "postgres://mentor:secret@db.example.ru:5432/nastavnik",
            "django.db.backends.postgresql",
            "nastavnik",
        ),
        (
            "sqlite:////tmp/nastavnik-test.sqlite3",
            "django.db.backends.sqlite3",
            "/tmp/nastavnik-test.sqlite3",
        ),
    ],
)
def test_database_url_chooses_the_database(url, engine, name):
    result = _run(
        "django.setup(); from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'])",
        DATABASE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [engine, name]


def test_the_default_database_is_sqlite_under_var():
    result = _run(
        "django.setup(); from django.conf import settings as s; print(s.DATABASES['default']['NAME'])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / "var" / "mentoring.sqlite3")


def test_the_interface_is_russian_in_moscow_time(settings):
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"
    assert settings.USE_TZ


def test_dates_are_shown_as_dd_mm_yyyy():
    import datetime

    from django.utils import formats, translation

    with translation.override("ru"):
        assert formats.date_format(datetime.date(2021, 2, 15)) == "15.02.2021"
        assert formats.date_format(datetime.date(2021, 2, 15), "SHORT_DATE_FORMAT") == "15.02.2021"
