"""The hard rules of a pair: what must hold for a mentor and a mentee to work together in a program.

Matching applies them to whole bases at once (candidates.py, with arrays); a curator forming a pair by
hand gets the same rules one pair at a time from `pair_problems`, with an explanation in Russian.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from mentoring.matching.models import MatchingSettings, PairRule, PairRuleKind
from mentoring.people.models import (
    Consent,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    PersonCategory,
    TrainingStatus,
    valid_consent_q,
)
from mentoring.programs.models import Program


def mentor_organization_ids(program: Program) -> set[int]:
    """The program's own organization and those it names as sources of mentors."""
    ids = {program.organization_id}
    settings = MatchingSettings.objects.filter(program=program).first()
    if settings is not None:
        ids |= set(settings.mentor_organizations.values_list("pk", flat=True))
    return ids


def class_gap_problem(program: Program, mentor: MentorProfile, mentee: MenteeProfile) -> str | None:
    gap = program.form.min_class_gap
    mentor_person, mentee_person = mentor.person, mentee.person
    both_pupils = mentor_person.category.code == PersonCategory.PUPIL == mentee_person.category.code
    if gap is None or not both_pupils:
        return None
    if mentor_person.grade is None or mentee_person.grade is None:
        return "Не указан класс наставника или наставляемого: нельзя проверить разницу в классах."
    if mentor_person.grade - mentee_person.grade < gap:
        return (
            f"В форме «{program.form}» наставник должен быть старше хотя бы на {gap} кл.: "
            f"{mentor_person.grade} и {mentee_person.grade} класс."
        )
    return None


def mentor_problems(program: Program, mentor: MentorProfile, day: datetime.date | None = None) -> list[str]:
    """Why the mentor may not serve in the program (an empty list when they may)."""
    day = day or timezone.localdate()
    person = mentor.person
    problems = []
    if person.is_archived or not mentor.is_active:
        problems.append("Наставник в архиве или отмечен как не готовый наставлять.")
    if not program.form.mentor_categories.filter(pk=person.category_id).exists():
        problems.append(f"В форме «{program.form}» категория «{person.category}» не может быть наставником.")
    if not mentor.forms.filter(pk=program.form_id).exists():
        problems.append(f"Форма «{program.form}» не отмечена у наставника в базе наставников.")
    if person.organization_id not in mentor_organization_ids(program):
        problems.append(
            "Наставник из другой организации: добавьте её в настройках подбора программы "
            "(«наставники также из организаций»)."
        )
    if program.requires_trained_mentors and mentor.training_status != TrainingStatus.TRAINED:
        problems.append("Программа принимает только обученных наставников.")
    if not Consent.objects.filter(valid_consent_q(day), person=person).exists():
        problems.append("У наставника нет действующего согласия на обработку персональных данных.")
    return problems


def mentee_problems(program: Program, mentee: MenteeProfile, day: datetime.date | None = None) -> list[str]:
    """Why the mentee may not take part in the program (an empty list when they may)."""
    day = day or timezone.localdate()
    person = mentee.person
    problems = []
    if person.is_archived or mentee.status == MenteeStatus.LEFT:
        problems.append("Наставляемый в архиве или выбыл.")
    if person.organization_id != program.organization_id:
        problems.append("Наставляемый учится или работает в другой организации.")
    if not program.form.mentee_categories.filter(pk=person.category_id).exists():
        problems.append(f"В форме «{program.form}» категория «{person.category}» не может быть наставляемым.")
    subtypes = list(program.form.mentee_subtypes.values_list("pk", flat=True))
    if subtypes and mentee.subtype_id is not None and mentee.subtype_id not in subtypes:
        problems.append(f"Подтип наставляемого не предусмотрен формой «{program.form}».")
    if not Consent.objects.filter(valid_consent_q(day), person=person).exists():
        problems.append("У наставляемого нет действующего согласия на обработку персональных данных.")
    return problems


def pair_problems(
    program: Program, mentor: MentorProfile, mentee: MenteeProfile, day: datetime.date | None = None
) -> list[str]:
    """Every hard rule the pair breaks, in Russian; an empty list means the pair is allowed."""
    if mentor.person_id == mentee.person_id:
        return ["Наставник и наставляемый — один и тот же человек."]
    problems = mentor_problems(program, mentor, day) + mentee_problems(program, mentee, day)
    gap = class_gap_problem(program, mentor, mentee)
    if gap:
        problems.append(gap)
    if PairRule.objects.filter(
        program=program, mentor=mentor, mentee=mentee, kind=PairRuleKind.EXCLUDE
    ).exists():
        problems.append("Куратор исключил эту пару при подборе.")
    return problems
