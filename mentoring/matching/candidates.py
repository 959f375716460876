"""Candidates of a program and the scores of every allowed pair, computed for whole bases at once.

The database is read in a fixed number of queries; rules and scores are NumPy arrays over
(mentee, mentor), so a district-sized program (thousands of mentees, hundreds of mentors) takes a
fraction of a second. Each score is a weighted sum of parts in [0, 1]; the points of every part are
rounded to hundredths first and the score is their sum, so an explanation always adds up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mentoring.matching.availability import day_list, days_mask
from mentoring.matching.models import MatchingSettings, PairRule, PairRuleKind, Preference, PreferenceSide
from mentoring.people.models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    MenteeStatus,
    MentorCompetency,
    MentorProfile,
    PersonCategory,
    RequestPriority,
    TrainingStatus,
    valid_consent_q,
)
from mentoring.people.normalize import normalize_text
from mentoring.programs.models import Program

PARTS = ("requests", "preferences", "priority", "availability", "gap")
PART_LABELS = {
    "requests": "Запросы и компетенции",
    "preferences": "Пожелания сторон",
    "priority": "Приоритет наставляемого",
    "availability": "Удобные дни",
    "gap": "Разница в классе или стаже",
}
DEFAULT_WEIGHTS = {"requests": 45, "preferences": 20, "priority": 15, "availability": 10, "gap": 10}
# A request of high priority counts twice as much as a normal one when the coverage is measured.
REQUEST_WEIGHT: dict[int, float] = {
    RequestPriority.HIGH: 2.0,
    RequestPriority.NORMAL: 1.0,
    RequestPriority.LOW: 0.5,
}
MENTEE_RANK_VALUE = {1: 1.0, 2: 0.75, 3: 0.5}
NEUTRAL = 0.5  # a part that cannot be judged (days not given) neither helps nor harms a pair


@dataclass(frozen=True, slots=True)
class MenteeRow:
    """What scoring needs of a mentee: plain values, read without building model objects."""

    pk: int
    person_id: int
    grade: int | None
    is_pupil: bool
    experience: int | None
    subtype_name: str | None
    subtype_priority: int | None
    availability: str


@dataclass(frozen=True, slots=True)
class MentorRow:
    pk: int
    person_id: int
    grade: int | None
    is_pupil: bool
    experience: int | None
    capacity: int
    active_mentees: int
    availability: str


@dataclass
class Candidates:
    """Everything matching knows about a program, as parallel lists and arrays."""

    program: Program
    weights: dict[str, int]
    mentees: list[MenteeRow]
    mentors: list[MentorRow]
    mentor_capacity: np.ndarray  # free places in this program (never negative)
    allowed: np.ndarray  # bool (n, m)
    parts: dict[str, np.ndarray]  # name -> float (n, m) in [0, 1]
    points: dict[str, np.ndarray]  # name -> float (n, m), rounded to hundredths
    score: np.ndarray  # float (n, m), the sum of points
    locked: list[tuple[int, int]] = field(default_factory=list)  # (mentee index, mentor index)
    excluded: list[tuple[int, int]] = field(default_factory=list)
    # What explanations need: requests of each mentee, days, preference ranks.
    request_keys: list[list[tuple[int | None, int | None, str, float]]] = field(default_factory=list)
    mentor_keys: list[tuple[set[int], set[tuple[int, int]], set[str]]] = field(default_factory=list)
    mentee_days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    mentor_days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    mentee_rank: dict[tuple[int, int], int] = field(default_factory=dict)
    mentor_rank: dict[tuple[int, int], int] = field(default_factory=dict)

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        mentee_index, mentor_index = np.nonzero(self.allowed)
        return mentee_index, mentor_index, self.score[mentee_index, mentor_index]

    def explain(self, i: int, j: int) -> dict[str, dict[str, object]]:
        """The parts of the pair's score with their points and what they stand for, in Russian."""
        return {
            name: {
                "label": PART_LABELS[name],
                "points": round(float(self.points[name][i, j]), 2),
                "weight": self.weights[name],
                "detail": self._detail(name, i, j),
            }
            for name in PARTS
        }

    def _detail(self, name: str, i: int, j: int) -> str:
        mentee, mentor = self.mentees[i], self.mentors[j]
        if name == "requests":
            requests = self.request_keys[i]
            if not requests:
                return "у наставляемого нет открытых запросов этого года"
            covered = [key for key in requests if _covers(self.mentor_keys[j], key)]
            return f"покрыто запросов: {len(covered)} из {len(requests)}"
        if name == "preferences":
            said = []
            if (i, j) in self.mentee_rank:
                said.append(f"наставляемый назвал наставника {self.mentee_rank[i, j]}-м")
            if (i, j) in self.mentor_rank:
                said.append(f"наставник назвал наставляемого {self.mentor_rank[i, j]}-м")
            return "; ".join(said) or "пожеланий нет"
        if name == "priority":
            if mentee.subtype_name is None:
                return "подтип не указан"
            return f"подтип «{mentee.subtype_name}», приоритет {mentee.subtype_priority} из 5"
        if name == "availability":
            a, b = int(self.mentee_days[i]), int(self.mentor_days[j])
            if not a or not b:
                return "дни не указаны у одной из сторон"
            common = day_list(a & b)
            return f"общие дни: {common}" if common else "общих дней нет"
        if mentee.is_pupil and mentor.is_pupil and mentee.grade and mentor.grade:
            return f"{mentor.grade} и {mentee.grade} класс"
        if mentee.experience is not None and mentor.experience is not None:
            return f"стаж {mentor.experience} и {mentee.experience} лет"
        return "не применяется"


def weights_of(program: Program) -> dict[str, int]:
    settings = MatchingSettings.objects.filter(program=program).first()
    if settings is None:
        return dict(DEFAULT_WEIGHTS)
    return {name: getattr(settings, f"weight_{name}") for name in PARTS}


def _mentor_organizations(program: Program) -> list[int]:
    settings = MatchingSettings.objects.filter(program=program).first()
    extra = list(settings.mentor_organizations.values_list("pk", flat=True)) if settings else []
    return [program.organization_id, *extra]


def _covers(keys: tuple[set[int], set[tuple[int, int]], set[str]], request: tuple) -> bool:
    """Does a mentor with these competencies cover the request (area and subject, or the same words)?"""
    any_subject_areas, subject_areas, texts = keys
    area, subject, text, _ = request
    if area is not None:
        if area in any_subject_areas:
            return True
        if subject is None:
            return any(pair[0] == area for pair in subject_areas)
        return (area, subject) in subject_areas
    return bool(text) and text in texts


def _with_consent(day: datetime.date) -> Exists:
    return Exists(Consent.objects.filter(valid_consent_q(day), person=OuterRef("person_id")))


def candidate_mentees(program: Program, *, day: datetime.date | None = None) -> QuerySet[MenteeProfile]:
    """Mentees the program may place: waiting, of its organization, of the form's categories and
    sub-types, not archived, with a valid consent."""
    day = day or timezone.localdate()
    form = program.form
    mentees = MenteeProfile.objects.filter(
        status=MenteeStatus.WAITING,
        person__organization_id=program.organization_id,
        person__is_archived=False,
        person__category__in=form.mentee_categories.all(),
    ).filter(_with_consent(day))
    subtypes = list(form.mentee_subtypes.values_list("pk", flat=True))
    if subtypes:
        # A mentee whose sub-type is not recorded yet is not turned away for it.
        mentees = mentees.filter(Q(subtype_id__in=subtypes) | Q(subtype__isnull=True))
    return mentees.select_related("person", "person__category", "subtype").order_by(
        "person__last_name", "person__first_name", "pk"
    )


def candidate_mentors(program: Program, *, day: datetime.date | None = None) -> QuerySet[MentorProfile]:
    """Mentors who may serve in the program: ready, serving its form, of its organization or of those
    it names, of the form's categories, trained if the program asks, with a valid consent. Mentors
    whose places are all taken are included: they explain why a mentee stays without a pair."""
    day = day or timezone.localdate()
    form = program.form
    mentors = MentorProfile.objects.filter(
        is_active=True,
        forms=form,
        person__organization_id__in=_mentor_organizations(program),
        person__is_archived=False,
        person__category__in=form.mentor_categories.all(),
    ).filter(_with_consent(day))
    if program.requires_trained_mentors:
        mentors = mentors.filter(training_status=TrainingStatus.TRAINED)
    return mentors.select_related("person", "person__category", "person__organization").order_by(
        "person__last_name", "person__first_name", "pk"
    )


def load_candidates(
    program: Program, *, day: datetime.date | None = None, mentee_ids: list[int] | None = None
) -> Candidates:
    """Reads the program's candidates and computes the allowed pairs and their scores.

    `mentee_ids` restricts the mentees (to explain one mentee's alternatives) without changing the
    mentors' side."""
    day = day or timezone.localdate()
    form = program.form
    school_year = day.year if day.month >= 9 else day.year - 1
    mentees_query = candidate_mentees(program, day=day)
    if mentee_ids is not None:
        mentees_query = mentees_query.filter(pk__in=mentee_ids)
    mentees = [
        MenteeRow(pk, person_id, grade, code == PersonCategory.PUPIL, experience, subtype, priority, days)
        for pk, person_id, grade, code, experience, subtype, priority, days in mentees_query.values_list(
            "pk",
            "person_id",
            "person__grade",
            "person__category__code",
            "person__experience_years",
            "subtype__name",
            "subtype__priority",
            "availability",
        )
    ]
    mentors = [
        MentorRow(pk, person_id, grade, code == PersonCategory.PUPIL, experience, capacity, active, days)
        for pk, person_id, grade, code, experience, capacity, active, days in candidate_mentors(
            program, day=day
        ).values_list(
            "pk",
            "person_id",
            "person__grade",
            "person__category__code",
            "person__experience_years",
            "capacity",
            "active_mentees",
            "availability",
        )
    ]
    mentee_index = {mentee.pk: i for i, mentee in enumerate(mentees)}
    mentor_index = {mentor.pk: j for j, mentor in enumerate(mentors)}
    requests_by_mentee: dict[int, list[tuple[int | None, int | None, str, float]]] = {}
    open_requests = MenteeRequest.objects.filter(is_open=True, school_year=school_year)
    open_requests = (
        open_requests.filter(mentee_id__in=mentee_ids)
        if mentee_ids is not None
        else open_requests.filter(mentee__in=candidate_mentees(program, day=day).order_by().values("pk"))
    )
    for mentee_id, area, subject, text, priority in open_requests.values_list(
        "mentee_id", "area_id", "subject_id", "text", "priority"
    ):
        requests_by_mentee.setdefault(mentee_id, []).append(
            (area, subject, normalize_text(text) if area is None else "", REQUEST_WEIGHT.get(priority, 1.0))
        )
    competencies_by_mentor: dict[int, tuple[set[int], set[tuple[int, int]], set[str]]] = {
        mentor.pk: (set(), set(), set()) for mentor in mentors
    }
    for mentor_id, area, subject, text in MentorCompetency.objects.filter(
        mentor__in=candidate_mentors(program, day=day).order_by().values("pk")
    ).values_list("mentor_id", "area_id", "subject_id", "text"):
        any_subject, with_subject, texts = competencies_by_mentor[mentor_id]
        if area is None:
            texts.add(normalize_text(text))
        elif subject is None:
            any_subject.add(area)
        else:
            with_subject.add((area, subject))

    n, m = len(mentees), len(mentors)
    weights = weights_of(program)
    capacity = np.array(
        [max(0, min(mentor.capacity - mentor.active_mentees, program.max_group_size)) for mentor in mentors],
        dtype=np.int64,
    )

    # --- hard rules -------------------------------------------------------------------------------
    mentee_person = np.array([mentee.person_id for mentee in mentees], dtype=np.int64)
    mentor_person = np.array([mentor.person_id for mentor in mentors], dtype=np.int64)
    allowed = mentee_person[:, None] != mentor_person[None, :]
    mentee_grade = np.array([_grade(row) for row in mentees], dtype=np.float64)
    mentor_grade = np.array([_grade(row) for row in mentors], dtype=np.float64)
    grade_gap = mentor_grade[None, :] - mentee_grade[:, None]  # NaN where a side is not a pupil
    if form.min_class_gap is not None:
        both_pupils = ~np.isnan(grade_gap)
        mentee_pupil = np.array([row.is_pupil for row in mentees], dtype=bool)
        mentor_pupil = np.array([row.is_pupil for row in mentors], dtype=bool)
        pupil_pair = mentee_pupil[:, None] & mentor_pupil[None, :]
        # A pupil pair with a class missing cannot be checked and is not allowed (the rule says why).
        allowed &= ~pupil_pair | (both_pupils & (np.nan_to_num(grade_gap, nan=-99) >= form.min_class_gap))

    locked, excluded = [], []
    for rule in PairRule.objects.filter(program=program).values("mentee_id", "mentor_id", "kind"):
        i, j = mentee_index.get(rule["mentee_id"]), mentor_index.get(rule["mentor_id"])
        if i is None or j is None:
            continue
        if rule["kind"] == PairRuleKind.EXCLUDE:
            allowed[i, j] = False
            excluded.append((i, j))
        else:
            locked.append((i, j))

    # --- parts of the score -----------------------------------------------------------------------
    request_keys = [requests_by_mentee.get(mentee.pk, []) for mentee in mentees]
    mentor_keys = [competencies_by_mentor[mentor.pk] for mentor in mentors]
    requests_part = _coverage(request_keys, mentor_keys, n, m)

    mentee_rank: dict[tuple[int, int], int] = {}
    mentor_rank: dict[tuple[int, int], int] = {}
    preferences_part = np.zeros((n, m))
    for preference in Preference.objects.filter(program=program).values(
        "side", "mentee_id", "mentor_id", "rank"
    ):
        i, j = mentee_index.get(preference["mentee_id"]), mentor_index.get(preference["mentor_id"])
        if i is None or j is None:
            continue
        if preference["side"] == PreferenceSide.MENTEE:
            mentee_rank[i, j] = preference["rank"]
            preferences_part[i, j] += MENTEE_RANK_VALUE.get(preference["rank"], 0.5) / 2
        else:
            mentor_rank[i, j] = preference["rank"]
            preferences_part[i, j] += max(0.2, 1.0 - 0.2 * (preference["rank"] - 1)) / 2

    mentee_priority = np.array([((row.subtype_priority or 1) - 1) / 4 for row in mentees], dtype=np.float64)
    priority_part = np.broadcast_to(mentee_priority[:, None], (n, m))

    mentee_days = np.array([days_mask(mentee.availability) for mentee in mentees], dtype=np.int64)
    mentor_days = np.array([days_mask(mentor.availability) for mentor in mentors], dtype=np.int64)
    availability_part = _availability(mentee_days, mentor_days)

    mentee_experience = np.array([_experience(row.experience) for row in mentees], dtype=np.float64)
    mentor_experience = np.array([_experience(row.experience) for row in mentors], dtype=np.float64)
    gap_part = _gap(grade_gap, mentor_experience[None, :] - mentee_experience[:, None])

    parts = {
        "requests": requests_part,
        "preferences": preferences_part,
        "priority": priority_part,
        "availability": availability_part,
        "gap": gap_part,
    }
    total_weight = sum(weights.values()) or 1
    points = {name: np.round(parts[name] * (100.0 * weights[name] / total_weight), 2) for name in PARTS}
    score = np.round(sum(points.values()), 2) if n and m else np.zeros((n, m))
    return Candidates(
        program=program,
        weights=weights,
        mentees=mentees,
        mentors=mentors,
        mentor_capacity=capacity,
        allowed=allowed,
        parts=parts,
        points=points,
        score=np.asarray(score, dtype=np.float64).reshape(n, m),
        locked=locked,
        excluded=excluded,
        request_keys=request_keys,
        mentor_keys=mentor_keys,
        mentee_days=mentee_days,
        mentor_days=mentor_days,
        mentee_rank=mentee_rank,
        mentor_rank=mentor_rank,
    )


def _grade(row: MenteeRow | MentorRow) -> float:
    return float(row.grade) if row.is_pupil and row.grade is not None else np.nan


def _experience(years: int | None) -> float:
    return np.nan if years is None else float(years)


def _coverage(
    request_keys: list[list[tuple[int | None, int | None, str, float]]],
    mentor_keys: list[tuple[set[int], set[tuple[int, int]], set[str]]],
    n: int,
    m: int,
) -> np.ndarray:
    """Share of each mentee's requests (weighted by priority) that each mentor's competencies cover."""
    distinct: dict[tuple[int | None, int | None, str], int] = {}
    for requests in request_keys:
        for area, subject, text, _ in requests:
            distinct.setdefault((area, subject, text), len(distinct))
    if not distinct or not m:
        return np.zeros((n, m))
    covered = np.zeros((len(distinct), m))
    for (area, subject, text), k in distinct.items():
        for j, keys in enumerate(mentor_keys):
            covered[k, j] = _covers(keys, (area, subject, text, 1.0))
    demand = np.zeros((n, len(distinct)))
    for i, requests in enumerate(request_keys):
        total = sum(weight for *_, weight in requests)
        for area, subject, text, weight in requests:
            demand[i, distinct[area, subject, text]] += weight / total
    return np.clip(demand @ covered, 0.0, 1.0)


_POPCOUNT = np.array([bin(mask).count("1") for mask in range(128)], dtype=np.float64)


def _availability(mentee_days: np.ndarray, mentor_days: np.ndarray) -> np.ndarray:
    """Share of the mentee's days the mentor also has; neutral when either side gave no days."""
    common = _POPCOUNT[mentee_days[:, None] & mentor_days[None, :]]
    own = _POPCOUNT[mentee_days][:, None]
    known = (mentee_days[:, None] > 0) & (mentor_days[None, :] > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(known, common / np.maximum(own, 1), NEUTRAL)


def _gap(grade_gap: np.ndarray, experience_gap: np.ndarray) -> np.ndarray:
    """Pupils: a mentor two to four classes older is best. Adults: ten more years of experience is best."""
    by_grade = np.select(
        [(grade_gap >= 2) & (grade_gap <= 4), (grade_gap == 1) | (grade_gap == 5), grade_gap >= 6],
        [1.0, 0.75, 0.5],
        default=0.0,
    )
    by_experience = np.clip(np.nan_to_num(experience_gap, nan=0.0) / 10.0, 0.0, 1.0)
    return np.where(
        ~np.isnan(grade_gap), by_grade, np.where(~np.isnan(experience_gap), by_experience, NEUTRAL)
    )
