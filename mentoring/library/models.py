"""The methodological library (roadmap 2.5): regulations, programs, questionnaires, templates and other
materials the department and the schools share with each other."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import plain_text
from mentoring.library.validators import free_text
from mentoring.organizations.models import Municipality, Organization

DESCRIPTION_MAX_LENGTH = 5000


class MaterialKind(models.TextChoices):
    REGULATION = "regulation", "Нормативный документ"
    PROGRAM = "program", "Программа"
    QUESTIONNAIRE = "questionnaire", "Анкета"
    GUIDELINE = "guideline", "Методические рекомендации"
    PRESENTATION = "presentation", "Презентация"
    TEMPLATE = "template", "Шаблон документа"
    BRANDING = "branding", "Фирменный стиль"
    OTHER = "other", "Другое"


class Audience(models.TextChoices):
    CURATORS = "curators", "Кураторы"
    MENTORS = "mentors", "Наставники"
    MENTEES = "mentees", "Наставляемые"
    PARENTS = "parents", "Родители"
    ALL = "all", "Все участники"


class Visibility(models.TextChoices):
    ORGANIZATION = "organization", "Только моя организация"
    MUNICIPALITY = "municipality", "Все организации муниципалитета"
    PUBLIC = "public", "Публично (портал)"


# What a municipal material (organization is null) may be: it is meant for every organization.
MUNICIPAL_VISIBILITIES = (Visibility.MUNICIPALITY, Visibility.PUBLIC)

http_or_https = URLValidator(
    schemes=["http", "https"], message="Укажите ссылку, начинающуюся с http:// или https://."
)


def material_upload_to(instance: Material, filename: str) -> str:
    """library/<municipality>/<random>.<ext>: the stored name never comes from the user; the original
    name is kept in `file_name` and given back on download."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"library/{instance.municipality_id}/{uuid.uuid4().hex}.{extension}"


class Material(TimeStampedModel):
    """One material of the methodological library: a file or a link with its description.

    Personal data: who uploaded it (a link to the user account). The materials themselves are
    methodological documents; uploading personal data (lists of pupils, signed consents) here is not
    what the library is for, and the upload form says so.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="materials", verbose_name="муниципалитет"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name="организация",
        help_text="Пусто — материал управления образования.",
    )
    title = models.CharField("название", max_length=300, validators=[plain_text])
    kind = models.CharField("вид", max_length=20, choices=MaterialKind.choices)
    description = models.TextField(
        "описание", blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH), free_text]
    )
    tags = models.CharField(
        "метки", max_length=500, blank=True, help_text="Через запятую, например: анкета, входная диагностика."
    )
    audience = models.CharField("для кого", max_length=20, choices=Audience.choices, default=Audience.ALL)
    visibility = models.CharField("кому доступен", max_length=20, choices=Visibility.choices)
    file = models.FileField("файл", upload_to=material_upload_to, blank=True, max_length=255)
    file_name = models.CharField("имя файла", max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField("размер файла, байт", default=0)
    file_kind = models.CharField("формат файла", max_length=10, blank=True)
    link = models.URLField("ссылка", max_length=2000, blank=True, validators=[http_or_https])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="добавил(а)"
    )
    # Lower-case title, description and tags with ё→е: the search looks here.
    search_text = models.TextField(editable=False, blank=True)
    # «|метка|другая метка|», lower-case with ё→е: the filter by one tag looks here.
    tag_keys = models.CharField(max_length=600, editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text", "tag_keys"])

    class Meta:
        verbose_name = "методический материал"
        verbose_name_plural = "методические материалы"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="material_is_a_file_or_a_link",
                violation_error_message="Загрузите файл или укажите ссылку — что-то одно.",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(visibility__in=MUNICIPAL_VISIBILITIES),
                name="municipal_material_is_shared",
                violation_error_message="Материал управления образования открывается всем организациям "
                "муниципалитета или публично.",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "visibility", "-created_at"], name="material_muni_vis_idx"),
            models.Index(fields=["organization", "visibility"], name="material_org_vis_idx"),
            models.Index(fields=["municipality", "kind"], name="material_muni_kind_idx"),
            models.Index(fields=["municipality", "audience"], name="material_muni_audience_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_municipal(self) -> bool:
        return self.organization_id is None

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]
