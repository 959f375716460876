"""Questionnaires of the monitoring (roadmap 5.2–5.4, Appendix 2 of the methodological recommendations).

Stage 1 asks mentors, mentees and the curator about the quality of the process; stage 2 asks every
participant the same measures on entry and on exit, so that the change (after − before) can be shown
per measure, pair, program, form, organization and municipality. A round sends one questionnaire to the
participants of one program; a pulse schedule makes short rounds go out by themselves.

Questionnaires are editable data at three levels, like the catalogue of support areas: shipped system
defaults (no municipality), a municipality's own (made by the department, often a copy of a default) and
an organization's own (made by its head or curator). The most specific active one is offered first.
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

SCALE_MIN = 1
SCALE_MAX = 10


class Purpose(models.TextChoices):
    PROCESS = "process", "Этап 1: качество процесса"
    ENTRY = "entry", "Этап 2: входная анкета"
    EXIT = "exit", "Этап 2: итоговая анкета"
    PULSE = "pulse", "Короткий опрос"


class Audience(models.TextChoices):
    MENTOR = "mentor", "Наставники"
    MENTEE = "mentee", "Наставляемые"
    CURATOR = "curator", "Куратор"


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Шкала 1–10"
    SINGLE = "single", "Один вариант"
    MULTIPLE = "multiple", "Несколько вариантов"
    TEXT = "text", "Свободный ответ"


class MeasureGroup(models.TextChoices):
    MOTIVATIONAL = "motivational", "Мотивационно-личностный рост"
    COMPETENCY = "competency", "Компетентностный рост"
    PROFESSIONAL = "professional", "Профессиональный рост"


class Questionnaire(TimeStampedModel):
    """A questionnaire: its purpose, audience, form and owner. No personal data (the author is a user
    account kept in the change history only)."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name="муниципалитет",
        help_text="Пусто — анкета по умолчанию, поставляемая с системой.",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name="организация",
    )
    # The shipped defaults are found by code when the data migration or a reset looks for them.
    code = models.CharField("код", max_length=60, blank=True, validators=[code_validator])
    title = models.CharField("название", max_length=300, validators=[plain_text])
    description = models.TextField(
        "пояснение для участников", max_length=3000, blank=True, validators=[free_text]
    )
    purpose = models.CharField("назначение", max_length=10, choices=Purpose.choices)
    audience = models.CharField("кого опрашиваем", max_length=10, choices=Audience.choices)
    form = models.ForeignKey(
        "programs.MentoringForm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name="форма наставничества",
        help_text="Пусто — для любой формы.",
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name="копия анкеты",
    )
    is_active = models.BooleanField("используется", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["purpose", "audience", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(municipality__isnull=False),
                name="questionnaire_of_organization_names_municipality",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(municipality__isnull=True) & ~Q(code=""),
                name="one_default_questionnaire_per_code",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_default(self) -> bool:
        return self.municipality_id is None


class Question(models.Model):
    """One item of a questionnaire. No personal data."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name="анкета"
    )
    position = models.PositiveSmallIntegerField("№", default=1)
    text = models.CharField("вопрос", max_length=500, validators=[plain_text])
    kind = models.CharField("вид ответа", max_length=10, choices=QuestionKind.choices)
    is_required = models.BooleanField("обязательный", default=True)
    # Choices of single/multiple items, in order; an answer stores the chosen texts.
    options = models.JSONField("варианты ответа", default=list, blank=True)
    # Stage 2 measures: an entry and an exit item with the same code are compared (after − before).
    measure_group = models.CharField(
        "группа показателей роста", max_length=15, choices=MeasureGroup.choices, blank=True
    )
    measure_code = models.CharField(
        "код показателя роста", max_length=60, blank=True, validators=[code_validator]
    )
    # Scale items that say how satisfied a participant is; their mean feeds target indicators 5 and 6.
    counts_for_satisfaction = models.BooleanField("входит в удовлетворённость", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "вопрос анкеты"
        verbose_name_plural = "вопросы анкеты"
        ordering = ["questionnaire", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="scale") | (Q(measure_code="") & Q(counts_for_satisfaction=False)),
                name="measures_and_satisfaction_are_scale_items",
            ),
            models.CheckConstraint(
                condition=Q(measure_code="", measure_group="") | (~Q(measure_code="") & ~Q(measure_group="")),
                name="measure_has_code_and_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class RoundKind(models.TextChoices):
    MANUAL = "manual", "Опрос куратора"
    PULSE = "pulse", "Короткий опрос по расписанию"


class SurveyRound(TimeStampedModel):
    """One sending of a questionnaire to the participants of a program (or of one mentorship, for a
    pulse). No personal data of its own; the invitations name the people."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="survey_rounds", verbose_name="программа"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="rounds", verbose_name="анкета"
    )
    kind = models.CharField("вид", max_length=10, choices=RoundKind.choices, default=RoundKind.MANUAL)
    mentorship = models.ForeignKey(
        "mentorships.Mentorship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_rounds",
        verbose_name="пара или группа",
    )
    # For a pulse: which step of the schedule this round is (0 = first, after `first_after_days`).
    pulse_step = models.PositiveSmallIntegerField("шаг расписания", null=True, blank=True)
    opens_on = models.DateField("открыт с")
    closes_on = models.DateField("открыт по")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="создал(а)",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "опрос"
        verbose_name_plural = "опросы"
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_it_opens"
            ),
            models.UniqueConstraint(
                fields=["mentorship", "questionnaire", "pulse_step"],
                condition=Q(kind="pulse"),
                name="one_pulse_round_per_mentorship_and_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.opens_on:%d.%m.%Y})"


class SurveyInvitation(models.Model):
    """That a person is asked to answer a round, and how they were told.

    Personal data: that the person takes part in the program in the given role; the e-mail is not
    copied here.
    """

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="invitations", verbose_name="опрос"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="survey_invitations", verbose_name="участник"
    )
    role = models.CharField("роль", max_length=10, choices=Audience.choices)
    mentorship = models.ForeignKey(
        "mentorships.Mentorship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="пара или группа",
    )
    notified_at = models.DateTimeField("уведомлён(а)", auto_now_add=True)
    emailed = models.BooleanField("отправлено письмо", default=False)

    class Meta:
        verbose_name = "приглашение в опрос"
        verbose_name_plural = "приглашения в опрос"
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_invitation_per_round_and_person")
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.person_id}"


class SurveyResponse(TimeStampedModel):
    """A participant's submitted answers to one round.

    Personal data: the participant's opinions and self-assessment (for a child: how they feel about
    school and their mentor), who entered a paper form on their behalf.
    """

    round = models.ForeignKey(
        SurveyRound, on_delete=models.PROTECT, related_name="responses", verbose_name="опрос"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="survey_responses", verbose_name="участник"
    )
    role = models.CharField("роль", max_length=10, choices=Audience.choices)
    mentorship = models.ForeignKey(
        "mentorships.Mentorship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name="пара или группа",
    )
    submitted_at = models.DateTimeField("ответ получен")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    entered_by_staff = models.BooleanField("внесено куратором с бумажной анкеты", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="one_response_per_round_and_person",
                violation_error_message="Этот участник уже ответил на анкету.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.person_id}"


class Answer(models.Model):
    """The answer to one item. Personal data: the participant's opinion (see SurveyResponse)."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name="ответ"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name="вопрос"
    )
    number = models.PositiveSmallIntegerField(
        "оценка",
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    # The chosen option texts (one for a single choice); kept as texts so that a later edit of the
    # options does not change what was answered.
    choices = models.JSONField("выбранные варианты", default=list, blank=True)
    text = models.TextField("ответ", max_length=3000, blank=True, validators=[free_text])

    class Meta:
        verbose_name = "ответ на вопрос"
        verbose_name_plural = "ответы на вопросы"
        ordering = ["response", "question__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=SCALE_MIN, number__lte=SCALE_MAX),
                name="answer_number_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return str(self.question)


class PulseSchedule(TimeStampedModel):
    """Short questionnaires that go out by themselves to every mentorship of a program: the first
    `first_after_days` after the mentorship starts, then every `every_days` while it works. No personal
    data."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="pulse_schedule", verbose_name="программа"
    )
    mentee_questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="анкета наставляемых",
    )
    mentor_questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="анкета наставника",
    )
    first_after_days = models.PositiveSmallIntegerField(
        "первый опрос через, дней", default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    every_days = models.PositiveSmallIntegerField(
        "затем каждые, дней", default=60, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    answer_within_days = models.PositiveSmallIntegerField(
        "на ответ, дней", default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    is_active = models.BooleanField("включено", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "расписание коротких опросов"
        verbose_name_plural = "расписания коротких опросов"
        constraints = [
            models.CheckConstraint(
                condition=Q(mentee_questionnaire__isnull=False) | Q(mentor_questionnaire__isnull=False),
                name="pulse_schedule_names_a_questionnaire",
            )
        ]

    def __str__(self) -> str:
        return f"Короткие опросы: {self.program}"


class SwotAnalysis(TimeStampedModel):
    """The curator's SWOT analysis of a program for a period (stage 1 of the monitoring). No personal
    data about participants is expected; the texts are free and may be read by the department."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="swot_analyses", verbose_name="программа"
    )
    period_start = models.DateField("период с")
    period_end = models.DateField("период по")
    strengths = models.TextField("сильные стороны", max_length=5000, validators=[free_text])
    weaknesses = models.TextField("слабые стороны", max_length=5000, validators=[free_text])
    opportunities = models.TextField("возможности", max_length=5000, validators=[free_text])
    threats = models.TextField("угрозы", max_length=5000, validators=[free_text])
    conclusions = models.TextField("выводы и решения", max_length=5000, blank=True, validators=[free_text])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="составил(а)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "SWOT-анализ программы"
        verbose_name_plural = "SWOT-анализ программ"
        ordering = ["program", "-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="swot_period_ends_after_it_starts"
            ),
            models.UniqueConstraint(
                fields=["program", "period_start", "period_end"],
                name="one_swot_per_program_and_period",
                violation_error_message="SWOT-анализ этой программы за этот период уже составлен.",
            ),
        ]

    def __str__(self) -> str:
        return f"SWOT: {self.program} ({self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y})"
