"""Load test: gunicorn on loopback, clients walking the journeys of curators, mentors and the department.

    python benchmarks/load.py [--database-url URL] [--workers 4] [--clients 16] [--duration 30]

Runs against the database named by --database-url (default: the DATABASE_URL of the environment) —
normally the region made by `manage.py generate_region` on PostgreSQL. It picks accounts that exist there
(a department administrator, curators of schools that have pairs, mentors of working pairs past their
planning meeting), gives them a known password (a benchmark database only: it refuses production
settings), starts gunicorn with production-like settings over plain HTTP on 127.0.0.1, and lets
--clients threads walk these journeys in a loop for --duration seconds:

- curator: pairs list, people list, programs list, a pair's card, the organization's dashboard;
- mentor: «Мои встречи», a working meeting recorded as held (form with CSRF), the mentor's feedback;
- department: organizations list, the municipal dashboard, indicators, the register XLSX of a snapshot.

Prints requests per second over the mix, p50/p95/p99 latency per page and the error rate. The clients
run on the same two cores as the server, so the figures are a lower bound of what the server does.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "load-test-2026"  # noqa: S105 - set on a benchmark database only, never production
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Accounts:
    department: str
    municipality_id: int
    snapshot_id: int | None
    curators: list[tuple[str, int, list[int]]]  # login, organization id, pair ids
    mentors: list[tuple[str, int]]  # login, pair id of a working pair


def _pick_accounts(database_url: str) -> Accounts:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    os.environ["DJANGO_ENV"] = "test"
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from mentoring.accounts.models import Membership, Role, User
    from mentoring.mentorships.models import Meeting, MeetingKind, MeetingStatus, Mentorship, MentorshipStatus
    from mentoring.monitoring.models import RegisterSnapshot

    admin = (
        Membership.objects.filter(role=Role.DEPARTMENT_ADMIN, is_active=True)
        .select_related("user", "organization")
        .order_by("id")
        .first()
    )
    if admin is None:
        raise SystemExit(
            "В базе нет администратора управления образования: сначала generate_region или load_demo."
        )
    municipality_id = admin.organization.municipality_id
    curators = []
    for membership in (
        Membership.objects.filter(
            role=Role.CURATOR, is_active=True, organization__municipality_id=municipality_id
        )
        .select_related("user")
        .order_by("id")[:200]
    ):
        pairs = list(
            Mentorship.objects.filter(organization_id=membership.organization_id)
            .order_by("id")
            .values_list("id", flat=True)[:20]
        )
        if pairs:
            curators.append((membership.user.username, membership.organization_id, pairs))
        if len(curators) >= 30:
            break
    planned_through = Meeting.objects.filter(kind=MeetingKind.PLANNING, status=MeetingStatus.HELD).values(
        "mentorship_id"
    )
    mentors = []
    for pair in (
        Mentorship.objects.filter(
            status=MentorshipStatus.ACTIVE,
            pk__in=planned_through,
            organization__municipality_id=municipality_id,
        )
        .exclude(meetings__kind=MeetingKind.FINAL)
        .select_related("mentor__person__user")
        .order_by("id")[:30]
    ):
        person = pair.mentor.person
        if person.user is None:
            # The generated region gives accounts to staff only; a mentor of a working pair gets one
            # here, as the school would give it (a benchmark database only).
            person.user = User.objects.create(
                username=f"load-mentor-{person.pk}", last_name=person.last_name, first_name=person.first_name
            )
            person.save(update_fields=["user"])
            Membership.objects.get_or_create(
                user=person.user,
                organization_id=person.organization_id,
                role=Role.MENTOR,
                defaults={"started_on": pair.started_on},
            )
        mentors.append((person.user.username, pair.pk))
    # The generated region's year is over: its working pairs still have meetings planned in the past,
    # and a mentor records a new one only after marking those held or cancelled. The mentors of the
    # load test have cancelled theirs (a benchmark database only).
    Meeting.objects.filter(
        mentorship_id__in=[pair_id for _, pair_id in mentors],
        status=MeetingStatus.PLANNED,
        starts_at__lt=timezone.now(),
    ).update(status=MeetingStatus.CANCELLED)
    snapshot = RegisterSnapshot.objects.filter(municipality_id=municipality_id).order_by("-taken_at").first()
    logins = [admin.user.username] + [c[0] for c in curators] + [m[0] for m in mentors]
    User.objects.filter(username__in=logins).update(password=make_password(PASSWORD))
    return Accounts(
        department=admin.user.username,
        municipality_id=municipality_id,
        snapshot_id=snapshot.pk if snapshot else None,
        curators=curators,
        mentors=mentors,
    )


class Client:
    """A browser-like client on one keep-alive connection: cookies, CSRF, redirects not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str | list[str]] | None = None
    ) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return 599, ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = (
            payload.decode("utf-8", "replace") if "text" in (response.getheader("Content-Type") or "") else ""
        )
        return response.status, text

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/login/")
        token = CSRF_INPUT.search(page)
        if status != 200 or token is None:
            raise SystemExit(f"Страница входа не открылась: {status}")
        status, _ = self.request(
            "POST",
            "/login/",
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
        )
        if status != 302:
            raise SystemExit(f"Вход {username} не удался: {status}")


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Forms sent back with a Russian message (two clients of one pair asking for the same minute): the
    # application doing its job, counted apart from errors.
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, ok: bool, refused: bool = False) -> None:
        with self.lock:
            self.latencies[page].append(seconds)
            if refused:
                self.refused[page] += 1
            elif not ok:
                self.errors[page] += 1


def _timed(results: Results, page: str, client: Client, method: str, path: str, form=None, expect=(200,)):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    status, text = client.request(method, path, form)
    ok = status in expect
    refused = method == "POST" and status == 200 and "alert-danger" in text
    results.add(page, time.perf_counter() - started, ok, refused)
    if not ok and os.environ.get("LOAD_DEBUG"):
        messages = re.findall(r"(?:invalid-feedback|alert-danger)[^>]*>\s*(?:<div>)?([^<]+)", text)
        print(f"{page}: {status} {path} {messages[:3]}", file=sys.stderr)
    return status, text


def _curator(
    client: Client, results: Results, rng: random.Random, organization_id: int, pairs: list[int]
) -> None:
    _timed(results, "Пары и группы (список)", client, "GET", "/mentorships/")
    _timed(results, "Базы (список)", client, "GET", "/people/")
    _timed(results, "Программы (список)", client, "GET", "/programs/")
    _timed(results, "Карточка пары", client, "GET", f"/mentorships/{rng.choice(pairs)}/")
    _timed(
        results,
        "Панель организации",
        client,
        "GET",
        f"/monitoring/organizations/{organization_id}/dashboard/",
    )


def _mentor(client: Client, results: Results, rng: random.Random, pair_id: int) -> None:
    _timed(results, "Мои встречи", client, "GET", "/mentorships/my/")
    status, page = _timed(results, "Форма встречи", client, "GET", f"/mentorships/{pair_id}/meetings/new/")
    token = CSRF_INPUT.search(page)
    if token is None:
        return
    # A held meeting lies in the past but after the pair's earlier meetings: yesterday, at any minute,
    # so that two clients of the same pair rarely ask for the same moment (refused, rightly, as a clash).
    day = time.strftime("%d.%m.%Y", time.localtime(time.time() - 86400))
    attended = re.findall(r'name="attended" value="(\d+)"', page)
    form: dict[str, str | list[str]] = {
        "csrfmiddlewaretoken": token.group(1),
        "kind": "work",
        "day": day,
        "time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "duration_minutes": "45",
        "place": "кабинет 12",
        "topic": "Нагрузочный тест",
        "held": "on",
        "attended": attended,
    }
    status, _ = _timed(
        results,
        "Запись встречи (POST)",
        client,
        "POST",
        f"/mentorships/{pair_id}/meetings/new/",
        form,
        (302,),
    )
    if status != 302:
        return
    _, card = client.request("GET", f"/mentorships/{pair_id}/?tab=meetings")
    meetings = re.findall(r"/mentorships/meetings/(\d+)/feedback/", card)
    if not meetings:
        return
    meeting = max(int(m) for m in meetings)
    status, page = _timed(
        results, "Форма отзыва", client, "GET", f"/mentorships/meetings/{meeting}/feedback/"
    )
    token = CSRF_INPUT.search(page)
    # A mentor answers for themselves: the author is a hidden field; a curator would pick from a list.
    author = re.search(r'name="author" value="(\d+)"', page) or re.search(
        r'name="author"[^>]*>\s*(?:<option value=""[^>]*>[^<]*</option>\s*)?<option value="(\d+)"', page
    )
    if token is None or author is None:
        return
    _timed(
        results,
        "Отзыв о встрече (POST)",
        client,
        "POST",
        f"/mentorships/meetings/{meeting}/feedback/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "author": author.group(1),
            "usefulness": str(rng.randint(6, 10)),
            "comfort": str(rng.randint(6, 10)),
            "clarity": str(rng.randint(5, 10)),
            "comment": "",
        },
        (302, 200),
    )


def _department(client: Client, results: Results, accounts: Accounts) -> None:
    _timed(results, "Организации (список)", client, "GET", "/organizations/")
    _timed(
        results,
        "Панель муниципалитета",
        client,
        "GET",
        f"/monitoring/municipalities/{accounts.municipality_id}/dashboard/",
    )
    _timed(
        results,
        "Целевые показатели",
        client,
        "GET",
        f"/monitoring/municipalities/{accounts.municipality_id}/indicators/",
    )
    if accounts.snapshot_id:
        _timed(
            results,
            "Выгрузка среза XLSX",
            client,
            "GET",
            f"/monitoring/snapshots/{accounts.snapshot_id}/export/",
        )


def _worker(number: int, port: int, accounts: Accounts, results: Results, stop: threading.Event) -> None:
    rng = random.Random(number)  # noqa: S311 - reproducible choices of pages, not secrets
    client = Client(port)
    # Two of every three clients are curators or mentors; the department is a small share of the traffic.
    if number % 8 == 0:
        client.login(accounts.department)
        while not stop.is_set():
            _department(client, results, accounts)
    elif number % 2 == 0 and accounts.mentors:
        login, pair = accounts.mentors[number % len(accounts.mentors)]
        client.login(login)
        while not stop.is_set():
            _mentor(client, results, rng, pair)
    else:
        login, organization_id, pairs = accounts.curators[number % len(accounts.curators)]
        client.login(login)
        while not stop.is_set():
            _curator(client, results, rng, organization_id, pairs)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--workers", type=int, default=4, help="процессов gunicorn")
    parser.add_argument("--clients", type=int, default=16, help="одновременных клиентов")
    parser.add_argument("--duration", type=int, default=30, help="секунд нагрузки")
    parser.add_argument("--port", type=int, default=8899)
    arguments = parser.parse_args()
    if not arguments.database_url:
        raise SystemExit("Укажите базу: --database-url postgres://… (область из generate_region).")
    if os.environ.get("DJANGO_ENV") == "production":
        raise SystemExit("Нагрузочный тест меняет пароли: на рабочей базе его запускать нельзя.")
    accounts = _pick_accounts(arguments.database_url)
    if not accounts.curators:
        raise SystemExit("В базе нет кураторов с парами.")
    environment = {
        **os.environ,
        "DATABASE_URL": arguments.database_url,
        "DJANGO_ENV": "test",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "mentoring.wsgi",
            "--workers",
            str(arguments.workers),
            "--bind",
            f"127.0.0.1:{arguments.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", arguments.port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        results = Results()
        stop = threading.Event()
        threads = [
            threading.Thread(target=_worker, args=(n, arguments.port, accounts, results, stop), daemon=True)
            for n in range(arguments.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)  # logins and warm-up are not measured
        with results.lock:
            results.latencies.clear()
            results.errors.clear()
            results.refused.clear()
        started = time.perf_counter()
        time.sleep(arguments.duration)
        stop.set()
        elapsed = time.perf_counter() - started
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    total = sum(len(values) for values in results.latencies.values())
    errors = sum(results.errors.values())
    refused = sum(results.refused.values())
    print(
        f"\nНагрузка: {arguments.clients} клиентов, gunicorn {arguments.workers} процессов, {elapsed:.0f} с; "
        f"запросов {total}, {total / elapsed:.1f} в секунду, ошибок {errors} ({100 * errors / max(total, 1):.2f} %), "
        f"форм, возвращённых с сообщением, {refused}\n"
    )
    print(f"{'страница':32} {'запросов':>8} {'p50, мс':>8} {'p95, мс':>8} {'p99, мс':>8} {'ошибок':>7}")
    for page, values in sorted(results.latencies.items()):
        print(
            f"{page:32} {len(values):8d} {1000 * statistics.median(values):8.0f} "
            f"{1000 * _percentile(values, 0.95):8.0f} {1000 * _percentile(values, 0.99):8.0f} "
            f"{results.errors.get(page, 0):7d}"
        )


if __name__ == "__main__":
    main()
