"""Forms of the surveys pages: the questionnaire builder, rounds, the answer form built from the items,
pulse schedules and SWOT analyses."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from mentoring.library.validators import free_text
from mentoring.organizations.models import Municipality, Organization
from mentoring.programs.models import MentoringForm
from mentoring.surveys.models import (
    SCALE_MAX,
    SCALE_MIN,
    Audience,
    MeasureGroup,
    PulseSchedule,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    SwotAnalysis,
)
from mentoring.surveys.services import MAX_OPTIONS, MAX_TEXT_ANSWER, parse_options

DATE_WIDGET = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric"})
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _date_fields(form: forms.BaseForm, *names: str) -> None:
    for name in names:
        cast(forms.DateField, form.fields[name]).input_formats = DATE_FORMATS
        form.fields[name].widget = DATE_WIDGET


def owner_choices(
    municipalities: QuerySet[Municipality], organizations: QuerySet[Organization]
) -> list[tuple[str, str]]:
    choices = [(f"m{m.pk}", f"Анкета муниципалитета: {m.name}") for m in municipalities.order_by("name")]
    choices += [
        (f"o{o.pk}", f"Анкета организации: {o.short_name}") for o in organizations.order_by("short_name")
    ]
    return choices


class OwnerChoice(forms.Form):
    """A choice of whose questionnaire it is: «m<id>» a municipality's, «o<id>» an organization's."""

    owner = forms.ChoiceField(label="Чья анкета")

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        organizations: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._municipalities = municipalities
        self._organizations = organizations
        cast(forms.ChoiceField, self.fields["owner"]).choices = owner_choices(municipalities, organizations)

    def chosen_owner(self) -> tuple[Municipality | None, Organization | None]:
        value = self.cleaned_data["owner"]
        pk = int(value[1:])
        if value.startswith("m"):
            return self._municipalities.get(pk=pk), None
        return None, self._organizations.select_related("municipality").get(pk=pk)


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "description", "purpose", "audience", "form", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, forms_available: QuerySet[MentoringForm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "form")
        field.queryset = forms_available
        field.empty_label = "Любая форма"
        if self.instance.pk is None:
            del self.fields["is_active"]


class QuestionnaireCreateForm(OwnerChoice, QuestionnaireForm):
    field_order = ["owner", "title", "description", "purpose", "audience", "form"]


class CopyForm(OwnerChoice):
    title = forms.CharField(label="Название копии", max_length=300, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label="Вопрос", max_length=500)
    kind = forms.ChoiceField(label="Вид ответа", choices=QuestionKind.choices)
    is_required = forms.BooleanField(label="Обязательный", required=False, initial=True)
    options = forms.CharField(
        label="Варианты ответа",
        required=False,
        max_length=MAX_OPTIONS * 210,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Для вопросов с выбором: по одному варианту в строке.",
    )
    measure_group = forms.ChoiceField(
        label="Группа показателей роста",
        choices=[("", "— не показатель роста —"), *MeasureGroup.choices],
        required=False,
        help_text="Только во входной и итоговой анкетах, для шкалы 1–10.",
    )
    measure_code = forms.CharField(
        label="Код показателя",
        max_length=60,
        required=False,
        help_text="Одинаковый во входной и итоговой анкетах, например motivation.",
    )
    counts_for_satisfaction = forms.BooleanField(
        label="Входит в удовлетворённость (шкала 1–10)", required=False
    )

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            "text": question.text,
            "kind": question.kind,
            "is_required": question.is_required,
            "options": "\n".join(question.options),
            "measure_group": question.measure_group,
            "measure_code": question.measure_code,
            "counts_for_satisfaction": question.counts_for_satisfaction,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "kind": data["kind"],
            "is_required": data["is_required"],
            "options": parse_options(data["options"]),
            "measure_group": data["measure_group"],
            "measure_code": data["measure_code"],
            "counts_for_satisfaction": data["counts_for_satisfaction"],
        }


def _questionnaire_label(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.title} — {questionnaire.get_audience_display()}, {questionnaire.get_purpose_display()}"


class RoundForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label="Анкета", queryset=Questionnaire.objects.none())
    opens_on = forms.DateField(label="Открыт с")
    closes_on = forms.DateField(label="Открыт по")

    def __init__(self, *args: Any, questionnaires: QuerySet[Questionnaire], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "opens_on": timezone.localdate(),
                "closes_on": timezone.localdate() + datetime.timedelta(days=14),
            },
        )
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "questionnaire")
        field.queryset = questionnaires
        field.label_from_instance = _questionnaire_label  # type: ignore[method-assign,assignment]
        _date_fields(self, "opens_on", "closes_on")


class PulseScheduleForm(forms.ModelForm):
    class Meta:
        model = PulseSchedule
        fields = [
            "mentee_questionnaire",
            "mentor_questionnaire",
            "first_after_days",
            "every_days",
            "answer_within_days",
            "is_active",
        ]

    def __init__(self, *args: Any, questionnaires: QuerySet[Questionnaire], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, audience in (
            ("mentee_questionnaire", Audience.MENTEE),
            ("mentor_questionnaire", Audience.MENTOR),
        ):
            field = _model_choice(self, name)
            field.queryset = questionnaires.filter(audience=audience)
            field.empty_label = "— не опрашивать —"
        if not self.instance.pk:
            pulse = questionnaires.filter(purpose=Purpose.PULSE)
            self.initial.setdefault("mentee_questionnaire", pulse.filter(audience=Audience.MENTEE).first())
            self.initial.setdefault("mentor_questionnaire", pulse.filter(audience=Audience.MENTOR).first())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("mentee_questionnaire") and not data.get("mentor_questionnaire"):
            raise forms.ValidationError("Выберите анкету для наставляемых, для наставников или обе.")
        return data


class SwotForm(forms.ModelForm):
    class Meta:
        model = SwotAnalysis
        fields = [
            "period_start",
            "period_end",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
            "conclusions",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("strengths", "weaknesses", "opportunities", "threats", "conclusions")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self, "period_start", "period_end")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Период не может закончиться раньше, чем начался.")
        return data


class AnswerForm(forms.Form):
    """The questionnaire as a form: one field `q<id>` per item. The service checks everything again."""

    def __init__(self, *args: Any, questions: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        label = f"{question.position}. {question.text}"
        required = question.is_required
        messages = {
            "required": "Ответьте на этот вопрос.",
            "invalid_choice": "Выберите ответ из предложенных.",
        }
        if question.kind == QuestionKind.SCALE:
            return forms.TypedChoiceField(
                label=label,
                required=required,
                coerce=int,
                empty_value=None,
                choices=[(n, str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)],
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                error_messages={
                    **messages,
                    "invalid_choice": f"Оценка — число от {SCALE_MIN} до {SCALE_MAX}.",
                },
            )
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[(option, option) for option in question.options],
                widget=forms.RadioSelect,
                error_messages=messages,
            )
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=label,
                required=required,
                choices=[(option, option) for option in question.options],
                widget=forms.CheckboxSelectMultiple,
                error_messages=messages,
            )
        return forms.CharField(
            label=label,
            required=required,
            max_length=MAX_TEXT_ANSWER,
            validators=[free_text],
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": "Ответьте на этот вопрос.",
                "max_length": f"Ответ длиннее {MAX_TEXT_ANSWER} знаков: сократите его.",
            },
        )

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
