"""Matching: a program's settings for forming pairs, the curator's locks, exclusions and the
preferences of either side, and the runs of the engine with the proposals they produced.

A proposal changes nothing in the bases: mentorships appear only when the curator confirms a run.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel

WEIGHT_VALIDATORS = [MaxValueValidator(100)]


class MatchingSettings(TimeStampedModel):
    """How a program scores candidate pairs and whose mentors it may take. Personal data: none."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="matching_settings"
    )
    weight_requests = models.PositiveSmallIntegerField(
        "запросы наставляемого покрыты компетенциями наставника", default=45, validators=WEIGHT_VALIDATORS
    )
    weight_preferences = models.PositiveSmallIntegerField(
        "пожелания сторон", default=20, validators=WEIGHT_VALIDATORS
    )
    weight_priority = models.PositiveSmallIntegerField(
        "приоритет наставляемого (подтип)", default=15, validators=WEIGHT_VALIDATORS
    )
    weight_availability = models.PositiveSmallIntegerField(
        "совпадение удобных дней", default=10, validators=WEIGHT_VALIDATORS
    )
    weight_gap = models.PositiveSmallIntegerField(
        "разница в классе или стаже", default=10, validators=WEIGHT_VALIDATORS
    )
    mentor_organizations = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="+",
        verbose_name="наставники также из организаций",
        help_text="Партнёры и другие организации, чьи наставники могут работать в этой программе.",
    )
    history = HistoricalRecords(m2m_fields=[mentor_organizations])

    class Meta:
        verbose_name = "настройки подбора"
        verbose_name_plural = "настройки подбора"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_requests__gt=0)
                | Q(weight_preferences__gt=0)
                | Q(weight_priority__gt=0)
                | Q(weight_availability__gt=0)
                | Q(weight_gap__gt=0),
                name="matching_has_some_weight",
                violation_error_message="Хотя бы один вес должен быть больше нуля.",
            )
        ]

    def __str__(self) -> str:
        return f"Подбор: {self.program}"


class PairRuleKind(models.TextChoices):
    LOCK = "lock", "Закреплена"
    EXCLUDE = "exclude", "Исключена"


class PairRule(TimeStampedModel):
    """A pair the curator fixed (every run keeps it) or forbade (no run proposes it).

    Personal data: who must or must not mentor whom, and who decided it.
    """

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="pair_rules")
    mentee = models.ForeignKey("people.MenteeProfile", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("решение", max_length=10, choices=PairRuleKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="решил(а)"
    )

    class Meta:
        verbose_name = "решение куратора о паре"
        verbose_name_plural = "решения куратора о парах"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee", "mentor"],
                name="one_rule_per_pair",
                violation_error_message="Для этой пары уже есть решение куратора.",
            ),
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=Q(kind="lock"),
                name="one_lock_per_mentee",
                violation_error_message="Наставляемый уже закреплён за другим наставником.",
            ),
        ]


class PreferenceSide(models.TextChoices):
    MENTEE = "mentee", "Наставляемый выбрал наставника"
    MENTOR = "mentor", "Наставник выбрал наставляемого"


MENTEE_CHOICES_MAX = 3
MENTOR_CHOICES_MAX = 5


class Preference(TimeStampedModel):
    """A wish of one side, ranked (1 is the first choice). Wishes raise a pair's score; they are not
    bookings. Personal data: whom a person would like to work with.
    """

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="preferences")
    side = models.CharField("чьё пожелание", max_length=10, choices=PreferenceSide.choices)
    mentee = models.ForeignKey("people.MenteeProfile", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField("место в списке")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )

    class Meta:
        verbose_name = "пожелание"
        verbose_name_plural = "пожелания"
        ordering = ["side", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "side", "mentee", "mentor"],
                name="one_preference_per_pair_and_side",
                violation_error_message="Это пожелание уже записано.",
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1)
                & (
                    Q(side="mentee", rank__lte=MENTEE_CHOICES_MAX)
                    | Q(side="mentor", rank__lte=MENTOR_CHOICES_MAX)
                ),
                name="preference_rank_in_range",
                violation_error_message="Наставляемый называет не больше трёх наставников, наставник — "
                "не больше пяти наставляемых.",
            ),
        ]


class RunStatus(models.TextChoices):
    QUEUED = "queued", "В очереди"
    RUNNING = "running", "Идёт подбор"
    PROPOSED = "proposed", "Предложение готово"
    FAILED = "failed", "Не удалось"
    SUPERSEDED = "superseded", "Заменено новым подбором"
    DISCARDED = "discarded", "Отклонено"
    CONFIRMED = "confirmed", "Утверждено"


class UnmatchedReason(models.TextChoices):
    NO_ALLOWED_MENTOR = "no_allowed_mentor", "Нет ни одного подходящего наставника"
    ALL_MENTORS_FULL = "all_mentors_full", "Все подходящие наставники заняты"


class MatchingRun(TimeStampedModel):
    """One run of the matching engine for a program and the proposal it produced.

    Personal data: none on the run itself (the proposed pairs name people); who ran and confirmed it.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="matching_runs", verbose_name="программа"
    )
    status = models.CharField("состояние", max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="запустил(а)"
    )
    progress = models.PositiveSmallIntegerField("готово, %", default=0, validators=[MaxValueValidator(100)])
    stage = models.CharField("этап", max_length=200, blank=True)
    finished_at = models.DateTimeField("закончен", null=True, blank=True)
    seconds = models.FloatField("длительность, с", null=True, blank=True)
    weights = models.JSONField("веса", default=dict)
    mentees_count = models.PositiveIntegerField("наставляемых", default=0)
    mentors_count = models.PositiveIntegerField("наставников", default=0)
    edges_count = models.PositiveIntegerField("допустимых пар", default=0)
    matched = models.PositiveIntegerField("подобрано", default=0)
    total_score = models.DecimalField("сумма баллов", max_digits=12, decimal_places=2, default=0)
    error = models.TextField("ошибка", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="утвердил(а)",
    )
    confirmed_at = models.DateTimeField("утверждено", null=True, blank=True)
    order_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="приказ о формировании пар и групп",
    )

    class Meta:
        verbose_name = "подбор"
        verbose_name_plural = "подборы"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "status"], name="matching_run_program_idx")]

    def __str__(self) -> str:
        return f"Подбор от {self.created_at:%d.%m.%Y %H:%M} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status not in (RunStatus.QUEUED, RunStatus.RUNNING)


class ProposedPair(models.Model):
    """A mentee the run proposes for a mentor, with the score and its parts.

    Personal data: the proposed pairing and why (the parts may mention requests and class).
    """

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey("people.MenteeProfile", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("people.MentorProfile", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField("балл", max_digits=5, decimal_places=2)
    # {"requests": {"points": 30.0, "detail": "покрыто 2 из 3"}, ...}: the parts add up to the score.
    parts = models.JSONField("из чего сложился балл", default=dict)
    is_locked = models.BooleanField("закреплена куратором", default=False)

    class Meta:
        verbose_name = "предложенная пара"
        verbose_name_plural = "предложенные пары"
        ordering = ["mentor_id", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_proposal_per_mentee_in_run"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id}: {self.score}"


class UnmatchedMentee(models.Model):
    """A mentee the run could not place, and why. Personal data: that the mentee is still waiting."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey("people.MenteeProfile", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("причина", max_length=30, choices=UnmatchedReason.choices)

    class Meta:
        verbose_name = "наставляемый без пары"
        verbose_name_plural = "наставляемые без пары"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_unmatched_row_per_mentee_in_run"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id}: {self.get_reason_display()}"
