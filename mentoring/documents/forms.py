"""Forms of the documents registry and of the incentive schemes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from mentoring.documents.models import Document, DocumentKind, DocumentStatus, IncentiveScheme
from mentoring.documents.services import STATUS_TRANSITIONS
from mentoring.documents.uploads import FILE_HELP
from mentoring.organizations.models import Organization
from mentoring.people.models import Person
from mentoring.roadmaps.models import RoadmapItem

DATE_WIDGET = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric"})
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
FIRST_YEAR = 2019


def run_model_validators(form: forms.ModelForm, model: type[models.Model]) -> None:
    """The model's own checks of each field (markup, length) shown together with the form's; the
    instance is left untouched, the service checks the rules that tie fields together when it saves."""
    for name in form._meta.fields or ():
        if name in form.cleaned_data:
            field = cast(models.Field, model._meta.get_field(name))
            if field.many_to_many:
                continue
            try:
                field.run_validators(form.cleaned_data[name])
            except ValidationError as error:
                form.add_error(name, error)


def person_label(person: Person) -> str:
    details = person.school_class or (person.position if person.position else "")
    return f"{person.full_name} ({details})" if details else person.full_name


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label="Номер или название", required=False, max_length=200)
    kind = forms.ModelChoiceField(
        label="Вид", required=False, queryset=DocumentKind.objects.none(), empty_label="Все виды"
    )
    organization = forms.ModelChoiceField(
        label="Организация", required=False, queryset=Organization.objects.none(), empty_label="Все"
    )
    status = forms.ChoiceField(label="Статус", required=False, choices=[("", "Все"), *DocumentStatus.choices])
    year = forms.TypedChoiceField(label="Год", required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        kinds: QuerySet[DocumentKind],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(forms.ModelChoiceField, self.fields["kind"]).queryset = kinds
        this_year = timezone.localdate().year
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", "Все"),
            *((str(year), str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)),
        ]


class DocumentForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    file = forms.FileField(label="Файл", required=False, widget=forms.FileInput, help_text=FILE_HELP)
    remove_file = forms.BooleanField(label="Удалить файл", required=False)
    people = forms.ModelMultipleChoiceField(
        label="Кого касается",
        required=False,
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Участники из баз организации, которых называет документ (например, приказ о парах). "
        "Удерживайте Ctrl, чтобы выбрать несколько.",
    )

    class Meta:
        model = Document
        fields = ("kind", "number", "date", "title", "status")
        widgets = {"date": DATE_WIDGET, "title": forms.Textarea(attrs={"rows": 2})}

    field_order = (
        "organization",
        "kind",
        "number",
        "date",
        "title",
        "status",
        "file",
        "remove_file",
        "people",
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization] | None = None,
        kinds: QuerySet[DocumentKind],
        people: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = DATE_FORMATS  # type: ignore[attr-defined]
        kind_field = cast(forms.ModelChoiceField, self.fields["kind"])
        if self.instance.pk:
            # The owner of a document is chosen once: moving it to another organization is not an edit.
            del self.fields["organization"]
            kinds = DocumentKind.objects.filter(pk__in=kinds.values("pk")) | DocumentKind.objects.filter(
                pk=self.instance.kind_id
            )
            # Only the statuses the document may move to (a document that was in force is never a draft).
            current = DocumentStatus(self.instance.status)
            allowed = {current, *STATUS_TRANSITIONS[current]}
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in DocumentStatus.choices if value in allowed
            ]
            if self.instance.file:
                now = f"Сейчас: {self.instance.file_name}. Выберите новый файл, чтобы заменить его."
                self.fields["file"].help_text = f"{now} {FILE_HELP}"
            else:
                del self.fields["remove_file"]
        else:
            del self.fields["remove_file"]
            organization_field = cast(forms.ModelChoiceField, self.fields["organization"])
            organization_field.queryset = (
                organizations if organizations is not None else Organization.objects.none()
            )
        kind_field.queryset = kinds
        if people is None:
            del self.fields["people"]
        else:
            people_field = cast(forms.ModelMultipleChoiceField, self.fields["people"])
            people_field.queryset = people.select_related("category").order_by(
                "last_name", "first_name", "patronymic", "id"
            )
            self.fields["people"].label_from_instance = person_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("file") and cleaned.get("remove_file"):
            self.add_error("remove_file", "Выберите что-то одно: заменить файл или удалить его.")
        return cleaned

    def _post_clean(self) -> None:
        run_model_validators(self, Document)


class RoadmapItemChoiceForm(forms.Form):
    item = forms.ModelChoiceField(label="Мероприятие дорожной карты", queryset=RoadmapItem.objects.none())

    def __init__(self, *args: Any, items: QuerySet[RoadmapItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["item"])
        field.queryset = items
        field.empty_label = "Выберите мероприятие"
        self.fields["item"].label_from_instance = (  # type: ignore[attr-defined]
            lambda item: f"{item.roadmap.year}: {item.number} {item.title[:90]}"
        )


class IncentiveSchemeForm(forms.ModelForm):
    incentive_kinds = forms.MultipleChoiceField(
        label="Формы поощрения", widget=forms.CheckboxSelectMultiple, choices=()
    )

    class Meta:
        model = IncentiveScheme
        fields = ("title", "adopted_on", "incentive_kinds", "document", "notes")
        widgets = {"adopted_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, kinds: list[str], documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].input_formats = DATE_FORMATS  # type: ignore[attr-defined]
        self.fields["incentive_kinds"].choices = [(kind, kind) for kind in kinds]  # type: ignore[attr-defined]
        document_field = cast(forms.ModelChoiceField, self.fields["document"])
        document_field.queryset = documents.select_related("kind").order_by("-date", "-id")
        document_field.required = False
        document_field.empty_label = "Не указан"
        self.fields["document"].label_from_instance = (  # type: ignore[attr-defined]
            lambda document: f"{document.label}: {document.title}"
        )
        if not self.instance.pk:
            self.fields["adopted_on"].initial = timezone.localdate()
        self.fields["notes"].help_text = "Кого, за что и как поощряют; конкурсы, сроки, ответственные."

    def _post_clean(self) -> None:
        run_model_validators(self, IncentiveScheme)
