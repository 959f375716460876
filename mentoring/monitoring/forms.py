"""Forms of the register and the indicators: the period, a snapshot on demand, the filters of a
snapshot's rows, the table of targets of a year and an organization's contingent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from mentoring.common.validators import plain_text
from mentoring.monitoring.models import Indicator, IndicatorTarget, RegisterRole
from mentoring.monitoring.services import FIRST_YEAR, LAST_YEAR, MAX_COUNT, MAX_NOTE
from mentoring.organizations.models import Organization
from mentoring.programs.models import MentoringForm

QUARTER_CHOICES = [("1", "I квартал"), ("2", "II квартал"), ("3", "III квартал"), ("4", "IV квартал")]


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label="Год",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": "Год — целое число, например 2025.",
            "min_value": f"Год не раньше {FIRST_YEAR}.",
            "max_value": f"Год не позже {LAST_YEAR}.",
        },
        **kwargs,
    )


class PeriodForm(forms.Form):
    """A year and, optionally, a quarter (none: the whole year, by its latest snapshot)."""

    year = _year_field(required=False)
    quarter = forms.TypedChoiceField(
        label="Период",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Год целиком"), *QUARTER_CHOICES],
        error_messages={"invalid_choice": "Выберите квартал из списка."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An unbound form shows the year its page is about: the current one.
        self.fields["year"].initial = timezone.localdate().year

    def period(self) -> tuple[int, int | None]:
        """The chosen period; this year when nothing (or nonsense) was asked for."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"] or timezone.localdate().year, self.cleaned_data["quarter"]
        return timezone.localdate().year, None


class YearForm(forms.Form):
    year = _year_field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def chosen(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


class SnapshotTakeForm(forms.Form):
    year = _year_field()
    quarter = forms.TypedChoiceField(
        label="Квартал",
        coerce=int,
        choices=QUARTER_CHOICES,
        error_messages={"invalid_choice": "Выберите квартал из списка.", "required": "Выберите квартал."},
    )
    note = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=MAX_NOTE,
        validators=[plain_text],
        help_text="Зачем снят срез: например, исправлены даты пар после проверки.",
        widget=forms.TextInput(),
        error_messages={"max_length": f"Комментарий — не длиннее {MAX_NOTE} символов."},
    )


class EntryFilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="Все организации",
    )
    role = forms.ChoiceField(label="Роль", required=False, choices=[("", "Все роли"), *RegisterRole.choices])
    form = forms.ModelChoiceField(
        label="Форма", queryset=MentoringForm.objects.none(), required=False, empty_label="Все формы"
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        mentoring_forms: QuerySet[MentoringForm],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(forms.ModelChoiceField, self.fields["form"]).queryset = mentoring_forms

    def filters(self) -> dict[str, Any]:
        """The valid filters (an unknown or foreign value is simply not applied)."""
        if not self.is_valid():
            return {"organization_id": None, "role": "", "form_id": None}
        organization = self.cleaned_data.get("organization")
        form = self.cleaned_data.get("form")
        return {
            "organization_id": organization.pk if organization else None,
            "role": self.cleaned_data.get("role") or "",
            "form_id": form.pk if form else None,
        }


def plain_decimal(value: Decimal) -> Decimal:
    """70.00 → 70, 12.50 → 12.5 (never 7E+1)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def target_field_name(indicator_id: int, organization_id: int | None) -> str:
    return f"t_{indicator_id}_{organization_id or 'm'}"


class TargetsForm(forms.Form):
    """The table of a year's targets: a row for the municipality and each school and ДО, a column for
    each indicator in force. An empty cell clears the target."""

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        organizations: list[Organization],
        targets: dict[tuple[int, int | None], IndicatorTarget],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.organizations = organizations
        self.keys: dict[str, tuple[int, int | None]] = {}
        for organization_id in [None, *(item.pk for item in organizations)]:
            for indicator in indicators:
                name = target_field_name(indicator.pk, organization_id)
                target = targets.get((indicator.pk, organization_id))
                self.fields[name] = forms.DecimalField(
                    label=f"Показатель {indicator.code}",
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(100),
                    max_digits=6,
                    decimal_places=2,
                    initial=plain_decimal(target.value) if target is not None else None,
                    localize=True,
                    error_messages={
                        "invalid": "Введите число, например 70 или 12,5.",
                        "min_value": "Не меньше 0.",
                        "max_value": "Не больше 100.",
                        "max_digits": "Слишком длинное число.",
                        "max_decimal_places": "Не больше двух знаков после запятой.",
                        "max_whole_digits": "Не больше 100.",
                    },
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
                )
                self.keys[name] = (indicator.pk, organization_id)

    def rows(self) -> list[tuple[Organization | None, list[forms.BoundField]]]:
        """(organization or None for the municipality, its cells in the order of the indicators)."""
        return [
            (
                organization,
                [
                    self[target_field_name(indicator.pk, organization.pk if organization else None)]
                    for indicator in self.indicators
                ],
            )
            for organization in [None, *self.organizations]
        ]

    def values(self) -> dict[tuple[int, int | None], Decimal | None]:
        return {key: self.cleaned_data.get(name) for name, key in self.keys.items()}


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "required": "Укажите число (0, если таких нет).",
            "invalid": "Введите целое число.",
            "min_value": "Число не может быть отрицательным.",
            "max_value": f"Не больше {MAX_COUNT:,}.".replace(",", " "),
        },
    )


class ContingentForm(forms.Form):
    pupils_10_18 = _count_field("Обучающихся 10–18 лет")
    pupils_15_18 = _count_field("Из них 15–18 лет")
    teachers = _count_field("Педагогов")
    young_teachers = _count_field("Из них молодых (стаж до 3 лет)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        older, pupils = data.get("pupils_15_18"), data.get("pupils_10_18")
        if older is not None and pupils is not None and older > pupils:
            self.add_error(
                "pupils_15_18", "Обучающихся 15–18 лет не может быть больше, чем обучающихся 10–18 лет."
            )
        young, teachers = data.get("young_teachers"), data.get("teachers")
        if young is not None and teachers is not None and young > teachers:
            self.add_error("young_teachers", "Молодых педагогов не может быть больше, чем всех педагогов.")
        return data
