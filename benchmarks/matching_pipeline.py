"""The whole matching pipeline for a district-sized program, from the database to a stored proposal.

    python benchmarks/matching_pipeline.py [--mentees 2000] [--mentors 500] [--repeat 3]

Builds a throw-away SQLite database with one school: --mentees pupils of grades 5–8 waiting for a
mentor (one to three requests each, a parent's consent, stated free days) and --mentors pupils of
grades 9–11 in the mentor base (capacity 1–5, one or two competencies); a fifth of the mentees named
preferred mentors. Then runs `matching_run_now` (what the curator's button and `manage.py match` do)
--repeat times and reports the stages: reading the bases and scoring every pair (candidates), the
engine, storing the proposal with its explanations; the total; and the query count of one run.
The target for 2 000 × 500 is under 3 s in all.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

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


def _district(mentees: int, mentors: int) -> object:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from mentoring.accounts.models import Membership, Role, User
    from mentoring.matching.models import Preference
    from mentoring.organizations.models import Municipality, Organization, OrganizationKind
    from mentoring.people.models import (
        Consent,
        MenteeProfile,
        MenteeRequest,
        MenteeSubtype,
        MentorCompetency,
        MentorProfile,
        Person,
        PersonCategory,
        Subject,
        SupportArea,
        TrainingStatus,
    )
    from mentoring.programs.models import MentoringForm, Program, ProgramStatus

    today = timezone.localdate()
    school_year = today.year if today.month >= 9 else today.year - 1
    municipality = Municipality.objects.create(name="Район для замеров", code="bench", region="Область")
    school = Organization.objects.create(
        municipality=municipality,
        kind=OrganizationKind.SCHOOL,
        full_name="Средняя школа для замеров",
        short_name="СШ",
        code="bench-school",
    )
    curator = User.objects.create(username="curator", password=make_password("x"), last_name="Куратор")
    Membership.objects.create(user=curator, organization=school, role=Role.CURATOR, started_on=today)
    pupil = PersonCategory.objects.get(code=PersonCategory.PUPIL)
    form = MentoringForm.objects.get(code="pupil-pupil", municipality__isnull=True)
    program = Program.objects.create(
        organization=school,
        title="Программа для замеров",
        form=form,
        goals="Замеры",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=200),
        curator=curator,
        status=ProgramStatus.ACTIVE,
        form_chosen_on=today,
        max_group_size=5,
    )
    areas = list(SupportArea.objects.filter(organization__isnull=True, municipality__isnull=True)[:12])
    subjects = list(Subject.objects.all()[:6])
    subtypes = list(MenteeSubtype.objects.filter(categories=pupil))
    days = ["пн, ср", "вт, чт", "пт", "будни", "ср, пт", ""]
    people = [
        Person(
            municipality=municipality,
            organization=school,
            category=pupil,
            last_name=f"Фамилия{n:05d}",
            first_name="Имя",
            search_name=f"фамилия{n:05d} имя",
            grade=5 + n % 4 if n < mentees else 9 + n % 3,
            class_year=school_year,
        )
        for n in range(mentees + mentors)
    ]
    Person.objects.bulk_create(people, batch_size=1000)
    people = list(Person.objects.filter(organization=school).order_by("pk"))
    Consent.objects.bulk_create(
        [
            Consent(person=p, given_by="representative", representative_name="Родитель", given_on=today)
            for p in people
        ],
        batch_size=1000,
    )
    MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(
                person=p,
                joined_on=today,
                subtype=subtypes[n % len(subtypes)],
                availability=days[n % len(days)],
            )
            for n, p in enumerate(people[:mentees])
        ],
        batch_size=1000,
    )
    mentee_profiles = list(MenteeProfile.objects.filter(person__organization=school).order_by("pk"))
    MenteeRequest.objects.bulk_create(
        [
            MenteeRequest(
                mentee=profile,
                area=areas[(n * 7 + k * 5) % len(areas)],
                subject=subjects[(n + k) % len(subjects)] if (n + k) % 2 else None,
                priority=1 + (n + k) % 3,
                school_year=school_year,
            )
            for n, profile in enumerate(mentee_profiles)
            for k in range(1 + n % 3)
        ],
        batch_size=1000,
    )
    MentorProfile.objects.bulk_create(
        [
            MentorProfile(
                person=p,
                joined_on=today,
                capacity=1 + n % 5,
                availability=days[(n * 3) % len(days)],
                training_status=TrainingStatus.TRAINED,
            )
            for n, p in enumerate(people[mentees:])
        ],
        batch_size=1000,
    )
    mentor_profiles = list(MentorProfile.objects.filter(person__organization=school).order_by("pk"))
    MentorProfile.forms.through.objects.bulk_create(
        [
            MentorProfile.forms.through(mentorprofile_id=m.pk, mentoringform_id=form.pk)
            for m in mentor_profiles
        ],
        batch_size=1000,
    )
    MentorCompetency.objects.bulk_create(
        [
            MentorCompetency(
                mentor=mentor,
                area=areas[(n * 3 + k * 4) % len(areas)],
                subject=subjects[(n + k) % len(subjects)] if n % 3 else None,
            )
            for n, mentor in enumerate(mentor_profiles)
            for k in range(1 + n % 2)
        ],
        batch_size=1000,
    )
    Preference.objects.bulk_create(
        [
            Preference(
                program=program,
                side="mentee",
                mentee=profile,
                mentor=mentor_profiles[(n * 13 + rank * 7) % len(mentor_profiles)],
                rank=rank,
                created_by=curator,
            )
            for n, profile in enumerate(mentee_profiles[::5])
            for rank in (1, 2, 3)
        ],
        batch_size=1000,
    )
    return program


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder) / "bench.sqlite3")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from mentoring.matching import candidates as candidates_module
        from mentoring.matching import engine
        from mentoring.matching.services import matching_run_now

        started = time.perf_counter()
        program = _district(args.mentees, args.mentors)
        print(
            f"База: {args.mentees} наставляемых, {args.mentors} наставников ({time.perf_counter() - started:.1f} с на создание)"
        )

        stages: dict[str, list[float]] = {"candidates": [], "engine": [], "total": []}
        original_load, original_solve = candidates_module.load_candidates, engine.solve

        def timed_load(*a: object, **k: object) -> object:
            t = time.perf_counter()
            result = original_load(*a, **k)  # type: ignore[arg-type]
            stages["candidates"].append(time.perf_counter() - t)
            return result

        def timed_solve(*a: object, **k: object) -> object:
            t = time.perf_counter()
            result = original_solve(*a, **k)  # type: ignore[arg-type]
            stages["engine"].append(time.perf_counter() - t)
            return result

        import mentoring.matching.services as services_module

        services_module.load_candidates = timed_load  # type: ignore[assignment]
        engine.solve = timed_solve  # type: ignore[assignment]
        curator = program.curator  # type: ignore[attr-defined]
        run = None
        for attempt in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                run = matching_run_now(program=program, by=curator)
                stages["total"].append(time.perf_counter() - t)
            if attempt == 0:
                query_count = len(queries)
        if run is None:
            raise SystemExit("--repeat должен быть не меньше 1")
        median = {name: statistics.median(values) for name, values in stages.items()}
        store = median["total"] - median["candidates"] - median["engine"]
        print(
            f"Подбор: подобрано {run.matched} из {run.mentees_count}, допустимых пар {run.edges_count}, "
            f"сумма баллов {run.total_score}"
        )
        print(f"  чтение баз и баллы всех пар   {median['candidates']:.3f} с")
        print(f"  движок                        {median['engine']:.3f} с")
        print(f"  сохранение предложения       {store:.3f} с")
        print(f"  всего (медиана из {args.repeat})        {median['total']:.3f} с   цель: < 3 с")
        print(f"  запросов к базе за один подбор: {query_count}")


if __name__ == "__main__":
    main()
