"""The exact matching engine against brute force, plus its command line. No database."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.matching import engine
from mentoring.matching.engine import (
    ALL_MENTORS_FULL,
    NO_ALLOWED_MENTOR,
    InfeasibleLocks,
    InvalidProblem,
    Problem,
    Solution,
    main,
    solve,
    solve_labelled,
)

ROOT = Path(__file__).resolve().parents[3]

# How the core is driven: the whole graph straight to OR-Tools, the sparse subgraph with its
# optimality certificate, and a deliberately stingy subgraph that forces violated edges even on
# tiny problems: repaired locally and certified again, or (without the repair) solved again.
PATHS = {
    "direct": {},
    # Every mentee goes into a class of identical rows, even when no two rows are alike.
    "merged": {"MERGE_MAX_RATIO": 1.0, "MERGE_SAMPLE": 2},
    "sparse": {"DIRECT_EDGE_LIMIT": 0, "MERGED_EDGE_LIMIT": 0, "TIED_DIRECT_EDGE_LIMIT": 0},
    "stingy": {
        "DIRECT_EDGE_LIMIT": 0,
        "MERGED_EDGE_LIMIT": 0,
        "TIED_DIRECT_EDGE_LIMIT": 0,
        "NEAR_BEST": 0,
        "AUCTION_PER_MENTEE": 1,
        "AUCTION_PER_SEAT": 1,
        "AUCTION_MAX_ROUNDS": 2,
    },
    "resolve": {
        "DIRECT_EDGE_LIMIT": 0,
        "MERGED_EDGE_LIMIT": 0,
        "TIED_DIRECT_EDGE_LIMIT": 0,
        "NEAR_BEST": 0,
        "AUCTION_PER_MENTEE": 1,
        "AUCTION_PER_SEAT": 1,
        "AUCTION_MAX_ROUNDS": 2,
        "REPAIR_BUDGET": 0,
    },
}


@contextmanager
def solver_path(name: str) -> Iterator[None]:
    saved = {key: getattr(engine, key) for key in PATHS[name]}
    try:
        for key, value in PATHS[name].items():
            setattr(engine, key, value)
        yield
    finally:
        for key, value in saved.items():
            setattr(engine, key, value)


@dataclass
class Case:
    n: int
    capacity: list[int]
    edges: list[tuple[int, int, int]]  # mentee, mentor, score in hundredths
    locked: list[tuple[int, int]]
    excluded: list[tuple[int, int]]

    def problem(self) -> Problem:
        return Problem(
            n_mentees=self.n,
            mentor_capacity=np.array(self.capacity, dtype=np.int64),
            edge_mentee=np.array([e[0] for e in self.edges], dtype=np.int64),
            edge_mentor=np.array([e[1] for e in self.edges], dtype=np.int64),
            edge_score=np.array([e[2] / 100 for e in self.edges], dtype=np.float64),
            locked=np.array(self.locked, dtype=np.int64).reshape(-1, 2),
            excluded=np.array(self.excluded, dtype=np.int64).reshape(-1, 2),
        )

    def allowed(self) -> dict[tuple[int, int], int]:
        """Best score of every allowed, not excluded pair."""
        best: dict[tuple[int, int], int] = {}
        for i, j, s in self.edges:
            if (i, j) not in self.excluded:
                best[(i, j)] = max(best.get((i, j), -1), s)
        return best

    def locks_feasible(self) -> bool:
        allowed = self.allowed()
        lock_of: dict[int, int] = {}
        for i, j in self.locked:
            if lock_of.get(i, j) != j or (i, j) not in allowed:
                return False
            lock_of[i] = j
        per_mentor = [0] * len(self.capacity)
        for j in lock_of.values():
            per_mentor[j] += 1
        return all(k <= c for k, c in zip(per_mentor, self.capacity, strict=True))

    def brute_force(self) -> tuple[int, int]:
        """Most matched mentees, then most score (hundredths): a DP over mentees and free seats."""
        allowed = self.allowed()
        lock_of = dict(self.locked)
        seats = list(self.capacity)
        matched = score = 0
        for i, j in lock_of.items():
            seats[j] -= 1
            matched += 1
            score += allowed[(i, j)]
        options = [
            [(j, s) for (a, j), s in allowed.items() if a == i] for i in range(self.n) if i not in lock_of
        ]
        best: dict[tuple[int, ...], tuple[int, int]] = {tuple(seats): (0, 0)}
        for choices in options:
            following: dict[tuple[int, ...], tuple[int, int]] = {}
            for state, (count, total) in best.items():
                candidates = [(state, (count, total))]
                for j, s in choices:
                    if state[j] > 0:
                        taken = list(state)
                        taken[j] -= 1
                        candidates.append((tuple(taken), (count + 1, total + s)))
                for key, value in candidates:
                    if value > following.get(key, (-1, -1)):
                        following[key] = value
            best = following
        count, total = max(best.values())
        return matched + count, score + total


@st.composite
def cases(draw: st.DrawFn, *, feasible_locks: bool | None = None) -> Case:
    n = draw(st.integers(0, 7))
    m = draw(st.integers(0, 4))
    capacity = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    pairs = [(i, j) for i in range(n) for j in range(m)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=20)) if pairs else []
    # Few distinct scores make ties common; whole hundredths keep them exact.
    score = st.one_of(st.integers(0, 10_000), st.sampled_from([0, 5_000, 5_001, 10_000]))
    edges = [(i, j, draw(score)) for i, j in chosen]
    excluded = draw(st.lists(st.sampled_from(pairs), max_size=4)) if pairs else []
    lock_pool = [(i, j) for i, j, _ in edges] + pairs
    locked = draw(st.lists(st.sampled_from(lock_pool), max_size=3)) if lock_pool else []
    case = Case(n, capacity, edges, locked, excluded)
    if feasible_locks is not None:
        from hypothesis import assume

        assume(case.locks_feasible() == feasible_locks)
    return case


@st.composite
def duplicated_cases(draw: st.DrawFn) -> Case:
    """Few row templates shared by many mentees, few score levels, some locks and exclusions."""
    m = draw(st.integers(1, 4))
    capacity = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    level = st.sampled_from([0, 2_500, 5_000, 5_001, 10_000])
    templates = draw(
        st.lists(
            st.lists(st.tuples(st.integers(0, m - 1), level), min_size=0, max_size=4),
            min_size=1,
            max_size=3,
        )
    )
    n = draw(st.integers(1, 8))
    rows = [draw(st.sampled_from(templates)) for _ in range(n)]
    edges = [(i, j, score) for i, row in enumerate(rows) for j, score in row]
    excluded = draw(st.lists(st.sampled_from([(i, j) for i, j, _ in edges]), max_size=2)) if edges else []
    locked: list[tuple[int, int]] = []
    if edges:
        for i, j, _ in draw(st.lists(st.sampled_from(edges), max_size=3)):
            candidate = Case(n, capacity, edges, [*locked, (i, j)], excluded)
            if candidate.locks_feasible():
                locked.append((i, j))
    return Case(n, capacity, edges, locked, excluded)


def assert_valid(case: Case, solution: Solution) -> None:
    allowed = case.allowed()
    mentor_of = solution.mentor_of.tolist()
    assert len(mentor_of) == case.n
    for i, j in enumerate(mentor_of):
        if j >= 0:
            assert (i, j) in allowed, "only allowed, not excluded pairs"
            assert round(solution.edge_score_of[i] * 100) == allowed[(i, j)], "the best copy's score"
        else:
            assert solution.edge_score_of[i] == 0.0
            has_edge = any(a == i for a, _ in allowed)
            expected = ALL_MENTORS_FULL if has_edge else NO_ALLOWED_MENTOR
            assert solution.unmatched_reason[i] == expected
    assert set(solution.unmatched_reason) == {i for i, j in enumerate(mentor_of) if j < 0}
    for j, capacity in enumerate(case.capacity):
        assert mentor_of.count(j) <= capacity, "capacity holds"
    for i, j in case.locked:
        assert mentor_of[i] == j, "locked pairs are kept"
    assert solution.matched == sum(j >= 0 for j in mentor_of)
    assert solution.total_score == round(
        sum(allowed[(i, j)] for i, j in enumerate(mentor_of) if j >= 0) / 100, 2
    )


FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@pytest.mark.parametrize("path", list(PATHS))
@FAST
@given(case=cases(feasible_locks=True))
def test_matches_as_many_mentees_and_as_much_score_as_brute_force(path: str, case: Case) -> None:
    with solver_path(path):
        solution = solve(case.problem())
    assert_valid(case, solution)
    matched, score = case.brute_force()
    assert solution.matched == matched
    assert round(solution.total_score * 100) == score


@pytest.mark.parametrize("path", list(PATHS))
@FAST
@given(case=duplicated_cases())
def test_duplicated_rows_with_few_scores_and_locks_match_brute_force(path: str, case: Case) -> None:
    with solver_path(path):
        solution = solve(case.problem())
    assert_valid(case, solution)
    matched, score = case.brute_force()
    assert solution.matched == matched
    assert round(solution.total_score * 100) == score


def tied_problem(seed: int, n: int = 600, m: int = 30, templates: int = 12) -> Problem:
    """Many mentees sharing a few rows; scores are sums of a few levels, so they tie a lot."""
    rng = np.random.default_rng(seed)
    capacity = rng.integers(0, 6, size=m)
    rows = []
    for _ in range(templates):
        mentors = np.sort(rng.choice(m, size=int(rng.integers(1, m)), replace=False))
        parts = rng.integers(0, 3, size=(mentors.size, 3)) * np.array([10.0, 7.5, 5.25])
        rows.append((mentors, parts.sum(axis=1)))
    kind = rng.integers(0, templates, size=n)
    edge_mentee = np.concatenate([np.full(rows[k][0].size, i) for i, k in enumerate(kind)])
    edge_mentor = np.concatenate([rows[k][0] for k in kind])
    score = np.concatenate([rows[k][1] for k in kind])
    empty = np.zeros((0, 2), int)
    return Problem(n, capacity, edge_mentee, edge_mentor, score, empty, empty)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_merged_classes_hand_out_their_flow_within_capacities(seed: int) -> None:
    problem = tied_problem(seed)
    n, capacity = problem.n_mentees, problem.mentor_capacity
    units = np.rint(problem.edge_score * 100).astype(np.int32)
    merged = engine._merge_identical_rows(n, capacity.size, problem.edge_mentee, problem.edge_mentor, units)
    assert merged is not None
    class_of, class_mentee, class_mentor, class_units = merged
    supply = np.bincount(class_of)
    assert supply.size <= 12
    flows = engine._flows(supply.size, capacity, class_mentee, class_mentor, class_units, supply)
    assert np.all(np.bincount(class_mentor, weights=flows, minlength=capacity.size) <= capacity)
    members, edge = engine._hand_out(class_of, class_mentee, flows)
    assert np.unique(members).size == members.size == int(flows.sum()), "one mentor per mentee"
    assert np.all(class_of[members] == class_mentee[edge]), "a member takes its own class's edges"
    assert np.bincount(edge, minlength=flows.size).tolist() == flows.tolist(), "each edge's flow, exactly"
    assert np.all(np.bincount(class_mentor[edge], minlength=capacity.size) <= capacity)
    # The whole answer agrees with the unmerged sparse path, and uses only each mentee's own pairs.
    solution = solve(problem)
    with solver_path("sparse"):
        expected = solve(problem)
    assert (solution.matched, solution.total_score) == (expected.matched, expected.total_score)
    pairs = set(zip(problem.edge_mentee.tolist(), problem.edge_mentor.tolist(), strict=True))
    assert all((i, j) in pairs for i, j in enumerate(solution.mentor_of.tolist()) if j >= 0)
    assert np.all(
        np.bincount(solution.mentor_of[solution.mentor_of >= 0], minlength=capacity.size) <= capacity
    )


def test_a_hash_collision_never_merges_different_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = tied_problem(5, n=200, templates=40)
    with solver_path("sparse"):
        expected = solve(problem)
    # Every row hashes alike: only the key-by-key comparison keeps different rows apart.
    monkeypatch.setattr(engine, "_mix", lambda values: values & np.uint64(0))
    with solver_path("merged"):
        solution = solve(problem)
    assert (solution.matched, solution.total_score) == (expected.matched, expected.total_score)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(case=cases(feasible_locks=False))
def test_an_infeasible_lock_set_raises_instead_of_being_dropped(case: Case) -> None:
    with pytest.raises(InfeasibleLocks) as raised:
        solve(case.problem())
    assert any("а" <= char <= "я" for char in str(raised.value)), "the message is in Russian"


def test_locks_over_a_mentors_capacity_name_the_mentor() -> None:
    case = Case(2, [1], [(0, 0, 100), (1, 0, 200)], [(0, 0), (1, 0)], [])
    with pytest.raises(InfeasibleLocks, match="Закреплённые пары превышают вместимость наставника 0"):
        solve(case.problem())


@pytest.mark.parametrize(
    ("locked", "excluded", "message"),
    [
        ([(0, 0), (0, 1)], [], "закреплён за разными наставниками"),
        ([(0, 0)], [(0, 0)], "исключена"),
        ([(1, 1)], [], "не входит в допустимые пары"),
        ([(5, 0)], [], "неизвестного участника"),
        ([(0, 9)], [], "неизвестного участника"),
    ],
)
def test_each_kind_of_infeasible_lock_is_explained(
    locked: list[tuple[int, int]], excluded: list[tuple[int, int]], message: str
) -> None:
    case = Case(2, [1, 1], [(0, 0, 100), (0, 1, 100), (1, 0, 100)], locked, excluded)
    with pytest.raises(InfeasibleLocks, match=message):
        solve(case.problem())


def test_a_mentor_with_several_seats_gets_a_group() -> None:
    result = solve_labelled(
        ["Аня", "Борис", "Вера", "Глеб"],
        [("Ирина Петровна", 3), ("Олег Иванович", 1)],
        [
            ("Аня", "Ирина Петровна", 90.5),
            ("Борис", "Ирина Петровна", 80.25),
            ("Вера", "Ирина Петровна", 70),
            ("Глеб", "Ирина Петровна", 95),
            ("Глеб", "Олег Иванович", 10),
        ],
    )
    group = sorted(pair["mentee"] for pair in result["pairs"] if pair["mentor"] == "Ирина Петровна")
    assert group == ["Аня", "Борис", "Вера"]
    assert {"mentee": "Глеб", "mentor": "Олег Иванович", "score": 10.0} in result["pairs"]
    assert result["matched"] == 4
    assert result["total_score"] == 250.75
    assert result["unmatched"] == []


@pytest.mark.parametrize("path", ["direct", "sparse"])
def test_a_tight_problem_matches_exactly_the_seats_there_are(path: str) -> None:
    rng = np.random.default_rng(7)
    n, m = 500, 40
    capacity = rng.integers(5, 16, size=m)
    capacity = np.maximum(capacity * (0.8 * n) // capacity.sum(), 1).astype(np.int64)
    edge_mentee = np.repeat(np.arange(n), 12)
    edge_mentor = np.concatenate([rng.choice(m, 12, replace=False) for _ in range(n)])
    score = np.round(rng.uniform(0, 100, edge_mentee.size), 2)
    problem = Problem(
        n, capacity, edge_mentee, edge_mentor, score, np.zeros((0, 2), int), np.zeros((0, 2), int)
    )
    with solver_path(path):
        solution = solve(problem)
    assert solution.matched == int(capacity.sum()) < n
    assert np.bincount(solution.mentor_of[solution.mentor_of >= 0], minlength=m).tolist() == capacity.tolist()
    assert set(solution.unmatched_reason.values()) == {ALL_MENTORS_FULL}


def test_the_sparse_path_agrees_with_the_direct_one_on_a_correlated_problem() -> None:
    rng = np.random.default_rng(11)
    n, m = 800, 300
    capacity = rng.integers(1, 6, size=m)
    popularity = rng.beta(2, 5, size=m)
    edge_mentee = np.repeat(np.arange(n), 40)
    edge_mentor = rng.integers(0, m, size=edge_mentee.size)  # duplicates included on purpose
    score = np.round(np.clip(80 * popularity[edge_mentor] + rng.normal(20, 8, edge_mentee.size), 0, 100), 2)
    problem = Problem(
        n,
        capacity,
        edge_mentee,
        edge_mentor,
        score,
        np.array([[0, edge_mentor[0]]]),
        np.array([[1, edge_mentor[40]]]),
    )
    answers = []
    for path in PATHS:
        with solver_path(path):
            solution = solve(problem)
        answers.append((solution.matched, solution.total_score))
    assert len(set(answers)) == 1, answers


@pytest.mark.parametrize("path", ["sparse", "stingy"])
def test_hundreds_of_thousands_of_mentees_do_not_overflow_the_cardinality_weight(path: str) -> None:
    # K = 10 000 · n + 1 no longer fits in 32 bits here; few edges keep the test quick.
    n = 300_000
    rng = np.random.default_rng(3)
    edge_mentee = rng.choice(n, size=400, replace=False).repeat(3)
    edge_mentor = rng.integers(0, 50, size=edge_mentee.size)
    score = np.round(rng.uniform(0, 100, size=edge_mentee.size), 2)
    problem = Problem(
        n, np.full(50, 5), edge_mentee, edge_mentor, score, np.zeros((0, 2), int), np.zeros((0, 2), int)
    )
    with solver_path("direct"):
        expected = solve(problem)
    with solver_path(path):
        solution = solve(problem)
    assert (solution.matched, solution.total_score) == (expected.matched, expected.total_score)
    assert solution.matched == 250
    assert list(solution.unmatched_reason.values()).count(NO_ALLOWED_MENTOR) == n - 400


def test_duplicate_edges_count_with_their_best_score() -> None:
    result = solve_labelled(["a"], [("X", 1)], [("a", "X", 10.0), ("a", "X", 42.42), ("a", "X", 5.0)])
    assert result["pairs"] == [{"mentee": "a", "mentor": "X", "score": 42.42}]
    assert result["total_score"] == 42.42


def test_excluded_pairs_are_never_used_and_reasons_say_why_mentees_are_left() -> None:
    result = solve_labelled(
        ["a", "b", "c"],
        [("X", 1)],
        [("a", "X", 50), ("b", "X", 60)],
        excluded=[("b", "X")],
    )
    assert result["pairs"] == [{"mentee": "a", "mentor": "X", "score": 50.0}]
    assert result["unmatched"] == [
        {"mentee": "b", "reason": NO_ALLOWED_MENTOR},
        {"mentee": "c", "reason": NO_ALLOWED_MENTOR},
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((["a"], [("X", -1)], []), "не может быть отрицательной"),
        ((["a"], [("X", 1)], [("a", "Y", 1.0)]), "неизвестного наставника"),
        ((["a"], [("X", 1)], [("b", "X", 1.0)]), "неизвестного наставляемого"),
        ((["a"], [("X", 1)], [("a", "X", 100.5)]), "от 0 до 100"),
        ((["a"], [("X", 1)], [("a", "X", float("nan"))]), "от 0 до 100"),
        ((["a", "a"], [("X", 1)], []), "повторяется"),
    ],
)
def test_bad_labelled_input_is_refused_in_russian(arguments: tuple, message: str) -> None:
    with pytest.raises(InvalidProblem, match=message):
        solve_labelled(*arguments)


def test_an_empty_problem_has_an_empty_answer() -> None:
    assert solve_labelled([], [], []) == {"pairs": [], "unmatched": [], "matched": 0, "total_score": 0.0}


# --- command line ---------------------------------------------------------------------------


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


JSON_INPUT = {
    "mentees": [{"id": "m1"}, {"id": "m2"}, {"id": "m3"}],
    "mentors": [{"id": "T1", "capacity": 2}, {"id": "T2", "capacity": 0}],
    "edges": [
        {"mentee": "m1", "mentor": "T1", "score": 73.5},
        {"mentee": "m2", "mentor": "T1", "score": 12},
        {"mentee": "m3", "mentor": "T1", "score": 99},
        {"mentee": "m3", "mentor": "T2", "score": 100},
    ],
    "locked": [["m2", "T1"]],
    "excluded": [["m1", "T2"]],
}


def test_the_command_line_solves_json_into_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "answer.json"
    assert main([str(write_json(tmp_path / "in.json", JSON_INPUT)), "--output", str(output)]) == 0
    answer = json.loads(output.read_text(encoding="utf-8"))
    assert answer["pairs"] == [
        {"mentee": "m2", "mentor": "T1", "score": 12.0},
        {"mentee": "m3", "mentor": "T1", "score": 99.0},
    ]
    assert answer["unmatched"] == [{"mentee": "m1", "reason": ALL_MENTORS_FULL}]
    assert (answer["matched"], answer["total_score"]) == (2, 111.0)
    summary = json.loads(capsys.readouterr().out)
    assert summary["matched"] == 2
    assert summary["total_score"] == 111.0
    assert summary["seconds"] >= 0


def test_the_command_line_solves_npz_into_npz_and_json(tmp_path: Path) -> None:
    source = tmp_path / "in.npz"
    np.savez(
        source,
        n_mentees=np.array(3),
        mentor_capacity=np.array([1, 1]),
        edge_mentee=np.array([0, 1, 2, 2]),
        edge_mentor=np.array([0, 0, 0, 1]),
        edge_score=np.array([10.0, 20.0, 30.0, 5.0]),
        locked=np.array([[0, 0]]),
        excluded=np.zeros((0, 2), dtype=np.int64),
    )
    assert main([str(source), "--output", str(tmp_path / "out.npz")]) == 0
    with np.load(tmp_path / "out.npz") as archive:
        assert archive["mentor_of"].tolist() == [0, -1, 1]
    assert main([str(source), "--output", str(tmp_path / "out.json")]) == 0
    answer = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert answer["pairs"][1] == {"mentee": 2, "mentor": 1, "score": 5.0}
    assert answer["unmatched"] == [{"mentee": 1, "reason": ALL_MENTORS_FULL}]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "не является корректным JSON"),
        ('{"mentees": []}', "нет списка «mentors»"),
        ('{"mentees": [{"name": 1}], "mentors": [], "edges": []}', "Неверная структура JSON"),
        (
            '{"mentees": [{"id": "a"}], "mentors": [{"id": "X", "capacity": -2}], "edges": []}',
            "не может быть отрицательной",
        ),
        (
            '{"mentees": [{"id": "a"}], "mentors": [{"id": "X", "capacity": 1}], '
            '"edges": [{"mentee": "zz", "mentor": "X", "score": 1}]}',
            "неизвестного наставляемого",
        ),
        (
            '{"mentees": [{"id": "a"}], "mentors": [{"id": "X", "capacity": 0}], '
            '"edges": [{"mentee": "a", "mentor": "X", "score": 1}], "locked": [["a", "X"]]}',
            "превышают вместимость наставника X",
        ),
    ],
)
def test_bad_input_exits_with_code_2_and_a_russian_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    assert main([str(source), "--output", str(tmp_path / "out.json")]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_unreadable_files_exit_with_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing.json"), "--output", str(tmp_path / "o.json")]) == 2
    assert "не найдены" in capsys.readouterr().err
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"no zip here")
    assert main([str(broken), "--output", str(tmp_path / "o.json")]) == 2
    assert "не является архивом .npz" in capsys.readouterr().err
    np.savez(tmp_path / "partial.npz", n_mentees=np.array(1))
    assert main([str(tmp_path / "partial.npz"), "--output", str(tmp_path / "o.json")]) == 2
    assert "нет массивов" in capsys.readouterr().err


def test_the_module_runs_as_a_script_without_tracebacks(tmp_path: Path) -> None:
    good = write_json(tmp_path / "in.json", JSON_INPUT)
    run = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "mentoring.matching.engine", str(good), "--output", str(tmp_path / "o.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["matched"] == 2
    bad = write_json(tmp_path / "bad.json", {"mentees": "nope"})
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "mentoring.matching.engine", str(bad), "--output", str(tmp_path / "o.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "mentees" in run.stderr
