from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from mentoring.matching.models import MENTEE_CHOICES_MAX, MENTOR_CHOICES_MAX, MatchingSettings
from mentoring.organizations.models import Organization
from mentoring.people.models import MenteeProfile, MentorProfile


class MatchingSettingsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = (
            "weight_requests",
            "weight_preferences",
            "weight_priority",
            "weight_availability",
            "weight_gap",
            "mentor_organizations",
        )
        widgets = {"mentor_organizations": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor_organizations"].queryset = organizations  # type: ignore[attr-defined]
        for name in self.Meta.fields[:-1]:
            self.fields[name].widget.attrs.update({"min": 0, "max": 100})


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person = obj.person
        place = f", {person.school_class} кл." if person.school_class else ""
        return f"{person.full_name}{place}"


class MenteeWishesForm(forms.Form):
    """A mentee's (or the curator's for them) up to three preferred mentors, first choice first."""

    mentee = _PersonChoice(label="Наставляемый", queryset=MenteeProfile.objects.none())

    def __init__(
        self, *args: Any, mentees: QuerySet[MenteeProfile], mentors: QuerySet[MentorProfile], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees  # type: ignore[attr-defined]
        for rank in range(1, MENTEE_CHOICES_MAX + 1):
            self.fields[f"choice_{rank}"] = _PersonChoice(
                label=f"{rank}-й выбор", queryset=mentors, required=rank == 1
            )

    def chosen(self) -> list[MentorProfile]:
        return [
            self.cleaned_data[f"choice_{rank}"]
            for rank in range(1, MENTEE_CHOICES_MAX + 1)
            if self.cleaned_data.get(f"choice_{rank}")
        ]


class MentorWishesForm(forms.Form):
    """A mentor's preferred mentees, first choice first."""

    mentor = _PersonChoice(label="Наставник", queryset=MentorProfile.objects.none())

    def __init__(
        self, *args: Any, mentees: QuerySet[MenteeProfile], mentors: QuerySet[MentorProfile], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        for rank in range(1, MENTOR_CHOICES_MAX + 1):
            self.fields[f"choice_{rank}"] = _PersonChoice(
                label=f"{rank}-й выбор", queryset=mentees, required=rank == 1
            )

    def chosen(self) -> list[MenteeProfile]:
        return [
            self.cleaned_data[f"choice_{rank}"]
            for rank in range(1, MENTOR_CHOICES_MAX + 1)
            if self.cleaned_data.get(f"choice_{rank}")
        ]
