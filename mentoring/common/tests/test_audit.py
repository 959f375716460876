"""`make audit` (.ci/audit.py): what it says and how it exits for pip-audit's report."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / ".ci" / "audit.py"


@pytest.fixture(scope="module")
def verdict():
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.verdict


def _report(*dependencies: dict) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_vulnerable_pin_fails_and_names_the_fixed_version(verdict):
    code, lines = verdict(
        _report(
            {"name": "django", "version": "5.2.1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.2"]}]},
            {"name": "whitenoise", "version": "6.12.0", "vulns": []},
        ),
        "",
        strict=False,
    )
    assert code == 1
    assert "УЯЗВИМОСТЬ: django 5.2.1: PYSEC-1 (исправлено в: 5.2.2)" in lines


def test_a_clean_report_passes_and_counts_the_packages(verdict):
    code, lines = verdict(
        _report(
            {"name": "django", "version": "5.2.19", "vulns": []}, {"name": "mentoring", "skip_reason": "x"}
        ),
        "",
        strict=True,
    )
    assert (code, lines) == (0, ["Известных уязвимостей нет: проверено 1 пакетов."])


@pytest.mark.parametrize("strict", [False, True])
def test_an_unreachable_database_warns_and_fails_only_when_strict(verdict, strict):
    unchecked = _report({"name": "django", "version": "5.2.19", "skip_reason": "not found on PyPI"})
    for stdout, stderr in ((unchecked, ""), ("", "ConnectionError: osv.dev")):
        code, lines = verdict(stdout, stderr, strict=strict)
        assert code == (1 if strict else 0)
        assert lines[-1].startswith("ВНИМАНИЕ")
