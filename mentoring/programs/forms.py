from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from mentoring.accounts.models import Role, User
from mentoring.organizations.models import Organization
from mentoring.people.models import MenteeSubtype, PersonCategory
from mentoring.programs.models import (
    AliasKind,
    MentoringForm,
    Program,
    ProgramStage,
    ProgramStatus,
    RoleVariant,
)

DATE_WIDGET = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric"})
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class ProgramForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())

    class Meta:
        model = Program
        fields = (
            "title",
            "form",
            "role_variants",
            "form_chosen_on",
            "goals",
            "tasks",
            "target_audience",
            "expected_results",
            "starts_on",
            "ends_on",
            "curator",
            "max_group_size",
            "requires_trained_mentors",
        )
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "form_chosen_on": DATE_WIDGET,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "target_audience": forms.Textarea(attrs={"rows": 2}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "role_variants": forms.CheckboxSelectMultiple,
        }

    field_order = ("organization",)

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        available_forms: QuerySet[MentoringForm],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organization_field = cast(forms.ModelChoiceField, self.fields["organization"])
        organization_field.queryset = organizations.order_by("short_name")
        if self.instance.pk:
            del self.fields["organization"]
            scope = Organization.objects.filter(pk=self.instance.organization_id)
        else:
            scope = organizations
            if organizations.count() == 1:
                organization_field.initial = organizations.first()
        cast(forms.ModelChoiceField, self.fields["form"]).queryset = available_forms.filter(is_active=True)
        cast(forms.ModelMultipleChoiceField, self.fields["role_variants"]).queryset = (
            RoleVariant.objects.filter(form__in=available_forms, is_active=True)
            .select_related("form")
            .order_by("form__position", "id")
        )
        self.fields["role_variants"].label_from_instance = (  # type: ignore[attr-defined]
            lambda variant: f"{variant.form.name}: {variant.name}"
        )
        cast(forms.ModelChoiceField, self.fields["curator"]).queryset = User.objects.filter(
            memberships__organization__in=scope,
            memberships__role__in=[Role.CURATOR, Role.HEAD],
            memberships__is_active=True,
        ).distinct()
        for name in ("starts_on", "ends_on", "form_chosen_on"):
            self.fields[name].input_formats = DATE_FORMATS  # type: ignore[attr-defined]
        self.fields["starts_on"].required = False
        self.fields["ends_on"].required = False
        self.fields["starts_on"].help_text = "По умолчанию — 1 сентября текущего учебного года."
        self.fields["ends_on"].help_text = "По умолчанию — 31 мая."
        self.fields["max_group_size"].required = False
        if not self.instance.pk:
            self.fields["max_group_size"].initial = None
        self.fields["max_group_size"].help_text = "Пусто — как принято для формы."
        self.fields["role_variants"].help_text = "Только модели выбранной формы."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        form = cleaned.get("form")
        foreign = [v.name for v in cleaned.get("role_variants") or [] if form and v.form_id != form.pk]
        if foreign:
            self.add_error(
                "role_variants", f"Модели {', '.join(foreign)} относятся к другой форме наставничества."
            )
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "Окончание программы должно быть позже начала.")
        return cleaned

    def _post_clean(self) -> None:
        # The model's checks that involve the organization and the defaults run in the service.
        pass


class ProgramFilterForm(forms.Form):
    q = forms.CharField(label="Название", required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label="Организация",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="Все организации",
    )
    form = forms.ModelChoiceField(
        label="Форма", required=False, queryset=MentoringForm.objects.none(), empty_label="Все формы"
    )
    status = forms.ChoiceField(label="Статус", required=False, choices=[("", "Все"), *ProgramStatus.choices])
    overdue = forms.BooleanField(label="Просрочено формирование пар", required=False)

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        available_forms: QuerySet[MentoringForm],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations.order_by(
            "short_name"
        )
        cast(forms.ModelChoiceField, self.fields["form"]).queryset = available_forms


class StageForm(forms.ModelForm):
    class Meta:
        model = ProgramStage
        fields = ("position", "title", "description", "planned_meetings")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass


class AttachmentForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    file = forms.FileField(label="Файл", help_text="PDF, DOCX, XLSX, PPTX, JPEG или PNG до 25 МБ.")
    is_shared = forms.BooleanField(
        label="Передавать при копировании программы",
        required=False,
        initial=True,
        help_text="Снимите для файлов с персональными данными.",
    )

    def clean_title(self) -> str:
        from mentoring.common.validators import plain_text

        title: str = self.cleaned_data["title"]
        plain_text(title)
        return title


class CopyForm(forms.Form):
    organization = forms.ModelChoiceField(label="В какую организацию", queryset=Organization.objects.none())

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations.order_by("short_name")
        if organizations.count() == 1:
            field.initial = organizations.first()


class MentoringFormForm(forms.ModelForm):
    class Meta:
        model = MentoringForm
        fields = (
            "name",
            "code",
            "description",
            "mentor_categories",
            "mentee_categories",
            "mentee_subtypes",
            "default_max_group_size",
            "min_class_gap",
            "position",
            "is_active",
        )
        widgets = {
            "mentor_categories": forms.CheckboxSelectMultiple,
            "mentee_categories": forms.CheckboxSelectMultiple,
            "mentee_subtypes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("mentor_categories", "mentee_categories"):
            cast(forms.ModelMultipleChoiceField, self.fields[name]).queryset = PersonCategory.objects.all()
        cast(
            forms.ModelMultipleChoiceField, self.fields["mentee_subtypes"]
        ).queryset = MenteeSubtype.objects.filter(is_active=True)

    def _post_clean(self) -> None:
        # Uniqueness of the code depends on the municipality, which the view sets: the service checks.
        pass


class RoleVariantForm(forms.ModelForm):
    class Meta:
        model = RoleVariant
        fields = ("name", "description")

    def _post_clean(self) -> None:
        pass


class AliasForm(forms.Form):
    organization_kind = forms.ChoiceField(label="Для организаций", choices=AliasKind.choices)
    name = forms.CharField(
        label="Название", max_length=150, required=False, help_text="Пусто — убрать название."
    )

    def clean_name(self) -> str:
        from mentoring.common.validators import plain_text

        name: str = self.cleaned_data["name"]
        if name:
            plain_text(name)
        return name
