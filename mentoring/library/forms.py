from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet

from mentoring.library.models import Audience, Material, MaterialKind, Visibility
from mentoring.library.selectors import OWNER_MUNICIPAL
from mentoring.library.uploads import ALLOWED_LABEL, max_upload_bytes
from mentoring.organizations.models import Municipality, Organization

MEGABYTE = 1024 * 1024


class MaterialFilterForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False, max_length=200)
    kind = forms.ChoiceField(label="Вид", required=False, choices=[("", "Все виды"), *MaterialKind.choices])
    audience = forms.ChoiceField(label="Для кого", required=False, choices=[("", "Все"), *Audience.choices])
    tag = forms.CharField(label="Метка", required=False, max_length=40)
    owner = forms.ChoiceField(label="Чей материал", required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            ("", "Все"),
            (OWNER_MUNICIPAL, "Управление образования"),
            *((str(organization.pk), organization.short_name) for organization in organizations),
        ]


class MaterialForm(forms.ModelForm):
    owner = forms.ChoiceField(label="Чей материал")
    file = forms.FileField(label="Файл", required=False, widget=forms.FileInput)
    link = forms.URLField(
        label="Ссылка",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="Вместо файла: адрес страницы или документа, начинающийся с http:// или https://.",
    )

    class Meta:
        model = Material
        fields = ("title", "kind", "audience", "description", "tags", "visibility")
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    field_order = ("owner", "title", "kind", "audience", "description", "tags", "visibility", "file", "link")

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality] | None = None,
        organizations: QuerySet[Organization] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() // MEGABYTE
        self.fields[
            "file"
        ].help_text = (
            f"{ALLOWED_LABEL} до {limit} МБ. Персональные данные (списки, согласия) сюда не загружайте."
        )
        if self.instance.pk:
            # The owner of a material is chosen once: moving it to another organization is not an edit.
            del self.fields["owner"]
            self.fields["link"].initial = self.instance.link
            if self.instance.file:
                self.fields["file"].help_text = (
                    f"Сейчас: {self.instance.file_name}. Выберите новый файл, чтобы заменить его, "
                    f"или укажите ссылку вместо файла. {self.fields['file'].help_text}"
                )
            return
        self._owners: dict[str, tuple[Municipality | None, Organization | None]] = {}
        choices: list[tuple[str, str]] = []
        for municipality in municipalities if municipalities is not None else []:
            key = f"m{municipality.pk}"
            self._owners[key] = (municipality, None)
            choices.append((key, f"Управление образования: {municipality.name}"))
        for organization in organizations if organizations is not None else []:
            key = f"o{organization.pk}"
            self._owners[key] = (None, organization)
            choices.append((key, organization.short_name))
        self.fields["owner"].choices = choices  # type: ignore[attr-defined]
        if len(choices) == 1:
            self.fields["owner"].initial = choices[0][0]
        self.fields["visibility"].initial = Visibility.MUNICIPALITY
        self.fields["visibility"].help_text = (
            "«Только моя организация» — для материалов организации; материалы управления образования "
            "открываются всем организациям муниципалитета или публично."
        )

    def clean_owner(self) -> tuple[Municipality | None, Organization | None]:
        return self._owners[self.cleaned_data["owner"]]

    def _post_clean(self) -> None:
        # The model's own checks of each field (markup, length) are shown together with the form's; the
        # instance is left untouched, and the service checks the file and the rules that tie fields
        # together when it saves.
        for name in self._meta.fields or ():
            if name in self.cleaned_data:
                field = cast(models.Field, Material._meta.get_field(name))
                try:
                    field.run_validators(self.cleaned_data[name])
                except ValidationError as error:
                    self.add_error(name, error)
