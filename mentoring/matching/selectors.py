"""Reads for the matching pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Greatest, Least
from django.http import HttpRequest

from mentoring.matching.candidates import candidate_mentees, candidate_mentors, load_candidates
from mentoring.matching.models import (
    MatchingRun,
    PairRule,
    Preference,
    ProposedPair,
    RunStatus,
    UnmatchedMentee,
)
from mentoring.people.models import MenteeProfile, MentorProfile
from mentoring.programs.models import Program


@dataclass(frozen=True)
class Overview:
    mentees: int
    mentors: int
    free_places: int


def overview(program: Program) -> Overview:
    """How many mentees wait and how many places the program's mentors have free (three queries)."""
    mentors = candidate_mentors(program).order_by()
    places = mentors.aggregate(
        free=Sum(Greatest(Least(F("capacity") - F("active_mentees"), program.max_group_size), 0))
    )["free"]
    return Overview(
        mentees=candidate_mentees(program).order_by().count(),
        mentors=mentors.count(),
        free_places=int(places or 0),
    )


def runs_of(program: Program) -> QuerySet[MatchingRun]:
    return MatchingRun.objects.filter(program=program).select_related("started_by", "confirmed_by")


def current_run(program: Program) -> MatchingRun | None:
    """The run a curator works with: the one in progress, or the latest proposal."""
    return (
        runs_of(program)
        .filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PROPOSED])
        .order_by("-created_at", "-id")
        .first()
    )


def rules_of(program: Program) -> QuerySet[PairRule]:
    return (
        PairRule.objects.filter(program=program)
        .select_related("mentee__person", "mentor__person", "created_by")
        .order_by("kind", "mentee__person__last_name", "id")
    )


def preferences_of(program: Program) -> QuerySet[Preference]:
    return (
        Preference.objects.filter(program=program)
        .select_related("mentee__person", "mentor__person")
        .order_by("side", "mentee__person__last_name", "mentor__person__last_name", "rank")
    )


@dataclass
class Group:
    mentor: MentorProfile
    pairs: list[ProposedPair]

    @property
    def total(self) -> float:
        return float(sum(pair.score for pair in self.pairs))


def proposal_page(request: HttpRequest, run: MatchingRun, *, per_page: int = 30) -> tuple[Page, list[Group]]:
    """A page of the proposal's groups, by mentor's name (two queries besides the count)."""
    mentor_ids = (
        ProposedPair.objects.filter(run=run)
        .values("mentor_id")
        .annotate(size=Count("id"))
        .order_by("mentor__person__last_name", "mentor__person__first_name", "mentor_id")
        .values_list("mentor_id", flat=True)
    )
    page = Paginator(mentor_ids, per_page).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    pairs = (
        ProposedPair.objects.filter(run=run, mentor_id__in=ids)
        .select_related("mentee__person", "mentee__subtype", "mentor__person", "mentor__person__organization")
        .order_by("-score", "mentee__person__last_name", "id")
    )
    grouped: dict[int, Group] = {}
    for pair in pairs:
        grouped.setdefault(pair.mentor_id, Group(mentor=pair.mentor, pairs=[])).pairs.append(pair)
    return page, [grouped[mentor_id] for mentor_id in ids if mentor_id in grouped]


def unmatched_of(run: MatchingRun) -> QuerySet[UnmatchedMentee]:
    return run.unmatched.select_related("mentee__person").order_by(
        "reason", "mentee__person__last_name", "id"
    )


@dataclass(frozen=True)
class Alternative:
    mentor: MentorProfile
    score: float
    difference: float
    free_in_proposal: int
    is_current: bool
    parts: dict[str, dict[str, object]]


def alternatives_for(
    run: MatchingRun, mentee: MenteeProfile
) -> tuple[ProposedPair | None, list[Alternative]]:
    """Every mentor the mentee may have, with the pair's score and what a move costs against the
    current pair (before the rest of the proposal is re-optimised around it)."""
    current = run.pairs.filter(mentee=mentee).select_related("mentor__person").first()
    candidates = load_candidates(run.program, mentee_ids=[mentee.pk])
    if not candidates.mentees:
        return current, []
    taken = dict(run.pairs.values("mentor_id").annotate(size=Count("id")).values_list("mentor_id", "size"))
    current_score = float(current.score) if current else 0.0
    allowed = [j for j in range(len(candidates.mentors)) if candidates.allowed[0, j]]
    profiles = MentorProfile.objects.select_related("person", "person__organization").in_bulk(
        [candidates.mentors[j].pk for j in allowed]
    )
    alternatives = []
    for j in allowed:
        mentor = profiles[candidates.mentors[j].pk]
        score = float(candidates.score[0, j])
        alternatives.append(
            Alternative(
                mentor=mentor,
                score=score,
                difference=round(score - current_score, 2),
                free_in_proposal=int(candidates.mentor_capacity[j]) - taken.get(mentor.pk, 0),
                is_current=current is not None and current.mentor_id == mentor.pk,
                parts=candidates.explain(0, j),
            )
        )
    alternatives.sort(key=lambda a: (-a.score, a.mentor.person.last_name))
    return current, alternatives


def mentees_for_wishes(program: Program) -> QuerySet[MenteeProfile]:
    return candidate_mentees(program)


def mentors_for_wishes(program: Program) -> QuerySet[MentorProfile]:
    return candidate_mentors(program)


def previous_total(run: MatchingRun) -> float | None:
    """The total of the run before this one (to show what a re-run or a move changed)."""
    earlier = (
        MatchingRun.objects.filter(program_id=run.program_id, created_at__lt=run.created_at)
        .filter(Q(status=RunStatus.SUPERSEDED) | Q(status=RunStatus.DISCARDED))
        .order_by("-created_at")
        .values_list("total_score", "matched")
        .first()
    )
    return float(earlier[0]) if earlier else None
