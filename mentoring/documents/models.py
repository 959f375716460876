"""The registry of official documents (orders, regulations, report notes...) with the kinds of
documents it uses, and the incentive schemes for mentors (roadmap 1.4–1.6)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import plain_text
from mentoring.documents.uploads import random_upload_name
from mentoring.library.validators import free_text

NOTES_MAX_LENGTH = 3000


class DocumentKind(models.Model):
    """A kind of document an organization holds (приказ, положение, соглашение, справка...).

    Personal data: none. System defaults have no municipality; a department adds its own kinds.
    """

    name = models.CharField("вид документа", max_length=200, validators=[plain_text])
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_kinds",
        verbose_name="муниципалитет",
    )
    position = models.PositiveSmallIntegerField("порядок", default=100)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "вид документа"
        verbose_name_plural = "виды документов"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(municipality__isnull=True),
                name="unique_default_document_kind",
                violation_error_message="Такой вид документа уже есть в общем списке.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="unique_document_kind_in_municipality",
                violation_error_message="Такой вид документа уже есть в списке муниципалитета.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Проект"
    IN_FORCE = "in_force", "Действует"
    CANCELLED = "cancelled", "Утратил силу"


def document_upload_to(instance: Document, filename: str) -> str:
    """documents/<organization>/<random>.<ext>; the original name is kept in `file_name`."""
    return random_upload_name(f"documents/{instance.organization_id}", filename)


class Document(TimeStampedModel):
    """An official document of a school, a ДО or the department: an order, a regulation, a report note...

    Personal data: the people it concerns (links to persons of the bases — an order forming pairs or
    awarding mentors names pupils and teachers), who registered it (a user link), and whatever the file
    itself holds (orders on pairs and awards list people by name). Only the organization's staff and
    the department read it (mentoring.common.access, «documents registry»); opening a card that names
    people and downloading such a document are written to the personal-data access log.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="организация",
        help_text="Документы управления образования принадлежат управлению образования.",
    )
    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="documents", verbose_name="вид документа"
    )
    number = models.CharField(
        "номер", max_length=50, blank=True, validators=[plain_text], help_text="Например: 45-од."
    )
    date = models.DateField("дата")
    title = models.CharField("наименование", max_length=500, validators=[plain_text])
    status = models.CharField(
        "статус", max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    file = models.FileField("файл", upload_to=document_upload_to, blank=True, max_length=255)
    file_name = models.CharField("имя файла", max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField("размер файла, байт", default=0)
    file_kind = models.CharField("формат файла", max_length=10, blank=True)
    roadmap_items = models.ManyToManyField(
        "roadmaps.RoadmapItem",
        blank=True,
        related_name="documents",
        verbose_name="мероприятия дорожной карты",
    )
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="documents", verbose_name="кого касается"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    # Lower-case number and title with ё→е: the search looks here.
    search_text = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "документ"
        verbose_name_plural = "реестр документов"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["organization", "-date"], name="document_org_date_idx"),
            models.Index(fields=["organization", "status"], name="document_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.title}"

    @property
    def label(self) -> str:
        """«№ 45-од от 01.09.2025» or «от 01.09.2025» for a document without a number."""
        number = f"№ {self.number} " if self.number else ""
        return f"{number}от {self.date:%d.%m.%Y}"


class IncentiveScheme(TimeStampedModel):
    """How an organization encourages its mentors (roadmap 1.6): letters of thanks, awards, contests
    («Наставник52», «Наставничество»), payments. One current scheme per organization; earlier versions
    stay in the history.

    Personal data: none (the scheme is a rule, not a list of people); who changed it is in the history.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="incentive_schemes",
        verbose_name="организация",
    )
    title = models.CharField("наименование", max_length=300, validators=[plain_text])
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incentive_schemes",
        verbose_name="утверждена документом",
    )
    incentive_kinds = models.JSONField("формы поощрения", default=list, blank=True)
    adopted_on = models.DateField("дата принятия")
    notes = models.TextField(
        "описание и условия", blank=True, validators=[MaxLengthValidator(NOTES_MAX_LENGTH), free_text]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "система мотивации наставников"
        verbose_name_plural = "системы мотивации наставников"
        ordering = ["organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                name="one_incentive_scheme_per_organization",
                violation_error_message="У организации уже есть система мотивации наставников: измените её.",
            )
        ]

    def __str__(self) -> str:
        return self.title
