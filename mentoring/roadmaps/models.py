"""Roadmaps (дорожные карты) of the target model: templates, the roadmaps of the department and of each
organization made from them, their approval workflow and the execution of their items (roadmap 1.1–1.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import code_validator, plain_text


class RoadmapTemplate(models.Model):
    """A roadmap to start from, such as the seed roadmap of the Сеченовский district for 2021.

    Personal data: none. System templates have no municipality; a department may keep its own.
    """

    code = models.CharField("код", max_length=60, unique=True, validators=[code_validator])
    title = models.TextField("наименование", max_length=2000)
    year = models.PositiveSmallIntegerField("год")
    approved_by = models.CharField("утверждён", max_length=500, blank=True)
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmap_templates",
        verbose_name="муниципалитет",
    )

    class Meta:
        verbose_name = "шаблон дорожной карты"
        verbose_name_plural = "шаблоны дорожных карт"
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.year}"


class TemplateSection(models.Model):
    """A section of a template («1. Нормативное правовое регулирование…»). Personal data: none."""

    template = models.ForeignKey(RoadmapTemplate, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField("№", max_length=10)
    title = models.TextField("наименование раздела", max_length=2000)
    position = models.PositiveSmallIntegerField("порядок")

    class Meta:
        verbose_name = "раздел шаблона"
        verbose_name_plural = "разделы шаблона"
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="unique_section_number_in_template")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:60]}"


class TemplateItem(models.Model):
    """An item (мероприятие) of a template with its deadline, responsible parties and result, in the
    template's own wording. Personal data: none.

    `deadline_rule` is the parsed form of `deadline_text` (see roadmaps.deadlines); `for_department`
    and `organization_kinds` say whose roadmap the item falls into.
    """

    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="items")
    number = models.CharField("№ п/п", max_length=10)
    title = models.TextField("наименование мероприятия", max_length=3000)
    sub_points = models.JSONField("подпункты", default=list, blank=True)
    deadline_text = models.CharField("срок реализации", max_length=300)
    deadline_rule = models.JSONField("срок (разобранный)", default=dict)
    responsible_text = models.CharField("ответственный исполнитель", max_length=300)
    for_department = models.BooleanField("для управления образования", default=False)
    organization_kinds = models.JSONField(
        "для организаций видов", default=list, blank=True, help_text="school, supplementary"
    )
    result_text = models.TextField("результат, вид документа", max_length=2000)
    document_kind = models.ForeignKey(
        "documents.DocumentKind",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="вид документа",
    )
    position = models.PositiveSmallIntegerField("порядок")

    class Meta:
        verbose_name = "мероприятие шаблона"
        verbose_name_plural = "мероприятия шаблона"
        ordering = ["section__position", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:60]}"


class RoadmapStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"
    SUBMITTED = "submitted", "На согласовании"
    RETURNED = "returned", "Возвращена на доработку"
    ENDORSED = "endorsed", "Согласована управлением образования"
    APPROVED = "approved", "Утверждена приказом"


def order_upload_to(instance: Roadmap, filename: str) -> str:
    return f"roadmaps/{instance.organization_id}/{instance.year}/{filename}"


class Roadmap(TimeStampedModel):
    """The roadmap of the department (the municipal one) or of one organization for a year.

    Personal data: who submitted, endorsed, returned and approved it (user links) and the order's scan.
    """

    template = models.ForeignKey(
        RoadmapTemplate, on_delete=models.PROTECT, related_name="roadmaps", verbose_name="шаблон"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="roadmaps",
        verbose_name="организация",
    )
    year = models.PositiveSmallIntegerField("год")
    title = models.TextField("наименование", max_length=2000, validators=[plain_text])
    status = models.CharField(
        "статус", max_length=20, choices=RoadmapStatus.choices, default=RoadmapStatus.DRAFT
    )
    remarks = models.TextField("замечания управления образования", blank=True, max_length=5000)
    order_number = models.CharField("номер приказа", max_length=50, blank=True, validators=[plain_text])
    order_date = models.DateField("дата приказа", null=True, blank=True)
    order_file = models.FileField("скан приказа", upload_to=order_upload_to, blank=True, max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-year", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "template"],
                name="one_roadmap_per_organization_year_template",
                violation_error_message="У организации уже есть дорожная карта по этому шаблону на этот год.",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | (~Q(order_number="") & Q(order_date__isnull=False)),
                name="approved_roadmap_has_order",
                violation_error_message="Утверждённая дорожная карта указывает номер и дату приказа.",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="roadmap_year_status_idx")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.year}"


class RoadmapTransition(models.Model):
    """One step of the workflow: who moved the roadmap from which status to which, when, with what
    remarks. Personal data: the acting user."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("было", max_length=20, choices=RoadmapStatus.choices)
    to_status = models.CharField("стало", max_length=20, choices=RoadmapStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    remarks = models.TextField("замечания", blank=True, max_length=5000)

    class Meta:
        verbose_name = "шаг согласования"
        verbose_name_plural = "история согласования"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Не начато"
    IN_PROGRESS = "in_progress", "Выполняется"
    DONE = "done", "Выполнено"


class RoadmapItem(TimeStampedModel):
    """An item of a roadmap: copied from the template, then reworded and dated by its owner, executed
    and evidenced. Personal data: none beyond the free comment."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="items")
    template_item = models.ForeignKey(
        TemplateItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="из шаблона",
    )
    section_number = models.CharField("раздел", max_length=10)
    section_title = models.TextField("наименование раздела", max_length=2000)
    number = models.CharField("№ п/п", max_length=10, validators=[plain_text])
    title = models.TextField("наименование мероприятия", max_length=3000)
    sub_points = models.JSONField("подпункты", default=list, blank=True)
    deadline_text = models.CharField("срок реализации", max_length=300)
    deadline_rule = models.JSONField("срок (разобранный)", default=dict)
    due_date = models.DateField("срок (дата)", null=True, blank=True)
    responsible_text = models.CharField("ответственный исполнитель", max_length=300)
    result_text = models.TextField("результат, вид документа", max_length=2000)
    document_kind = models.ForeignKey(
        "documents.DocumentKind", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField("порядок")
    status = models.CharField(
        "выполнение", max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    done_on = models.DateField("выполнено", null=True, blank=True)
    evidence_link = models.URLField("ссылка на подтверждение", blank=True, max_length=500)
    comment = models.TextField("комментарий", blank=True, max_length=3000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "мероприятие дорожной карты"
        verbose_name_plural = "мероприятия дорожных карт"
        ordering = ["roadmap", "position"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="done_item_has_done_date",
                violation_error_message="Укажите дату выполнения.",
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="roadmap_item_due_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:60]}"


class ItemCheckpoint(models.Model):
    """A checkpoint of a repeating item, e.g. each quarter of «ежеквартально». Personal data: none."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="checkpoints")
    label = models.CharField("этап", max_length=50)
    due_date = models.DateField("срок")
    status = models.CharField(
        "выполнение", max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    done_on = models.DateField("выполнено", null=True, blank=True)

    class Meta:
        verbose_name = "контрольная точка"
        verbose_name_plural = "контрольные точки"
        ordering = ["item", "due_date"]

    def __str__(self) -> str:
        return f"{self.label}: {self.due_date:%d.%m.%Y}"
