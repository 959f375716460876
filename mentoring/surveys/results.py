"""What the questionnaires say, for pages, dashboards, indicators and reports (no access checks here:
callers pass the ids the user may read).

- Growth (roadmap 5.4): for every participant with an entry and an exit answer in a program, the
  change (after − before) of each measure that both questionnaires ask with the same code; averages by
  mentorship, program, form, organization and municipality. No weighting, no formula beyond the mean:
  the tables show the counts so that anybody can check them.
- Satisfaction (target indicators 5 and 6): a person's mean over the items marked «входит в
  удовлетворённость» of their latest response in the period.
- Response rates and a summary of the answers of a program's rounds (beside the SWOT analysis).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from mentoring.organizations.models import Municipality, Organization
from mentoring.programs.models import MentoringForm, Program
from mentoring.surveys.models import (
    Answer,
    Audience,
    MeasureGroup,
    Purpose,
    Question,
    QuestionKind,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
)

GROUPINGS = ("mentorship", "program", "form", "organization", "municipality")
_GROUP_ORDER = {value: index for index, value in enumerate(MeasureGroup.values)}


@dataclass(frozen=True)
class MeasureChange:
    """One participant, one measure, entry vs exit."""

    person_id: int
    role: str  # "mentor" | "mentee"
    mentorship_id: int | None
    program_id: int
    form_id: int
    organization_id: int
    measure_group: str  # MeasureGroup value
    measure_code: str
    measure_label: str  # the exit item's text
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class GrowthRow:
    key: int | None  # id of the mentorship/program/form/organization; None for the municipality
    label: str  # what the key is, in Russian (program title, form name, …)
    measure_group: str
    participants: int  # distinct people
    before: float  # means, rounded to 2 places
    after: float
    change: float

    @property
    def measure_group_label(self) -> str:
        return MeasureGroup(self.measure_group).label if self.measure_group in MeasureGroup.values else ""


@dataclass(frozen=True)
class ItemSummary:
    question_id: int
    text: str
    kind: str
    count: int
    mean: float | None
    option_counts: dict[str, int] = field(default_factory=dict)


def _day_range(prefix: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{prefix}submitted_at__date__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}submitted_at__date__lte": end})
    return condition


def measure_changes(
    *,
    municipality_id: int,
    organization_ids: Collection[int] | None = None,
    program_ids: Collection[int] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[MeasureChange]:
    """The latest entry and the latest exit response of a person in a program (the exit submitted in
    [start, end]), compared item by item on the measures both ask (same code)."""
    responses = SurveyResponse.objects.filter(
        round__program__organization__municipality_id=municipality_id,
        role__in=(Audience.MENTOR, Audience.MENTEE),
    ).filter(
        Q(round__questionnaire__purpose=Purpose.ENTRY)
        | (Q(round__questionnaire__purpose=Purpose.EXIT) & _day_range("", start, end))
    )
    if organization_ids is not None:
        responses = responses.filter(round__program__organization_id__in=list(organization_ids))
    if program_ids is not None:
        responses = responses.filter(round__program_id__in=list(program_ids))
    # (person, program, role, purpose) -> the latest response's id and its fields.
    latest: dict[tuple[int, int, str, str], tuple[tuple[datetime.datetime, int], Any]] = {}
    rows = responses.values(
        "id",
        "person_id",
        "role",
        "mentorship_id",
        "submitted_at",
        "round__program_id",
        "round__program__form_id",
        "round__program__organization_id",
        "round__questionnaire__purpose",
    )
    for row in rows.iterator():
        key = (row["person_id"], row["round__program_id"], row["role"], row["round__questionnaire__purpose"])
        order = (row["submitted_at"], row["id"])
        if key not in latest or latest[key][0] < order:
            latest[key] = (order, row)
    chosen = {row["id"] for _, row in latest.values()}
    if not chosen:
        return []
    answers: dict[int, dict[str, tuple[str, str, int]]] = defaultdict(dict)
    answer_rows = Answer.objects.filter(
        response_id__in=chosen, number__isnull=False, question__kind=QuestionKind.SCALE
    ).exclude(question__measure_code="")
    for response_id, code, group, text, number in answer_rows.values_list(
        "response_id", "question__measure_code", "question__measure_group", "question__text", "number"
    ).iterator():
        if number is not None:
            answers[response_id][code] = (group, text, number)
    changes: list[MeasureChange] = []
    for (person_id, program_id, role, purpose), (_, exit_row) in sorted(latest.items()):
        if purpose != Purpose.EXIT:
            continue
        entry = latest.get((person_id, program_id, role, Purpose.ENTRY))
        if entry is None:
            continue
        entry_row = entry[1]
        before_answers = answers.get(entry_row["id"], {})
        for code, (group, text, after) in sorted(answers.get(exit_row["id"], {}).items()):
            if code not in before_answers:
                continue
            changes.append(
                MeasureChange(
                    person_id=person_id,
                    role=role,
                    mentorship_id=exit_row["mentorship_id"] or entry_row["mentorship_id"],
                    program_id=program_id,
                    form_id=exit_row["round__program__form_id"],
                    organization_id=exit_row["round__program__organization_id"],
                    measure_group=group,
                    measure_code=code,
                    measure_label=text,
                    before=before_answers[code][2],
                    after=after,
                )
            )
    return changes


def _labels(by: str, keys: set[int | None], municipality_ids: set[int]) -> dict[int | None, str]:
    ids = [key for key in keys if key is not None]
    if by == "mentorship":
        labels: dict[int | None, str] = {key: f"Пара или группа № {key}" for key in ids}
        labels[None] = "Без пары или группы"
        return labels
    if by == "program":
        return dict(Program.objects.filter(pk__in=ids).values_list("pk", "title"))
    if by == "form":
        return dict(MentoringForm.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by == "organization":
        return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "short_name"))
    names = list(Municipality.objects.filter(pk__in=municipality_ids).values_list("name", flat=True))
    return {None: names[0] if len(names) == 1 else "Муниципалитет"}


def growth_summary(changes: Iterable[MeasureChange], *, by: str) -> list[GrowthRow]:
    """One row per key (mentorship, program, form, organization; the municipality has one key, None)
    and measure group: how many distinct people, the mean before, after and the change."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}")
    buckets: dict[tuple[int | None, str], list[MeasureChange]] = defaultdict(list)
    organizations: set[int] = set()
    for change in changes:
        key = None if by == "municipality" else getattr(change, f"{by}_id")
        buckets[(key, change.measure_group)].append(change)
        organizations.add(change.organization_id)
    if not buckets:
        return []
    municipality_ids = set()
    if by == "municipality":
        municipality_ids = set(
            Organization.objects.filter(pk__in=organizations).values_list("municipality_id", flat=True)
        )
    labels = _labels(by, {key for key, _ in buckets}, municipality_ids)
    rows = []
    for (key, group), items in buckets.items():
        before = round(fmean(item.before for item in items), 2)
        after = round(fmean(item.after for item in items), 2)
        rows.append(
            GrowthRow(
                key=key,
                label=labels.get(key, str(key)),
                measure_group=group,
                participants=len({item.person_id for item in items}),
                before=before,
                after=after,
                change=round(fmean(item.change for item in items), 2),
            )
        )
    rows.sort(key=lambda row: (row.label, row.key or 0, _GROUP_ORDER.get(row.measure_group, 99)))
    return rows


def satisfaction_by_person(
    *,
    municipality_id: int,
    role: str,
    start: datetime.date,
    end: datetime.date,
    organization_ids: Collection[int] | None = None,
) -> dict[int, float]:
    """person_id -> the mean of the satisfaction items of the person's latest response in the period
    that has such items (any round of the municipality's programs in those organizations, the person
    answering in `role`)."""
    answers = Answer.objects.filter(
        question__counts_for_satisfaction=True,
        number__isnull=False,
        response__role=role,
        response__round__program__organization__municipality_id=municipality_id,
    ).filter(_day_range("response__", start, end))
    if organization_ids is not None:
        answers = answers.filter(response__round__program__organization_id__in=list(organization_ids))
    latest: dict[int, tuple[tuple[datetime.datetime, int], list[int]]] = {}
    for person_id, response_id, submitted_at, number in answers.values_list(
        "response__person_id", "response_id", "response__submitted_at", "number"
    ).iterator():
        if number is None:
            continue
        order = (submitted_at, response_id)
        current = latest.get(person_id)
        if current is None or current[0] < order:
            latest[person_id] = (order, [number])
        elif current[0] == order:
            current[1].append(number)
    return {person_id: round(fmean(numbers), 2) for person_id, (_, numbers) in latest.items()}


def response_rates(*, program_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """round_id -> (answered, invited), for the rounds of those programs."""
    invited = SurveyInvitation.objects.filter(round_id=OuterRef("pk")).order_by().values("round_id")
    answered = SurveyResponse.objects.filter(round_id=OuterRef("pk")).order_by().values("round_id")
    rows = (
        SurveyRound.objects.filter(program_id__in=list(program_ids))
        .annotate(
            invited_count=Coalesce(Subquery(invited.annotate(n=Count("id")).values("n")), 0),
            answered_count=Coalesce(Subquery(answered.annotate(n=Count("id")).values("n")), 0),
        )
        .values_list("pk", "answered_count", "invited_count")
    )
    return {pk: (answered_count, invited_count) for pk, answered_count, invited_count in rows}


def questionnaire_summary(*, program_id: int, start: datetime.date, end: datetime.date) -> list[ItemSummary]:
    """Per item of the questionnaires answered in the program's rounds in [start, end]: for a scale
    item the number of answers and the mean, for a choice item how many chose each option, for a free
    text item the number of answers. Items in the order of their questionnaire."""
    answers = Answer.objects.filter(response__round__program_id=program_id).filter(
        _day_range("response__", start, end)
    )
    numbers: dict[int, list[int]] = defaultdict(list)
    options: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[int, int] = defaultdict(int)
    for question_id, number, choices, text in answers.values_list(
        "question_id", "number", "choices", "text"
    ).iterator():
        if number is not None:
            numbers[question_id].append(number)
        for choice in choices or []:
            options[question_id][choice] += 1
        if number is not None or choices or text:
            counts[question_id] += 1
    questions = Question.objects.filter(pk__in=list(counts)).order_by(
        "questionnaire__purpose",
        "questionnaire__audience",
        "questionnaire__title",
        "questionnaire_id",
        "position",
    )
    summary = []
    for question in questions:
        option_counts: dict[str, int] = {}
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            chosen = options[question.pk]
            option_counts = {option: chosen.get(option, 0) for option in question.options}
            option_counts.update({option: n for option, n in chosen.items() if option not in option_counts})
        values = numbers.get(question.pk)
        summary.append(
            ItemSummary(
                question_id=question.pk,
                text=question.text,
                kind=question.kind,
                count=counts[question.pk],
                mean=round(fmean(values), 2) if values and question.kind == QuestionKind.SCALE else None,
                option_counts=option_counts,
            )
        )
    return summary
