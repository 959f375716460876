"""Exact mentor–mentee matching: first the most matched mentees, then the highest total score.

Pure Python with NumPy and OR-Tools, no Django: the services call `solve` or `solve_labelled`, and
`python -m mentoring.matching.engine INPUT --output OUTPUT` runs it on a JSON or `.npz` file.

The problem is a bipartite b-matching (each mentee takes at most one mentor, mentor j at most
`capacity[j]` mentees) with a lexicographic objective. Scores are turned into integer hundredths,
so every comparison is exact. How the optimum is found (docs/decisions/0005-matching-engine.md):

0. Mentees (not locked) whose rows — allowed mentors with their scores — are identical are merged
   into classes when that at least halves the node count: real programs build scores from a few
   weighted parts, so rows repeat. The class graph is a transportation problem (a class is one
   source with supply = its size) with the same optimum; OR-Tools solves it whole and each class
   hands its flow out to its members. Hashes only propose classes; rows are compared key by key.
1. Small problems go straight to OR-Tools' max-flow-then-min-cost on the whole graph, and so do
   mid-sized ones with few distinct scores (ties make the subgraph below degenerate).
2. Large ones are solved on a sparse subgraph. A cheap Jacobi auction on the few best edges of each
   mentee and each mentor seat prices the mentors; the subgraph keeps, for every mentee, the edges
   whose value (score − price) is close to its best one. OR-Tools solves the subgraph exactly.
3. Optimality on the WHOLE graph is then proved with LP duality. From the subgraph optimum we build
   dual prices (u for mentees, v for mentors) of the objective Σ(K + score) with K > total score, so
   cardinality dominates; complementary slackness holds by construction, and an edge (i, j) outside
   the subgraph is fine when u[i] + v[j] ≥ K + score. Violating edges are added: a few are repaired
   locally (a limited Dijkstra per edge cancels negative cycles), many mean another solve; then the
   certificate is built and checked again. With no violation left the matching is optimal for the
   whole graph, not a guess: the heuristics only decide how fast we get there.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

NO_ALLOWED_MENTOR = "no_allowed_mentor"
ALL_MENTORS_FULL = "all_mentors_full"

SCORE_SCALE = 100  # scores are kept as integer hundredths
MAX_SCORE = 100
MAX_UNITS = MAX_SCORE * SCORE_SCALE

# Below this many allowed edges the whole graph goes to OR-Tools directly.
DIRECT_EDGE_LIMIT = 150_000
# Mentees with identical rows (same mentors, same scores) are merged into one class node when the
# classes number at most this share of the mentees (judged first on a sample of MERGE_SAMPLE
# mentees) and the class graph has at most MERGED_EDGE_LIMIT edges; OR-Tools then solves it whole.
MERGE_MAX_RATIO = 0.5
MERGE_SAMPLE = 2048
MERGED_EDGE_LIMIT = 2_000_000
# Up to this many edges, a graph with at most TIED_SCORE_LEVELS distinct scores also goes to
# OR-Tools whole: with so many ties the near-best subgraph keeps most edges and still misses some,
# so the auction and a second solve cost more than the direct solve (2.7× on a 1 M-edge district).
TIED_DIRECT_EDGE_LIMIT = 2_000_000
TIED_SCORE_LEVELS = 256
# Candidate edges for the pricing auction: the best few per mentee and per mentor seat.
AUCTION_PER_MENTEE = 8
AUCTION_PER_SEAT = 3
# Auction phases: the bid increment in hundredths; prices are approximate, exactness comes from the
# certificate.
AUCTION_EPSILONS = (200,)
# Rounds per phase; the last few bidders only refine prices that are already good enough.
AUCTION_MAX_ROUNDS = 1000
# A phase also ends when fewer than n / AUCTION_TAIL mentees are still bidding.
AUCTION_TAIL = 128
# The subgraph keeps the edges whose value is within this many hundredths of the mentee's best one.
NEAR_BEST = 1000
# Up to this many (violated edges × subgraph size) the violated edges are repaired locally (a
# limited Dijkstra per edge) instead of solving the subgraph again.
REPAIR_BUDGET = 50_000_000
_CHUNK = 1 << 20
_INF = np.int64(1) << np.int64(61)

Int = NDArray[np.int64]
Int32 = NDArray[np.int32]
Bool = NDArray[np.bool_]
Float = NDArray[np.float64]


class InvalidProblem(ValueError):
    """The input is malformed: wrong shapes, unknown ids, negative capacities, bad scores."""


class InfeasibleLocks(ValueError):
    """The locked pairs cannot all hold at once; the message says which one and why (in Russian)."""


@dataclass(frozen=True, eq=False)
class Problem:
    n_mentees: int
    mentor_capacity: np.ndarray  # int, shape (m,)
    edge_mentee: np.ndarray  # int, shape (E,)
    edge_mentor: np.ndarray  # int, shape (E,)
    edge_score: np.ndarray  # float, shape (E,), 0..100 with at most two decimals
    locked: np.ndarray  # int, shape (k, 2) [mentee, mentor]
    excluded: np.ndarray  # int, shape (q, 2) [mentee, mentor]


@dataclass(frozen=True, eq=False)
class Solution:
    mentor_of: np.ndarray  # int, shape (n,), -1 when unmatched
    edge_score_of: np.ndarray  # float, shape (n,), 0.0 when unmatched
    matched: int
    total_score: float
    unmatched_reason: dict[int, str]
    seconds: float


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def solve(problem: Problem) -> Solution:
    """The lexicographically optimal assignment (most mentees, then highest total score)."""
    return _solve(problem, None, None)


def solve_labelled(
    mentees: Sequence[Any],
    mentors: Sequence[tuple[Any, int]],
    edges: Iterable[tuple[Any, Any, float]],
    locked: Iterable[tuple[Any, Any]] = (),
    excluded: Iterable[tuple[Any, Any]] = (),
) -> dict[str, Any]:
    """`solve` on ids instead of indexes; returns the JSON-shaped answer with the ids as given."""
    problem, mentee_ids, mentor_ids = _labelled_problem(mentees, mentors, edges, locked, excluded)
    solution = _solve(problem, mentee_ids, mentor_ids)
    return _as_dict(solution, mentee_ids, mentor_ids)


def _labelled_problem(
    mentees: Sequence[Any],
    mentors: Sequence[tuple[Any, int]],
    edges: Iterable[tuple[Any, Any, float]],
    locked: Iterable[tuple[Any, Any]],
    excluded: Iterable[tuple[Any, Any]],
) -> tuple[Problem, list[Any], list[Any]]:
    mentee_ids = list(mentees)
    mentor_ids = [mentor for mentor, _ in mentors]
    mentee_index = _index_of(mentee_ids, "наставляемого")
    mentor_index = _index_of(mentor_ids, "наставника")
    capacities = []
    for mentor, capacity in mentors:
        if isinstance(capacity, bool) or not isinstance(capacity, int | np.integer):
            raise InvalidProblem(f"Вместимость наставника {mentor!s} должна быть целым числом.")
        capacities.append(int(capacity))
    edge_mentee: list[int] = []
    edge_mentor: list[int] = []
    edge_score: list[float] = []
    for mentee, mentor, score in edges:
        if mentee not in mentee_index:
            raise InvalidProblem(f"Допустимая пара ссылается на неизвестного наставляемого {mentee!s}.")
        if mentor not in mentor_index:
            raise InvalidProblem(f"Допустимая пара ссылается на неизвестного наставника {mentor!s}.")
        if isinstance(score, bool) or not isinstance(score, int | float | np.integer | np.floating):
            raise InvalidProblem(f"Оценка пары ({mentee!s}, {mentor!s}) должна быть числом.")
        edge_mentee.append(mentee_index[mentee])
        edge_mentor.append(mentor_index[mentor])
        edge_score.append(float(score))
    locked_pairs = []
    for mentee, mentor in locked:
        if mentee not in mentee_index or mentor not in mentor_index:
            raise InfeasibleLocks(
                f"Закреплённая пара ({mentee!s}, {mentor!s}) ссылается на неизвестного участника."
            )
        locked_pairs.append((mentee_index[mentee], mentor_index[mentor]))
    excluded_pairs = []
    for mentee, mentor in excluded:
        if mentee not in mentee_index or mentor not in mentor_index:
            raise InvalidProblem(
                f"Исключённая пара ({mentee!s}, {mentor!s}) ссылается на неизвестного участника."
            )
        excluded_pairs.append((mentee_index[mentee], mentor_index[mentor]))
    problem = Problem(
        n_mentees=len(mentee_ids),
        mentor_capacity=np.array(capacities, dtype=np.int64),
        edge_mentee=np.array(edge_mentee, dtype=np.int64),
        edge_mentor=np.array(edge_mentor, dtype=np.int64),
        edge_score=np.array(edge_score, dtype=np.float64),
        locked=np.array(locked_pairs, dtype=np.int64).reshape(-1, 2),
        excluded=np.array(excluded_pairs, dtype=np.int64).reshape(-1, 2),
    )
    return problem, mentee_ids, mentor_ids


def _as_dict(solution: Solution, mentee_ids: Sequence[Any], mentor_ids: Sequence[Any]) -> dict[str, Any]:
    pairs = []
    unmatched = []
    for i, j in enumerate(solution.mentor_of.tolist()):
        if j >= 0:
            pairs.append(
                {
                    "mentee": mentee_ids[i],
                    "mentor": mentor_ids[j],
                    "score": float(solution.edge_score_of[i]),
                }
            )
        else:
            unmatched.append({"mentee": mentee_ids[i], "reason": solution.unmatched_reason[i]})
    return {
        "pairs": pairs,
        "unmatched": unmatched,
        "matched": solution.matched,
        "total_score": solution.total_score,
    }


def _index_of(ids: Sequence[Any], what: str) -> dict[Any, int]:
    index: dict[Any, int] = {}
    for position, value in enumerate(ids):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise InvalidProblem(f"Идентификатор {what} должен быть строкой или целым числом: {value!r}.")
        if value in index:
            raise InvalidProblem(f"Идентификатор {what} {value!s} повторяется.")
        index[value] = position
    return index


# --------------------------------------------------------------------------------------------
# Validation, locks and exclusions
# --------------------------------------------------------------------------------------------


def _int_array(value: Any, name: str, *, ndim: int) -> Int:
    array = np.asarray(value)
    if array.size == 0:
        shape = (0,) if ndim == 1 else (0, 2)
        return np.zeros(shape, dtype=np.int64)
    if array.dtype.kind not in "iu":
        raise InvalidProblem(f"Массив {name} должен содержать целые числа.")
    if array.ndim != ndim or (ndim == 2 and array.shape[1] != 2):
        expected = "одномерным" if ndim == 1 else "формы (k, 2)"
        raise InvalidProblem(f"Массив {name} должен быть {expected}.")
    return array.astype(np.int64, copy=False)


def _solve(
    problem: Problem, mentee_names: Sequence[Any] | None, mentor_names: Sequence[Any] | None
) -> Solution:
    started = time.perf_counter()

    def mentee_name(i: int) -> str:
        return str(mentee_names[i]) if mentee_names is not None else str(i)

    def mentor_name(j: int) -> str:
        return str(mentor_names[j]) if mentor_names is not None else str(j)

    try:
        n = int(problem.n_mentees)
    except (TypeError, ValueError):
        raise InvalidProblem("Число наставляемых должно быть целым.") from None
    if n < 0:
        raise InvalidProblem("Число наставляемых не может быть отрицательным.")
    capacity = _int_array(problem.mentor_capacity, "mentor_capacity", ndim=1)
    m = capacity.size
    negative = np.flatnonzero(capacity < 0)
    if negative.size:
        j = int(negative[0])
        raise InvalidProblem(
            f"Вместимость наставника {mentor_name(j)} не может быть отрицательной: {int(capacity[j])}."
        )
    raw_mentee = np.asarray(problem.edge_mentee)
    raw_mentor = np.asarray(problem.edge_mentor)
    raw_score = np.asarray(problem.edge_score)
    if not (raw_mentee.ndim == raw_mentor.ndim == raw_score.ndim == 1) or not (
        raw_mentee.size == raw_mentor.size == raw_score.size
    ):
        raise InvalidProblem("Массивы допустимых пар должны быть одномерными и одной длины.")
    if raw_mentee.size and (raw_mentee.dtype.kind not in "iu" or raw_mentor.dtype.kind not in "iu"):
        raise InvalidProblem("Номера наставляемых и наставников в парах должны быть целыми.")
    if raw_score.size and raw_score.dtype.kind not in "iuf":
        raise InvalidProblem("Оценки пар должны быть числами.")
    edge_count = raw_mentee.size
    if edge_count:
        if int(raw_mentee.min()) < 0 or int(raw_mentee.max()) >= n:
            raise InvalidProblem("Допустимая пара ссылается на неизвестного наставляемого.")
        if int(raw_mentor.min()) < 0 or int(raw_mentor.max()) >= m:
            raise InvalidProblem("Допустимая пара ссылается на неизвестного наставника.")
        low, high = float(np.min(raw_score)), float(np.max(raw_score))
        if not (math.isfinite(low) and math.isfinite(high)) or low < 0 or high > MAX_SCORE:
            raise InvalidProblem("Оценка пары должна быть числом от 0 до 100.")
    edge_mentee = raw_mentee.astype(np.int32, copy=False) if n < 2**31 else raw_mentee
    edge_mentor = raw_mentor.astype(np.int32, copy=False) if m < 2**31 else raw_mentor
    units = np.rint(raw_score * SCORE_SCALE).astype(np.int32)

    locked = _int_array(problem.locked, "locked", ndim=2)
    excluded = _int_array(problem.excluded, "excluded", ndim=2)
    for i, j in locked.tolist():
        if not (0 <= i < n and 0 <= j < m):
            raise InfeasibleLocks(
                f"Закреплённая пара ({mentee_name(i) if 0 <= i < n else i}, "
                f"{mentor_name(j) if 0 <= j < m else j}) ссылается на неизвестного участника."
            )
    if excluded.size and (
        excluded[:, 0].min() < 0
        or excluded[:, 0].max() >= n
        or excluded[:, 1].min() < 0
        or excluded[:, 1].max() >= m
    ):
        raise InvalidProblem("Исключённая пара ссылается на неизвестного участника.")

    # Locks: one mentor per mentee, not on an excluded pair, within capacity, on an allowed edge.
    lock_of: dict[int, int] = {}
    for i, j in locked.tolist():
        if lock_of.get(i, j) != j:
            raise InfeasibleLocks(
                f"Наставляемый {mentee_name(i)} закреплён за разными наставниками: "
                f"{mentor_name(lock_of[i])} и {mentor_name(j)}."
            )
        lock_of[i] = j
    excluded_set = {(i, j) for i, j in excluded.tolist()}
    for i, j in lock_of.items():
        if (i, j) in excluded_set:
            raise InfeasibleLocks(
                f"Закреплённая пара ({mentee_name(i)}, {mentor_name(j)}) одновременно исключена."
            )
    locks_per_mentor = np.bincount(
        np.fromiter(lock_of.values(), dtype=np.int64, count=len(lock_of)), minlength=m
    )
    over = np.flatnonzero(locks_per_mentor > capacity)
    if over.size:
        j = int(over[0])
        raise InfeasibleLocks(
            f"Закреплённые пары превышают вместимость наставника {mentor_name(j)}: "
            f"закреплено {int(locks_per_mentor[j])}, мест {int(capacity[j])}."
        )

    # Edges of locked mentees and excluded edges leave the problem; only their few candidates are
    # looked at one by one.
    keep = np.ones(edge_count, dtype=bool)
    lock_units: dict[int, int] = {}
    if lock_of or excluded_set:
        touched = np.zeros(n, dtype=bool)
        touched[list(lock_of)] = True
        touched[[i for i, _ in excluded_set]] = True
        candidates = np.flatnonzero(touched[edge_mentee])
        for e, i, j, u in zip(
            candidates.tolist(),
            edge_mentee[candidates].tolist(),
            edge_mentor[candidates].tolist(),
            units[candidates].tolist(),
            strict=True,
        ):
            if i in lock_of:
                keep[e] = False
                if lock_of[i] == j:
                    lock_units[i] = max(lock_units.get(i, -1), u)
            elif (i, j) in excluded_set:
                keep[e] = False
        for i, j in lock_of.items():
            if i not in lock_units:
                raise InfeasibleLocks(
                    f"Закреплённая пара ({mentee_name(i)}, {mentor_name(j)}) не входит в допустимые пары."
                )
    allowed = np.bincount(edge_mentee[keep], minlength=n) if edge_count else np.zeros(n, np.int64)
    seats = capacity - locks_per_mentor
    keep &= seats[edge_mentor] > 0  # a mentor with no free seat can never take a mentee
    if keep.all():
        core_mentee, core_mentor, core_units = edge_mentee, edge_mentor, units
    else:
        core_mentee, core_mentor, core_units = edge_mentee[keep], edge_mentor[keep], units[keep]
    del keep

    mentor_of, chosen = _solve_core(n, seats, core_mentee, core_mentor, core_units)

    for i, j in lock_of.items():
        mentor_of[i] = j
        chosen[i] = lock_units[i]
    matched_mask = mentor_of >= 0
    reasons = {
        i: (NO_ALLOWED_MENTOR if allowed[i] == 0 else ALL_MENTORS_FULL)
        for i in np.flatnonzero(~matched_mask).tolist()
    }
    total_units = int(chosen[matched_mask].sum())
    return Solution(
        mentor_of=mentor_of,
        edge_score_of=np.where(matched_mask, chosen / SCORE_SCALE, 0.0),
        matched=int(matched_mask.sum()),
        total_score=round(total_units / SCORE_SCALE, 2),
        unmatched_reason=reasons,
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------------------------
# The exact core
# --------------------------------------------------------------------------------------------


def _solve_core(
    n: int,
    capacity: Int,
    edge_mentee: NDArray[np.integer],
    edge_mentor: NDArray[np.integer],
    units: Int32,
    *,
    stats: dict[str, Any] | None = None,
) -> tuple[Int, Int]:
    """Mentor of each mentee (-1 if none) and the chosen edge's score in hundredths.

    Every edge here has a mentor with a free seat. Duplicate edges are harmless: the optimum takes
    the best copy, because swapping a copy for a better one of the same pair would improve it.
    """
    mentor_of = np.full(n, -1, dtype=np.int64)
    chosen = np.zeros(n, dtype=np.int64)
    if edge_mentee.size == 0 or n == 0:
        return mentor_of, chosen
    active = np.bincount(edge_mentee, minlength=n) > 0
    if not bool(active.all()):
        # Mentees without edges (locked, or with nothing allowed) would only enlarge every graph.
        local = np.cumsum(active) - 1
        inner_of, inner_chosen = _solve_core(
            int(active.sum()),
            capacity,
            local[edge_mentee].astype(edge_mentee.dtype),
            edge_mentor,
            units,
            stats=stats,
        )
        mentor_of[active] = inner_of
        chosen[active] = inner_chosen
        return mentor_of, chosen
    m = capacity.size
    merged = _merge_identical_rows(n, m, edge_mentee, edge_mentor, units)
    if merged is not None:
        class_of, class_mentee, class_mentor, class_units = merged
        supply = np.bincount(class_of)
        flows = _flows(supply.size, capacity, class_mentee, class_mentor, class_units, supply)
        members, edge = _hand_out(class_of, class_mentee, flows)
        mentor_of[members] = class_mentor[edge]
        chosen[members] = class_units[edge]
        if stats is not None:
            stats.update(path="merged", rounds=1, classes=int(supply.size), subgraph_edges=int(flows.size))
        return mentor_of, chosen
    direct = edge_mentee.size <= DIRECT_EDGE_LIMIT or (
        edge_mentee.size <= TIED_DIRECT_EDGE_LIMIT
        and np.count_nonzero(np.bincount(units, minlength=MAX_UNITS + 1)) <= TIED_SCORE_LEVELS
    )
    if direct:
        flow = _min_cost_flow(n, capacity, edge_mentee, edge_mentor, units)
        mentor_of[edge_mentee[flow]] = edge_mentor[flow]
        chosen[edge_mentee[flow]] = units[flow]
        if stats is not None:
            stats.update(path="direct", rounds=1, subgraph_edges=int(edge_mentee.size))
        return mentor_of, chosen

    clock = _Clock(stats)
    big = MAX_UNITS * n + 1  # K: one more matched mentee outweighs any score difference
    # The auction's value of a match beyond its score. Where seats are short anyway, prices climb
    # past any such bonus before mentees give up, so start them there (bonus 0) to save rounds.
    seekers = int(np.count_nonzero(np.bincount(edge_mentee, minlength=n)))
    seats = int(capacity[np.bincount(edge_mentor, minlength=m) > 0].sum())
    offset = 0 if seekers > seats else MAX_UNITS + 1
    with clock("auction"):
        prices, assigned = _auction_prices(n, capacity, edge_mentee, edge_mentor, units, offset)
    with clock("near_best"):
        subgraph = _near_best(n, edge_mentee, edge_mentor, units, prices, assigned)
    guess, guess_offset = prices, offset
    sub = np.flatnonzero(subgraph)
    del subgraph
    sub_mentee = edge_mentee[sub].astype(np.int64)
    sub_mentor = edge_mentor[sub].astype(np.int64)
    sub_units = units[sub].astype(np.int64)
    flow = np.zeros(sub.size, dtype=bool)
    violations: list[int] = []
    solves = 0
    depth = 0
    repairs = 0
    while True:
        duals = None
        if solves:
            # The assignment (repaired, or as it was with the added edges) may already be optimal:
            # try to certify it before paying for another solve. Giving up early only costs a solve.
            with clock("duals"):
                duals = _dual_prices(
                    n,
                    m,
                    capacity,
                    sub_mentee,
                    sub_mentor,
                    sub_units,
                    flow,
                    big,
                    guess,
                    guess_offset,
                    max_rounds=4 * depth + 50,
                )
        if duals is None:
            with clock("min_cost_flow"):
                flow = _min_cost_flow(n, capacity, sub_mentee, sub_mentor, sub_units)
            solves += 1
            with clock("duals"):
                duals = _dual_prices(
                    n,
                    m,
                    capacity,
                    sub_mentee,
                    sub_mentor,
                    sub_units,
                    flow,
                    big,
                    guess,
                    guess_offset,
                    max_rounds=m + 1,
                )
            if duals is None:  # pragma: no cover - would mean OR-Tools returned a non-optimum
                raise RuntimeError("no dual prices for an optimal assignment of the subgraph")
        u, v, rounds = duals
        depth = max(depth, rounds)
        with clock("check"):
            violated = _violations(edge_mentee, edge_mentor, units, u, v, big)
        violations.append(int(violated.size))
        if violated.size == 0:
            break
        add_mentee = edge_mentee[violated].astype(np.int64)
        add_mentor = edge_mentor[violated].astype(np.int64)
        add_units = units[violated].astype(np.int64)
        add_flow = np.zeros(violated.size, dtype=bool)
        if violated.size * (sub_mentee.size + n + m) <= REPAIR_BUDGET:
            # Few violated edges: cancel the negative cycles through them locally.
            with clock("repair"):
                repaired = _repair(
                    n,
                    m,
                    capacity,
                    sub_mentee,
                    sub_mentor,
                    sub_units,
                    flow,
                    u,
                    v,
                    big,
                    add_mentee,
                    add_mentor,
                    add_units,
                )
            if repaired is not None:
                flow, add_flow = repaired
                repairs += 1
        sub_mentee = np.concatenate([sub_mentee, add_mentee])
        sub_mentor = np.concatenate([sub_mentor, add_mentor])
        sub_units = np.concatenate([sub_units, add_units])
        flow = np.concatenate([flow, add_flow])
        guess, guess_offset = v, big
    mentor_of[sub_mentee[flow]] = sub_mentor[flow]
    chosen[sub_mentee[flow]] = sub_units[flow]
    if stats is not None:
        stats.update(
            path="sparse",
            solves=solves,
            repairs=repairs,
            violations=violations,
            subgraph_edges=int(flow.size),
        )
    return mentor_of, chosen


class _Clock:
    """Adds the seconds spent in named stages to `stats` (when given) for the benchmark."""

    def __init__(self, stats: dict[str, Any] | None) -> None:
        self.stats = stats

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            if self.stats is not None:
                key = f"seconds_{stage}"
                self.stats[key] = self.stats.get(key, 0.0) + time.perf_counter() - started


def _min_cost_flow(
    n: int,
    capacity: Int,
    edge_mentee: NDArray[np.integer],
    edge_mentor: NDArray[np.integer],
    units: NDArray[np.integer],
) -> Bool:
    """Which edges an optimal assignment on exactly these edges uses (OR-Tools, exact)."""
    return _flows(n, capacity, edge_mentee, edge_mentor, units, None) > 0


def _flows(
    n: int,
    capacity: Int,
    edge_mentee: NDArray[np.integer],
    edge_mentor: NDArray[np.integer],
    units: NDArray[np.integer],
    supply: Int | None,
) -> Int:
    """Optimal flow on every edge: max flow, then min cost (OR-Tools, exact).

    Source node i has `supply[i]` mentees (1 each without `supply`); an edge carries at most
    min(supply of its source, capacity of its mentor).
    """
    m = capacity.size
    source, sink = n + m, n + m + 1
    count = edge_mentee.size
    size = np.ones(n, np.int64) if supply is None else supply.astype(np.int64)
    solver = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate(
        [np.full(n, source, np.int64), edge_mentee.astype(np.int64), np.arange(n, n + m, dtype=np.int64)]
    )
    heads = np.concatenate(
        [np.arange(n, dtype=np.int64), edge_mentor.astype(np.int64) + n, np.full(m, sink, np.int64)]
    )
    if supply is None:
        edge_capacity = np.ones(count, np.int64)
    else:
        edge_capacity = np.minimum(size[edge_mentee], capacity[edge_mentor]).astype(np.int64)
    capacities = np.concatenate([size, edge_capacity, capacity.astype(np.int64)])
    costs = np.concatenate([np.zeros(n, np.int64), MAX_UNITS - units.astype(np.int64), np.zeros(m, np.int64)])
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    del tails, heads, capacities, costs, edge_capacity
    total = int(size.sum())
    solver.set_node_supply(source, total)
    solver.set_node_supply(sink, -total)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - OR-Tools failing on a valid graph
        raise RuntimeError(f"OR-Tools min-cost flow ended with status {status}")
    return np.asarray(solver.flows(np.arange(n, n + count, dtype=np.int64)), dtype=np.int64)


# --------------------------------------------------------------------------------------------
# Merging mentees with identical rows
# --------------------------------------------------------------------------------------------

_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SCORE_BITS = 14  # units ≤ MAX_UNITS < 2**14


def _mix(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """splitmix64's finaliser: a well-spread 64-bit hash of each value (wrapping arithmetic)."""
    x = values * _GOLDEN
    x ^= x >> np.uint64(30)
    x *= _MIX_1
    x ^= x >> np.uint64(27)
    x *= _MIX_2
    x ^= x >> np.uint64(31)
    return x


def _row_hashes(
    owner: NDArray[np.integer], key: NDArray[np.uint64], n: int, degree: Int
) -> NDArray[np.uint64]:
    """Order-free hash of each mentee's multiset of (mentor, score) keys, mixed with its degree."""
    row = np.zeros(n, np.uint64)
    np.add.at(row, owner, _mix(key))
    return _mix(row ^ _mix(degree.astype(np.uint64)))


def _merge_identical_rows(
    n: int, m: int, edge_mentee: NDArray[np.integer], edge_mentor: NDArray[np.integer], units: Int32
) -> tuple[Int, Int, Int, Int] | None:
    """Classes of mentees whose rows (allowed mentors with their scores) are identical.

    Every mentee here has an edge and none is locked (their edges are gone). Mentees of one class
    are interchangeable, so the b-matching is exactly a transportation problem with one source per
    class (supply = class size): same optimum, far fewer nodes when rows repeat. Hashes only
    propose classes; every member's row is then compared with its representative's key by key,
    and a mentee that differs stays a class of its own. Returns (class of each mentee, and the
    class graph's edges: class, mentor, units), or None when merging would not pay off.
    """
    degree = np.bincount(edge_mentee, minlength=n)
    key = (edge_mentor.astype(np.uint64) << np.uint64(_SCORE_BITS)) | units.astype(np.uint64)
    sample = min(n, MERGE_SAMPLE)
    if sample < n:
        picked = np.flatnonzero(edge_mentee < sample)
        hashes = _row_hashes(edge_mentee[picked], key[picked], sample, degree[:sample])
        if np.unique(hashes).size > MERGE_MAX_RATIO * sample:
            return None
    # Canonical rows: edges by mentee, then key; most inputs already come that way.
    ordered = bool(np.all(edge_mentee[1:] >= edge_mentee[:-1]))
    if ordered:
        same = edge_mentee[1:] == edge_mentee[:-1]
        ordered = bool(np.all(~same | (key[1:] >= key[:-1])))
        del same
    if ordered:
        mentee, key_sorted = edge_mentee, key
    else:
        order = np.lexsort((key, edge_mentee))
        mentee, key_sorted = edge_mentee[order], key[order]
        del order
    del key
    start = np.zeros(n + 1, np.int64)
    np.cumsum(degree, out=start[1:])
    row = np.add.reduceat(_mix(key_sorted), start[:-1])  # every mentee has an edge here
    hashes = _mix(row ^ _mix(degree.astype(np.uint64)))
    _, first, proposed = np.unique(hashes, return_index=True, return_inverse=True)
    if first.size > MERGE_MAX_RATIO * n:
        return None
    representative = first[proposed]  # the smallest mentee with the same hash
    # Verify: the k-th key of every mentee equals the k-th key of its representative.
    fits = degree == degree[representative]
    owner = mentee.astype(np.int64)
    rep_position = start[representative[owner]] + (np.arange(owner.size) - start[owner])
    np.minimum(rep_position, owner.size - 1, out=rep_position)  # degree mismatches fail below
    differs = key_sorted != key_sorted[rep_position]
    fits &= np.bincount(owner[differs], minlength=n) == 0
    del rep_position, differs
    representative = np.where(fits, representative, np.arange(n))
    roots, class_of = np.unique(representative, return_inverse=True)
    if roots.size > MERGE_MAX_RATIO * n:
        return None
    lengths = degree[roots]
    if int(lengths.sum()) > MERGED_EDGE_LIMIT:
        return None
    positions = np.repeat(start[roots] - np.cumsum(lengths) + lengths, lengths) + np.arange(
        int(lengths.sum())
    )
    class_mentee = np.repeat(np.arange(roots.size, dtype=np.int64), lengths)
    class_key = key_sorted[positions]
    class_mentor = (class_key >> np.uint64(_SCORE_BITS)).astype(np.int64)
    class_units = (class_key & np.uint64((1 << _SCORE_BITS) - 1)).astype(np.int64)
    return class_of.astype(np.int64), class_mentee, class_mentor, class_units


def _hand_out(class_of: Int, class_mentee: Int, flows: Int) -> tuple[Int, Int]:
    """Members of each class (in increasing order) take its flow unit by unit, edge by edge.

    Returns the mentees that got a mentor and, for each, the class edge it took. A class never
    sends more than its size, so no member gets two mentors, and each edge's mentor takes exactly
    its flow: capacities hold as they do in the class graph.
    """
    used = np.flatnonzero(flows > 0)
    amount = flows[used]
    owner = class_mentee[used]  # class edges are grouped by class, so this is sorted
    members = np.argsort(class_of, kind="stable")  # by class, then mentee
    class_start = np.zeros(int(class_of.max(initial=-1)) + 2, np.int64)
    np.cumsum(np.bincount(class_of, minlength=class_start.size - 1), out=class_start[1:])
    before = np.cumsum(amount) - amount  # units handed out earlier, all classes together
    first_of_class = np.searchsorted(owner, owner, side="left")
    within = before - before[first_of_class]  # units earlier edges of the same class handed out
    total = int(amount.sum())
    slot = np.repeat(class_start[owner] + within - np.cumsum(amount) + amount, amount) + np.arange(total)
    return members[slot], np.repeat(used, amount)


# --------------------------------------------------------------------------------------------
# Choosing the subgraph: auction prices, then the near-best edges of every mentee
# --------------------------------------------------------------------------------------------


def _top_by_bucket(owner: NDArray[np.integer], bucket: NDArray[np.integer], owners: int, need: Int) -> Bool:
    """Edges among roughly the `need[o]` best-scored ones of their owner (ties by whole points).

    A histogram of (owner, whole points) gives each owner a threshold; owners with no more edges
    than they need keep all of them and stay out of the histogram, which keeps it small.
    """
    buckets = MAX_SCORE + 1
    degree = np.bincount(owner, minlength=owners)
    rich = degree > need
    threshold = np.where(need > 0, 0, buckets).astype(np.int16)  # poor owners keep everything
    count = int(rich.sum())
    if count:
        key_type = np.int64 if count * buckets >= 2**31 else np.int32
        if count == owners:
            key = owner.astype(key_type) * buckets
            np.add(key, bucket, out=key)  # owner-major: edges usually come grouped by owner
        else:
            slot = np.cumsum(rich) - 1
            mask = rich[owner]
            key = slot[owner[mask]].astype(key_type) * buckets
            np.add(key, bucket[mask], out=key)
            del mask
        counts = np.bincount(key, minlength=count * buckets).astype(np.int32).reshape(count, buckets)
        del key
        counts = np.ascontiguousarray(counts.T)
        wanted = need[rich]
        found = np.zeros(count, np.int16)
        open_ = np.ones(count, dtype=bool)
        seen = np.zeros(count, np.int64)
        for b in range(buckets - 1, 0, -1):
            seen += counts[b]
            done = open_ & (seen >= wanted)
            found[done] = b
            open_ &= ~done
        threshold[rich] = found
    return np.asarray(bucket >= threshold[owner])


def _auction_prices(
    n: int,
    capacity: Int,
    edge_mentee: NDArray[np.integer],
    edge_mentor: NDArray[np.integer],
    units: Int32,
    offset: int,
) -> tuple[Int, Int]:
    """Approximate market-clearing mentor prices and the auction's assignment.

    A Jacobi forward auction (all unassigned mentees bid at once) on a few candidate edges per
    mentee and per mentor seat, each seat with its own price, values `offset + score − price`,
    leaving the market at a negative value. Bids raise a price by at least ε; ε shrinks over the
    phases in AUCTION_EPSILONS, and a new phase re-opens only the mentees that are no longer
    ε-happy. The prices only steer which edges the exact solve looks at.
    """
    m = capacity.size
    bucket = (units // SCORE_SCALE).astype(np.int16)
    candidate = _top_by_bucket(edge_mentee, bucket, n, np.full(n, AUCTION_PER_MENTEE, np.int64))
    candidate |= _top_by_bucket(edge_mentor, bucket, m, AUCTION_PER_SEAT * capacity)
    picked = np.flatnonzero(candidate)
    del candidate, bucket
    mentee = edge_mentee[picked].astype(np.int64)
    if mentee.size > 1 and not bool(np.all(mentee[1:] >= mentee[:-1])):
        order = np.argsort(mentee, kind="stable")
        picked = picked[order]
        mentee = mentee[order]
    market = _Auction(
        n, capacity, mentee, edge_mentor[picked].astype(np.int64), units[picked].astype(np.int64) + offset
    )
    for epsilon in AUCTION_EPSILONS:
        market.run(epsilon)
    return market.prices(), market.assignment()


class _Auction:
    def __init__(self, n: int, capacity: Int, mentee: Int, mentor: Int, value: Int) -> None:
        m = capacity.size
        self.n, self.capacity, self.mentor, self.value = n, capacity, mentor, value.astype(np.int64)
        self.degree = np.bincount(mentee, minlength=n)
        self.start = np.zeros(n + 1, np.int64)
        np.cumsum(self.degree, out=self.start[1:])
        self.seat_start = np.zeros(m + 1, np.int64)
        np.cumsum(capacity, out=self.seat_start[1:])
        self.seat_mentor = np.repeat(np.arange(m, dtype=np.int64), capacity)
        self.seat_price = np.zeros(self.seat_mentor.size, np.int64)  # ascending within a mentor
        self.seat_owner = np.full(self.seat_mentor.size, -1, np.int64)
        self.seat_of = np.full(n, -1, np.int64)
        self.cheapest = np.where(capacity > 0, 0, _INF)
        self.second = np.where(capacity > 1, 0, _INF)
        self.bidders = np.flatnonzero(self.degree > 0)

    def _best_two(self, who: Int) -> tuple[Int, Int, Int, Int]:
        """Best value, the position of its edge, its mentor and the runner-up value of each mentee."""
        lengths = self.degree[who]
        first = np.cumsum(lengths) - lengths
        total = int(lengths.sum())
        position = np.arange(total) - np.repeat(first - self.start[who], lengths)
        target = self.mentor[position]
        worth = self.value[position] - self.cheapest[target]
        best = np.maximum.reduceat(worth, first)
        best_at = np.minimum.reduceat(
            np.where(worth == np.repeat(best, lengths), np.arange(total), total), first
        )
        worth[best_at] = -_INF
        runner_up = np.maximum.reduceat(worth, first)
        best_mentor = target[best_at]
        best_edge = position[best_at]
        runner_up = np.maximum(runner_up, self.value[best_edge] - self.second[best_mentor])
        return best, best_edge, best_mentor, np.maximum(runner_up, 0)  # unmatched is worth 0

    def run(self, epsilon: int) -> None:
        if self.bidders.size == 0:
            # A new phase: re-open the holders that are not epsilon-happy any more.
            holders = np.flatnonzero(self.seat_of >= 0)
            if holders.size == 0:
                return
            best, _, _, _ = self._best_two(holders)
            paid = self.seat_price[self.seat_of[holders]]
            seat_value = self.value_of_seat(holders)
            unhappy = holders[seat_value - paid < best - epsilon]
            self.seat_owner[self.seat_of[unhappy]] = -1
            self.seat_of[unhappy] = -1
            self.bidders = unhappy
        capacity, seat_price, seat_owner = self.capacity, self.seat_price, self.seat_owner
        for _ in range(AUCTION_MAX_ROUNDS):
            bidders = self.bidders
            if bidders.size <= self.n // AUCTION_TAIL:
                return  # the last few bidders hardly move the prices any more
            best, best_edge, best_mentor, runner_up = self._best_two(bidders)
            stays = best >= 0
            bid_mentee = bidders[stays]
            bid_mentor = best_mentor[stays]
            bid = (self.value[best_edge] - runner_up + epsilon)[stays]
            # Per mentor the highest bids take the cheapest seats while they outbid the seat price.
            order = np.lexsort((-bid, bid_mentor))
            bid_mentee, bid_mentor, bid = bid_mentee[order], bid_mentor[order], bid[order]
            new_group = np.empty(bid_mentor.size, dtype=bool)
            new_group[:1] = True
            np.not_equal(bid_mentor[1:], bid_mentor[:-1], out=new_group[1:])
            group_start = np.flatnonzero(new_group)
            rank = np.arange(bid_mentor.size) - np.repeat(
                group_start, np.diff(np.r_[group_start, bid_mentor.size])
            )
            wins = rank < capacity[bid_mentor]
            seat = np.where(wins, self.seat_start[bid_mentor] + rank, 0)
            wins &= bid > seat_price[seat]
            seat = seat[wins]
            outbid = seat_owner[seat]
            outbid = outbid[outbid >= 0]
            self.seat_of[outbid] = -1
            seat_owner[seat] = bid_mentee[wins]
            seat_price[seat] = bid[wins]
            touched = bid_mentor[wins][new_group[wins]]  # sorted and distinct
            if touched.size:
                sizes = capacity[touched]
                seats = np.repeat(self.seat_start[touched] - np.cumsum(sizes) + sizes, sizes) + np.arange(
                    int(sizes.sum())
                )
                resort = np.lexsort((seat_price[seats], self.seat_mentor[seats]))
                seat_price[seats] = seat_price[seats][resort]
                owners = seat_owner[seats][resort]
                seat_owner[seats] = owners
                held = owners >= 0
                self.seat_of[owners[held]] = seats[held]
                self.cheapest[touched] = seat_price[self.seat_start[touched]]
                more = touched[sizes > 1]
                self.second[more] = seat_price[self.seat_start[more] + 1]
            self.bidders = np.concatenate([bid_mentee[~wins], outbid])

    def value_of_seat(self, holders: Int) -> Int:
        """Each holder's value for the mentor of its seat (its best edge to that mentor)."""
        lengths = self.degree[holders]
        first = np.cumsum(lengths) - lengths
        total = int(lengths.sum())
        position = np.arange(total) - np.repeat(first - self.start[holders], lengths)
        mine = self.mentor[position] == np.repeat(self.seat_mentor[self.seat_of[holders]], lengths)
        return np.maximum.reduceat(np.where(mine, self.value[position], -_INF), first)

    def prices(self) -> Int:
        return np.where(self.capacity > 0, self.cheapest, 0)

    def assignment(self) -> Int:
        assigned = np.full(self.n, -1, np.int64)
        held = self.seat_owner >= 0
        assigned[self.seat_owner[held]] = self.seat_mentor[held]
        return assigned


def _near_best(
    n: int,
    edge_mentee: NDArray[np.integer],
    edge_mentor: NDArray[np.integer],
    units: Int32,
    prices: Int,
    assigned: Int,
) -> Bool:
    """Edges within NEAR_BEST of their mentee's best value under `prices`, plus the auction's pairs."""
    count = edge_mentee.size
    best = np.full(n, -_INF, np.int64)
    for lo in range(0, count, _CHUNK):
        part = slice(lo, lo + _CHUNK)
        np.maximum.at(best, edge_mentee[part], units[part] - prices[edge_mentor[part]])
    keep = np.empty(count, dtype=bool)
    for lo in range(0, count, _CHUNK):
        part = slice(lo, lo + _CHUNK)
        mentee = edge_mentee[part]
        keep[part] = (best[mentee] - (units[part] - prices[edge_mentor[part]]) <= NEAR_BEST) | (
            assigned[mentee] == edge_mentor[part]
        )
    return keep


# --------------------------------------------------------------------------------------------
# The optimality certificate
# --------------------------------------------------------------------------------------------


def _dual_prices(
    n: int,
    m: int,
    capacity: Int,
    mentee: Int,
    mentor: Int,
    units: Int,
    flow: Bool,
    big: int,
    guess: Int,
    guess_offset: int,
    *,
    max_rounds: int,
) -> tuple[Int, Int, int] | None:
    """Dual prices (u, v) proving the subgraph assignment optimal for Σ(K + score), K = `big`.

    LP dual of the b-matching: u[i] + v[j] ≥ K + w for every edge, u, v ≥ 0, with complementary
    slackness: a matched edge is tight, u[i] > 0 only for matched i, v[j] > 0 only for full j. Put
    u[i] = K + w(i, mentor of i) − v[mentor of i] for matched i and u[i] = 0 otherwise; then the
    edge constraints become difference constraints between mentor prices, v[j] ≥ v[k] + w(i, j) −
    w(i, k) for i matched to k, plus lower bounds v[j] ≥ K + w(i, j) from unmatched mentees, and
    upper bounds v[k] ≤ K + w(i, k) (so u ≥ 0) and v[j] = 0 for mentors with a free seat. Feasible
    prices exist exactly when the assignment is optimal on the subgraph. Among them we take the
    ones closest above the `guess` (auction or previous prices), because the whole graph's edges
    are then least likely to be violated: clip the guess into [least, greatest] solution and run
    the longest-path relaxation upward from it.
    """
    mentor_of = np.full(n, -1, np.int64)
    mentor_of[mentee[flow]] = mentor[flow]
    own_units = np.zeros(n, np.int64)
    own_units[mentee[flow]] = units[flow]
    matched = mentor_of >= 0
    from_unmatched = ~matched[mentee]
    lower = np.zeros(m, np.int64)
    np.maximum.at(lower, mentor[from_unmatched], big + units[from_unmatched])
    other = matched[mentee] & ~flow
    arc_from = mentor_of[mentee[other]]
    arc_to = mentor[other]
    arc_gain = units[other] - own_units[mentee[other]]
    load = np.bincount(mentor_of[matched], minlength=m)
    upper = np.full(m, _INF, np.int64)
    np.minimum.at(upper, mentor_of[matched], big + own_units[matched])
    upper[load < capacity] = 0

    forward = _Relaxation(arc_from, arc_to, arc_gain, m, max_rounds)
    least = forward.upward(lower, upper)
    if least is None:
        return None
    greatest = _Relaxation(arc_to, arc_from, arc_gain, m, max_rounds).downward(upper)
    if greatest is None:  # pragma: no cover - cannot fail once `least` exists
        return None
    start = np.where(least >= big, guess + (big - guess_offset), guess)
    prices = forward.upward(np.minimum(np.maximum(start, least), greatest), upper)
    if prices is None:  # pragma: no cover - bounded by `greatest`
        return None
    u = np.zeros(n, np.int64)
    u[matched] = big + own_units[matched] - prices[mentor_of[matched]]
    # The certificate, checked rather than trusted: u, v ≥ 0, free seats priced 0, matched edges
    # tight; the unmatched edges of the subgraph hold by the relaxation, the rest in _violations.
    if (
        bool(np.any(u < 0))
        or bool(np.any(prices < 0))
        or bool(np.any(prices[load < capacity] != 0))
        or bool(np.any(u[mentee[flow]] + prices[mentor[flow]] != big + units[flow]))
    ):  # pragma: no cover
        raise RuntimeError("dual prices do not certify the subgraph assignment")
    return u, prices, max(forward.rounds, 1)


class _Relaxation:
    """Frontier Bellman–Ford on mentors for constraints x[to] ≥ x[from] + gain (or ≤ reversed).

    Gives up (None) after `max_rounds` rounds or, going up, as soon as a value passes `ceiling`:
    both mean no solution below the ceiling was found, never a wrong one.
    """

    def __init__(self, arc_from: Int, arc_to: Int, gain: Int, nodes: int, max_rounds: int) -> None:
        # A stable sort of small integers is a radix sort in NumPy: much faster than a comparison sort.
        keys = arc_from.astype(np.uint16) if nodes <= np.iinfo(np.uint16).max else arc_from
        order = np.argsort(keys, kind="stable")
        self.to = arc_to[order]
        self.gain = gain[order]
        self.start = np.zeros(nodes + 1, np.int64)
        np.cumsum(np.bincount(arc_from, minlength=nodes), out=self.start[1:])
        self.nodes = nodes
        self.max_rounds = max_rounds
        self.rounds = 0

    def _run(self, values: Int, upward: bool, ceiling: Int | None) -> Int | None:
        values = values.copy()
        if ceiling is not None and bool(np.any(values > ceiling)):
            return None
        active = np.arange(self.nodes)
        for round_ in range(self.max_rounds):
            self.rounds = round_ + 1
            first = self.start[active]
            lengths = self.start[active + 1] - first
            total = int(lengths.sum())
            if total == 0:
                return values
            arcs = np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
            targets = self.to[arcs]
            if upward:
                offer = np.repeat(values[active], lengths) + self.gain[arcs]
                better = offer > values[targets]
            else:
                offer = np.repeat(values[active], lengths) - self.gain[arcs]
                better = offer < values[targets]
            if not bool(better.any()):
                return values
            targets, offer = targets[better], offer[better]
            if upward:
                np.maximum.at(values, targets, offer)
                if ceiling is not None and bool(np.any(values[targets] > ceiling[targets])):
                    return None
            else:
                np.minimum.at(values, targets, offer)
            active = np.flatnonzero(np.bincount(targets, minlength=self.nodes))
        return None  # too deep, or a positive cycle: the assignment is not optimal

    def upward(self, values: Int, ceiling: Int) -> Int | None:
        return self._run(values, True, ceiling)

    def downward(self, values: Int) -> Int | None:
        return self._run(values, False, None)


def _repair(
    n: int,
    m: int,
    capacity: Int,
    sub_mentee: Int,
    sub_mentor: Int,
    sub_units: Int,
    flow: Bool,
    u: Int,
    v: Int,
    big: int,
    add_mentee: Int,
    add_mentor: Int,
    add_units: Int,
) -> tuple[Bool, Bool] | None:
    """Improve the assignment over the subgraph plus a few violated edges, one edge at a time.

    The residual graph (mentees, mentors and one node for both source and sink) has non-negative
    reduced costs under the potentials (u, −v, 0) except on the violated edges. For a violated
    edge i→j with reduced cost −δ, a Dijkstra from j limited to δ either finds i closer than δ —
    a negative cycle, which is cancelled by flipping its edges — or not, and then raising the
    potentials by min(distance, δ) makes the edge tight. Either way every reduced cost stays
    non-negative (the usual successive-shortest-path argument), so the next edge can be handled
    the same way. Only the assignment is returned; optimality is certified afterwards by
    `_dual_prices` and `_violations` as always. None when something does not add up.
    """
    nodes = n + m + 1
    hub = n + m
    hops = nodes + 1  # weights rc·hops + 1: exact distances with no zero-weight arcs
    potential = np.concatenate([u, -v, np.zeros(1, np.int64)])
    flow = flow.copy()
    added = np.zeros(add_mentee.size, dtype=bool)
    flow_added = np.zeros(add_mentee.size, dtype=bool)
    # Parallel copies of a pair (duplicate input edges): the best one alone is in the residual
    # graph, so that no two arcs join the same two nodes.
    pair = sub_mentee * m + sub_mentor
    ordered = np.sort(pair)
    if ordered.size > 1 and bool(np.any(ordered[1:] == ordered[:-1])):
        order = np.lexsort((-sub_units, ~flow, sub_mentor, sub_mentee))
        first = np.ones(order.size, dtype=bool)
        np.not_equal(pair[order][1:], pair[order][:-1], out=first[1:])
        base = np.sort(order[first])
    else:
        base = np.arange(sub_mentee.size)
    del ordered
    slack = u[add_mentee] + v[add_mentor] - big - add_units
    for k in np.argsort(slack).tolist():
        i, j, w = int(add_mentee[k]), int(add_mentor[k]), int(add_units[k])
        delta = int(big + w - potential[i] + potential[n + j])
        if delta <= 0:
            continue
        done = np.flatnonzero(added)
        mentee = np.concatenate([sub_mentee[base], add_mentee[done]])
        mentor = np.concatenate([sub_mentor[base], add_mentor[done]])
        units = np.concatenate([sub_units[base], add_units[done]])
        used = np.concatenate([flow[base], flow_added[done]])
        mentor_of = np.full(n, -1, np.int64)
        mentor_of[mentee[used]] = mentor[used]
        load = np.bincount(mentor[used], minlength=m)
        free = ~used
        single = mentor_of < 0
        tails = np.concatenate(
            [
                mentee[free],
                n + mentor[used],
                np.full(int(single.sum()), hub),
                np.flatnonzero(~single),
                n + np.flatnonzero(load < capacity),
                np.full(int((load > 0).sum()), hub),
            ]
        )
        heads = np.concatenate(
            [
                n + mentor[free],
                mentee[used],
                np.flatnonzero(single),
                np.full(int((~single).sum()), hub),
                np.full(int((load < capacity).sum()), hub),
                n + np.flatnonzero(load > 0),
            ]
        )
        cost = np.zeros(tails.size, np.int64)
        cost[: int(free.sum())] = -(big + units[free])
        cost[int(free.sum()) : int(free.sum()) + int(used.sum())] = big + units[used]
        reduced = cost + potential[tails] - potential[heads]
        if reduced.size and int(reduced.min()) < 0:  # pragma: no cover - potentials out of step
            return None
        weight = (np.minimum(reduced, delta + 1) * hops + 1).astype(np.float64)
        graph = csr_matrix((weight, (tails, heads)), shape=(nodes, nodes))
        found, before = dijkstra(
            graph, directed=True, indices=n + j, limit=float(delta * hops), return_predecessors=True
        )
        distance = np.where(np.isinf(found), np.inf, np.floor(found / hops))
        reach = distance[i]
        if reach < delta:
            # Cancel the cycle i→j⇝i: edges mentee→mentor on the path become matched, edges
            # mentor→mentee stop being matched (pairs are unique in the graph, see above).
            path = [i]
            while path[-1] != n + j:
                path.append(int(before[path[-1]]))
            steps = np.array(path[::-1], dtype=np.int64)  # from j to i
            tail, head = steps[:-1], steps[1:]
            gain = (tail < n) & (head >= n)
            lose = (tail >= n) & (tail < hub) & (head < n)
            wanted = np.concatenate([tail[gain] * m + (head[gain] - n), head[lose] * m + (tail[lose] - n)])
            hits = np.flatnonzero(np.isin(mentee * m + mentor, wanted))
            if hits.size != wanted.size:  # pragma: no cover
                return None
            for position in hits.tolist():
                _flip(position, not bool(used[position]), base, flow, flow_added, done)
            flow_added[k] = True
            cap = int(reach)
        else:
            cap = delta
        added[k] = True
        potential += np.where(np.isinf(distance), cap, np.minimum(distance, cap)).astype(np.int64)
    return flow, flow_added


def _flip(position: int, matched: bool, base: Int, flow: Bool, flow_added: Bool, done: Int) -> None:
    if position < base.size:
        flow[base[position]] = matched
    else:
        flow_added[done[position - base.size]] = matched


def _violations(
    edge_mentee: NDArray[np.integer],
    edge_mentor: NDArray[np.integer],
    units: Int32,
    u: Int,
    v: Int,
    big: int,
) -> Int:
    """Edges of the whole graph whose dual constraint u[i] + v[j] ≥ K + w fails."""
    found = []
    for lo in range(0, edge_mentee.size, _CHUNK):
        part = slice(lo, lo + _CHUNK)
        bad = np.flatnonzero(u[edge_mentee[part]] + v[edge_mentor[part]] < units[part].astype(np.int64) + big)
        if bad.size:
            found.append(bad + lo)
    return np.concatenate(found) if found else np.zeros(0, np.int64)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        sys.stderr.write(f"Неверные аргументы командной строки: {message}\n")
        raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m mentoring.matching.engine INPUT --output OUTPUT`; 0 on success, 2 on bad input."""
    parser = _Parser(
        prog="python -m mentoring.matching.engine",
        description="Оптимальное распределение наставляемых по наставникам (JSON или .npz).",
    )
    parser.add_argument("input", help="JSON с mentees/mentors/edges/locked/excluded или .npz с массивами")
    parser.add_argument("--output", required=True, help="куда записать ответ: .json или .npz")
    options = parser.parse_args(argv)
    try:
        problem, mentee_ids, mentor_ids = _read_input(Path(options.input))
        solution = _solve(problem, mentee_ids, mentor_ids)
        _write_output(Path(options.output), solution, mentee_ids, mentor_ids)
    except (InvalidProblem, InfeasibleLocks) as error:
        sys.stderr.write(" ".join(str(error).split()) + "\n")
        return 2
    summary = {
        "matched": solution.matched,
        "total_score": solution.total_score,
        "seconds": round(solution.seconds, 3),
    }
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0


def _read_input(path: Path) -> tuple[Problem, list[Any], list[Any]]:
    if path.suffix.lower() == ".npz":
        return _read_npz(path)
    try:
        with path.open(encoding="utf-8") as stream:
            data = json.load(stream)
    except OSError as error:
        raise InvalidProblem(f"Не удалось прочитать файл {path}: {_os_reason(error)}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidProblem(f"Файл {path} не является корректным JSON в кодировке UTF-8.") from None
    if not isinstance(data, dict):
        raise InvalidProblem("JSON должен быть объектом с ключами mentees, mentors и edges.")
    for key in ("mentees", "mentors", "edges"):
        if not isinstance(data.get(key), list):
            raise InvalidProblem(f"В JSON нет списка «{key}».")
    unknown = set(data) - {"mentees", "mentors", "edges", "locked", "excluded"}
    if unknown:
        raise InvalidProblem(f"Неизвестные ключи в JSON: {', '.join(sorted(map(str, unknown)))}.")
    try:
        mentees = [item["id"] for item in data["mentees"]]
        mentors = [(item["id"], item["capacity"]) for item in data["mentors"]]
        edges = [(item["mentee"], item["mentor"], item["score"]) for item in data["edges"]]
        locked = [(pair[0], pair[1]) for pair in data.get("locked") or [] if len(pair) == 2]
        excluded = [(pair[0], pair[1]) for pair in data.get("excluded") or [] if len(pair) == 2]
    except (KeyError, TypeError, IndexError):
        raise InvalidProblem(
            "Неверная структура JSON: ожидаются mentees [{id}], mentors [{id, capacity}], "
            "edges [{mentee, mentor, score}], locked и excluded — списки пар."
        ) from None
    for key in ("locked", "excluded"):
        pairs = data.get(key) or []
        if not isinstance(pairs, list) or any(not isinstance(pair, list) or len(pair) != 2 for pair in pairs):
            raise InvalidProblem(f"«{key}» должен быть списком пар [наставляемый, наставник].")
    return _labelled_problem(mentees, mentors, edges, locked, excluded)


def _read_npz(path: Path) -> tuple[Problem, list[Any], list[Any]]:
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except OSError as error:
        raise InvalidProblem(f"Не удалось прочитать файл {path}: {_os_reason(error)}.") from None
    except (ValueError, EOFError, zipfile.BadZipFile):
        raise InvalidProblem(f"Файл {path} не является архивом .npz с массивами.") from None
    required = ("n_mentees", "mentor_capacity", "edge_mentee", "edge_mentor", "edge_score")
    missing = [key for key in required if key not in arrays]
    if missing:
        raise InvalidProblem(f"В архиве {path.name} нет массивов: {', '.join(missing)}.")
    count = arrays["n_mentees"]
    if count.size != 1 or count.dtype.kind not in "iu":
        raise InvalidProblem("n_mentees должен быть одним целым числом.")
    problem = Problem(
        n_mentees=int(count.reshape(-1)[0]),
        mentor_capacity=arrays["mentor_capacity"],
        edge_mentee=arrays["edge_mentee"],
        edge_mentor=arrays["edge_mentor"],
        edge_score=arrays["edge_score"],
        locked=arrays.get("locked", np.zeros((0, 2), np.int64)),
        excluded=arrays.get("excluded", np.zeros((0, 2), np.int64)),
    )
    n = max(problem.n_mentees, 0)
    m = int(np.asarray(problem.mentor_capacity).size)
    return problem, list(range(n)), list(range(m))


def _write_output(path: Path, solution: Solution, mentee_ids: list[Any], mentor_ids: list[Any]) -> None:
    try:
        if path.suffix.lower() == ".npz":
            np.savez(path, mentor_of=solution.mentor_of, edge_score_of=solution.edge_score_of)
        else:
            with path.open("w", encoding="utf-8") as stream:
                json.dump(_as_dict(solution, mentee_ids, mentor_ids), stream, ensure_ascii=False)
    except OSError as error:
        raise InvalidProblem(f"Не удалось записать файл {path}: {_os_reason(error)}.") from None


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "файл или папка не найдены"
    if isinstance(error, PermissionError):
        return "нет доступа"
    if isinstance(error, IsADirectoryError):
        return "это папка, а не файл"
    return "ошибка ввода-вывода"


if __name__ == "__main__":
    raise SystemExit(main())
