"""Rows of the access matrix for the programs pages (merged by common/tests/test_access_matrix.py)."""

from typing import Any

from mentoring.people.models import PersonCategory
from mentoring.programs.models import MentoringForm
from mentoring.programs.tests.factories import ProgramFactory, ProgramStageFactory, attach


def _program(world: Any, **fields: Any) -> Any:
    return ProgramFactory(organization=world.school, **fields)


def _municipal_form(world: Any) -> MentoringForm:
    form = MentoringForm.objects.create(
        municipality=world.municipality, code="chess", name="Шахматист – шахматист"
    )
    pupil = PersonCategory.objects.get(code="pupil")
    form.mentor_categories.set([pupil])
    form.mentee_categories.set([pupil])
    return form


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    readers = sets["DEPARTMENT"] | sets["STAFF"]
    runners_anywhere = named(
        "superuser",
        "department_admin",
        "foreign_department_admin",
        "head",
        "curator",
        "other_curator",
        "foreign_curator",
    )
    runners = named("superuser", "department_admin", "head", "curator")
    own_school = runners | named("methodologist", "mentor", "mentee")
    outsiders = everyone - own_school

    def runner_row(kwargs: Any, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=runners,
            forbidden=named("methodologist", "mentor", "mentee"),
            notfound=outsiders,
        )

    form_keepers = named("superuser", "department_admin")
    form_readers = named(
        "superuser",
        "department_admin",
        "methodologist",
        "head",
        "curator",
        "partner_representative",
        "other_curator",
    )
    foreign = named("foreign_department_admin", "foreign_curator")

    def form_keeper_row(kwargs: Any, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=form_keepers,
            forbidden=everyone - form_keepers - foreign,
            notfound=foreign,
        )

    def program_pk(world: Any) -> dict[str, Any]:
        return {"pk": _program(world).pk}

    def shared_program_pk(world: Any) -> dict[str, Any]:
        return {"pk": _program(world, is_shared=True).pk}

    def stage_pk(world: Any) -> dict[str, Any]:
        return {"pk": ProgramStageFactory(program=_program(world)).pk}

    def attachment_pk(world: Any) -> dict[str, Any]:
        return {"pk": attach(_program(world), by=world.curator).pk}

    def form_pk(world: Any) -> dict[str, Any]:
        return {"pk": _municipal_form(world).pk}

    def variant_pk(world: Any) -> dict[str, Any]:
        return {"pk": _municipal_form(world).role_variants.create(name="Гроссмейстер – новичок").pk}

    return {
        "programs:list": Row(ok=readers, forbidden=named("mentor", "mentee")),
        "programs:create": Row(ok=runners_anywhere, forbidden=everyone - runners_anywhere),
        "programs:shared": Row(ok=readers, forbidden=named("mentor", "mentee")),
        "programs:detail": Row(kwargs=program_pk, ok=own_school, notfound=outsiders),
        "programs:edit": runner_row(program_pk),
        "programs:status": runner_row(program_pk, "POST", {"status": "active"}),
        "programs:pairs_formed": runner_row(program_pk, "POST", {"pairs_formed_on": ""}),
        "programs:share": runner_row(program_pk, "POST", {"shared": "1"}),
        "programs:recommend": Row(
            kwargs=shared_program_pk,
            method="POST",
            data={"recommended": "1"},
            ok=named("superuser", "department_admin", "methodologist"),
            forbidden=named("head", "curator", "mentor", "mentee", "other_curator", "partner_representative"),
            notfound=foreign,
        ),
        "programs:copy": Row(
            kwargs=shared_program_pk,
            ok=named("superuser", "department_admin", "head", "curator", "other_curator"),
            forbidden=named("methodologist", "mentor", "mentee", "partner_representative"),
            notfound=foreign,
        ),
        "programs:delete": runner_row(program_pk, "POST"),
        "programs:stage_add": runner_row(program_pk),
        "programs:stage_edit": runner_row(stage_pk),
        "programs:stage_delete": runner_row(stage_pk, "POST"),
        "programs:attachment_add": runner_row(program_pk),
        "programs:attachment_download": Row(kwargs=attachment_pk, ok=own_school, notfound=outsiders),
        "programs:attachment_delete": runner_row(attachment_pk, "POST"),
        "programs:form_list": Row(ok=readers, forbidden=named("mentor", "mentee")),
        "programs:form_create": Row(
            ok=named("superuser", "department_admin", "foreign_department_admin"),
            forbidden=everyone - named("superuser", "department_admin", "foreign_department_admin"),
        ),
        "programs:form_detail": Row(
            kwargs=form_pk, ok=form_readers, forbidden=named("mentor", "mentee"), notfound=foreign
        ),
        "programs:form_edit": form_keeper_row(form_pk),
        "programs:form_delete": form_keeper_row(form_pk, "POST"),
        "programs:variant_add": form_keeper_row(form_pk, "POST", {"name": "Старший – младший"}),
        "programs:variant_delete": form_keeper_row(variant_pk, "POST"),
        "programs:alias_set": form_keeper_row(
            form_pk, "POST", {"organization_kind": "school", "name": "Шахматы"}
        ),
    }
