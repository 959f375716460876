"""The demo district's programs: every school runs two or three in different forms and states (a
draft, running programs with pairs formed on time, one overdue, a completed one of last year), a few
are shared and one is recommended by the department.

Deterministic and idempotent: programs are keyed by organization and title.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from mentoring.accounts.models import Membership, Role
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.people.services import current_school_year
from mentoring.programs.models import (
    DEFAULT_STAGES,
    MentoringForm,
    Program,
    ProgramStage,
    ProgramStatus,
    RoleVariant,
)


@dataclass(frozen=True)
class _Spec:
    title: str
    form: str
    variants: tuple[str, ...]
    goals: str
    tasks: str
    audience: str
    results: str


_PROGRAMS = [
    _Spec(
        title="«Шаг вперёд»: наставничество в учёбе",
        form="pupil-pupil",
        variants=("Успевающий – неуспевающий",),
        goals="Помочь обучающимся 5–7 классов с низкой успеваемостью улучшить результаты по математике и русскому языку.",
        tasks="Выявить пробелы в знаниях; организовать регулярные занятия пар; развить навыки самостоятельной работы.",
        audience="Обучающиеся 5–7 классов с низкими результатами; наставники — обучающиеся 9–11 классов.",
        results="Рост среднего балла наставляемых; снижение числа неудовлетворительных отметок.",
    ),
    _Spec(
        title="«Первые шаги в профессии»",
        form="teacher-teacher",
        variants=("Опытный педагог – молодой специалист",),
        goals="Адаптация молодых специалистов и их закрепление в профессии.",
        tasks="Помочь спланировать уроки, освоить документацию по ФГОС, выстроить работу с родителями.",
        audience="Педагоги со стажем до трёх лет.",
        results="Молодые специалисты уверенно ведут уроки и остаются в школе.",
    ),
    _Spec(
        title="«Профессия рядом»: профориентация с предприятиями округа",
        form="employer-pupil",
        variants=("Работодатель – будущий сотрудник",),
        goals="Познакомить старшеклассников с профессиями агропромышленного комплекса округа.",
        tasks="Экскурсии на предприятия, проектная работа с наставниками от работодателей.",
        audience="Обучающиеся 8–11 классов.",
        results="Осознанный выбор профиля обучения; проекты, представленные на школьной конференции.",
    ),
]


def _curator(organization: Organization) -> Membership | None:
    return (
        Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
        .select_related("user")
        .first()
    )


@transaction.atomic
def load_demo_programs(organizations: dict[str, Organization]) -> int:
    school_year = current_school_year()
    forms = {f.code: f for f in MentoringForm.objects.filter(municipality__isnull=True)}
    variants = {(v.form.code, v.name): v for v in RoleVariant.objects.select_related("form")}
    today = datetime.date.today()
    schools = sorted(
        (o for o in organizations.values() if o.kind == OrganizationKind.SCHOOL), key=lambda o: o.code
    )
    for number, school in enumerate(schools):
        curator = _curator(school)
        for index, spec in enumerate(_PROGRAMS[: 2 + number % 2]):
            if Program.objects.filter(organization=school, title=spec.title).exists():
                continue
            chosen = datetime.date(school_year, 9, 10 + index)
            # School 3's second program chose its form recently and is late with the pairs.
            overdue = number == 2 and index == 1
            if overdue:
                chosen = min(today, datetime.date(school_year, 10, 20)) - datetime.timedelta(days=20)
            status = ProgramStatus.DRAFT if number % 5 == 4 and index == 0 else ProgramStatus.ACTIVE
            program = Program(
                organization=school,
                title=spec.title,
                form=forms[spec.form],
                goals=spec.goals,
                tasks=spec.tasks,
                target_audience=spec.audience,
                expected_results=spec.results,
                starts_on=datetime.date(school_year, 9, 1),
                ends_on=datetime.date(school_year + 1, 5, 31),
                curator=curator.user if curator else None,
                status=status,
                form_chosen_on=None if status == ProgramStatus.DRAFT else chosen,
                pairs_formed_on=None
                if status == ProgramStatus.DRAFT or overdue
                else chosen + datetime.timedelta(days=9),
                max_group_size=forms[spec.form].default_max_group_size,
                is_shared=number in (0, 1) and index == 0,
                is_recommended=number == 0 and index == 0,
            )
            program.full_clean()
            program.save()
            program.role_variants.set([variants[(spec.form, name)] for name in spec.variants])
            ProgramStage.objects.bulk_create(
                ProgramStage(
                    program=program, position=position, title=title, description=text, planned_meetings=count
                )
                for position, (title, text, count) in enumerate(DEFAULT_STAGES, start=1)
            )
        last_year_title = "«Шаг вперёд» (прошлый учебный год)"
        if number == 0 and not Program.objects.filter(organization=school, title=last_year_title).exists():
            past = Program(
                organization=school,
                title=last_year_title,
                form=forms["pupil-pupil"],
                goals=_PROGRAMS[0].goals,
                starts_on=datetime.date(school_year - 1, 9, 1),
                ends_on=datetime.date(school_year, 5, 31),
                curator=curator.user if curator else None,
                status=ProgramStatus.COMPLETED,
                form_chosen_on=datetime.date(school_year - 1, 9, 8),
                pairs_formed_on=datetime.date(school_year - 1, 9, 18),
                max_group_size=3,
            )
            past.full_clean()
            past.save()
    return Program.objects.filter(organization__in=organizations.values()).count()
