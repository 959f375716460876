"""Forms of the mentorship pages. They check the shape of the input; the rules live in services."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from mentoring.documents.models import Document
from mentoring.library.models import Material
from mentoring.mentorships.models import (
    ClosingEvent,
    CommunityRole,
    ConcernKind,
    MeetingKind,
    MentorshipMentee,
    MentorshipStatus,
    PlanAssignee,
    PlanItem,
    PlanItemKind,
    PlanItemStatus,
    ReplacementSide,
    WorkSettings,
)
from mentoring.organizations.models import Organization
from mentoring.people.models import MenteeProfile, MentorProfile, Person
from mentoring.programs.models import Program

DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H.%M"]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(
            format="%d.%m.%Y",
            attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric", "autocomplete": "off"},
        ),
    )


def time_field(label: str = "Время") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "ЧЧ:ММ", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def name_options(field: forms.Field, label: Callable[[Any], str]) -> None:
    """Sets how a model choice field names its options."""
    field.label_from_instance = label  # type: ignore[attr-defined]


def mentor_label(mentor: MentorProfile) -> str:
    person = mentor.person
    free = max(mentor.capacity - mentor.active_mentees, 0)
    where = f", {person.organization.short_name}" if hasattr(person, "organization") else ""
    return f"{person.full_name}{where} — свободно {free} из {mentor.capacity}"


def mentee_label(mentee: MenteeProfile) -> str:
    person = mentee.person
    school_class = f", {person.school_class} кл." if person.school_class else ""
    return f"{person.full_name}{school_class}"


class MentorshipFilterForm(forms.Form):
    q = forms.CharField(label="ФИО", required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="Все организации",
    )
    program = forms.ModelChoiceField(
        label="Программа", queryset=Program.objects.none(), required=False, empty_label="Все программы"
    )
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "Все статусы"), *MentorshipStatus.choices]
    )

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization], programs: QuerySet[Program], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations.order_by(
            "short_name"
        )
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = programs.order_by("title")


class ProgramChoiceForm(forms.Form):
    program = forms.ModelChoiceField(
        label="Программа", queryset=Program.objects.none(), empty_label="— выберите программу —"
    )

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["program"])
        field.queryset = programs
        name_options(field, lambda program: f"{program.organization.short_name}: {program.title}")


class HandCreateForm(forms.Form):
    """Forming a pair or group by hand inside one program."""

    mentor = forms.ModelChoiceField(label="Наставник", queryset=MentorProfile.objects.none())
    mentees = forms.ModelMultipleChoiceField(
        label="Наставляемые",
        queryset=MenteeProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = date_field("Начало работы", required=False, help_text="По умолчанию — сегодня.")
    planned_end_on = date_field(
        "Плановое завершение", required=False, help_text="По умолчанию — конец программы."
    )
    order = forms.ModelChoiceField(
        label="Приказ о формировании (из реестра документов)",
        queryset=Document.objects.none(),
        required=False,
        empty_label="— не выбран —",
    )
    order_number = forms.CharField(label="или номер приказа", max_length=50, required=False)
    order_date = date_field("дата приказа", required=False)

    def __init__(
        self,
        *args: Any,
        program: Program,
        mentors: QuerySet[MentorProfile],
        mentees: QuerySet[MenteeProfile],
        orders: QuerySet[Document],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        mentor_field = cast(forms.ModelChoiceField, self.fields["mentor"])
        mentor_field.queryset = mentors
        name_options(mentor_field, mentor_label)
        mentee_field = cast(forms.ModelMultipleChoiceField, self.fields["mentees"])
        mentee_field.queryset = mentees
        name_options(mentee_field, mentee_label)
        mentee_field.help_text = f"В программе у наставника не больше {program.max_group_size} наставляемых."
        order_field = cast(forms.ModelChoiceField, self.fields["order"])
        order_field.queryset = orders
        name_options(
            order_field,
            lambda document: f"№ {document.number} от {document.date:%d.%m.%Y} — {document.title}",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("started_on"), cleaned.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", "Плановое завершение не может быть раньше начала работы.")
        return cleaned


class EndEarlyForm(forms.Form):
    end_reason = forms.CharField(label="Причина досрочного прекращения", max_length=500, widget=text_area(2))
    ended_on = date_field("Дата прекращения", required=False, help_text="По умолчанию — сегодня.")


class ReplaceMentorForm(forms.Form):
    new_mentor = forms.ModelChoiceField(label="Новый наставник", queryset=MentorProfile.objects.none())
    requested_by = forms.ChoiceField(
        label="По просьбе", choices=ReplacementSide.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Причина", max_length=2000, widget=text_area(2))
    replaced_on = date_field("Дата замены", required=False, help_text="По умолчанию — сегодня.")

    def __init__(self, *args: Any, mentors: QuerySet[MentorProfile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["new_mentor"])
        field.queryset = mentors
        name_options(field, mentor_label)


class AddMenteeForm(forms.Form):
    mentee = forms.ModelChoiceField(label="Наставляемый", queryset=MenteeProfile.objects.none())

    def __init__(self, *args: Any, mentees: QuerySet[MenteeProfile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["mentee"])
        field.queryset = mentees
        name_options(field, mentee_label)


class RemoveMenteeForm(forms.Form):
    reason = forms.CharField(label="Причина выхода", max_length=500)


class PlanItemForm(forms.ModelForm):
    due_on = date_field("Срок", required=False)

    class Meta:
        model = PlanItem
        fields = ("kind", "goal", "title", "description", "due_on", "assignee", "status")
        widgets = {"description": text_area(2)}

    def __init__(self, *args: Any, goals: QuerySet[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["goal"]).queryset = goals
        self.fields["goal"].help_text = "Для задачи: к какой цели она относится."
        self.fields["kind"].choices = PlanItemKind.choices  # type: ignore[attr-defined]
        self.fields["status"].choices = PlanItemStatus.choices  # type: ignore[attr-defined]
        self.fields["assignee"].choices = PlanAssignee.choices  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The model's own checks run in the service, with the mentorship set.
        pass


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Встреча", choices=MeetingKind.choices)
    day = date_field("Дата")
    time = time_field()
    duration_minutes = forms.IntegerField(
        label="Продолжительность, мин", min_value=10, max_value=480, initial=45
    )
    is_online = forms.BooleanField(label="Онлайн", required=False)
    place = forms.CharField(label="Место", max_length=300, required=False, help_text="Например: кабинет 12.")
    link = forms.URLField(
        label="Ссылка на онлайн-встречу", max_length=500, required=False, assume_scheme="https"
    )
    topic = forms.CharField(label="Тема", max_length=300, required=False)
    held = forms.BooleanField(label="Встреча состоялась", required=False)
    attended = forms.ModelMultipleChoiceField(
        label="Присутствовали",
        queryset=MenteeProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Для проведённой встречи: кто из наставляемых пришёл.",
    )
    notes = forms.CharField(label="Заметки", max_length=3000, required=False, widget=text_area(3))

    def __init__(
        self,
        *args: Any,
        mentees: QuerySet[MenteeProfile],
        kinds: Iterable[str] | None = None,
        held_already: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        attended = cast(forms.ModelMultipleChoiceField, self.fields["attended"])
        attended.queryset = mentees
        name_options(attended, mentee_label)
        if kinds is not None:
            allowed = list(kinds)
            # Only the kinds that may come next are offered; a stale form is still checked by the service.
            self.fields["kind"].choices = [(k, v) for k, v in MeetingKind.choices if k in allowed] or list(  # type: ignore[attr-defined]
                MeetingKind.choices
            )
        if held_already:
            for name in ("kind", "day", "time", "held", "attended"):
                self.fields[name].disabled = True

    def meeting_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "starts_at": _aware(data["day"], data["time"]),
            "duration_minutes": data["duration_minutes"],
            "is_online": data["is_online"],
            "place": data["place"],
            "link": data["link"],
            "topic": data["topic"],
            "notes": data["notes"],
        }


RATING_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 11)]


class FeedbackForm(forms.Form):
    author = forms.ModelChoiceField(label="Участник", queryset=Person.objects.none())
    usefulness = forms.TypedChoiceField(
        label="Насколько полезной была встреча (1–10)", choices=RATING_CHOICES, coerce=int
    )
    comfort = forms.TypedChoiceField(
        label="Насколько комфортно было общаться (1–10)", choices=RATING_CHOICES, coerce=int
    )
    clarity = forms.TypedChoiceField(
        label="Насколько понятны следующие шаги (1–10)", choices=RATING_CHOICES, coerce=int
    )
    comment = forms.CharField(label="Комментарий", max_length=2000, required=False, widget=text_area(3))

    def __init__(self, *args: Any, authors: list[Person], choose_author: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["author"])
        field.queryset = Person.objects.filter(pk__in=[person.pk for person in authors])
        if not choose_author:
            field.widget = forms.HiddenInput()
            if authors:
                field.initial = authors[0].pk
        else:
            field.help_text = "Чью анкету вы вносите (с бумажного бланка)."


class ConcernForm(forms.Form):
    kind = forms.ChoiceField(label="О чём", choices=ConcernKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Что случилось",
        max_length=3000,
        widget=text_area(4),
        help_text="Сообщение прочитают только куратор и руководитель организации.",
    )


class ConcernResolveForm(forms.Form):
    resolution = forms.CharField(label="Как решено", max_length=3000, widget=text_area(2))


class ReflectionForm(forms.Form):
    author = forms.ChoiceField(label="Чья рефлексия")
    achievements = forms.CharField(label="Что получилось", max_length=3000, widget=text_area(3))
    difficulties = forms.CharField(
        label="Что было трудно", max_length=3000, required=False, widget=text_area(2)
    )
    next_steps = forms.CharField(label="Что дальше", max_length=3000, required=False, widget=text_area(2))
    wants_to_mentor = forms.BooleanField(label="Наставляемый хочет сам стать наставником", required=False)

    GROUP = "group"

    def __init__(self, *args: Any, authors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = authors  # type: ignore[attr-defined]
        if len(authors) == 1:
            self.fields["author"].widget = forms.HiddenInput()
            self.fields["author"].initial = authors[0][0]


class CompleteForm(forms.Form):
    results = forms.CharField(label="Результаты работы", max_length=5000, widget=text_area(4))
    ended_on = date_field("Дата завершения", required=False, help_text="По умолчанию — сегодня.")
    continues_next_cycle = forms.BooleanField(
        label="Пара или группа продолжит работу в следующем цикле", required=False
    )
    invite = forms.ModelMultipleChoiceField(
        label="Пригласить в базу наставников",
        queryset=MentorshipMentee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Наставляемый войдёт в базу наставников как бывший наставляемый.",
    )
    closing_event = forms.ModelChoiceField(
        label="Итоговое открытое мероприятие",
        queryset=ClosingEvent.objects.none(),
        required=False,
        empty_label="— новое или не указано —",
    )
    event_title = forms.CharField(label="Новое мероприятие: название", max_length=300, required=False)
    event_held_on = date_field("дата", required=False)
    event_link = forms.URLField(
        label="ссылка на публикацию", max_length=500, required=False, assume_scheme="https"
    )
    event_photo = forms.FileField(label="или фото (JPEG, PNG до 10 МБ)", required=False)

    def __init__(
        self,
        *args: Any,
        places: QuerySet[MentorshipMentee],
        events: QuerySet[ClosingEvent],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        invite = cast(forms.ModelMultipleChoiceField, self.fields["invite"])
        invite.queryset = places
        name_options(invite, lambda place: place.mentee.person.full_name)
        cast(forms.ModelChoiceField, self.fields["closing_event"]).queryset = events

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("event_title") and not cleaned.get("event_held_on"):
            self.add_error("event_held_on", "Укажите дату мероприятия.")
        if cleaned.get("closing_event") and cleaned.get("event_title"):
            self.add_error("event_title", "Выберите мероприятие из списка или опишите новое — что-то одно.")
        return cleaned


class WorkSettingsForm(forms.ModelForm):
    class Meta:
        model = WorkSettings
        fields = ("feedback_reminder_days", "quiet_days")


class CommunityCreateForm(forms.Form):
    owner = forms.ChoiceField(label="Чьё сообщество")
    title = forms.CharField(label="Название", max_length=300)
    description = forms.CharField(label="О сообществе", max_length=3000, required=False, widget=text_area(3))

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]


class CommunityEditForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    description = forms.CharField(label="О сообществе", max_length=3000, required=False, widget=text_area(3))
    is_active = forms.BooleanField(label="Сообщество действует", required=False)


class CommunityMemberForm(forms.Form):
    person = forms.ModelChoiceField(label="Наставник", queryset=Person.objects.none())
    role = forms.ChoiceField(label="Роль", choices=CommunityRole.choices, initial=CommunityRole.MEMBER)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["person"])
        field.queryset = people
        name_options(field, lambda person: f"{person.full_name}, {person.organization.short_name}")


class CommunityEventForm(forms.Form):
    title = forms.CharField(label="Мероприятие", max_length=300)
    day = date_field("Дата")
    time = time_field()
    place = forms.CharField(label="Место", max_length=300, required=False)
    link = forms.URLField(label="Ссылка", max_length=500, required=False, assume_scheme="https")
    description = forms.CharField(label="Описание", max_length=3000, required=False, widget=text_area(2))

    def event_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": _aware(data["day"], data["time"]),
            "place": data["place"],
            "link": data["link"],
            "description": data["description"],
        }


class CommunityMaterialForm(forms.Form):
    library_material = forms.ModelChoiceField(
        label="Материал из библиотеки",
        queryset=Material.objects.none(),
        required=False,
        empty_label="— нет —",
    )
    link = forms.URLField(label="или ссылка", max_length=500, required=False, assume_scheme="https")
    title = forms.CharField(
        label="Название",
        max_length=300,
        required=False,
        help_text="Для материала библиотеки можно не указывать.",
    )
    description = forms.CharField(label="Описание", max_length=2000, required=False, widget=text_area(2))

    def __init__(self, *args: Any, materials: QuerySet[Material], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["library_material"]).queryset = materials

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        material, link = cleaned.get("library_material"), cleaned.get("link")
        if bool(material) == bool(link):
            raise forms.ValidationError("Выберите материал библиотеки или укажите ссылку — что-то одно.")
        if link and not cleaned.get("title"):
            self.add_error("title", "Назовите материал.")
        return cleaned
