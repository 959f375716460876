"""The municipal dashboard and the municipal справка over a region against a district, side by side.

    python benchmarks/monitoring.py [--organizations 1000] [--people 300000] [--mentorships 100000]
                                    [--district 30] [--repeat 3]

Builds a throw-away SQLite database with two municipalities: a district (--district schools, people and
pairs in the same proportion) as the baseline, and a region (by default 1 000 schools, 300 000 people,
100 000 pairs and groups). Every pair has a program with a plan of stages, one held meeting in the III
quarter with its attendance, and the mentor's feedback for every other meeting; the quarter's register
snapshot lists every mentor and mentee (two entries per pair); each school has its contingent. All rows
go in with bulk inserts, so the region builds in a few minutes.

Then measures, for each municipality: the figures of the municipal dashboard (dashboards.dashboard and
the first page of the organizations' table), the whole page through Django's test client (charts drawn
to SVG, queries counted), and the municipal справка (6.2) as DOCX with its charts and the table of every
organization. Times are the median of --repeat runs; peak memory is measured in a separate run under
tracemalloc (Python allocations, which is what grows with the data). The ratio column says how much
more the region costs than the district.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR, QUARTER = 2026, 3
BATCH = 5000


def _setup(directory: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(directory / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    os.environ.setdefault("DJANGO_ENV", "test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _bulk(model: type, rows: list) -> list:
    created = []
    for offset in range(0, len(rows), BATCH):
        created.extend(model.objects.bulk_create(rows[offset : offset + BATCH], batch_size=BATCH))  # type: ignore[attr-defined]
    return created


def _municipality(code: str, name: str, organizations: int, people: int, mentorships: int) -> object:
    """One municipality with its schools, people, programs, pairs, meetings and a register snapshot."""
    from django.utils import timezone

    from mentoring.accounts.models import Membership, Role, User
    from mentoring.mentorships.models import (
        Feedback,
        Meeting,
        MeetingAttendance,
        MeetingKind,
        MeetingStatus,
        Mentorship,
        MentorshipMentee,
        MentorshipStatus,
    )
    from mentoring.monitoring.models import (
        Contingent,
        RegisterEntry,
        RegisterRole,
        RegisterSnapshot,
        SnapshotReason,
    )
    from mentoring.organizations.models import Municipality, Organization, OrganizationKind
    from mentoring.people.models import MenteeProfile, MentorProfile, Person, PersonCategory
    from mentoring.programs.models import MentoringForm, Program, ProgramStage, ProgramStatus

    municipality = Municipality.objects.create(name=name, code=code, region="Нижегородская область")
    department = Organization.objects.create(
        municipality=municipality,
        kind=OrganizationKind.DEPARTMENT,
        full_name=f"УО {name}",
        short_name="УО",
        code=f"{code}-uo",
    )
    admin = User.objects.create(username=f"{code}-admin", last_name="Громова", first_name="Анна")
    Membership.objects.create(
        user=admin, organization=department, role=Role.DEPARTMENT_ADMIN, started_on=datetime.date(2026, 1, 1)
    )
    schools = _bulk(
        Organization,
        [
            Organization(
                municipality=municipality,
                kind=OrganizationKind.SCHOOL,
                full_name=f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»",
                short_name=f"МБОУ Школа № {n:04d}",
                code=f"{code}-school-{n}",
            )
            for n in range(organizations)
        ],
    )
    pupil = PersonCategory.objects.get(code=PersonCategory.PUPIL)
    teacher = PersonCategory.objects.get(code=PersonCategory.TEACHER)
    forms = list(
        MentoringForm.objects.filter(municipality__isnull=True, code__in=["pupil-pupil", "teacher-teacher"])
    )
    per_school = people // organizations
    pairs_per_school = mentorships // organizations
    mentors_per_school = max(1, pairs_per_school * 3 // 5)
    persons = []
    for school in schools:
        for n in range(per_school):
            is_teacher = n < mentors_per_school // 3
            persons.append(
                Person(
                    municipality=municipality,
                    organization=school,
                    category=teacher if is_teacher else pupil,
                    last_name="Иванова" if n % 2 else "Петров",
                    first_name="Мария" if n % 2 else "Иван",
                    search_name="иванова мария" if n % 2 else "петров иван",
                    birth_date=datetime.date(1985 if is_teacher else 2010 + n % 6, 1 + n % 12, 1 + n % 28),
                    grade=None if is_teacher else 5 + n % 7,
                    experience_years=n % 20 if is_teacher else None,
                )
            )
    persons = _bulk(Person, persons)
    Contingent.objects.bulk_create(
        Contingent(
            organization=school,
            year=YEAR,
            pupils_10_18=per_school * 2,
            pupils_15_18=per_school // 2,
            teachers=60,
            young_teachers=8,
            entered_by=admin,
        )
        for school in schools
    )
    programs = _bulk(
        Program,
        [
            Program(
                organization=school,
                title=f"Программа {form.name} {index}",
                form=form,
                goals="Повышение учебных результатов.",
                starts_on=datetime.date(2026, 1, 10),
                ends_on=datetime.date(2026, 12, 25),
                status=ProgramStatus.ACTIVE,
                form_chosen_on=datetime.date(2026, 7, 1),
                pairs_formed_on=datetime.date(2026, 7, 10 + (index % 3) * 7),
            )
            for index, school in enumerate(schools)
            for form in forms
        ],
    )
    _bulk(
        ProgramStage,
        [
            ProgramStage(program=program, position=p, title=f"Этап {p}", planned_meetings=2 + p)
            for program in programs
            for p in (1, 2, 3)
        ],
    )
    mentor_profiles, mentee_profiles, pair_rows = [], [], []
    for index in range(len(schools)):
        staff = persons[index * per_school : (index + 1) * per_school]
        for n in range(mentors_per_school):
            mentor_profiles.append(
                MentorProfile(person=staff[n], joined_on=datetime.date(2026, 1, 1), capacity=3)
            )
        for n in range(pairs_per_school):
            mentee_profiles.append(
                MenteeProfile(person=staff[mentors_per_school + n], joined_on=datetime.date(2026, 1, 1))
            )
            pair_rows.append((index, n % mentors_per_school, n))
    mentor_profiles = _bulk(MentorProfile, mentor_profiles)
    mentee_profiles = _bulk(MenteeProfile, mentee_profiles)
    started = datetime.date(2026, 7, 10)
    pairs = _bulk(
        Mentorship,
        [
            Mentorship(
                program=programs[index * len(forms) + (n % len(forms))],
                organization=schools[index],
                mentor=mentor_profiles[index * mentors_per_school + mentor],
                status=MentorshipStatus.ACTIVE,
                started_on=started,
                planned_end_on=datetime.date(2026, 12, 20),
            )
            for index, mentor, n in pair_rows
        ],
    )
    _bulk(
        MentorshipMentee,
        [
            MentorshipMentee(mentorship=pair, mentee=mentee, program_id=pair.program_id, joined_on=started)
            for pair, mentee in zip(pairs, mentee_profiles, strict=True)
        ],
    )
    when = timezone.make_aware(datetime.datetime(2026, 8, 20, 15))
    meetings = _bulk(
        Meeting,
        [
            Meeting(
                mentorship=pair,
                mentor_id=pair.mentor_id,
                kind=MeetingKind.INTRO,
                status=MeetingStatus.HELD,
                starts_at=when,
                recorded_by=admin,
            )
            for pair in pairs
        ],
    )
    _bulk(
        MeetingAttendance,
        [
            MeetingAttendance(meeting=meeting, mentee=mentee)
            for meeting, mentee in zip(meetings, mentee_profiles, strict=True)
        ],
    )
    mentor_people = {profile.pk: profile.person_id for profile in mentor_profiles}
    _bulk(
        Feedback,
        [
            Feedback(
                meeting=meeting,
                author_id=mentor_people[meeting.mentor_id],
                role="mentor",
                usefulness=8,
                comfort=9,
                clarity=7,
                recorded_by=admin,
            )
            for index, meeting in enumerate(meetings)
            if index % 2 == 0
        ],
    )
    people_of = {person.pk: person for person in persons}
    snapshot = RegisterSnapshot.objects.create(
        municipality=municipality,
        year=YEAR,
        quarter=QUARTER,
        as_of=datetime.date(2026, 9, 30),
        reason=SnapshotReason.QUARTER_END,
    )
    form_of = {program.pk: program.form_id for program in programs}
    entries = []
    for pair, mentee in zip(pairs, mentee_profiles, strict=True):
        for person_id, role in (
            (mentor_people[pair.mentor_id], RegisterRole.MENTOR),
            (mentee.person_id, RegisterRole.MENTEE),
        ):
            person = people_of[person_id]
            entries.append(
                RegisterEntry(
                    snapshot=snapshot,
                    person_id=person_id,
                    role=role,
                    organization_id=pair.organization_id,
                    person_organization_id=person.organization_id,
                    program_id=pair.program_id,
                    form_id=form_of[pair.program_id],
                    mentorship=pair,
                    category_id=person.category_id,
                    age=2026 - person.birth_date.year,  # type: ignore[union-attr]
                )
            )
    _bulk(RegisterEntry, entries)
    return municipality, admin


def _timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds over `repeat` runs, and the peak of Python allocations (MiB) in one more run."""
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(seconds), peak / 2**20


def _measure(municipality: object, admin: object, repeat: int) -> dict[str, tuple[float, float, int]]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mentoring.monitoring import dashboards, reports
    from mentoring.monitoring.models import ReportKind

    def figures() -> object:
        board = dashboards.dashboard(municipality=municipality, year=YEAR, quarter=QUARTER)  # type: ignore[arg-type]
        first_page = list(dashboards.dashboard_organizations(municipality)[:25])  # type: ignore[arg-type]
        return board, dashboards.organization_rows(municipality, board.period, first_page)  # type: ignore[arg-type]

    client = Client()
    client.force_login(admin)
    url = (
        reverse("monitoring:dashboard_municipality", args=[municipality.pk])
        + f"?year={YEAR}&quarter={QUARTER}"
    )  # type: ignore[attr-defined]

    def page() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    def note() -> bytes:
        data = reports.report_data(
            ReportKind.MUNICIPAL_NOTE,
            municipality=municipality,
            year=YEAR,
            quarter=QUARTER,  # type: ignore[arg-type]
        )
        return reports.generate_docx(data)

    results = {}
    for name, action in (
        ("dashboard figures", figures),
        ("dashboard page", page),
        ("municipal справка DOCX", note),
    ):
        with CaptureQueriesContext(connection) as captured:
            action()
        queries = len(captured)
        reset_queries()
        seconds, peak = _timed(action, repeat)
        results[name] = (seconds, peak, queries)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--mentorships", type=int, default=100_000)
    parser.add_argument("--district", type=int, default=30, help="schools of the baseline district")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    scale = options.district / options.organizations
    with tempfile.TemporaryDirectory() as directory:
        _setup(Path(directory))
        started = time.perf_counter()
        district = _municipality(
            "bench-district",
            "Район (базовый)",
            options.district,
            round(options.people * scale),
            round(options.mentorships * scale),
        )
        region = _municipality(
            "bench-region", "Регион", options.organizations, options.people, options.mentorships
        )
        built = time.perf_counter() - started
        baseline = _measure(*district, options.repeat)
        grown = _measure(*region, options.repeat)

    print(
        f"district: {options.district} schools, {round(options.people * scale)} people, "
        f"{round(options.mentorships * scale)} pairs; region: {options.organizations} schools, {options.people} people, "
        f"{options.mentorships} pairs (built in {built:.0f} s)"
    )
    print(f"median of {options.repeat} runs; peak = Python allocations under tracemalloc\n")
    header = f"{'what':24} {'district s':>10} {'region s':>9} {'ratio':>6} {'district MiB':>12} {'region MiB':>10} {'queries':>9}"
    print(header)
    print("-" * len(header))
    for name, (seconds, peak, queries) in baseline.items():
        region_seconds, region_peak, region_queries = grown[name]
        print(
            f"{name:24} {seconds:10.2f} {region_seconds:9.2f} {region_seconds / seconds:6.1f} "
            f"{peak:12.1f} {region_peak:10.1f} {queries:>4} → {region_queries:<3}"
        )


if __name__ == "__main__":
    main()
