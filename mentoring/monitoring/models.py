"""The personal register and the target indicators (roadmap 5.1, 6.2).

The register is a quarterly snapshot of every person taking part in mentoring in a municipality: in
which role, form, program, organization and mentorship, with the age and category on the snapshot date.
A snapshot never changes; a correction is a new snapshot of the same quarter, and the newest one counts.
Indicators are reference data versioned by period and legal basis; their actual values are computed
from the register and the questionnaires, never typed in. The department types only the targets and
each organization's contingent (pupils 10–18 and 15–18, teachers, young teachers), because not every
pupil is in the base.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import code_validator, plain_text
from mentoring.library.validators import free_text

IMMUTABLE_MESSAGE = "Срез персонифицированного учёта нельзя изменить: снимите новый срез."


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise PermissionError(IMMUTABLE_MESSAGE)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(IMMUTABLE_MESSAGE)


class SnapshotReason(models.TextChoices):
    QUARTER_END = "quarter_end", "Автоматически по окончании квартала"
    ON_DEMAND = "on_demand", "По запросу"
    CORRECTION = "correction", "Исправление"


class RegisterSnapshot(models.Model):
    """One taking of the personal register of a municipality for a quarter. No personal data of its
    own; its entries name the people."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="register_snapshots",
        verbose_name="муниципалитет",
    )
    year = models.PositiveSmallIntegerField("год")
    quarter = models.PositiveSmallIntegerField(
        "квартал", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    # The day the ages, categories and participation are taken on: the quarter's last day, or the day
    # of an on-demand snapshot inside a quarter that has not ended yet.
    as_of = models.DateField("по состоянию на")
    reason = models.CharField("основание", max_length=15, choices=SnapshotReason.choices)
    note = models.CharField("комментарий", max_length=500, blank=True, validators=[plain_text])
    taken_at = models.DateTimeField("снят", auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="снял(а)",
        help_text="Пусто — снят автоматически.",
    )
    entries_count = models.PositiveIntegerField("записей", default=0)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = "срез персонифицированного учёта"
        verbose_name_plural = "срезы персонифицированного учёта"
        ordering = ["municipality", "-year", "-quarter", "-taken_at", "-id"]
        indexes = [models.Index(fields=["municipality", "year", "quarter"], name="snapshot_quarter_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="snapshot_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} квартал {self.year} г. (на {self.as_of:%d.%m.%Y})"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError(IMMUTABLE_MESSAGE)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError(IMMUTABLE_MESSAGE)


class RegisterRole(models.TextChoices):
    MENTOR = "mentor", "Наставник"
    MENTEE = "mentee", "Наставляемый"


class RegisterEntry(models.Model):
    """One person in one role in one mentorship, as it stood on the snapshot date. Written once with
    its snapshot and never changed.

    Personal data: that the person mentors or is mentored (which may reveal a child's difficulties),
    their age and category on the date, their organization, program and mentorship.
    """

    snapshot = models.ForeignKey(
        RegisterSnapshot, on_delete=models.PROTECT, related_name="entries", verbose_name="срез"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="register_entries", verbose_name="участник"
    )
    role = models.CharField("роль", max_length=10, choices=RegisterRole.choices)
    # The organization the person took part through (the program's), and their own (a partner's
    # employee mentors in a school's program).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="организация программы",
    )
    person_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="организация участника",
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="+", verbose_name="программа"
    )
    form = models.ForeignKey(
        "programs.MentoringForm", on_delete=models.PROTECT, related_name="+", verbose_name="форма"
    )
    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.PROTECT, related_name="+", verbose_name="пара или группа"
    )
    category = models.ForeignKey(
        "people.PersonCategory", on_delete=models.PROTECT, related_name="+", verbose_name="категория"
    )
    age = models.PositiveSmallIntegerField("возраст", null=True, blank=True)
    is_young_specialist = models.BooleanField("молодой специалист", default=False)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = "запись персонифицированного учёта"
        verbose_name_plural = "записи персонифицированного учёта"
        ordering = ["snapshot", "organization", "role", "id"]
        indexes = [
            models.Index(fields=["snapshot", "organization", "role"], name="register_entry_scope_idx"),
            models.Index(fields=["snapshot", "person"], name="register_entry_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "person", "role", "mentorship"],
                name="one_register_entry_per_role_and_mentorship",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.get_role_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        # A snapshot is immutable: a correction makes a new snapshot.
        if not self._state.adding:
            raise PermissionError(IMMUTABLE_MESSAGE)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError(IMMUTABLE_MESSAGE)


class Computation(models.TextChoices):
    """How an indicator's actual value is computed. The texts are what the code does; a new indicator
    may reuse any of them with its own name, formula text and legal basis."""

    MENTEES_10_18 = (
        "mentees_10_18",
        "Доля обучающихся 10–18 лет, вовлечённых в наставничество в роли наставляемых",
    )
    MENTORS_15_18 = (
        "mentors_15_18",
        "Доля обучающихся 15–18 лет, вовлечённых в наставничество в роли наставников",
    )
    YOUNG_TEACHERS_MENTEES = (
        "young_teachers_mentees",
        "Доля молодых педагогов (стаж до 3 лет), вовлечённых в наставничество в роли наставляемых",
    )
    TEACHERS_MENTORS = "teachers_mentors", "Доля педагогов, вовлечённых в наставничество в роли наставников"
    PARTNERS_SUPPLYING_MENTORS = (
        "partners_supplying_mentors",
        "Доля организаций-партнёров, направивших наставников",
    )
    MENTEE_SATISFACTION = "mentee_satisfaction", "Доля наставляемых, удовлетворённых участием (анкеты)"
    MENTOR_SATISFACTION = "mentor_satisfaction", "Доля наставников, удовлетворённых участием (анкеты)"


class Indicator(TimeStampedModel):
    """A target indicator as reference data, versioned by period and legal basis: a new order makes a
    new version with its own dates instead of rewriting the old one. No personal data."""

    code = models.CharField("код", max_length=20, validators=[code_validator])
    name = models.CharField("показатель", max_length=500, validators=[plain_text])
    formula = models.TextField("формула расчёта", max_length=2000, validators=[free_text])
    legal_basis = models.CharField("основание", max_length=500, validators=[plain_text])
    computation = models.CharField("способ расчёта", max_length=40, choices=Computation.choices)
    unit = models.CharField("единица", max_length=20, default="%", validators=[plain_text])
    # Satisfaction indicators: a respondent is satisfied when their mean satisfaction item is at least this.
    threshold = models.DecimalField(
        "порог удовлетворённости",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    valid_from = models.DateField("действует с")
    valid_until = models.DateField("действует по", null=True, blank=True, help_text="Пусто — без срока.")
    position = models.PositiveSmallIntegerField("порядок", default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "целевой показатель"
        verbose_name_plural = "целевые показатели"
        ordering = ["position", "code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="one_indicator_version_per_start"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="indicator_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class IndicatorTarget(TimeStampedModel):
    """The target value the department sets for an indicator, a year and an organization or the whole
    municipality. No personal data."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name="показатель"
    )
    municipality = models.ForeignKey(
        "organizations.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="муниципалитет"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_targets",
        verbose_name="организация",
        help_text="Пусто — для муниципалитета в целом.",
    )
    year = models.PositiveSmallIntegerField(
        "год", validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    value = models.DecimalField(
        "целевое значение",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="установил(а)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "целевое значение показателя"
        verbose_name_plural = "целевые значения показателей"
        ordering = ["year", "indicator", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organization", "year"],
                condition=Q(organization__isnull=False),
                name="one_target_per_organization_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "municipality", "year"],
                condition=Q(organization__isnull=True),
                name="one_target_per_municipality_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class Contingent(TimeStampedModel):
    """How many pupils and teachers an organization has in a year: the denominators of the indicators,
    entered by the department or the organization because not every pupil is in the base. No personal
    data (counts only)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="contingents",
        verbose_name="организация",
    )
    year = models.PositiveSmallIntegerField(
        "год", validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    pupils_10_18 = models.PositiveIntegerField("обучающихся 10–18 лет")
    pupils_15_18 = models.PositiveIntegerField("из них 15–18 лет")
    teachers = models.PositiveIntegerField("педагогов")
    young_teachers = models.PositiveIntegerField("из них молодых (стаж до 3 лет)")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "контингент"
        verbose_name_plural = "контингент"
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="one_contingent_per_organization_year",
                violation_error_message="Контингент этой организации за этот год уже внесён.",
            ),
            models.CheckConstraint(
                condition=Q(pupils_15_18__lte=models.F("pupils_10_18")), name="pupils_15_18_within_10_18"
            ),
            models.CheckConstraint(
                condition=Q(young_teachers__lte=models.F("teachers")), name="young_teachers_within_teachers"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class ReportKind(models.TextChoices):
    ORGANIZATION_NOTE = "organization_note", "Справка организации о реализации ЦМН и программ (6.1)"
    MUNICIPAL_NOTE = "municipal_note", "Справка по муниципалитету о показателях и соответствии ЦМН (6.2)"
    QUARTERLY_NOTE = "quarterly_note", "Квартальная справка по итогам мониторинга (5.2)"
    DECEMBER_PACK = "december_pack", "Декабрьская справка о качестве и росте участников (5.3, 5.4)"
