"""Import speed and memory for a school-sized file, and the people list at district scale.

    python benchmarks/people_import.py [--rows 10000] [--people 50000] [--repeat 15]

Builds a throw-away SQLite database and:

1. writes an XLSX of --rows people (pupils who are mentees with requests and a parent's consent,
   teachers who are mentors with competencies) in the importer's own format;
2. imports it into an empty school: seconds to plan (read and check) and to apply (one transaction);
3. imports the same file again: every row must come out unchanged and no history row may be added;
4. imports it once more into a school of another municipality with tracemalloc on, for the peak of
   Python memory (tracing slows the run, so its time is not reported); ru_maxrss is the process peak;
5. exports the school (queries and seconds);
6. grows the municipality to --people people with bulk inserts and times `person_list` (the first page
   of 50 plus its count) for the department admin (the whole municipality) and the school's curator.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    os.environ.setdefault("DJANGO_ENV", "test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world() -> dict[str, Any]:
    from mentoring.accounts.models import Membership, Role, User
    from mentoring.organizations.models import Municipality, Organization, OrganizationKind

    municipality = Municipality.objects.create(name="Район для замеров", code="bench", region="Область")
    department = Organization.objects.create(
        municipality=municipality,
        kind=OrganizationKind.DEPARTMENT,
        full_name="Управление образования",
        short_name="УО",
        code="bench-uo",
    )
    school = Organization.objects.create(
        municipality=municipality,
        kind=OrganizationKind.SCHOOL,
        full_name="Муниципальное бюджетное общеобразовательное учреждение «Школа № 1»",
        short_name="МБОУ Школа № 1",
        code="bench-school-1",
    )
    other_municipality = Municipality.objects.create(name="Другой район", code="bench-2", region="Область")
    other_school = Organization.objects.create(
        municipality=other_municipality,
        kind=OrganizationKind.SCHOOL,
        full_name="Муниципальное бюджетное общеобразовательное учреждение «Школа № 2»",
        short_name="МБОУ Школа № 2",
        code="bench-school-2",
    )
    users = {}
    for username, organization, role in [
        ("uo", department, Role.DEPARTMENT_ADMIN),
        ("curator", school, Role.CURATOR),
        ("curator2", other_school, Role.CURATOR),
    ]:
        users[username] = User.objects.create(username=username, last_name="Замеров", first_name="Иван")
        Membership.objects.create(
            user=users[username], organization=organization, role=role, started_on=datetime.date(2021, 1, 11)
        )
    return {"municipality": municipality, "school": school, "other_school": other_school, **users}


_LETTERS = "абвгдежзиклмнопрстуфхцчшэюя"


def _surname(number: int) -> str:
    suffix = "".join(_LETTERS[number // 27**power % 27] for power in range(4))
    return f"Иванов{suffix}"


def _table(rows: int) -> bytes:
    from mentoring.people.exporting import EXPORT_HEADERS
    from mentoring.people.spreadsheet import write_xlsx

    today = datetime.date.today()

    def people() -> Any:
        for number in range(rows):
            if number % 5:
                values = {
                    "Фамилия": _surname(number),
                    "Имя": "Пётр",
                    "Отчество": "Андреевич",
                    "Дата рождения": datetime.date(
                        today.year - 8 - number % 9, 1 + number % 12, 1 + number % 28
                    ),
                    "Пол": "м",
                    "Категория": "Обучающийся",
                    "Класс": f"{2 + number % 9}{'АБВ'[number % 3]}",
                    "Роль": "наставляемый",
                    "Подтип": "Неуспевающий" if number % 2 else "",
                    "Запросы": "Результаты по предмету (Математика); Хочу лучше выступать перед классом",
                    "Согласие на обработку ПД": datetime.date(2025, 9, 1),
                    "Законный представитель": "Иванова Мария Петровна",
                    "Кем приходится представитель": "мать",
                    "Телефон представителя": "+7 (831) 234-56-78",
                    "Внешний идентификатор": f"NAV-{number}",
                }
            else:
                values = {
                    "Фамилия": _surname(number),
                    "Имя": "Анна",
                    "Отчество": "Петровна",
                    "Дата рождения": datetime.date(1970 + number % 30, 1 + number % 12, 1 + number % 28),
                    "Пол": "ж",
                    "Категория": "Педагог",
                    "Должность": "учитель",
                    "Предмет": "Математика",
                    "Стаж": 5 + number % 30,
                    "Телефон": "+7 910 123-45-67",
                    "Роль": "наставник",
                    "Компетенции": "Классное руководство; Методика преподавания предмета (Математика)",
                    "Согласие на обработку ПД": datetime.date(2025, 9, 1),
                    "Внешний идентификатор": f"NAV-{number}",
                }
            yield [values.get(header, "") for header in EXPORT_HEADERS]

    return write_xlsx(EXPORT_HEADERS, people(), sheet_title="Участники")


def _history_rows() -> int:
    from mentoring.people.models import (
        Consent,
        MenteeProfile,
        MenteeRequest,
        MentorCompetency,
        MentorProfile,
        Person,
    )

    return sum(
        model.history.count()  # type: ignore[attr-defined]
        for model in (Person, MenteeProfile, MentorProfile, MenteeRequest, MentorCompetency, Consent)
    )


def _import(data: bytes, organization: Any, user: Any) -> tuple[float, float, Any, Any]:
    from mentoring.people.importing import apply_import, plan_import

    started = time.perf_counter()
    plan = plan_import(organization=organization, data=data, filename="bench.xlsx")
    planned = time.perf_counter()
    if plan.errors:
        raise SystemExit(f"unexpected errors: {plan.errors[:5]}")
    result = apply_import(by=user, organization=organization, plan=plan)
    applied = time.perf_counter()
    return planned - started, applied - planned, plan, result


def _grow(world: dict[str, Any], total: int) -> None:
    from mentoring.organizations.models import Organization, OrganizationKind
    from mentoring.people.models import Consent, ConsentGiver, Person, PersonCategory
    from mentoring.people.services import person_search_name

    pupil = PersonCategory.objects.get(code=PersonCategory.PUPIL)
    municipality = world["municipality"]
    missing = total - Person.objects.filter(municipality=municipality).count()
    schools = Organization.objects.bulk_create(
        Organization(
            municipality=municipality,
            kind=OrganizationKind.SCHOOL,
            full_name=f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»",
            short_name=f"МБОУ Школа № {n}",
            code=f"bench-grown-{n}",
        )
        for n in range(10, 50)
    )
    batch = 2000
    for start in range(0, missing, batch):
        people = Person.objects.bulk_create(
            Person(
                municipality=municipality,
                organization=schools[number % len(schools)],
                category=pupil,
                last_name=_surname(number + 100_000),
                first_name="Семён",
                patronymic="Олегович",
                birth_date=datetime.date(2012, 1 + number % 12, 1 + number % 28),
                grade=1 + number % 11,
                class_letter="А",
                search_name=person_search_name(_surname(number + 100_000), "Семён", "Олегович"),
            )
            for number in range(start, min(start + batch, missing))
        )
        Consent.objects.bulk_create(
            Consent(
                person=person,
                given_by=ConsentGiver.REPRESENTATIVE,
                representative_name="Петрова Анна Ивановна",
                given_on=datetime.date(2025, 9, 1),
            )
            for person in people[::2]
        )


def _list_page(user: Any, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mentoring.common.access import forget_scope
    from mentoring.people.selectors import PeopleFilters, person_list

    timings = []
    queries = count = 0
    for _ in range(repeat + 1):
        forget_scope(user)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            people = person_list(visible_to=user, filters=PeopleFilters())
            count = people.count()
            page = list(people[:50])
        timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        if len(page) != 50:
            raise SystemExit(f"the first page has {len(page)} people")
    timings = sorted(timings[1:])  # the first run warms the caches
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, queries, count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        _setup(Path(directory) / "bench.sqlite3")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from mentoring.people.exporting import export_people_xlsx
        from mentoring.people.models import Person

        world = _world()
        started = time.perf_counter()
        data = _table(options.rows)
        write_seconds = time.perf_counter() - started

        plan_1, apply_1, plan, first = _import(data, world["school"], world["curator"])
        rss_after_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        history_before = _history_rows()
        plan_2, apply_2, _, second = _import(data, world["school"], world["curator"])
        if (second.created, second.updated) != (0, 0) or _history_rows() != history_before:
            raise SystemExit(f"the second import changed something: {second}")

        tracemalloc.start()
        _import(data, world["other_school"], world["curator2"])
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as export_queries:
            exported = export_people_xlsx(Person.objects.filter(organization=world["school"]))
        export_seconds = time.perf_counter() - started

        started = time.perf_counter()
        _grow(world, options.people)
        grow_seconds = time.perf_counter() - started
        pages = {name: _list_page(world[name], options.repeat) for name in ("uo", "curator")}
        rss_end = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    megabyte = 1024 * 1024
    print(f"file: {options.rows} rows, {len(data) / megabyte:.2f} MB (written in {write_seconds:.2f} s)")
    print(f"{'step':44} {'seconds':>8} {'created':>8} {'updated':>8} {'unchanged':>9}")
    print("-" * 81)
    print(f"{'first import: plan (read + check every row)':44} {plan_1:8.2f}")
    print(
        f"{'first import: apply (one transaction)':44} {apply_1:8.2f} {first.created:8} {first.updated:8} {first.unchanged:9}"
    )
    print(f"{'same file again: plan':44} {plan_2:8.2f}")
    print(
        f"{'same file again: apply':44} {apply_2:8.2f} {second.created:8} {second.updated:8} {second.unchanged:9}"
    )
    print(f"{'export of the school (' + str(len(export_queries)) + ' queries)':44} {export_seconds:8.2f}")
    print()
    print(f"peak Python memory of one import (tracemalloc): {traced_peak / megabyte:.0f} MB")
    print(
        f"process peak RSS after the first import: {rss_after_first / 1024:.0f} MB; at the end: {rss_end / 1024:.0f} MB"
    )
    print(f"unknown columns: {plan.unknown_columns or 'none'}; warnings: {len(plan.likely_duplicates)}")
    print()
    print(
        f"people list, first page of 50 + count (median / p95 of {options.repeat}; grown in {grow_seconds:.1f} s)"
    )
    print(f"{'user':10} {'people seen':>12} {'ms median':>10} {'ms p95':>8} {'queries':>8}")
    for name, (median, p95, queries, count) in pages.items():
        print(f"{name:10} {count:12} {median:10.1f} {p95:8.1f} {queries:8}")
    if not exported:
        raise SystemExit("empty export")


if __name__ == "__main__":
    main()
