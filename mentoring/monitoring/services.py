"""Every write of the register and the indicators: snapshots of the personal register, the targets the
department sets and the contingent of each school and ДО."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import (
    MONITORING_ORGANIZATION_KINDS,
    can_enter_contingent,
    can_set_indicator_targets,
    can_take_register_snapshots,
)
from mentoring.common.validators import plain_text
from mentoring.monitoring.indicators import indicators_in_force
from mentoring.monitoring.models import (
    Contingent,
    IndicatorTarget,
    RegisterEntry,
    RegisterSnapshot,
    SnapshotReason,
)
from mentoring.monitoring.register import (
    QUARTERS,
    EntryRow,
    quarter_bounds,
    register_rows,
    snapshot_as_of,
)
from mentoring.organizations.models import Municipality, Organization

BATCH = 2000
FIRST_YEAR = 2019
LAST_YEAR = 2100
MAX_NOTE = 500
MAX_COUNT = 1_000_000


def _check_year(year: int, field: str = "year") -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({field: f"Год должен быть от {FIRST_YEAR} до {LAST_YEAR}."})


# --- snapshots of the personal register -------------------------------------------------------------


def _clean_note(note: str) -> str:
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Комментарий длиннее {MAX_NOTE} символов."})
    if note:
        try:
            plain_text(note)
        except ValidationError as error:
            raise ValidationError({"note": error.messages}) from error
    return note


@transaction.atomic
def snapshot_take(
    *,
    municipality: Municipality,
    year: int,
    quarter: int,
    reason: str,
    by: User | None,
    note: str = "",
) -> RegisterSnapshot:
    """Takes the personal register of the municipality for a quarter: one row per person, role and
    mentorship, with the age and category on the quarter's last day (or today, inside a running
    quarter). Written in one transaction; the snapshot never changes afterwards, a later one of the same
    quarter replaces it in every figure. `by` None is the automatic snapshot at the end of a quarter."""
    if by is not None and not can_take_register_snapshots(by, municipality.pk):
        raise PermissionDenied("Снимать срез персонифицированного учёта может управление образования.")
    _check_year(year)
    if quarter not in QUARTERS:
        raise ValidationError({"quarter": "Квартал должен быть от 1 до 4."})
    if reason not in SnapshotReason.values:
        raise ValidationError({"reason": "Неизвестное основание среза."})
    today = timezone.localdate()
    start, _ = quarter_bounds(year, quarter)
    if start > today:
        raise ValidationError({"quarter": "Этот квартал ещё не начался: срез снимается за прошедшие дни."})
    note = _clean_note(note)
    as_of = snapshot_as_of(year, quarter, today)
    rows: dict[tuple[int, str, int], EntryRow] = {}
    for row in register_rows(municipality=municipality, year=year, quarter=quarter, as_of=as_of):
        rows.setdefault((row.person_id, row.role, row.mentorship_id), row)
    snapshot = RegisterSnapshot.objects.create(
        municipality=municipality,
        year=year,
        quarter=quarter,
        as_of=as_of,
        reason=reason,
        note=note,
        taken_by=by,
        entries_count=len(rows),
    )
    batch: list[RegisterEntry] = []
    for row in rows.values():
        batch.append(
            RegisterEntry(
                snapshot=snapshot,
                person_id=row.person_id,
                role=row.role,
                organization_id=row.organization_id,
                person_organization_id=row.person_organization_id,
                program_id=row.program_id,
                form_id=row.form_id,
                mentorship_id=row.mentorship_id,
                category_id=row.category_id,
                age=row.age,
                is_young_specialist=row.is_young_specialist,
            )
        )
        if len(batch) >= BATCH:
            RegisterEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        RegisterEntry.objects.bulk_create(batch)
    return snapshot


@transaction.atomic
def snapshot_take_if_missing(
    *, municipality: Municipality, year: int, quarter: int
) -> RegisterSnapshot | None:
    """The automatic snapshot at a quarter's end: taken only when the quarter has none on its last day
    yet. The municipality's row is locked, so two runs at once never take two."""
    Municipality.objects.select_for_update().filter(pk=municipality.pk).values_list("pk", flat=True).get()
    _, end = quarter_bounds(year, quarter)
    # A snapshot on demand inside the running quarter (an earlier `as_of`) does not count as its end.
    if RegisterSnapshot.objects.filter(
        municipality=municipality, year=year, quarter=quarter, as_of=end
    ).exists():
        return None
    return snapshot_take(
        municipality=municipality, year=year, quarter=quarter, reason=SnapshotReason.QUARTER_END, by=None
    )


# --- targets ---------------------------------------------------------------------------------------


@transaction.atomic
def targets_save(
    *,
    municipality: Municipality,
    year: int,
    values: Mapping[tuple[int, int | None], Decimal | None],
    by: User,
) -> int:
    """Sets the targets of a year: (indicator id, organization id or None for the municipality) → value,
    None to clear it. Checked whole first, then applied; returns how many targets changed."""
    if not can_set_indicator_targets(by, municipality.pk):
        raise PermissionDenied("Целевые значения устанавливает администратор управления образования.")
    _check_year(year)
    indicators = {
        indicator.pk: indicator
        for indicator in indicators_in_force(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    }
    organization_ids = set(
        Organization.objects.filter(
            municipality=municipality, kind__in=MONITORING_ORGANIZATION_KINDS
        ).values_list("pk", flat=True)
    )
    for (indicator_id, organization_id), value in values.items():
        if indicator_id not in indicators:
            raise ValidationError("Показатель не действует в этом году.")
        if organization_id is not None and organization_id not in organization_ids:
            raise ValidationError("Организация не относится к муниципалитету.")
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            raise ValidationError(
                f"Целевое значение показателя {indicators[indicator_id].code} должно быть от 0 до 100 %."
            )
    existing = {
        (target.indicator_id, target.organization_id): target
        for target in IndicatorTarget.objects.select_for_update()
        .filter(municipality=municipality, year=year, indicator_id__in=indicators)
        .order_by("pk")
    }
    changed = 0
    for key, value in values.items():
        target = existing.get(key)
        if value is None:
            if target is not None:
                target.delete()
                changed += 1
            continue
        value = value.quantize(Decimal("0.01"))
        if target is None:
            target = IndicatorTarget(
                indicator_id=key[0], municipality=municipality, organization_id=key[1], year=year
            )
        elif target.value == value:
            continue
        target.value = value
        target.set_by = by
        target.full_clean()
        target.save()
        changed += 1
    return changed


# --- contingent ------------------------------------------------------------------------------------


@transaction.atomic
def contingent_save(
    *,
    organization: Organization,
    year: int,
    pupils_10_18: int,
    pupils_15_18: int,
    teachers: int,
    young_teachers: int,
    by: User,
) -> Contingent:
    """Enters or corrects an organization's contingent for a year (the denominators of the indicators)."""
    if not can_enter_contingent(by, organization):
        raise PermissionDenied(
            "Контингент вносят управление образования, руководитель или куратор организации."
        )
    _check_year(year)
    counts = {
        "pupils_10_18": pupils_10_18,
        "pupils_15_18": pupils_15_18,
        "teachers": teachers,
        "young_teachers": young_teachers,
    }
    errors: dict[str, str] = {}
    for field, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            errors[field] = f"Укажите целое число от 0 до {MAX_COUNT:,}.".replace(",", " ")
    if errors:
        raise ValidationError(errors)
    if pupils_15_18 > pupils_10_18:
        errors["pupils_15_18"] = "Обучающихся 15–18 лет не может быть больше, чем обучающихся 10–18 лет."
    if young_teachers > teachers:
        errors["young_teachers"] = "Молодых педагогов не может быть больше, чем всех педагогов."
    if errors:
        raise ValidationError(errors)
    contingent = (
        Contingent.objects.select_for_update()
        .filter(organization=organization, year=year)
        .order_by("pk")
        .first()
    )
    if contingent is None:
        contingent = Contingent(organization=organization, year=year)
    elif all(getattr(contingent, field) == value for field, value in counts.items()):
        return contingent
    for field, value in counts.items():
        setattr(contingent, field, value)
    contingent.entered_by = by
    contingent.full_clean(validate_unique=False)
    contingent.save()
    return contingent
