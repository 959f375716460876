"""Matching engine: speed, peak memory and exactness against greedy and the OR-Tools baseline.

    python benchmarks/matching.py [--sizes 1000,10000,100000] [--json results.json] [--no-big-m]
                                  [--no-tied]

Generates seeded problems (mentor capacities 1–5 with total seats 1.2× and 0.8× the mentees,
50–200 allowed mentors per mentee, at most half of all mentors; correlated scores: every mentor has
a popularity, every mentee a taste, score = 5 + 60·popularity + 30·taste match + noise, clipped to
0–100 and rounded to hundredths, so everybody wants the same few mentors). Then one "district, tied
scores" problem shaped like a real program (2000 mentees, 500 mentors with capacities 1–5 and 1500
seats, every pair allowed; a score is the sum of 5 weighted parts, each part a handful of levels set
by one categorical trait of the mentee and one of the mentor, so there are few distinct scores and
many mentees with identical rows). Every solver runs on
every problem in a fresh subprocess that loads the problem from an .npz, resets the kernel's peak
RSS counter and reports wall and CPU seconds and peak RSS above the RSS after loading:

    engine        mentoring.matching.engine.solve (auction-priced subgraph + duality certificate)
    greedy        edges by score, highest first, taken while both ends are free (what we beat)
    baseline      OR-Tools SimpleMinCostFlow on the whole graph, solve_max_flow_with_min_cost
                  (max flow, then min cost among max flows: the lexicographic objective)
    baseline_bigM the same graph with costs −(BIG + score) and a free source→sink bypass, one solve

The baselines are built with the numpy bulk API (add_arcs_with_capacity_and_unit_cost). Every
answer is checked for feasibility here, and the engine's matched count and score must equal the
baseline's on every problem ("exact"). Runs without Django.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOLVERS = ("engine", "greedy", "baseline", "baseline_bigM")
RATIOS = (1.2, 0.8)


# --- problems --------------------------------------------------------------------------------


def generate(n: int, ratio: float, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    target = max(1, round(ratio * n))
    capacity = rng.integers(1, 6, size=target // 2 + 16)
    total = np.cumsum(capacity)
    m = int(np.searchsorted(total, target) + 1)
    capacity = capacity[:m].copy()
    capacity[-1] -= int(total[m - 1] - target)  # total seats exactly ratio × mentees
    popularity = rng.beta(2.0, 5.0, size=m)
    popularity /= popularity.max()
    profile = rng.normal(size=(m, 4))
    profile /= np.linalg.norm(profile, axis=1, keepdims=True)
    taste = rng.normal(size=(n, 4))
    taste /= np.linalg.norm(taste, axis=1, keepdims=True)
    high = min(200, max(1, m // 2))
    low = min(50, high)
    degree = rng.integers(low, high + 1, size=n)
    mentee = np.repeat(np.arange(n, dtype=np.int64), degree)
    key = np.sort(mentee * m + rng.integers(0, m, size=mentee.size))
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]  # distinct pairs, grouped by mentee
    edge_mentee = (key // m).astype(np.int32)
    edge_mentor = (key % m).astype(np.int32)
    score = np.empty(key.size)
    step = 1 << 20
    for start in range(0, key.size, step):
        a, b = edge_mentee[start : start + step], edge_mentor[start : start + step]
        match = np.einsum("ij,ij->i", taste[a], profile[b])
        raw = 5 + 60 * popularity[b] + 30 * (match + 1) / 2 + rng.normal(0, 5, size=a.size)
        score[start : start + step] = np.round(np.clip(raw, 0, 100), 2)
    return {
        "n_mentees": np.array(n),
        "mentor_capacity": capacity.astype(np.int32),
        "edge_mentee": edge_mentee,
        "edge_mentor": edge_mentor,
        "edge_score": score,
    }


def generate_tied(seed: int, n: int = 2000, m: int = 500) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    capacity = rng.permutation(np.tile(np.arange(1, 6), m // 5 + 1)[:m])
    traits = (4, 4, 3, 3, 3)  # values of each trait: 432 possible mentee profiles
    weights = (30.0, 25.0, 20.0, 15.0, 10.0)  # the parts add up to at most 100
    levels = (0.0, 0.25, 0.5, 0.75, 1.0)
    score = np.zeros((n, m))
    for values, weight in zip(traits, weights, strict=True):
        table = weight * rng.choice(levels, size=(values, values))
        score += table[rng.integers(0, values, size=n)][:, rng.integers(0, values, size=m)]
    return {
        "n_mentees": np.array(n),
        "mentor_capacity": capacity.astype(np.int32),
        "edge_mentee": np.repeat(np.arange(n, dtype=np.int32), m),
        "edge_mentor": np.tile(np.arange(m, dtype=np.int32), n),
        "edge_score": np.round(score, 2).reshape(-1),
    }


# --- solvers (run inside the worker subprocess) ------------------------------------------------


def _units(score: np.ndarray) -> np.ndarray:
    return np.rint(score * 100).astype(np.int64)


def run_engine(p: dict[str, np.ndarray]) -> np.ndarray:
    from mentoring.matching.engine import Problem, solve

    empty = np.zeros((0, 2), np.int64)
    problem = Problem(
        int(p["n_mentees"]),
        p["mentor_capacity"],
        p["edge_mentee"],
        p["edge_mentor"],
        p["edge_score"],
        empty,
        empty,
    )
    return solve(problem).mentor_of


def run_greedy(p: dict[str, np.ndarray]) -> np.ndarray:
    n = int(p["n_mentees"])
    seats = p["mentor_capacity"].astype(np.int64).tolist()
    # Scores are hundredths 0..10000: a stable radix sort on int16 orders them fast.
    order = np.argsort((10_000 - _units(p["edge_score"])).astype(np.int16), kind="stable")
    mentor_of = [-1] * n
    left = n
    edge_mentee, edge_mentor = p["edge_mentee"], p["edge_mentor"]
    for start in range(0, order.size, 1 << 20):
        part = order[start : start + (1 << 20)]
        for i, j in zip(edge_mentee[part].tolist(), edge_mentor[part].tolist(), strict=True):
            if mentor_of[i] < 0 and seats[j] > 0:
                mentor_of[i] = j
                seats[j] -= 1
                left -= 1
        if left == 0 or not any(seats):
            break
    return np.array(mentor_of, dtype=np.int64)


def _baseline_graph(p: dict[str, np.ndarray], big: int | None) -> tuple[Any, int]:
    from ortools.graph.python import min_cost_flow

    n = int(p["n_mentees"])
    capacity = p["mentor_capacity"].astype(np.int64)
    m = capacity.size
    source, sink = n + m, n + m + 1
    edges = p["edge_mentee"].size
    units = _units(p["edge_score"])
    cost = -(units + big) if big is not None else -units
    bypass = 1 if big is not None else 0
    tails = np.concatenate(
        [np.full(n, source, np.int32), p["edge_mentee"].astype(np.int32), np.arange(n, n + m, dtype=np.int32)]
        + ([np.array([source], np.int32)] if bypass else [])
    )
    heads = np.concatenate(
        [np.arange(n, dtype=np.int32), (p["edge_mentor"] + n).astype(np.int32), np.full(m, sink, np.int32)]
        + ([np.array([sink], np.int32)] if bypass else [])
    )
    capacities = np.concatenate(
        [np.ones(n + edges, np.int64), capacity] + ([np.array([n], np.int64)] if bypass else [])
    )
    costs = np.concatenate(
        [np.zeros(n, np.int64), cost, np.zeros(m, np.int64)] + ([np.zeros(1, np.int64)] if bypass else [])
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    del tails, heads, capacities, costs, cost, units
    solver.set_node_supply(source, n)
    solver.set_node_supply(sink, -n)
    return solver, edges


def _flows_to_mentor_of(p: dict[str, np.ndarray], solver: Any, edges: int) -> np.ndarray:
    n = int(p["n_mentees"])
    flows = solver.flows(np.arange(n, n + edges, dtype=np.int64)) > 0
    mentor_of = np.full(n, -1, np.int64)
    mentor_of[p["edge_mentee"][flows]] = p["edge_mentor"][flows]
    return mentor_of


def run_baseline(p: dict[str, np.ndarray]) -> np.ndarray:
    solver, edges = _baseline_graph(p, None)
    status = solver.solve_max_flow_with_min_cost()
    assert status == solver.OPTIMAL, status  # noqa: S101
    return _flows_to_mentor_of(p, solver, edges)


def run_baseline_bigm(p: dict[str, np.ndarray]) -> np.ndarray:
    big = 10_000 * int(p["n_mentees"]) + 1  # one more matched mentee outweighs any score
    solver, edges = _baseline_graph(p, big)
    status = solver.solve()
    assert status == solver.OPTIMAL, status  # noqa: S101
    return _flows_to_mentor_of(p, solver, edges)


RUNNERS = {
    "engine": run_engine,
    "greedy": run_greedy,
    "baseline": run_baseline,
    "baseline_bigM": run_baseline_bigm,
}


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def worker(solver: str, problem_path: str, result_path: str) -> None:
    with np.load(problem_path) as archive:
        p = {key: archive[key] for key in archive.files}
    if solver == "engine":
        import mentoring.matching.engine  # noqa: F401 - imports are not the solve
    if solver.startswith("baseline"):
        import ortools.graph.python.min_cost_flow  # noqa: F401
    reset = False
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as stream:
            stream.write("5")  # reset the peak RSS (VmHWM) to the current RSS
        reset = True
    except OSError:
        pass
    loaded_kb = _status_kb("VmRSS") or 0
    started, cpu_started = time.perf_counter(), time.process_time()
    mentor_of = RUNNERS[solver](p)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_kb = _status_kb("VmHWM") if reset else None
    if peak_kb is None:  # no /proc: the lifetime peak, loading included
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    np.savez(result_path, mentor_of=mentor_of)
    Path(result_path + ".json").write_text(
        json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": (peak_kb - loaded_kb) / 1024})
    )


# --- the parent ---------------------------------------------------------------------------


def evaluate(p: dict[str, np.ndarray], mentor_of: np.ndarray) -> tuple[int, int]:
    """Matched count and score in hundredths; raises if the answer is not feasible."""
    n = int(p["n_mentees"])
    capacity = p["mentor_capacity"].astype(np.int64)
    m = capacity.size
    if mentor_of.shape != (n,):
        raise SystemExit("answer has the wrong shape")
    matched = mentor_of >= 0
    if np.any(np.bincount(mentor_of[matched], minlength=m) > capacity):
        raise SystemExit("answer breaks a capacity")
    key = p["edge_mentee"].astype(np.int64) * m + p["edge_mentor"]
    order = np.argsort(key)
    chosen = np.flatnonzero(matched).astype(np.int64) * m + mentor_of[matched]
    where = np.searchsorted(key[order], chosen)
    if np.any(where >= key.size) or np.any(key[order][np.minimum(where, key.size - 1)] != chosen):
        raise SystemExit("answer uses a pair that is not allowed")
    units = _units(p["edge_score"])[order][where]
    return int(matched.sum()), int(units.sum())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="mentee counts, comma-separated")
    parser.add_argument("--json", type=Path, help="save the results here")
    parser.add_argument("--no-big-m", action="store_true", help="skip the slower −(BIG+score) baseline")
    parser.add_argument("--no-tied", action="store_true", help="skip the district problem with tied scores")
    parser.add_argument("--worker", nargs=3, metavar=("SOLVER", "PROBLEM", "RESULT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        worker(*options.worker)
        return
    sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    solvers = [s for s in SOLVERS if not (options.no_big_m and s == "baseline_bigM")]
    # (label, mentees, seats ratio, seed); the label picks the generator.
    plan = [("correlated", n, ratio, n * 10 + round(ratio * 10)) for n in sizes for ratio in RATIOS]
    if not options.no_tied:
        plan.append(("tied", 2000, 0.75, 2026))
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as directory:
        for label, n, ratio, seed in plan:
            problem_path = os.path.join(directory, f"problem-{label}-{n}-{ratio}.npz")
            p = generate_tied(seed) if label == "tied" else generate(n, ratio, seed=seed)
            np.savez(problem_path, **p)
            edges = int(p["edge_mentee"].size)
            mentors = int(p["mentor_capacity"].size)
            print(
                f"{label}: {n} mentees, {mentors} mentors, {int(p['mentor_capacity'].sum())} seats, "
                f"{edges} edges",
                flush=True,
            )
            rows = {}
            for solver in solvers:
                result_path = os.path.join(directory, f"{solver}.npz")
                run = subprocess.run(  # noqa: S603 - this interpreter and this script
                    [sys.executable, __file__, "--worker", solver, problem_path, result_path],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if run.returncode != 0:
                    raise SystemExit(f"{solver} failed on {n}/{ratio}:\n{run.stderr}")
                measured = json.loads(Path(result_path + ".json").read_text())
                with np.load(result_path) as archive:
                    matched, units = evaluate(p, archive["mentor_of"])
                rows[solver] = {**measured, "matched": matched, "units": units}
            optimum = rows["baseline"]
            for solver, row in rows.items():
                row["gap"] = (optimum["units"] - row["units"]) / 100
                row["exact"] = row["matched"] == optimum["matched"] and row["units"] == optimum["units"]
                results.append(
                    {
                        "problem": label,
                        "mentees": n,
                        "seats_ratio": ratio,
                        "mentors": mentors,
                        "edges": edges,
                        "solver": solver,
                        "seconds": round(row["seconds"], 3),
                        "cpu_seconds": round(row["cpu"], 3),
                        "peak_mb": round(row["peak_mb"], 1),
                        "matched": row["matched"],
                        "score": row["units"] / 100,
                        "score_gap": row["gap"],
                        "missing_matches": optimum["matched"] - row["matched"],
                        "exact": row["exact"],
                    }
                )
            if not rows["engine"]["exact"]:
                raise SystemExit(
                    f"the engine is not exact on {label} {n}/{ratio}: {rows['engine']} vs {optimum}"
                )

    print()
    print("seconds: wall clock of the solve alone; peak MB: peak RSS above the RSS after loading")
    header = (
        f"{'problem':10} {'mentees':>8} {'seats':>5} {'solver':14} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} "
        f"{'matched':>8} {'score gap':>10} {'exact':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        print(
            f"{row['problem']:10} {row['mentees']:>8} {row['seats_ratio']:>5} {row['solver']:14} "
            f"{row['seconds']:>8.2f} "
            f"{row['cpu_seconds']:>7.2f} {row['peak_mb']:>8.0f} {row['matched']:>8} "
            f"{row['score_gap']:>10.2f} {'yes' if row['exact'] else 'no':>6}"
        )
    print()
    header = (
        f"{'problem':10} {'mentees':>8} {'seats':>5} {'against':14} {'time ratio':>10} {'cpu ratio':>10} "
        f"{'memory ratio':>13}"
    )
    print("engine / baseline (lower is better)")
    print(header)
    print("-" * len(header))
    by_key = {(r["problem"], r["mentees"], r["seats_ratio"], r["solver"]): r for r in results}
    for label, n, ratio, _ in plan:
        engine_row = by_key[(label, n, ratio, "engine")]
        for against in ("baseline", "baseline_bigM"):
            other = by_key.get((label, n, ratio, against))
            if other is None:
                continue
            memory = engine_row["peak_mb"] / other["peak_mb"] if other["peak_mb"] > 0 else float("nan")
            print(
                f"{label:10} {n:>8} {ratio:>5} {against:14} {engine_row['seconds'] / other['seconds']:>10.2f} "
                f"{engine_row['cpu_seconds'] / other['cpu_seconds']:>10.2f} {memory:>13.2f}"
            )
    if options.json:
        options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        print(f"\nsaved to {options.json}")


if __name__ == "__main__":
    main()
