"""Forms of mentoring (reference data) and the programs organizations run in them (roadmap 2.4, 4.3)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import code_validator, plain_text

# Pairs and groups are formed within two weeks of the date the form is chosen (roadmap 4.3).
PAIR_FORMING_DAYS = 14


class MentoringForm(models.Model):
    """A form of mentoring such as «ученик – ученик». Personal data: none.

    System defaults have no municipality and are kept by the system's administrator; a department
    adds forms of its own municipality.
    """

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentoring_forms",
        verbose_name="муниципалитет",
    )
    code = models.CharField("код", max_length=40, validators=[code_validator])
    name = models.CharField("наименование", max_length=150, validators=[plain_text])
    description = models.TextField("описание", blank=True, max_length=3000)
    mentor_categories = models.ManyToManyField(
        "people.PersonCategory", related_name="+", verbose_name="кто может быть наставником"
    )
    mentee_categories = models.ManyToManyField(
        "people.PersonCategory", related_name="+", verbose_name="кто может быть наставляемым"
    )
    mentee_subtypes = models.ManyToManyField(
        "people.MenteeSubtype", related_name="forms", blank=True, verbose_name="подтипы наставляемых"
    )
    default_max_group_size = models.PositiveSmallIntegerField(
        "наставляемых в группе по умолчанию",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="1 — только пары.",
    )
    min_class_gap = models.PositiveSmallIntegerField(
        "наставник старше на классов (не меньше)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
        help_text="Для форм «обучающийся – обучающийся»; пусто — не проверяется.",
    )
    position = models.PositiveSmallIntegerField("порядок", default=100)
    is_active = models.BooleanField("используется", default=True)
    history = HistoricalRecords(m2m_fields=[mentor_categories, mentee_categories])

    class Meta:
        verbose_name = "форма наставничества"
        verbose_name_plural = "формы наставничества"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(municipality__isnull=True),
                name="unique_default_form_code",
                violation_error_message="Форма с таким кодом уже есть в общем списке.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                name="unique_form_code_in_municipality",
                violation_error_message="Форма с таким кодом уже есть в муниципалитете.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def name_for(self, organization_kind: str) -> str:
        """The name an organization of this kind uses (ДО say «обучающийся – обучающийся»)."""
        for alias in self.aliases.all():
            if alias.organization_kind == organization_kind:
                return alias.name
        return self.name


class AliasKind(models.TextChoices):
    SCHOOL = "school", "Общеобразовательные организации"
    SUPPLEMENTARY = "supplementary", "Организации дополнительного образования"
    COLLEGE = "college", "Колледжи и вузы"


class FormAlias(models.Model):
    """How organizations of one kind call a form. Personal data: none."""

    form = models.ForeignKey(MentoringForm, on_delete=models.CASCADE, related_name="aliases")
    organization_kind = models.CharField("для организаций", max_length=20, choices=AliasKind.choices)
    name = models.CharField("название", max_length=150, validators=[plain_text])

    class Meta:
        verbose_name = "название формы для вида организаций"
        verbose_name_plural = "названия форм для видов организаций"
        constraints = [
            models.UniqueConstraint(
                fields=["form", "organization_kind"],
                name="one_alias_per_organization_kind",
                violation_error_message="Для этого вида организаций название уже задано.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoleVariant(models.Model):
    """A role model within a form, e.g. «успевающий – неуспевающий». Personal data: none."""

    form = models.ForeignKey(MentoringForm, on_delete=models.CASCADE, related_name="role_variants")
    name = models.CharField("ролевая модель", max_length=200, validators=[plain_text])
    description = models.CharField("пояснение", max_length=500, blank=True, validators=[plain_text])
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "ролевая модель"
        verbose_name_plural = "ролевые модели"
        ordering = ["form", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "name"],
                name="unique_role_variant_in_form",
                violation_error_message="Такая ролевая модель у формы уже есть.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"
    ACTIVE = "active", "Реализуется"
    COMPLETED = "completed", "Завершена"
    ARCHIVED = "archived", "В архиве"


class Program(TimeStampedModel):
    """A mentoring program of an organization (база программ наставничества).

    Personal data: only the link to the curator's account; goals and plans describe groups, not people.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name="организация",
    )
    title = models.CharField("название", max_length=300, validators=[plain_text])
    form = models.ForeignKey(
        MentoringForm, on_delete=models.PROTECT, related_name="programs", verbose_name="форма наставничества"
    )
    role_variants = models.ManyToManyField(
        RoleVariant, blank=True, related_name="programs", verbose_name="ролевые модели"
    )
    goals = models.TextField("цель", max_length=5000)
    tasks = models.TextField("задачи", blank=True, max_length=5000)
    target_audience = models.TextField("целевая аудитория", blank=True, max_length=3000)
    expected_results = models.TextField("ожидаемые результаты", blank=True, max_length=5000)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="curated_programs",
        verbose_name="куратор",
    )
    status = models.CharField(
        "статус", max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    form_chosen_on = models.DateField(
        "дата выбора формы",
        null=True,
        blank=True,
        help_text="С этой даты идут две недели на формирование пар и групп.",
    )
    pairs_formed_on = models.DateField("пары и группы сформированы", null=True, blank=True)
    max_group_size = models.PositiveSmallIntegerField(
        "наставляемых у одного наставника (не больше)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    requires_trained_mentors = models.BooleanField("только обученные наставники", default=False)
    is_shared = models.BooleanField("доступна другим организациям", default=False)
    is_recommended = models.BooleanField("рекомендована управлением образования", default=False)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name="скопирована из",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "программа наставничества"
        verbose_name_plural = "программы наставничества"
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="program_ends_after_it_starts",
                violation_error_message="Окончание программы должно быть позже начала.",
            ),
            models.CheckConstraint(
                condition=Q(is_recommended=False) | Q(is_shared=True),
                name="recommended_program_is_shared",
                violation_error_message="Рекомендовать можно только программу, открытую другим организациям.",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="program_org_status_idx"),
            models.Index(fields=["is_shared", "is_recommended"], name="program_shared_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pairs_deadline(self) -> datetime.date | None:
        """The last day for forming pairs and groups: the form's choice date plus two weeks."""
        if self.form_chosen_on is None:
            return None
        return self.form_chosen_on + datetime.timedelta(days=PAIR_FORMING_DAYS)

    def is_pairing_overdue(self, today: datetime.date | None = None) -> bool:
        deadline = self.pairs_deadline
        if deadline is None or self.pairs_formed_on is not None:
            return False
        if self.status not in (ProgramStatus.DRAFT, ProgramStatus.ACTIVE):
            return False
        return (today or timezone.localdate()) > deadline

    def pairs_days_left(self, today: datetime.date | None = None) -> int | None:
        deadline = self.pairs_deadline
        if deadline is None or self.pairs_formed_on is not None:
            return None
        return (deadline - (today or timezone.localdate())).days


def overdue_pairing_q(today: datetime.date) -> Q:
    """Programs whose two weeks for forming pairs have passed without pairs (for lists and reports)."""
    return Q(
        form_chosen_on__lt=today - datetime.timedelta(days=PAIR_FORMING_DAYS),
        pairs_formed_on__isnull=True,
        status__in=[ProgramStatus.DRAFT, ProgramStatus.ACTIVE],
    )


class ProgramStage(models.Model):
    """A stage of a program's plan template with the meetings planned in it. Personal data: none."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField("№")
    title = models.CharField("этап", max_length=300, validators=[plain_text])
    description = models.TextField("содержание", blank=True, max_length=3000)
    planned_meetings = models.PositiveSmallIntegerField(
        "встреч запланировано", default=1, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = "этап программы"
        verbose_name_plural = "этапы программы"
        ordering = ["program", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


def attachment_upload_to(instance: ProgramAttachment, filename: str) -> str:
    return f"programs/{instance.program.organization_id}/{instance.program_id}/{filename}"


class ProgramAttachment(TimeStampedModel):
    """A file of a program (the program text, an order, a plan). Personal data: none expected; the
    uploader is recorded. Only attachments marked as shared travel with a copied program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("название", max_length=300, validators=[plain_text])
    file = models.FileField("файл", upload_to=attachment_upload_to, max_length=300)
    is_shared = models.BooleanField(
        "передавать при копировании", default=True, help_text="Снимите для файлов с персональными данными."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="загрузил"
    )

    class Meta:
        verbose_name = "файл программы"
        verbose_name_plural = "файлы программ"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


# The meetings sequence of DOMAIN.md: a new program starts with this plan template.
DEFAULT_STAGES = [
    ("Встреча-знакомство", "Знакомство наставника и наставляемого, правила работы.", 1),
    ("Пробная встреча", "Первая совместная работа, проверка ожиданий.", 1),
    ("Встреча-планирование", "Цели, задачи и план работы пары или группы.", 1),
    ("Совместная работа", "Серия встреч по плану; обратная связь после каждой.", 8),
    ("Итоговая встреча", "Подведение итогов, рефлексия, планы на будущее.", 1),
]
