"""Forms of the partners pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from mentoring.documents.forms import DATE_FORMATS, DATE_WIDGET, run_model_validators
from mentoring.documents.uploads import FILE_HELP
from mentoring.organizations.models import Organization
from mentoring.partners.models import Agreement, AgreementStatus
from mentoring.partners.selectors import CANDIDATES, WITH_AGREEMENTS
from mentoring.people.models import MentorProfile


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label="Наименование или ИНН", required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label="Соглашения организации",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="Все организации",
    )
    relation = forms.ChoiceField(
        label="Показать",
        required=False,
        choices=[("", "Всех партнёров"), (WITH_AGREEMENTS, "С соглашениями"), (CANDIDATES, "Без соглашений")],
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label="Номер или предмет", required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label="Организация", required=False, queryset=Organization.objects.none(), empty_label="Все"
    )
    partner = forms.ModelChoiceField(
        label="Партнёр", required=False, queryset=Organization.objects.none(), empty_label="Все"
    )
    status = forms.ChoiceField(
        label="Срок действия", required=False, choices=[("", "Все"), *AgreementStatus.choices]
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        partners: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partners


def mentor_label(mentor: MentorProfile) -> str:
    person = mentor.person
    return f"{person.full_name}, {person.position}" if person.position else person.full_name


class AgreementForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    partner = forms.ModelChoiceField(label="Организация-партнёр", queryset=Organization.objects.none())
    file = forms.FileField(
        label="Скан соглашения", required=False, widget=forms.FileInput, help_text=FILE_HELP
    )
    remove_file = forms.BooleanField(label="Удалить файл", required=False)
    mentors = forms.ModelMultipleChoiceField(
        label="Наставники от партнёра",
        required=False,
        queryset=MentorProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Сотрудники партнёра из его базы наставников, которые работают по соглашению.",
    )

    class Meta:
        model = Agreement
        fields = ("number", "signed_on", "valid_from", "valid_until", "subject")
        widgets = {
            "signed_on": DATE_WIDGET,
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
            "subject": forms.Textarea(attrs={"rows": 4}),
        }

    field_order = (
        "organization",
        "partner",
        "number",
        "signed_on",
        "valid_from",
        "valid_until",
        "subject",
        "file",
        "remove_file",
        "mentors",
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization] | None = None,
        partners: QuerySet[Organization] | None = None,
        mentors: QuerySet[MentorProfile] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("signed_on", "valid_from", "valid_until"):
            self.fields[name].input_formats = DATE_FORMATS  # type: ignore[attr-defined]
        self.fields["subject"].max_length = 3000  # type: ignore[attr-defined]
        if self.instance.pk:
            # The parties are chosen once: another partner means another agreement.
            del self.fields["organization"]
            del self.fields["partner"]
            if self.instance.file:
                now = f"Сейчас: {self.instance.file_name}. Выберите новый файл, чтобы заменить его."
                self.fields["file"].help_text = f"{now} {FILE_HELP}"
            else:
                del self.fields["remove_file"]
        else:
            del self.fields["remove_file"]
            cast(forms.ModelChoiceField, self.fields["organization"]).queryset = (
                organizations if organizations is not None else Organization.objects.none()
            )
            cast(forms.ModelChoiceField, self.fields["partner"]).queryset = (
                partners if partners is not None else Organization.objects.none()
            )
        if mentors is None:
            del self.fields["mentors"]
        else:
            field = cast(forms.ModelMultipleChoiceField, self.fields["mentors"])
            field.queryset = mentors.select_related("person").order_by(
                "person__last_name", "person__first_name", "person__patronymic", "id"
            )
            self.fields["mentors"].label_from_instance = mentor_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("file") and cleaned.get("remove_file"):
            self.add_error("remove_file", "Выберите что-то одно: заменить файл или удалить его.")
        return cleaned

    def _post_clean(self) -> None:
        run_model_validators(self, Agreement)
