from __future__ import annotations

from typing import Any, cast

from django import forms

from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.organizations.services import EDITABLE_FIELDS


class OrganizationForm(forms.ModelForm):
    municipality = forms.ModelChoiceField(
        label="Муниципалитет", queryset=Municipality.objects.none(), empty_label=None
    )
    website = forms.URLField(label="Сайт", required=False, max_length=300, assume_scheme="https")

    class Meta:
        model = Organization
        fields = EDITABLE_FIELDS
        widgets = {"full_name": forms.TextInput()}

    def __init__(
        self, *args: Any, municipalities: Any = None, kind_locked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kind_field = cast(forms.ChoiceField, self.fields["kind"])
        # The department is created with its municipality, never through this form.
        if self.instance.pk and self.instance.kind == OrganizationKind.DEPARTMENT:
            kind_field.choices = [(OrganizationKind.DEPARTMENT, OrganizationKind.DEPARTMENT.label)]
        else:
            kind_field.choices = [
                choice for choice in OrganizationKind.choices if choice[0] != OrganizationKind.DEPARTMENT
            ]
        if kind_locked:
            self.fields["kind"].disabled = True
        self.fields["partner_kind"].help_text = "Только для организаций-партнёров."
        self.fields["inn"].help_text = "10 цифр для юридического лица; необязательно."
        # The municipality is asked only of somebody who administers several (a regional superuser).
        if municipalities is None or municipalities.count() == 1:
            del self.fields["municipality"]
        else:
            cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == OrganizationKind.PARTNER and not cleaned.get("partner_kind"):
            self.add_error("partner_kind", "Укажите вид организации-партнёра.")
        if cleaned.get("kind") and cleaned.get("kind") != OrganizationKind.PARTNER:
            cleaned["partner_kind"] = ""
        return cleaned


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Тип", required=False, choices=[("", "Все типы"), *OrganizationKind.choices]
    )
    archived = forms.BooleanField(label="Показать архивные", required=False)
