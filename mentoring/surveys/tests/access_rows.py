"""The surveys rows of the access matrix (mentoring/common/tests/test_access_matrix.py joins them).

Everything is made in world.school: its own questionnaire, a program whose pair is the mentor and the
mentee personas, a round sent to the mentees (the mentee persona is invited), a SWOT analysis. The
builder and the overviews are for the department and for heads and curators; a school's rounds, SWOT
and growth for its head and curator and the department of its municipality; answering for the invited
participant only.
"""

from __future__ import annotations

from typing import Any


def _questionnaire(world: Any) -> Any:
    from mentoring.surveys.tests.factories import questionnaire

    return questionnaire(organization=world.school)


def _questionnaire_pk(world: Any) -> dict[str, Any]:
    return {"pk": _questionnaire(world).pk}


def _question_pk(world: Any) -> dict[str, Any]:
    return {"pk": _questionnaire(world).questions.order_by("position").last().pk}


def _program(world: Any) -> Any:
    from mentoring.surveys.tests.factories import program_of, school_pair

    program = program_of(world)
    school_pair(world, program=program)
    return program


def _program_pk(world: Any) -> dict[str, Any]:
    return {"pk": _program(world).pk}


def _round(world: Any) -> Any:
    from mentoring.surveys.tests.factories import send_round

    return send_round(world, _program(world), _questionnaire(world))


def _round_pk(world: Any) -> dict[str, Any]:
    return {"pk": _round(world).pk}


def _mentee_invitation(world: Any) -> dict[str, Any]:
    from mentoring.surveys.tests.factories import invitation_of

    return {"pk": invitation_of(_round(world), world.mentee).pk}


def _swot_pk(world: Any) -> dict[str, Any]:
    import datetime

    from mentoring.surveys.services import swot_save

    swot = swot_save(
        by=world.curator,
        program=_program(world),
        period_start=datetime.date(2025, 9, 1),
        period_end=datetime.date(2025, 12, 31),
        strengths="Опытные наставники.",
        weaknesses="Мало времени.",
        opportunities="Партнёры.",
        threats="Нагрузка.",
    )
    return {"pk": swot.pk}


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    builders = named(
        "superuser",
        "department_admin",
        "methodologist",
        "foreign_department_admin",
        "head",
        "curator",
        "other_curator",
        "foreign_curator",
    )
    readers = named("superuser", "department_admin", "methodologist", "head", "curator")
    runners = named("superuser", "head", "curator")
    department = named("department_admin", "methodologist")

    def builder_row(**extra: Any) -> Any:
        return Row(ok=builders, forbidden=everyone - builders, **extra)

    def read_row(kwargs: Any) -> Any:
        return Row(kwargs=kwargs, ok=readers, notfound=everyone - readers)

    def run_row(kwargs: Any, method: str = "GET", **extra: Any) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            ok=runners,
            forbidden=department,
            notfound=everyone - readers,
            **extra,
        )

    return {
        "surveys:questionnaire_list": builder_row(),
        "surveys:questionnaire_create": builder_row(),
        "surveys:questionnaire_detail": read_row(_questionnaire_pk),
        "surveys:questionnaire_preview": read_row(_questionnaire_pk),
        "surveys:questionnaire_copy": read_row(_questionnaire_pk),
        "surveys:questionnaire_edit": run_row(_questionnaire_pk),
        "surveys:question_add": run_row(_questionnaire_pk),
        "surveys:question_edit": run_row(_question_pk),
        "surveys:question_move": run_row(_question_pk, "POST", data={"direction": "up"}),
        "surveys:question_delete": run_row(_question_pk, "POST"),
        "surveys:mine": Row(ok=everyone),
        "surveys:answer": Row(
            kwargs=_mentee_invitation, ok=named("mentee"), notfound=everyone - named("mentee")
        ),
        "surveys:program_list": builder_row(),
        "surveys:program": read_row(_program_pk),
        "surveys:round_create": run_row(_program_pk),
        "surveys:pulse_schedule": run_row(_program_pk),
        "surveys:swot_create": run_row(_program_pk),
        "surveys:program_growth": read_row(_program_pk),
        "surveys:organization_growth": read_row(lambda world: {"pk": world.school.pk}),
        "surveys:round_detail": read_row(_round_pk),
        "surveys:paper_answer": Row(kwargs=_mentee_invitation, ok=runners, notfound=everyone - runners),
        "surveys:swot_list": builder_row(),
        "surveys:swot_detail": read_row(_swot_pk),
        "surveys:swot_edit": run_row(_swot_pk),
    }
