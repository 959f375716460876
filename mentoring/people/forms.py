from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.apps import apps
from django.db.models import Q, QuerySet

from mentoring.organizations.models import Organization
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MenteeStatus,
    MenteeSubtype,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    Subject,
    SupportArea,
    support_areas_for,
)
from mentoring.people.selectors import RoleFilter
from mentoring.people.services import PERSON_FIELDS

DATE_WIDGET = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric"})


class PersonForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    confirm_duplicate = forms.BooleanField(
        label="Это другой человек: всё равно сохранить", required=False, widget=forms.CheckboxInput()
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ("organization", *PERSON_FIELDS, "confirm_duplicate")

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization_field = cast(forms.ModelChoiceField, self.fields["organization"])
        organization_field.queryset = organizations.order_by("short_name")
        if self.instance.pk:
            # Moving a person between organizations is not an edit of the card.
            del self.fields["organization"]
        elif organizations.count() == 1:
            organization_field.initial = organizations.first()
        cast(forms.ModelChoiceField, self.fields["subject"]).queryset = Subject.objects.filter(is_active=True)
        self.fields["birth_date"].input_formats = ["%d.%m.%Y", "%Y-%m-%d"]  # type: ignore[attr-defined]
        self.fields["grade"].help_text = "Для обучающихся: номер класса, 1–11."
        self.fields["class_letter"].help_text = "Например: А"
        self.fields["experience_years"].help_text = "Для педагогов; молодой специалист — до 3 лет."
        if not self.data.get("confirm_duplicate"):
            self.fields["confirm_duplicate"].widget = forms.HiddenInput()

    def ask_to_confirm_duplicate(self) -> None:
        """Shows the checkbox once a likely duplicate has been found."""
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput()


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="ФИО", required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label="Организация",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="Все организации",
    )
    category = forms.ModelChoiceField(
        label="Категория", required=False, queryset=PersonCategory.objects.all(), empty_label="Все категории"
    )
    role = forms.ChoiceField(label="База", required=False, choices=RoleFilter.CHOICES)
    area = forms.ModelChoiceField(
        label="Запрос или компетенция",
        required=False,
        queryset=SupportArea.objects.none(),
        empty_label="Любые",
    )
    form = forms.ModelChoiceField(
        label="Форма наставничества",
        required=False,
        queryset=PersonCategory.objects.none(),
        empty_label="Любая",
    )
    consent = forms.ChoiceField(
        label="Согласие",
        required=False,
        choices=[("", "Все"), ("valid", "Есть действующее"), ("missing", "Нет согласия")],
    )
    mentee_status = forms.ChoiceField(
        label="Статус наставляемого", required=False, choices=[("", "Любой"), *MenteeStatus.choices]
    )
    archived = forms.BooleanField(label="Архив", required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations.order_by(
            "short_name"
        )
        cast(forms.ModelChoiceField, self.fields["form"]).queryset = apps.get_model(
            "programs", "MentoringForm"
        ).objects.filter(
            Q(municipality__isnull=True) | Q(municipality__in=organizations.values("municipality_id")),
            is_active=True,
        )
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = SupportArea.objects.filter(
            Q(organization__isnull=True, municipality__isnull=True)
            | Q(municipality__in=organizations.values("municipality_id"))
            | Q(organization__in=organizations),
            is_active=True,
        )


class MenteeProfileForm(forms.ModelForm):
    class Meta:
        model = MenteeProfile
        fields = ("subtype", "joined_on", "status", "availability")
        widgets = {"joined_on": DATE_WIDGET}

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["subtype"]).queryset = MenteeSubtype.objects.filter(
            is_active=True, categories=person.category
        )
        self.fields["joined_on"].input_formats = ["%d.%m.%Y", "%Y-%m-%d"]  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["joined_on"].initial = datetime.date.today()


def _areas_for(person: Person) -> QuerySet[SupportArea]:
    return SupportArea.objects.filter(
        support_areas_for(person.organization_id, person.municipality_id), is_active=True
    )


class MenteeRequestForm(forms.ModelForm):
    class Meta:
        model = MenteeRequest
        fields = ("area", "text", "subject", "priority", "raised_by")

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _areas_for(person)
        cast(forms.ModelChoiceField, self.fields["subject"]).queryset = Subject.objects.filter(is_active=True)
        self.fields["text"].help_text = "Своими словами, если в каталоге нет подходящего направления."


class MentorProfileForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = (
            "forms",
            "capacity",
            "availability",
            "joined_on",
            "training_status",
            "was_mentee",
            "is_active",
        )
        widgets = {"joined_on": DATE_WIDGET, "forms": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the forms of the municipality in which this person's category may be a mentor.
        forms_field = cast(forms.ModelMultipleChoiceField, self.fields["forms"])
        # The forms live in the programs app, which builds on this one: looked up by name.
        mentoring_form = apps.get_model("programs", "MentoringForm")
        forms_field.queryset = mentoring_form.objects.filter(
            Q(municipality__isnull=True) | Q(municipality_id=person.municipality_id),
            mentor_categories=person.category,
            is_active=True,
        )
        forms_field.help_text = "Формы, в которых человек готов быть наставником."
        self.fields["joined_on"].input_formats = ["%d.%m.%Y", "%Y-%m-%d"]  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["joined_on"].initial = datetime.date.today()


class MentorCompetencyForm(forms.ModelForm):
    class Meta:
        model = MentorCompetency
        fields = ("area", "text", "subject")

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _areas_for(person)
        cast(forms.ModelChoiceField, self.fields["subject"]).queryset = Subject.objects.filter(is_active=True)


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = (
            "given_by",
            "representative_name",
            "given_on",
            "valid_until",
            "allows_processing",
            "allows_publication",
            "document",
        )
        widgets = {"given_on": DATE_WIDGET, "valid_until": DATE_WIDGET}

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("given_on", "valid_until"):
            self.fields[name].input_formats = ["%d.%m.%Y", "%Y-%m-%d"]  # type: ignore[attr-defined]
        self.fields["given_on"].initial = datetime.date.today()
        self.fields["document"].help_text = "PDF, JPEG или PNG до 10 МБ."
        if person.is_minor_on(datetime.date.today()):
            self.fields["given_by"].initial = ConsentGiver.REPRESENTATIVE
            self.fields["representative_name"].initial = person.representative_name

    def _post_clean(self) -> None:
        # The service checks the file's content and the minor's rules; the model's checks that need
        # the person run there too.
        pass


class ImportUploadForm(forms.Form):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    file = forms.FileField(
        label="Файл XLSX или CSV",
        help_text="До 10 МБ. Первая строка с заголовками столбцов может быть не первой.",
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations.order_by("short_name")
        if organizations.count() == 1:
            field.initial = organizations.first()


class SupportAreaForm(forms.ModelForm):
    owner = forms.ChoiceField(label="Чей каталог", required=False)

    class Meta:
        model = SupportArea
        fields = ("owner", "name", "audience", "needs_subject")

    def __init__(self, *args: Any, owner_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = owner_choices
        self.fields["owner"].required = True

    def _post_clean(self) -> None:
        # Uniqueness depends on the owner, which the service sets: the service validates the model.
        pass
