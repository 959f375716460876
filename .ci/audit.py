"""`make audit`: known vulnerabilities in every package installed in .venv (pip-audit).

Exit 1 when pip-audit finds a vulnerable package (upgrade its pin in pyproject.toml to a fixed version).
When the vulnerability database cannot be reached (a closed network, a mirror without the PyPI JSON API),
nothing could be checked: the script says so loudly and exits 0, unless AUDIT_STRICT=1, so that CI on a
closed machine is not blocked by the network. Run `make audit` where pypi.org or osv.dev is reachable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def verdict(stdout: str, stderr: str, *, strict: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print for pip-audit's JSON report."""
    try:
        dependencies = json.loads(stdout)["dependencies"]
    except (ValueError, KeyError, TypeError):
        tail = (stderr.strip().splitlines() or ["нет вывода"])[-1]
        return (
            1 if strict else 0,
            [
                f"ВНИМАНИЕ: проверка зависимостей не выполнена: pip-audit не получил базу уязвимостей ({tail})."
            ],
        )
    # The project itself is installed editable and is not on PyPI.
    dependencies = [d for d in dependencies if d.get("name") != "mentoring"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    lines = [
        f"УЯЗВИМОСТЬ: {d['name']} {d['version']}: {vuln['id']} "
        f"(исправлено в: {', '.join(vuln.get('fix_versions') or []) or 'исправления пока нет'})"
        for d in vulnerable
        for vuln in d["vulns"]
    ]
    if vulnerable:
        lines.append(f"Найдены уязвимости в {len(vulnerable)} пакетах: обновите их версии в pyproject.toml.")
        return 1, lines
    if skipped:
        names = sorted(d["name"] for d in skipped)
        listed = ", ".join(names[:8]) + (f" и ещё {len(names) - 8}" if len(names) > 8 else "")
        lines.append(
            f"ВНИМАНИЕ: не проверено {len(skipped)} из {len(dependencies)} пакетов: база уязвимостей "
            f"недоступна или не знает их ({listed}). Запустите make audit там, где доступны pypi.org и osv.dev."
        )
        return (1 if strict else 0), lines
    return 0, [f"Известных уязвимостей нет: проверено {len(dependencies)} пакетов."]


def main() -> int:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--skip-editable",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--desc",
        "off",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    code, lines = verdict(result.stdout, result.stderr, strict=os.environ.get("AUDIT_STRICT") == "1")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
