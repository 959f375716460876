"""Rows of the access matrix for the matching pages (merged by common/tests/test_access_matrix.py)."""

from typing import Any

from mentoring.matching.models import MatchingRun, PairRule, PairRuleKind, RunStatus
from mentoring.matching.tests.factories import MATH, mentee, mentor, pupil_program


def _program(world: Any) -> Any:
    return pupil_program(world)


def _run(world: Any) -> MatchingRun:
    return MatchingRun.objects.create(
        program=_program(world), started_by=world.curator, status=RunStatus.PROPOSED
    )


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    runners = named("superuser", "department_admin", "head", "curator")
    viewers = runners | named("methodologist")
    outsiders = everyone - viewers

    def program_pk(world: Any) -> dict[str, Any]:
        return {"pk": _program(world).pk}

    def run_pk(world: Any) -> dict[str, Any]:
        return {"pk": _run(world).pk}

    def move_kwargs(world: Any) -> dict[str, Any]:
        run = _run(world)
        mentor(world, competencies=(MATH,), program=run.program)
        return {"pk": run.pk, "mentee_pk": mentee(world, requests=(MATH,)).pk}

    def rule_pk(world: Any) -> dict[str, Any]:
        program = _program(world)
        rule = PairRule.objects.create(
            program=program,
            mentee=mentee(world),
            mentor=mentor(world, program=program),
            kind=PairRuleKind.EXCLUDE,
            created_by=world.curator,
        )
        return {"pk": rule.pk}

    def viewer_row(kwargs: Any) -> Any:
        return Row(kwargs=kwargs, ok=viewers, notfound=outsiders)

    def runner_row(kwargs: Any, method: str = "POST", data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=runners,
            forbidden=named("methodologist"),
            notfound=outsiders,
        )

    return {
        "matching:program": viewer_row(program_pk),
        "matching:start": runner_row(program_pk),
        "matching:settings": runner_row(program_pk, "GET"),
        "matching:wishes": viewer_row(program_pk),
        "matching:run": viewer_row(run_pk),
        "matching:progress": viewer_row(run_pk),
        "matching:lock": runner_row(run_pk),
        "matching:exclude": runner_row(run_pk),
        "matching:move": runner_row(move_kwargs, "GET"),
        "matching:confirm": runner_row(run_pk),
        "matching:discard": runner_row(run_pk),
        "matching:rule_remove": runner_row(rule_pk),
    }
