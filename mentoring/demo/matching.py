"""The demo district's matching: school 1 opened a second intake of «Шаг вперёд» a few days ago, with
new pupils waiting for mentors, their wishes from the «быстрые встречи», a pair the curator fixed and
one she excluded; the engine's proposal waits for her confirmation, so a newcomer sees the whole
two-week window at work.

Deterministic and idempotent: keyed by the program's title.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.matching.models import MatchingRun, MatchingSettings, PairRule, PairRuleKind, Preference
from mentoring.matching.services import matching_run_now
from mentoring.organizations.models import Organization
from mentoring.people.models import (
    MenteeProfile,
    MenteeRequest,
    MenteeStatus,
    MentorCompetency,
    MentorProfile,
    PersonCategory,
    TrainingStatus,
)
from mentoring.people.services import current_school_year
from mentoring.programs.models import DEFAULT_STAGES, MentoringForm, Program, ProgramStage, ProgramStatus

from .people import _MOTHERS, _PUPIL_COMPETENCIES, _PUPIL_REQUESTS, _Catalogue, _consent, _person

PROGRAM_TITLE = "«Шаг вперёд»: второй набор"
NEW_MENTEES = 36
NEW_MENTORS = 14
_DAYS = ["пн, ср", "вт, чт", "пн, пт", "ср, пт", "вт, чт после уроков", "будни после 15:00"]
_SUBTYPES = ["Неуспевающий", "Пассивный", "Активный", "Одарённый", "С ОВЗ", "В трудной жизненной ситуации"]


def _people(school: Organization, catalogue: _Catalogue, school_year: int, recorder: User | None) -> None:
    pupil = catalogue.categories[PersonCategory.PUPIL]
    form = catalogue.forms["pupil-pupil"]
    for number in range(NEW_MENTEES + NEW_MENTORS):
        index = 700 + number * 3
        is_mentor = number >= NEW_MENTEES
        grade = 9 + number % 3 if is_mentor else 5 + number % 3
        person = _person(
            school,
            f"wave2-{number + 1}",
            pupil,
            index,
            birth_date=datetime.date(school_year - grade - 6, 1 + index % 12, 1 + index % 27),
            grade=grade,
            class_year=school_year,
            class_letter="АБВ"[number % 3],
            mother=_MOTHERS[index % len(_MOTHERS)],
            representative_relation="мать",
        )
        if person is None:
            continue
        _consent(person, number, school_year, recorder)
        if is_mentor:
            mentor = MentorProfile.objects.create(
                person=person,
                capacity=1 + number % 3,
                availability=_DAYS[number % len(_DAYS)],
                joined_on=timezone.localdate() - datetime.timedelta(days=10),
                training_status=TrainingStatus.TRAINED,
            )
            mentor.forms.set([form])
            for shift in range(1 + number % 2):
                area, subject = _PUPIL_COMPETENCIES[(number + shift) % len(_PUPIL_COMPETENCIES)]
                MentorCompetency.objects.create(
                    mentor=mentor, area=catalogue.area(area), subject=catalogue.subject(subject)
                )
        else:
            mentee = MenteeProfile.objects.create(
                person=person,
                subtype=catalogue.subtypes[_SUBTYPES[number % len(_SUBTYPES)]],
                joined_on=timezone.localdate() - datetime.timedelta(days=12),
                status=MenteeStatus.WAITING,
                availability=_DAYS[(number * 5) % len(_DAYS)],
            )
            for shift in range(1 + number % 3):
                area, subject = _PUPIL_REQUESTS[(number * 3 + shift) % len(_PUPIL_REQUESTS)]
                MenteeRequest.objects.create(
                    mentee=mentee,
                    area=catalogue.area(area),
                    subject=catalogue.subject(subject),
                    priority=1 + (number + shift) % 3,
                    school_year=school_year,
                )


def _wishes(program: Program, curator: User) -> None:
    """A third of the new mentees named mentors after the «быстрые встречи»; some mentors answered."""
    mentees = list(
        MenteeProfile.objects.filter(person__external_id__startswith="demo-school-1-wave2-", status="waiting")
        .select_related("person")
        .order_by("person__external_id")
    )
    mentors = list(
        MentorProfile.objects.filter(person__external_id__startswith="demo-school-1-wave2-")
        .select_related("person")
        .order_by("person__external_id")
    )
    if not mentees or not mentors:
        return
    for number, mentee in enumerate(mentees[::3]):
        for rank in range(1, 1 + number % 3 + 1):
            mentor = mentors[(number * 2 + rank) % len(mentors)]
            Preference.objects.get_or_create(
                program=program,
                side="mentee",
                mentee=mentee,
                mentor=mentor,
                defaults={"rank": rank, "created_by": curator},
            )
    for number, mentor in enumerate(mentors[::4]):
        mentee = mentees[(number * 5 + 1) % len(mentees)]
        Preference.objects.get_or_create(
            program=program,
            side="mentor",
            mentee=mentee,
            mentor=mentor,
            defaults={"rank": 1, "created_by": curator},
        )
    PairRule.objects.get_or_create(
        program=program,
        mentee=mentees[1],
        mentor=mentors[-1],
        defaults={"kind": PairRuleKind.LOCK, "created_by": curator},
    )
    PairRule.objects.get_or_create(
        program=program,
        mentee=mentees[2],
        mentor=mentors[0],
        defaults={"kind": PairRuleKind.EXCLUDE, "created_by": curator},
    )


def load_demo_matching(organizations: dict[str, Organization]) -> int:
    """Returns the number of matching runs in the district."""
    school = organizations["brz-school-1"]
    if not Program.objects.filter(organization=school, title=PROGRAM_TITLE).exists():
        _load(school)
    return MatchingRun.objects.filter(program__organization__in=organizations.values()).count()


def _load(school: Organization) -> None:
    curator = User.objects.get(username="curator1")
    school_year = current_school_year()
    today = timezone.localdate()
    with transaction.atomic():
        _people(school, _Catalogue(), school_year, curator)
        form = MentoringForm.objects.get(municipality__isnull=True, code="pupil-pupil")
        program = Program(
            organization=school,
            title=PROGRAM_TITLE,
            form=form,
            goals="Помочь обучающимся 5–7 классов, пришедшим в течение года, догнать класс по математике и "
            "русскому языку и освоиться в школе.",
            tasks="Сформировать пары и группы в течение двух недель после встречи-знакомства; провести "
            "совместную работу до конца учебного года.",
            target_audience="Обучающиеся 5–7 классов; наставники — обучающиеся 9–11 классов.",
            expected_results="Рост успеваемости наставляемых, уверенность в новом коллективе.",
            starts_on=today - datetime.timedelta(days=7),
            ends_on=datetime.date(school_year + 1, 5, 31),
            curator=curator,
            status=ProgramStatus.ACTIVE,
            form_chosen_on=today - datetime.timedelta(days=4),
            max_group_size=3,
            requires_trained_mentors=True,
        )
        program.full_clean()
        program.save()
        ProgramStage.objects.bulk_create(
            ProgramStage(
                program=program, position=position, title=title, description=text, planned_meetings=count
            )
            for position, (title, text, count) in enumerate(DEFAULT_STAGES, start=1)
        )
        MatchingSettings.objects.create(program=program)
        _wishes(program, curator)
    matching_run_now(program=program, by=curator)
