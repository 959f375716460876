"""Every write to forms of mentoring and programs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from mentoring.accounts.models import Membership, Role, User
from mentoring.common.access import (
    can_edit_form,
    can_recommend_programs_of,
    can_run_programs_of,
    forms_available_to_municipality,
    municipalities_administered_by,
)
from mentoring.common.files import DOCX, JPEG, MEGABYTE, PDF, PNG, PPTX, XLSX, validate_upload
from mentoring.organizations.models import Organization
from mentoring.people.services import current_school_year
from mentoring.programs.models import (
    DEFAULT_STAGES,
    FormAlias,
    MentoringForm,
    Program,
    ProgramAttachment,
    ProgramStage,
    ProgramStatus,
    RoleVariant,
)

ATTACHMENT_KINDS = (PDF, DOCX, XLSX, PPTX, JPEG, PNG)
ATTACHMENT_MAX_BYTES = 25 * MEGABYTE

PROGRAM_FIELDS = (
    "title",
    "form",
    "goals",
    "tasks",
    "target_audience",
    "expected_results",
    "starts_on",
    "ends_on",
    "curator",
    "form_chosen_on",
    "max_group_size",
    "requires_trained_mentors",
)

# Which status may follow which: a program is prepared, run, completed and archived; a draft that
# was never run may go straight to the archive, and a completed one may be reopened by mistake fixes.
STATUS_TRANSITIONS = {
    ProgramStatus.DRAFT: {ProgramStatus.ACTIVE, ProgramStatus.ARCHIVED},
    ProgramStatus.ACTIVE: {ProgramStatus.COMPLETED, ProgramStatus.DRAFT},
    ProgramStatus.COMPLETED: {ProgramStatus.ARCHIVED, ProgramStatus.ACTIVE},
    ProgramStatus.ARCHIVED: {ProgramStatus.DRAFT},
}


def school_year_dates(day: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """1 September – 31 May of the current school year: a new program's default dates."""
    year = current_school_year(day)
    return datetime.date(year, 9, 1), datetime.date(year + 1, 5, 31)


# --- forms of mentoring --------------------------------------------------------------------------


def _require_form_keeper(by: User, form: MentoringForm) -> None:
    if not can_edit_form(by, form):
        if form.municipality_id is None:
            raise PermissionDenied("Общие формы наставничества меняет администратор системы.")
        raise PermissionDenied(
            "Формы наставничества муниципалитета меняет администратор управления образования."
        )


@transaction.atomic
def form_save(
    *,
    by: User,
    form: MentoringForm,
    mentor_categories: Iterable[Any],
    mentee_categories: Iterable[Any],
    mentee_subtypes: Iterable[Any] = (),
) -> MentoringForm:
    """Creates or changes a form with the categories it allows."""
    if form.pk is None and form.municipality_id is not None:
        if not municipalities_administered_by(by).filter(pk=form.municipality_id).exists():
            raise PermissionDenied(
                "Формы наставничества муниципалитета добавляет администратор управления образования."
            )
    else:
        _require_form_keeper(by, form)
    mentor_categories, mentee_categories = list(mentor_categories), list(mentee_categories)
    if not mentor_categories or not mentee_categories:
        raise ValidationError("Укажите, кто может быть наставником и кто наставляемым.")
    form.full_clean()
    form.save()
    form.mentor_categories.set(mentor_categories)
    form.mentee_categories.set(mentee_categories)
    form.mentee_subtypes.set(list(mentee_subtypes))
    return form


def form_is_in_use(form: MentoringForm) -> bool:
    return form.programs.exists() or form.mentors.exists()


@transaction.atomic
def form_delete(*, by: User, form: MentoringForm) -> None:
    _require_form_keeper(by, form)
    if form_is_in_use(form):
        raise ValidationError("Форма используется в программах или у наставников: её можно только скрыть.")
    form.delete()


@transaction.atomic
def role_variant_add(*, by: User, form: MentoringForm, name: str, description: str = "") -> RoleVariant:
    _require_form_keeper(by, form)
    variant = RoleVariant(form=form, name=name, description=description)
    variant.full_clean()
    variant.save()
    return variant


@transaction.atomic
def role_variant_remove(*, by: User, variant: RoleVariant) -> None:
    _require_form_keeper(by, variant.form)
    if variant.programs.exists():
        raise ValidationError(f"Ролевая модель «{variant.name}» используется в программах.")
    variant.delete()


@transaction.atomic
def form_alias_set(*, by: User, form: MentoringForm, organization_kind: str, name: str) -> None:
    """Sets how organizations of a kind call the form; an empty name removes the alias."""
    _require_form_keeper(by, form)
    FormAlias.objects.filter(form=form, organization_kind=organization_kind).delete()
    if name:
        alias = FormAlias(form=form, organization_kind=organization_kind, name=name)
        alias.full_clean()
        alias.save()


# --- programs ------------------------------------------------------------------------------------


def _require_runner(by: User, organization: Organization) -> None:
    if not can_run_programs_of(by, organization):
        raise PermissionDenied(f"Вы не ведёте программы организации «{organization.short_name}».")


def _validate_program(program: Program, role_variants: list[RoleVariant]) -> None:
    errors: dict[str, str] = {}
    form = program.form
    available = MentoringForm.objects.filter(
        forms_available_to_municipality(program.organization.municipality_id)
    )
    if not available.filter(pk=form.pk).exists():
        errors["form"] = "Эта форма наставничества не используется в муниципалитете."
    elif not form.is_active and program.status in (ProgramStatus.DRAFT, ProgramStatus.ACTIVE):
        errors["form"] = f"Форма «{form.name}» больше не используется: выберите другую."
    foreign = [variant.name for variant in role_variants if variant.form_id != form.pk]
    if foreign:
        errors["role_variants"] = (
            f"Ролевые модели {', '.join(f'«{name}»' for name in foreign)} относятся к другой форме наставничества, "
            f"а не к «{form.name}»."
        )
    if program.curator_id is not None:
        is_curator = Membership.objects.filter(
            user_id=program.curator_id,
            organization=program.organization,
            role__in=[Role.CURATOR, Role.HEAD],
            is_active=True,
        ).exists()
        if not is_curator:
            errors["curator"] = "Куратором программы может быть куратор или руководитель этой организации."
    if program.form_chosen_on and program.form_chosen_on > timezone.localdate():
        errors["form_chosen_on"] = "Дата выбора формы не может быть в будущем."
    if errors:
        raise ValidationError(errors)
    program.full_clean()


@transaction.atomic
def program_create(
    *, by: User, organization: Organization, role_variants: Iterable[RoleVariant] = (), **fields: Any
) -> Program:
    """Creates a draft program with the plan template of the meetings sequence."""
    _require_runner(by, organization)
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    starts_on, ends_on = school_year_dates()
    fields.setdefault("starts_on", starts_on)
    fields.setdefault("ends_on", ends_on)
    if fields.get("form") is not None and fields.get("max_group_size") is None:
        fields["max_group_size"] = fields["form"].default_max_group_size
    program = Program(organization=organization, status=ProgramStatus.DRAFT, **fields)
    variants = list(role_variants)
    _validate_program(program, variants)
    program.save()
    program.role_variants.set(variants)
    ProgramStage.objects.bulk_create(
        ProgramStage(
            program=program, position=number, title=title, description=text, planned_meetings=meetings
        )
        for number, (title, text, meetings) in enumerate(DEFAULT_STAGES, start=1)
    )
    return program


@transaction.atomic
def program_update(
    *, by: User, program: Program, role_variants: Iterable[RoleVariant] | None = None, **fields: Any
) -> Program:
    _require_runner(by, program.organization)
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(program, name, value)
    variants = list(role_variants) if role_variants is not None else list(program.role_variants.all())
    _validate_program(program, variants)
    program.save()
    program.role_variants.set(variants)
    return program


@transaction.atomic
def program_set_status(*, by: User, program: Program, status: str) -> Program:
    _require_runner(by, program.organization)
    if status == program.status:
        return program
    if status not in STATUS_TRANSITIONS.get(ProgramStatus(program.status), set()):
        raise ValidationError(
            f"Программу со статусом «{program.get_status_display()}» нельзя перевести в «{ProgramStatus(status).label}»."
        )
    if status == ProgramStatus.ACTIVE and program.form_chosen_on is None:
        raise ValidationError(
            "Укажите дату выбора формы наставничества: с неё идут две недели на формирование пар."
        )
    program.status = status
    if status == ProgramStatus.ARCHIVED:
        program.is_recommended = False
        program.is_shared = False
    program.save(update_fields=["status", "is_recommended", "is_shared", "updated_at"])
    return program


@transaction.atomic
def program_record_pairs_formed(*, by: User, program: Program, on: datetime.date | None) -> Program:
    """Records the day pairs and groups were formed (the order's date), or clears it."""
    _require_runner(by, program.organization)
    if on is not None:
        if on > timezone.localdate():
            raise ValidationError("Дата формирования пар не может быть в будущем.")
        if program.form_chosen_on and on < program.form_chosen_on:
            raise ValidationError("Пары не могли быть сформированы раньше, чем выбрана форма.")
    program.pairs_formed_on = on
    program.save(update_fields=["pairs_formed_on", "updated_at"])
    return program


@transaction.atomic
def program_set_shared(*, by: User, program: Program, shared: bool) -> Program:
    _require_runner(by, program.organization)
    if shared and program.status == ProgramStatus.ARCHIVED:
        raise ValidationError("Программу из архива нельзя открыть другим организациям.")
    program.is_shared = shared
    if not shared:
        program.is_recommended = False
    program.save(update_fields=["is_shared", "is_recommended", "updated_at"])
    return program


@transaction.atomic
def program_set_recommended(*, by: User, program: Program, recommended: bool) -> Program:
    if not can_recommend_programs_of(by, program.organization):
        raise PermissionDenied("Рекомендовать программы может управление образования.")
    if recommended and not program.is_shared:
        raise ValidationError("Рекомендовать можно только программу, открытую другим организациям.")
    program.is_recommended = recommended
    program.save(update_fields=["is_recommended", "updated_at"])
    return program


@transaction.atomic
def program_copy(*, by: User, source: Program, organization: Organization) -> Program:
    """Copies a shared program into the organization's base as a new draft: texts, form, role
    variants, stages and the attachments marked as shared. No curator, no dates of the source's
    pairs, nothing about its people."""
    _require_runner(by, organization)
    if not source.is_shared and source.organization_id != organization.pk:
        raise PermissionDenied("Скопировать можно только программу, открытую другим организациям.")
    if organization.municipality_id != source.organization.municipality_id:
        raise PermissionDenied("Программы копируются в пределах муниципалитета.")
    starts_on, ends_on = school_year_dates()
    copy = Program(
        organization=organization,
        title=source.title,
        form=source.form,
        goals=source.goals,
        tasks=source.tasks,
        target_audience=source.target_audience,
        expected_results=source.expected_results,
        starts_on=starts_on,
        ends_on=ends_on,
        max_group_size=source.max_group_size,
        requires_trained_mentors=source.requires_trained_mentors,
        status=ProgramStatus.DRAFT,
        copied_from=source,
    )
    copy.full_clean()
    copy.save()
    copy.role_variants.set(source.role_variants.all())
    ProgramStage.objects.bulk_create(
        ProgramStage(
            program=copy,
            position=stage.position,
            title=stage.title,
            description=stage.description,
            planned_meetings=stage.planned_meetings,
        )
        for stage in source.stages.all()
    )
    for attachment in source.attachments.filter(is_shared=True):
        duplicate = ProgramAttachment(program=copy, title=attachment.title, is_shared=True, uploaded_by=by)
        with attachment.file.open("rb") as original:
            duplicate.file.save(
                attachment.file.name.rsplit("/", 1)[-1], ContentFile(original.read()), save=False
            )
        duplicate.save()
    return copy


@transaction.atomic
def program_delete(*, by: User, program: Program) -> None:
    """Deletes a draft created by mistake; a program that ran is archived instead."""
    _require_runner(by, program.organization)
    if program.status != ProgramStatus.DRAFT or program.form_chosen_on or program.pairs_formed_on:
        raise ValidationError(
            "Удалить можно только черновик, по которому не начиналась работа: перенесите программу в архив."
        )
    files = [attachment.file for attachment in program.attachments.all()]
    try:
        program.delete()
    except ProtectedError as error:
        # A draft other records still point to (the region's Navigator knows it, for one).
        raise ValidationError(
            "На программу ссылаются другие записи (например, она получена из Навигатора): "
            "перенесите её в архив."
        ) from error
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


# --- plan template and files ---------------------------------------------------------------------


@transaction.atomic
def stage_save(*, by: User, stage: ProgramStage) -> ProgramStage:
    _require_runner(by, stage.program.organization)
    if stage.pk is None and not stage.position:
        last = stage.program.stages.order_by("-position").values_list("position", flat=True).first()
        stage.position = (last or 0) + 1
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def stage_delete(*, by: User, stage: ProgramStage) -> None:
    _require_runner(by, stage.program.organization)
    stage.delete()


@transaction.atomic
def attachment_add(
    *, by: User, program: Program, title: str, upload: UploadedFile, is_shared: bool
) -> ProgramAttachment:
    _require_runner(by, program.organization)
    validate_upload(upload, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
    attachment = ProgramAttachment(program=program, title=title, is_shared=is_shared, uploaded_by=by)
    attachment.full_clean(exclude=["file"])
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, by: User, attachment: ProgramAttachment) -> None:
    _require_runner(by, attachment.program.organization)
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.delete(save=False))
