"""Forms of the outreach pages. They check the shape of the input; the services check the rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from mentoring.accounts.models import Membership
from mentoring.documents.forms import DATE_FORMATS, DATE_WIDGET, person_label, run_model_validators
from mentoring.documents.models import Document
from mentoring.documents.uploads import FILE_HELP
from mentoring.organizations.models import Municipality, Organization
from mentoring.outreach.models import (
    CampaignAudience,
    CampaignEntry,
    Channel,
    Contest,
    ContestLevel,
    ContestResult,
    EntryKind,
    InformationLetter,
    InformationResource,
    NewsItem,
    PortalContact,
    PortalSettings,
    RecognitionEvent,
    Training,
    TrainingAudience,
)
from mentoring.people.models import MentorProfile
from mentoring.roadmaps.models import RoadmapItem

IMAGE_HELP = "JPEG или PNG до 5 МБ."
FIRST_YEAR = 2019


def _date_fields(form: forms.BaseForm, *names: str) -> None:
    for name in names:
        if name in form.fields:
            form.fields[name].input_formats = DATE_FORMATS  # type: ignore[attr-defined]
            form.fields[name].widget = DATE_WIDGET


def _years() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [("", "Все"), *((str(year), str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1))]


def _labels(field: forms.Field, label: Callable[[Any], str]) -> None:
    """Sets how a choice field names its objects."""
    field.label_from_instance = label  # type: ignore[attr-defined]


def _organization_label(organization: Organization) -> str:
    return organization.short_name


class MunicipalityChoice:
    """A form where the department chooses its municipality: hidden when the user has only one."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def setup_municipality(self, municipalities: QuerySet[Municipality] | None) -> None:
        self.only_municipality: Municipality | None = None
        if municipalities is None:
            del self.fields["municipality"]
            return
        options = list(municipalities.order_by("name")[:2])
        if len(options) == 1:
            self.only_municipality = options[0]
            del self.fields["municipality"]
        else:
            cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities.order_by(
                "name"
            )

    def chosen_municipality(self) -> Municipality:
        return self.only_municipality or self.cleaned_data["municipality"]


# --- letters ----------------------------------------------------------------------------------------


class LetterForm(MunicipalityChoice, forms.ModelForm):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none())
    to_all = forms.TypedChoiceField(
        label="Кому",
        choices=[("1", "Всем ОО и ДО муниципалитета"), ("0", "Выбранным организациям")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    organizations = forms.ModelMultipleChoiceField(
        label="Выбранные организации",
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Если письмо не всем: отметьте организации (в том числе партнёров).",
    )
    roadmap_item = forms.ModelChoiceField(
        label="Мероприятие дорожной карты",
        required=False,
        queryset=RoadmapItem.objects.none(),
        empty_label="Не связано",
        help_text="Письмо по ежеквартальному пункту 2.1: при отправке контрольная точка квартала отмечается выполненной.",
    )

    class Meta:
        model = InformationLetter
        fields = ("number", "subject", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    field_order = ("municipality", "number", "subject", "body", "to_all", "organizations", "roadmap_item")

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality] | None,
        organizations: QuerySet[Organization],
        roadmap_items: QuerySet[RoadmapItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_municipality(municipalities)
        organization_field = cast(forms.ModelMultipleChoiceField, self.fields["organizations"])
        organization_field.queryset = organizations.order_by("kind", "short_name")
        _labels(organization_field, _organization_label)
        item_field = cast(forms.ModelChoiceField, self.fields["roadmap_item"])
        item_field.queryset = roadmap_items.select_related("roadmap").order_by("-roadmap__year", "position")
        _labels(item_field, lambda item: f"{item.roadmap.year}: {item.number} {item.title[:80]}")
        self.fields[
            "body"
        ].help_text = "Письмо адресовано организациям: списки людей и их данные в него не включайте."
        if self.instance.pk:
            self.initial["to_all"] = "1" if self.instance.to_all else "0"
            self.initial["organizations"] = list(self.instance.chosen.values_list("pk", flat=True))

    def _post_clean(self) -> None:
        run_model_validators(self, InformationLetter)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Вложение", help_text=FILE_HELP)


# --- information campaign ---------------------------------------------------------------------------


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label="Название", required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label="Организация", required=False, queryset=Organization.objects.none(), empty_label="Все"
    )
    audience = forms.ChoiceField(
        label="Для кого", required=False, choices=[("", "Все"), *CampaignAudience.choices]
    )
    channel = forms.ChoiceField(label="Канал", required=False, choices=[("", "Все"), *Channel.choices])
    kind = forms.ChoiceField(label="Что", required=False, choices=[("", "Всё"), *EntryKind.choices])
    date_from = forms.DateField(label="С", required=False)
    date_to = forms.DateField(label="По", required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations.order_by("kind", "short_name")
        _labels(field, _organization_label)
        _date_fields(self, "date_from", "date_to")


class CampaignEntryForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    audiences = forms.MultipleChoiceField(
        label="Для кого", choices=CampaignAudience.choices, widget=forms.CheckboxSelectMultiple
    )
    link = forms.URLField(label="Ссылка", required=False, max_length=500, assume_scheme="https")
    photo = forms.FileField(label="Фото", required=False, widget=forms.FileInput, help_text=IMAGE_HELP)
    remove_photo = forms.BooleanField(label="Удалить фото", required=False)

    class Meta:
        model = CampaignEntry
        fields = ("date", "kind", "title", "channel", "resource", "link", "reach")

    field_order = (
        "organization",
        "date",
        "kind",
        "title",
        "audiences",
        "channel",
        "resource",
        "link",
        "reach",
        "photo",
        "remove_photo",
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization] | None = None,
        resources: QuerySet[InformationResource],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self, "date")
        resource_field = cast(forms.ModelChoiceField, self.fields["resource"])
        resource_field.queryset = resources.select_related("organization").order_by(
            "organization__short_name", "title"
        )
        resource_field.empty_label = "Не указан"
        several = organizations is not None and organizations.count() > 1
        _labels(
            resource_field,
            (lambda r: f"{r.organization.short_name}: {r.title}") if several else (lambda r: r.title),
        )
        self.fields["link"].help_text = "Адрес публикации, начинающийся с http:// или https://."
        self.fields["photo"].help_text = (
            f"{IMAGE_HELP} Фото видят только сотрудники организации и управление образования; "
            "на портал оно не попадает."
        )
        if self.instance.pk:
            del self.fields["organization"]
            self.initial["audiences"] = self.instance.audience_list
            if not self.instance.photo:
                del self.fields["remove_photo"]
        else:
            del self.fields["remove_photo"]
            organization_field = cast(forms.ModelChoiceField, self.fields["organization"])
            organization_field.queryset = (organizations or Organization.objects.none()).order_by(
                "kind", "short_name"
            )
            _labels(organization_field, _organization_label)
            self.fields["date"].initial = timezone.localdate()

    def _post_clean(self) -> None:
        run_model_validators(self, CampaignEntry)


class ResourceForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    url = forms.URLField(
        label="Ссылка",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Для стенда не нужна.",
    )

    class Meta:
        model = InformationResource
        fields = ("kind", "title", "url", "notes", "is_active")

    field_order = ("organization", "kind", "title", "url", "notes", "is_active")

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organization"]
        else:
            del self.fields["is_active"]
            field = cast(forms.ModelChoiceField, self.fields["organization"])
            field.queryset = (organizations or Organization.objects.none()).order_by("kind", "short_name")
            _labels(field, _organization_label)

    def _post_clean(self) -> None:
        run_model_validators(self, InformationResource)


# --- the portal -------------------------------------------------------------------------------------------


class PortalSettingsForm(forms.ModelForm):
    logo = forms.FileField(label="Логотип", required=False, widget=forms.FileInput, help_text=IMAGE_HELP)
    remove_logo = forms.BooleanField(label="Убрать логотип", required=False)

    class Meta:
        model = PortalSettings
        fields = ("title", "intro", "contacts", "primary_colour", "accent_colour", "is_published")
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 8}),
            "contacts": forms.Textarea(attrs={"rows": 4}),
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "intro"
        ].help_text = "Абзацы разделяйте пустой строкой. Имена людей сюда не пишите: портал открыт всем."
        self.fields["is_published"].help_text = "Пока портал закрыт, его страницы отвечают «не найдено»."
        if not (self.instance.pk and self.instance.logo):
            del self.fields["remove_logo"]

    def _post_clean(self) -> None:
        run_model_validators(self, PortalSettings)


class NewsForm(MunicipalityChoice, forms.ModelForm):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none())

    class Meta:
        model = NewsItem
        fields = ("kind", "title", "text", "published_on", "event_date", "place", "is_published")
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    field_order = (
        "municipality",
        "kind",
        "title",
        "text",
        "published_on",
        "event_date",
        "place",
        "is_published",
    )

    def __init__(
        self, *args: Any, municipalities: QuerySet[Municipality] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_municipality(municipalities)
        _date_fields(self, "published_on", "event_date")
        self.fields[
            "text"
        ].help_text = (
            "Текст увидят все посетители портала: называйте людей только с их согласия на публикацию."
        )
        self.fields["event_date"].help_text = "Для события: когда оно пройдёт."
        if not self.instance.pk:
            self.fields["published_on"].initial = timezone.localdate()

    def _post_clean(self) -> None:
        run_model_validators(self, NewsItem)


class PortalContactForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    consent = forms.BooleanField(
        label="Я согласен(на) на публикацию моих фамилии, имени, отчества, должности и указанных рабочих "
        "контактов на открытом портале муниципалитета. Согласие можно отозвать, сняв карточку.",
    )

    class Meta:
        model = PortalContact
        fields = ("position", "phone", "email")

    field_order = ("organization", "position", "phone", "email", "consent")

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations.order_by("short_name")
        _labels(field, _organization_label)

    def _post_clean(self) -> None:
        run_model_validators(self, PortalContact)


# --- trainings ----------------------------------------------------------------------------------------


class TrainingFilterForm(forms.Form):
    q = forms.CharField(label="Название или организатор", required=False, max_length=200)
    audience = forms.ChoiceField(
        label="Для кого",
        required=False,
        choices=[
            ("", "Все"),
            (TrainingAudience.MENTORS, "Наставники"),
            (TrainingAudience.CURATORS, "Кураторы"),
        ],
    )
    year = forms.TypedChoiceField(label="Год", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]


class TrainingForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label="Проводит", queryset=Organization.objects.none())

    class Meta:
        model = Training
        fields = (
            "title",
            "provider",
            "format",
            "audience",
            "hours",
            "starts_on",
            "ends_on",
            "place",
            "description",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    field_order = ("organization", *Meta.fields)

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self, "starts_on", "ends_on")
        if self.instance.pk:
            del self.fields["organization"]
        else:
            field = cast(forms.ModelChoiceField, self.fields["organization"])
            field.queryset = (organizations or Organization.objects.none()).order_by("kind", "short_name")
            _labels(field, _organization_label)
            self.fields[
                "organization"
            ].help_text = (
                "Управление образования — обучение для всего муниципалитета; школа или ДО — для своих."
            )

    def _post_clean(self) -> None:
        run_model_validators(self, Training)


def _mentor_label(mentor: MentorProfile) -> str:
    return f"{person_label(mentor.person)}, {mentor.person.organization.short_name} — {mentor.get_training_status_display().lower()}"


def _curator_label(membership: Membership) -> str:
    return f"{membership.user.get_full_name()}, {membership.organization.short_name}"


class EnrolForm(forms.Form):
    mentors = forms.ModelMultipleChoiceField(
        label="Наставники",
        required=False,
        queryset=MentorProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    curators = forms.ModelMultipleChoiceField(
        label="Кураторы",
        required=False,
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        mentors: QuerySet[MentorProfile] | None,
        curators: QuerySet[Membership] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if mentors is None:
            del self.fields["mentors"]
        else:
            field = cast(forms.ModelMultipleChoiceField, self.fields["mentors"])
            field.queryset = mentors.select_related("person", "person__organization").order_by(
                "person__organization__short_name", "person__last_name", "person__first_name", "id"
            )
            _labels(field, _mentor_label)
        if curators is None:
            del self.fields["curators"]
        else:
            field = cast(forms.ModelMultipleChoiceField, self.fields["curators"])
            field.queryset = curators.select_related("user", "organization").order_by(
                "organization__short_name", "user__last_name"
            )
            _labels(field, _curator_label)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label="Дата окончания")
    certificate_number = forms.CharField(
        label="Номер удостоверения или сертификата", required=False, max_length=100
    )
    certificate = forms.FileField(
        label="Скан удостоверения", required=False, widget=forms.FileInput, help_text=FILE_HELP
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self, "completed_on")


# --- contests -----------------------------------------------------------------------------------------


class ContestFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Год", required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label="Уровень", required=False, choices=[("", "Все"), *ContestLevel.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]


class ContestForm(MunicipalityChoice, forms.ModelForm):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none())
    nominations_text = forms.CharField(
        label="Номинации",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По одной на строке. Пусто — конкурс без номинаций.",
        max_length=10000,
    )
    link = forms.URLField(
        label="Положение о конкурсе (ссылка)", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Contest
        fields = ("title", "level", "year", "organizer", "starts_on", "ends_on", "link", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    field_order = (
        "municipality",
        "title",
        "level",
        "year",
        "nominations_text",
        "organizer",
        "starts_on",
        "ends_on",
    )

    def __init__(
        self, *args: Any, municipalities: QuerySet[Municipality] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_municipality(municipalities)
        _date_fields(self, "starts_on", "ends_on")
        if self.instance.pk:
            self.initial["nominations_text"] = "\n".join(self.instance.nominations)
        else:
            self.fields["year"].initial = timezone.localdate().year

    @property
    def nominations(self) -> list[str]:
        return [line for line in self.cleaned_data.get("nominations_text", "").splitlines() if line.strip()]

    def _post_clean(self) -> None:
        run_model_validators(self, Contest)


class EntryForm(forms.Form):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    person = forms.ModelChoiceField(
        label="Наставник",
        required=False,
        queryset=MentorProfile.objects.none(),
        empty_label="Участвует сама организация",
    )
    nomination = forms.ChoiceField(label="Номинация", required=False)
    submitted_on = forms.DateField(label="Заявка подана")

    def __init__(
        self,
        *args: Any,
        contest: Contest,
        organizations: QuerySet[Organization],
        mentors: QuerySet[MentorProfile],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self, "submitted_on")
        self.fields["submitted_on"].initial = timezone.localdate()
        organization_field = cast(forms.ModelChoiceField, self.fields["organization"])
        organization_field.queryset = organizations.order_by("kind", "short_name")
        _labels(organization_field, _organization_label)
        person_field = cast(forms.ModelChoiceField, self.fields["person"])
        person_field.queryset = mentors.select_related("person", "person__organization").order_by(
            "person__organization__short_name", "person__last_name", "person__first_name"
        )
        _labels(
            person_field, lambda mentor: f"{mentor.person.full_name}, {mentor.person.organization.short_name}"
        )
        person_field.help_text = "Наставник выбранной организации; пусто — заявка от организации."
        if contest.nominations:
            self.fields["nomination"].choices = [(n, n) for n in contest.nominations]  # type: ignore[attr-defined]
            self.fields["nomination"].required = True
        else:
            del self.fields["nomination"]


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="Итог", choices=ContestResult.choices)
    result_on = forms.DateField(label="Дата итогов", required=False)
    document = forms.ModelChoiceField(
        label="Документ из реестра", required=False, queryset=Document.objects.none(), empty_label="Не указан"
    )
    file = forms.FileField(
        label="Диплом или сертификат", required=False, widget=forms.FileInput, help_text=FILE_HELP
    )

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self, "result_on")
        field = cast(forms.ModelChoiceField, self.fields["document"])
        field.queryset = documents.order_by("-date", "-id")
        _labels(field, lambda document: f"{document.label}: {document.title[:80]}")


# --- awards -------------------------------------------------------------------------------------------


class AwardFilterForm(forms.Form):
    q = forms.CharField(label="Фамилия", required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label="Организация", required=False, queryset=Organization.objects.none(), empty_label="Все"
    )
    year = forms.TypedChoiceField(label="Год", required=False, coerce=int, empty_value=None)
    kind = forms.CharField(label="Форма поощрения", required=False, max_length=200)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations.order_by("kind", "short_name")
        _labels(field, _organization_label)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]


class AwardForm(forms.Form):
    person = forms.ModelChoiceField(label="Наставник", queryset=MentorProfile.objects.none())
    kind = forms.ChoiceField(label="Форма поощрения")
    date = forms.DateField(label="Дата")
    reason = forms.CharField(label="За что", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    event = forms.ModelChoiceField(
        label="Вручено на мероприятии",
        required=False,
        queryset=RecognitionEvent.objects.none(),
        empty_label="Нет",
    )
    document = forms.ModelChoiceField(
        label="Приказ из реестра", required=False, queryset=Document.objects.none(), empty_label="Не указан"
    )
    file = forms.FileField(label="Скан", required=False, widget=forms.FileInput, help_text=FILE_HELP)

    def __init__(
        self,
        *args: Any,
        mentors: QuerySet[MentorProfile],
        kinds: list[str],
        events: QuerySet[RecognitionEvent],
        documents: QuerySet[Document],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _date_fields(self, "date")
        self.fields["date"].initial = timezone.localdate()
        person_field = cast(forms.ModelChoiceField, self.fields["person"])
        person_field.queryset = mentors.select_related("person", "person__organization").order_by(
            "person__organization__short_name", "person__last_name", "person__first_name"
        )
        _labels(
            person_field, lambda mentor: f"{mentor.person.full_name}, {mentor.person.organization.short_name}"
        )
        self.fields["kind"].choices = [(kind, kind) for kind in kinds]  # type: ignore[attr-defined]
        self.fields["kind"].help_text = "Формы поощрения из системы мотивации наставников организации."
        event_field = cast(forms.ModelChoiceField, self.fields["event"])
        event_field.queryset = events.order_by("-date")
        document_field = cast(forms.ModelChoiceField, self.fields["document"])
        document_field.queryset = documents.order_by("-date", "-id")
        _labels(document_field, lambda d: f"{d.label}: {d.title[:80]}")


class OrganizationChoiceForm(forms.Form):
    """The first step of a form whose choices depend on the organization (whose awards, whose entry)."""

    organization = forms.ModelChoiceField(label="От имени организации", queryset=Organization.objects.none())

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organization"])
        field.queryset = organizations.order_by("kind", "short_name")
        _labels(field, _organization_label)


class RecognitionEventForm(MunicipalityChoice, forms.ModelForm):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none())

    class Meta:
        model = RecognitionEvent
        fields = ("kind", "title", "date", "place", "description", "on_portal")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    field_order = ("municipality", *Meta.fields)

    def __init__(
        self, *args: Any, municipalities: QuerySet[Municipality] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_municipality(municipalities)
        _date_fields(self, "date")

    def _post_clean(self) -> None:
        run_model_validators(self, RecognitionEvent)
