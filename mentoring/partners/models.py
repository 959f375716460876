"""Agreements of schools, ДО and the department with partner organizations (roadmap 2.2): enterprises,
colleges and universities, NGOs that supply mentors."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import plain_text
from mentoring.documents.uploads import random_upload_name
from mentoring.library.validators import free_text

SUBJECT_MAX_LENGTH = 3000


class AgreementStatus(models.TextChoices):
    """Computed from the dates, never stored."""

    UPCOMING = "upcoming", "Ещё не вступило в силу"
    ACTIVE = "active", "Действует"
    EXPIRED = "expired", "Истекло"


def agreement_status_q(status: str, day: datetime.date) -> Q:
    """Agreements that have the status on the day (for filters and counts in the database)."""
    if status == AgreementStatus.UPCOMING:
        return Q(valid_from__gt=day)
    if status == AgreementStatus.EXPIRED:
        return Q(valid_until__lt=day)
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def agreement_upload_to(instance: Agreement, filename: str) -> str:
    """partners/<organization>/<random>.<ext>; the original name is kept in `file_name`."""
    return random_upload_name(f"partners/{instance.organization_id}", filename)


class Agreement(TimeStampedModel):
    """An agreement (соглашение о сотрудничестве) between a school, a ДО or the department and a partner
    organization.

    Personal data: the mentors the partner supplies under it (links to the partner's mentor base, that
    is to named persons), who registered it (a user link) and whatever the signed scan holds (names
    and signatures of the heads). Read by the signing organization's staff, the department and the
    partner's representative (mentoring.common.access, «documents registry»); opening a card that
    names mentors is written to the personal-data access log.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="partner_agreements",
        verbose_name="организация",
        help_text="Школа, ДО или управление образования, подписавшие соглашение.",
    )
    partner = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="agreements_as_partner",
        verbose_name="организация-партнёр",
    )
    number = models.CharField("номер", max_length=50, validators=[plain_text])
    signed_on = models.DateField("дата подписания")
    valid_from = models.DateField("действует с")
    valid_until = models.DateField("действует по", null=True, blank=True, help_text="Пусто — бессрочное.")
    subject = models.TextField(
        "предмет соглашения", validators=[MaxLengthValidator(SUBJECT_MAX_LENGTH), free_text]
    )
    file = models.FileField("скан соглашения", upload_to=agreement_upload_to, blank=True, max_length=255)
    file_name = models.CharField("имя файла", max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField("размер файла, байт", default=0)
    file_kind = models.CharField("формат файла", max_length=10, blank=True)
    mentors = models.ManyToManyField(
        "people.MentorProfile",
        blank=True,
        related_name="partner_agreements",
        verbose_name="наставники от партнёра",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    # Lower-case number and subject with ё→е: the search looks here.
    search_text = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "соглашение с партнёром"
        verbose_name_plural = "соглашения с партнёрами"
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="agreement_dates_in_order",
                violation_error_message="Окончание действия соглашения не может быть раньше его начала.",
            ),
            models.CheckConstraint(
                condition=~Q(partner=F("organization")),
                name="agreement_between_two_organizations",
                violation_error_message="Организация не может заключить соглашение сама с собой.",
            ),
            models.UniqueConstraint(
                fields=["organization", "partner", "number"],
                name="unique_agreement_number",
                violation_error_message="Соглашение с этим партнёром под таким номером уже внесено.",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-signed_on"], name="agreement_org_signed_idx"),
            models.Index(fields=["partner", "valid_until"], name="agreement_partner_until_idx"),
        ]

    def __str__(self) -> str:
        return f"Соглашение № {self.number} от {self.signed_on:%d.%m.%Y}"

    def status_on(self, day: datetime.date) -> AgreementStatus:
        if self.valid_from > day:
            return AgreementStatus.UPCOMING
        if self.valid_until is not None and self.valid_until < day:
            return AgreementStatus.EXPIRED
        return AgreementStatus.ACTIVE

    @property
    def status(self) -> AgreementStatus:
        return self.status_on(timezone.localdate())

    @property
    def is_indefinite(self) -> bool:
        return self.valid_until is None
