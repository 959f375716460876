"""Municipalities and the organizations that take part in the target model of mentoring."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import code_validator, inn_validator, phone_number, plain_text


class Municipality(TimeStampedModel):
    """A municipal district or okrug: the smallest tenant of a deployment.

    Personal data: none.
    """

    name = models.CharField("наименование", max_length=200, unique=True, validators=[plain_text])
    code = models.CharField(
        "код",
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text="Короткий латинский код для команд и API, например sechenovo.",
    )
    region = models.CharField("субъект РФ", max_length=200, validators=[plain_text])
    history = HistoricalRecords()

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    DEPARTMENT = "department", "Управление образования"
    SCHOOL = "school", "Общеобразовательная организация (ОО)"
    SUPPLEMENTARY = "supplementary", "Организация дополнительного образования (ДО)"
    PARTNER = "partner", "Организация-партнёр"


class PartnerKind(models.TextChoices):
    ENTERPRISE = "enterprise", "Предприятие"
    UNIVERSITY = "university", "Вуз или колледж"
    NGO = "ngo", "Некоммерческая организация"
    OTHER = "other", "Другое"


class Organization(TimeStampedModel):
    """The education department, a school, a supplementary-education organization or a partner.

    Personal data: the head's full name and the organization's work contacts (phone, e-mail), which
    are public information of an organization rather than a private person's data.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organizations", verbose_name="муниципалитет"
    )
    kind = models.CharField("тип", max_length=20, choices=OrganizationKind.choices)
    partner_kind = models.CharField(
        "вид партнёра", max_length=20, choices=PartnerKind.choices, blank=True, default=""
    )
    full_name = models.CharField("полное наименование", max_length=500, validators=[plain_text])
    short_name = models.CharField("краткое наименование", max_length=150, validators=[plain_text])
    code = models.CharField(
        "код",
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text="Короткий латинский код для команд и API, например school-1.",
    )
    address = models.CharField("адрес", max_length=300, blank=True, validators=[plain_text])
    head_name = models.CharField("руководитель (ФИО)", max_length=200, blank=True, validators=[plain_text])
    phone = models.CharField("телефон", max_length=30, blank=True, validators=[phone_number])
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("сайт", blank=True, max_length=300)
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[inn_validator])
    is_archived = models.BooleanField("в архиве", default=False)
    archived_at = models.DateTimeField("перенесена в архив", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["municipality__name", "kind", "short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(kind="department"),
                name="one_department_per_municipality",
                violation_error_message="В муниципалитете уже есть управление образования.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "short_name"],
                name="unique_short_name_in_municipality",
                violation_error_message="Организация с таким кратким наименованием уже есть в муниципалитете.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="partner") & ~Q(partner_kind=""))
                | (~Q(kind="partner") & Q(partner_kind="")),
                name="partner_kind_only_for_partners",
                violation_error_message="Вид партнёра указывается только для организаций-партнёров, и для них обязателен.",
            ),
            models.CheckConstraint(
                condition=Q(is_archived=False) | Q(archived_at__isnull=False),
                name="archived_organization_has_archive_date",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind", "is_archived"], name="org_muni_kind_idx")]

    def __str__(self) -> str:
        return self.short_name

    @property
    def kind_label(self) -> str:
        if self.kind == OrganizationKind.PARTNER and self.partner_kind:
            return f"Партнёр: {PartnerKind(self.partner_kind).label.lower()}"
        return {
            OrganizationKind.DEPARTMENT: "Управление образования",
            OrganizationKind.SCHOOL: "ОО",
            OrganizationKind.SUPPLEMENTARY: "ДО",
            OrganizationKind.PARTNER: "Партнёр",
        }[OrganizationKind(self.kind)]
