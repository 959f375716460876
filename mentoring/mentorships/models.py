"""Mentorships: a mentor with one mentee (a pair) or several (a group) inside a program.

The two rules that must hold under concurrent requests live in the database, not only in forms:
a mentee has at most one active mentorship per program (a partial unique constraint on
MentorshipMentee), and a mentor never has more active mentees than their capacity (the counter
MentorProfile.active_mentees with a check constraint, changed only together with the rows it counts).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import plain_text
from mentoring.library.models import http_or_https
from mentoring.library.validators import free_text


class MentorshipStatus(models.TextChoices):
    FORMED = "formed", "Сформирована"
    ACTIVE = "active", "Работает"
    COMPLETED = "completed", "Завершена"
    ENDED_EARLY = "ended_early", "Прекращена досрочно"


# A mentorship in one of these statuses holds its mentor's places and its mentees' program slot.
OPEN_STATUSES = (MentorshipStatus.FORMED, MentorshipStatus.ACTIVE)


class Mentorship(TimeStampedModel):
    """A pair or a group: one mentor and the mentees working with them in a program.

    Personal data: who mentors whom (it may reveal that a child needs support), the dates, the reason
    an early end was asked for, and the order that formed it.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="mentorships", verbose_name="программа"
    )
    # The program's organization, kept on the row so that lists and access checks need no join.
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="mentorships",
        verbose_name="организация",
    )
    mentor = models.ForeignKey(
        "people.MentorProfile", on_delete=models.PROTECT, related_name="mentorships", verbose_name="наставник"
    )
    status = models.CharField(
        "статус", max_length=20, choices=MentorshipStatus.choices, default=MentorshipStatus.FORMED
    )
    started_on = models.DateField("начало работы")
    planned_end_on = models.DateField("плановое завершение")
    ended_on = models.DateField("завершена", null=True, blank=True)
    end_reason = models.CharField(
        "причина досрочного прекращения", max_length=500, blank=True, validators=[plain_text]
    )
    order_number = models.CharField("номер приказа", max_length=50, blank=True, validators=[plain_text])
    order_date = models.DateField("дата приказа", null=True, blank=True)
    order_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formed_mentorships",
        verbose_name="приказ о формировании",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="сформировал(а)",
    )
    # Completion (roadmap 4.6).
    results = models.TextField("результаты", max_length=5000, blank=True, validators=[free_text])
    continues_next_cycle = models.BooleanField("продолжит работу в следующем цикле", default=False)
    closing_event = models.ForeignKey(
        "ClosingEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentorships",
        verbose_name="итоговое мероприятие",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "наставническая пара или группа"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=F("started_on")),
                name="mentorship_ends_after_it_starts",
                violation_error_message="Плановое завершение не может быть раньше начала работы.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES, ended_on__isnull=True)
                | (~Q(status__in=OPEN_STATUSES) & Q(ended_on__isnull=False)),
                name="closed_mentorship_has_end_date",
                violation_error_message="У завершённой пары или группы должна быть дата завершения.",
            ),
            models.CheckConstraint(
                condition=~Q(status=MentorshipStatus.ENDED_EARLY) | ~Q(end_reason=""),
                name="early_end_has_reason",
                violation_error_message="Укажите причину досрочного прекращения.",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="mentorship_org_status_idx"),
            models.Index(fields=["program", "status"], name="mentorship_program_status_idx"),
            models.Index(fields=["mentor", "status"], name="mentorship_mentor_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.mentor.person}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def current_places(self) -> list[MentorshipMentee]:
        """The places to show: the active ones of an open pair or group, every place of a closed one
        (uses prefetched participants when there are)."""
        places = list(self.participants.all())
        return [place for place in places if place.is_active] if self.is_open else places

    @property
    def kind_label(self) -> str:
        mentees = getattr(self, "active_participants", None)
        count = len(mentees) if mentees is not None else len(self.current_places)
        return "Группа" if count > 1 else "Пара"


class MentorshipMentee(models.Model):
    """A mentee's place in a mentorship, from joining to leaving.

    Personal data: which mentee is in which pair or group, and when they joined and left.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.PROTECT, related_name="participants", verbose_name="пара или группа"
    )
    mentee = models.ForeignKey(
        "people.MenteeProfile",
        on_delete=models.PROTECT,
        related_name="mentorship_places",
        verbose_name="наставляемый",
    )
    # The mentorship's program, repeated here so that the database can keep one active place per program.
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="+", verbose_name="программа"
    )
    joined_on = models.DateField("в паре или группе с")
    left_on = models.DateField("вышел(а)", null=True, blank=True)
    is_active = models.BooleanField("участвует", default=True)
    leave_reason = models.CharField("причина выхода", max_length=500, blank=True, validators=[free_text])
    offered_mentor_base = models.BooleanField("приглашён(а) в базу наставников", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "участие наставляемого"
        verbose_name_plural = "участие наставляемых"
        ordering = ["mentorship", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "program"],
                condition=Q(is_active=True),
                name="one_active_mentorship_per_program",
                violation_error_message="Наставляемый уже состоит в паре или группе этой программы.",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, left_on__isnull=True) | Q(is_active=False, left_on__isnull=False),
                name="inactive_place_has_leaving_date",
                violation_error_message="У вышедшего из пары или группы должна быть дата выхода.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee.person} в {self.mentorship}"


# --- what happened after forming: leaving, replacement ------------------------------------------


class ReplacementSide(models.TextChoices):
    MENTOR = "mentor", "Наставник"
    MENTEE = "mentee", "Наставляемый (или его законный представитель)"


class MentorReplacement(TimeStampedModel):
    """A change of the mentor of a pair or group, asked for by one of the sides (a local rule of the
    target model). The places of the mentees move from the old mentor to the new one.

    Personal data: who mentored whom before and after, which side asked, the reason and who recorded it.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.PROTECT, related_name="replacements", verbose_name="пара или группа"
    )
    old_mentor = models.ForeignKey(
        "people.MentorProfile", on_delete=models.PROTECT, related_name="+", verbose_name="прежний наставник"
    )
    new_mentor = models.ForeignKey(
        "people.MentorProfile", on_delete=models.PROTECT, related_name="+", verbose_name="новый наставник"
    )
    requested_by = models.CharField("по просьбе", max_length=10, choices=ReplacementSide.choices)
    reason = models.TextField("причина", max_length=2000, validators=[free_text])
    replaced_on = models.DateField("дата замены")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "замена наставника"
        verbose_name_plural = "замены наставников"
        ordering = ["mentorship", "replaced_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_mentor=F("new_mentor")),
                name="replacement_changes_the_mentor",
                violation_error_message="Новый наставник должен отличаться от прежнего.",
            )
        ]

    def __str__(self) -> str:
        return f"Замена наставника {self.replaced_on:%d.%m.%Y}"


# --- the plan of a pair or group ------------------------------------------------------------------


class PlanItemKind(models.TextChoices):
    GOAL = "goal", "Цель"
    TASK = "task", "Задача"


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", "Запланировано"
    IN_PROGRESS = "in_progress", "В работе"
    DONE = "done", "Выполнено"
    CANCELLED = "cancelled", "Отменено"


OPEN_PLAN_STATUSES = (PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS)


class PlanAssignee(models.TextChoices):
    TOGETHER = "together", "Вместе"
    MENTOR = "mentor", "Наставник"
    MENTEES = "mentees", "Наставляемые"


class PlanItem(TimeStampedModel):
    """A goal or a task of a pair's or group's plan, with its due date and status.

    Personal data: what a mentee works on (it may describe a child's difficulties) and who wrote it.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.PROTECT, related_name="plan_items", verbose_name="пара или группа"
    )
    kind = models.CharField("вид", max_length=10, choices=PlanItemKind.choices, default=PlanItemKind.TASK)
    goal = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="к цели",
    )
    title = models.CharField("формулировка", max_length=300, validators=[plain_text])
    description = models.TextField("подробности", max_length=2000, blank=True, validators=[free_text])
    due_on = models.DateField("срок", null=True, blank=True)
    status = models.CharField(
        "статус", max_length=20, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    assignee = models.CharField(
        "кто выполняет", max_length=10, choices=PlanAssignee.choices, default=PlanAssignee.TOGETHER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="добавил(а)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "пункт плана"
        verbose_name_plural = "план пары или группы"
        ordering = ["mentorship", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="task") | Q(goal__isnull=True),
                name="goal_is_not_nested",
                violation_error_message="Цель не может относиться к другой цели.",
            )
        ]
        indexes = [models.Index(fields=["mentorship", "status"], name="plan_item_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLAN_STATUSES


# --- meetings and feedback ----------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    INTRO = "intro", "Встреча-знакомство"
    TRIAL = "trial", "Пробная встреча"
    PLANNING = "planning", "Встреча-планирование"
    WORK = "work", "Совместная работа"
    FINAL = "final", "Итоговая встреча"


# Meetings that happen once in a pair's life, in this order; working meetings repeat between the
# planning meeting and the final one (DOMAIN.md, stage 6).
SINGLE_MEETINGS = (MeetingKind.INTRO, MeetingKind.TRIAL, MeetingKind.PLANNING, MeetingKind.FINAL)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Запланирована"
    HELD = "held", "Состоялась"
    CANCELLED = "cancelled", "Отменена"


class Meeting(TimeStampedModel):
    """A meeting of a pair or group: planned, held (with attendance) or cancelled.

    Personal data: when and where the participants met, the topic and the notes (they may describe a
    child's difficulties), who recorded the meeting and whether a curator entered it from paper.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.PROTECT, related_name="meetings", verbose_name="пара или группа"
    )
    # The mentor who led the meeting: after a replacement old meetings keep their mentor, whose
    # feedback they still expect.
    mentor = models.ForeignKey(
        "people.MentorProfile", on_delete=models.PROTECT, related_name="+", verbose_name="наставник"
    )
    kind = models.CharField("встреча", max_length=10, choices=MeetingKind.choices)
    status = models.CharField(
        "состояние", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    starts_at = models.DateTimeField("дата и время")
    duration_minutes = models.PositiveSmallIntegerField(
        "продолжительность, мин", default=45, validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    is_online = models.BooleanField("онлайн", default=False)
    place = models.CharField("место", max_length=300, blank=True, validators=[plain_text])
    link = models.URLField("ссылка на онлайн-встречу", max_length=500, blank=True, validators=[http_or_https])
    topic = models.CharField("тема", max_length=300, blank=True, validators=[plain_text])
    notes = models.TextField("заметки", max_length=3000, blank=True, validators=[free_text])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    entered_by_staff = models.BooleanField("внесена куратором за участников", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "встреча"
        verbose_name_plural = "встречи"
        ordering = ["mentorship", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind"],
                condition=Q(kind__in=SINGLE_MEETINGS) & ~Q(status="cancelled"),
                name="one_meeting_of_each_single_kind",
                violation_error_message="Такая встреча у пары или группы уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=10, duration_minutes__lte=480),
                name="meeting_duration_in_range",
                violation_error_message="Продолжительность встречи — от 10 минут до 8 часов.",
            ),
        ]
        indexes = [
            models.Index(fields=["mentorship", "status", "starts_at"], name="meeting_sequence_idx"),
            models.Index(fields=["status", "starts_at"], name="meeting_status_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class MeetingAttendance(models.Model):
    """Whether a mentee came to a held meeting. Personal data: a child's presence at a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name="встреча"
    )
    mentee = models.ForeignKey(
        "people.MenteeProfile", on_delete=models.PROTECT, related_name="+", verbose_name="наставляемый"
    )
    attended = models.BooleanField("присутствовал(а)", default=True)

    class Meta:
        verbose_name = "посещение встречи"
        verbose_name_plural = "посещение встреч"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "mentee"],
                name="one_attendance_mark_per_mentee",
                violation_error_message="Посещение этого наставляемого уже отмечено.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id}: {'был(а)' if self.attended else 'не был(а)'}"


class FeedbackRole(models.TextChoices):
    MENTOR = "mentor", "Наставник"
    MENTEE = "mentee", "Наставляемый"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


class Feedback(TimeStampedModel):
    """The feedback of one participant on one held meeting: ratings 1–10 and a comment.

    Personal data: a participant's opinion of the meeting (and so of the other side), who entered it
    and whether a curator entered it from a paper form.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="feedback", verbose_name="встреча"
    )
    author = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="участник"
    )
    role = models.CharField("роль", max_length=10, choices=FeedbackRole.choices)
    usefulness = models.PositiveSmallIntegerField("польза встречи", validators=RATING_VALIDATORS)
    comfort = models.PositiveSmallIntegerField("комфорт общения", validators=RATING_VALIDATORS)
    clarity = models.PositiveSmallIntegerField("ясность следующих шагов", validators=RATING_VALIDATORS)
    comment = models.TextField("комментарий", max_length=2000, blank=True, validators=[free_text])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    entered_by_staff = models.BooleanField("внесена куратором с бумажной анкеты", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "обратная связь"
        verbose_name_plural = "обратная связь"
        ordering = ["meeting", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"],
                name="one_feedback_per_participant_and_meeting",
                violation_error_message="Обратная связь этого участника о встрече уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=10)
                & Q(comfort__gte=1, comfort__lte=10)
                & Q(clarity__gte=1, clarity__lte=10),
                name="feedback_ratings_from_1_to_10",
                violation_error_message="Оценки ставятся от 1 до 10.",
            ),
        ]

    def __str__(self) -> str:
        return f"Обратная связь о встрече {self.meeting_id}"

    @property
    def average(self) -> float:
        return round((self.usefulness + self.comfort + self.clarity) / 3, 1)


class FeedbackReminder(models.Model):
    """That a participant was reminded (in the app and, with an address, by e-mail) to give feedback
    on a meeting; one reminder per participant and meeting. Personal data: who owed feedback when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField("напомнено", auto_now_add=True)
    emailed = models.BooleanField("отправлено письмо", default=False)

    class Meta:
        verbose_name = "напоминание об обратной связи"
        verbose_name_plural = "напоминания об обратной связи"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_reminder_per_meeting_and_person")
        ]

    def __str__(self) -> str:
        return f"Напоминание {self.sent_at:%d.%m.%Y}"


class WorkSettings(models.Model):
    """An organization's rules for the work of its pairs: when to remind about feedback and when a
    pair counts as stalled. Personal data: none."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="mentorship_settings"
    )
    feedback_reminder_days = models.PositiveSmallIntegerField(
        "напоминать об обратной связи через, дней",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    quiet_days = models.PositiveSmallIntegerField(
        "пара без встреч дольше, дней",
        default=21,
        validators=[MinValueValidator(3), MaxValueValidator(180)],
        help_text="Такие пары и группы куратор видит в обзоре.",
    )

    class Meta:
        verbose_name = "настройки работы пар"
        verbose_name_plural = "настройки работы пар"

    def __str__(self) -> str:
        return f"Настройки работы пар: {self.organization_id}"


DEFAULT_FEEDBACK_REMINDER_DAYS = 2
DEFAULT_QUIET_DAYS = 21


# --- concerns -----------------------------------------------------------------------------------


class ConcernKind(models.TextChoices):
    CONFLICT = "conflict", "Конфликт"
    SAFETY = "safety", "Безопасность"
    OTHER = "other", "Другое"


class Concern(TimeStampedModel):
    """A participant's signal that something is wrong in a pair or group (a conflict, safety). Only the
    organization's curator and head read it; it stays open until one of them resolves it.

    Personal data: who raised it and what they wrote (it may concern a child's safety), the resolution.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.PROTECT, related_name="concerns", verbose_name="пара или группа"
    )
    kind = models.CharField("о чём", max_length=10, choices=ConcernKind.choices)
    text = models.TextField("что случилось", max_length=3000, validators=[free_text])
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="сообщил(а)"
    )
    is_resolved = models.BooleanField("решено", default=False)
    resolved_at = models.DateTimeField("решено", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="решил(а)",
    )
    resolution = models.TextField("как решено", max_length=3000, blank=True, validators=[free_text])
    history = HistoricalRecords()

    class Meta:
        verbose_name = "сигнал о проблеме"
        verbose_name_plural = "сигналы о проблемах"
        ordering = ["is_resolved", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_resolved=False, resolved_at__isnull=True, resolved_by__isnull=True)
                | (
                    Q(is_resolved=True, resolved_at__isnull=False, resolved_by__isnull=False)
                    & ~Q(resolution="")
                ),
                name="resolved_concern_says_how",
                violation_error_message="Опишите, как решена проблема.",
            )
        ]
        indexes = [models.Index(fields=["mentorship", "is_resolved"], name="concern_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d.%m.%Y})"


# --- completion (roadmap 4.6) -------------------------------------------------------------------


def closing_photo_upload_to(instance: ClosingEvent, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"mentorships/closing/{instance.program.organization_id}/{uuid.uuid4().hex}.{extension}"


class ClosingEvent(TimeStampedModel):
    """The open public event that closes a program's cycle (a festival, a presentation of projects).

    Personal data: a photo may show participants (publish only those whose consent allows it); who
    added it.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="closing_events", verbose_name="программа"
    )
    title = models.CharField("мероприятие", max_length=300, validators=[plain_text])
    held_on = models.DateField("дата")
    link = models.URLField("ссылка (публикация)", max_length=500, blank=True, validators=[http_or_https])
    photo = models.FileField("фото", upload_to=closing_photo_upload_to, blank=True, max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="добавил(а)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "итоговое открытое мероприятие"
        verbose_name_plural = "итоговые открытые мероприятия"
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"


class ReflectionKind(models.TextChoices):
    PERSONAL = "personal", "Личная рефлексия"
    GROUP = "group", "Групповая рефлексия"


class Reflection(TimeStampedModel):
    """A participant's own look back after the final meeting, or the pair's or group's common one.

    Personal data: what a participant achieved and found hard (it may describe a child's
    difficulties), whether a mentee would like to become a mentor, who entered it.
    """

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.PROTECT, related_name="reflections", verbose_name="пара или группа"
    )
    kind = models.CharField("вид", max_length=10, choices=ReflectionKind.choices)
    author = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="участник",
    )
    achievements = models.TextField("что получилось", max_length=3000, validators=[free_text])
    difficulties = models.TextField("что было трудно", max_length=3000, blank=True, validators=[free_text])
    next_steps = models.TextField("что дальше", max_length=3000, blank=True, validators=[free_text])
    wants_to_mentor = models.BooleanField("хочу сам(а) стать наставником", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    entered_by_staff = models.BooleanField("внесена куратором", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "рефлексия"
        verbose_name_plural = "рефлексия"
        ordering = ["mentorship", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="personal", author__isnull=False) | Q(kind="group", author__isnull=True),
                name="personal_reflection_has_an_author",
            ),
            models.UniqueConstraint(
                fields=["mentorship", "author"],
                condition=Q(kind="personal"),
                name="one_personal_reflection_per_participant",
                violation_error_message="Рефлексия этого участника уже записана.",
            ),
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(kind="group"),
                name="one_group_reflection",
                violation_error_message="Групповая рефлексия уже записана.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


# --- communities of mentors (roadmap 4.5) -------------------------------------------------------


class Community(TimeStampedModel):
    """A professional community of mentors: municipal (no organization) or of one organization.

    Personal data: none of its own (its members are listed in CommunityMember); who created it.
    """

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="mentor_communities",
        verbose_name="муниципалитет",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor_communities",
        verbose_name="организация",
        help_text="Пусто — муниципальное сообщество.",
    )
    title = models.CharField("название", max_length=300, validators=[plain_text])
    description = models.TextField("о сообществе", max_length=3000, blank=True, validators=[free_text])
    is_active = models.BooleanField("действует", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="создал(а)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "сообщество наставников"
        verbose_name_plural = "сообщества наставников"
        ordering = ["-is_active", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organization", "title"],
                name="unique_community_title",
                violation_error_message="Сообщество с таким названием уже есть.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "title"],
                condition=Q(organization__isnull=True),
                name="unique_municipal_community_title",
                violation_error_message="Муниципальное сообщество с таким названием уже есть.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_municipal(self) -> bool:
        return self.organization_id is None


class CommunityRole(models.TextChoices):
    LEADER = "leader", "Руководитель"
    MEMBER = "member", "Участник"


class CommunityMember(TimeStampedModel):
    """A person's membership in a community of mentors. Personal data: that the person is a member,
    their role and the date they joined."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="community_memberships",
        verbose_name="участник",
    )
    role = models.CharField(
        "роль", max_length=10, choices=CommunityRole.choices, default=CommunityRole.MEMBER
    )
    joined_on = models.DateField("в сообществе с")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "участник сообщества"
        verbose_name_plural = "участники сообществ"
        ordering = ["community", "role", "person__last_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                name="one_membership_per_community",
                violation_error_message="Этот участник уже состоит в сообществе.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} в {self.community}"


class CommunityEvent(TimeStampedModel):
    """An event of a community (a seminar, a master class, a meeting). Personal data: who added it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="events")
    title = models.CharField("мероприятие", max_length=300, validators=[plain_text])
    starts_at = models.DateTimeField("дата и время")
    place = models.CharField("место", max_length=300, blank=True, validators=[plain_text])
    link = models.URLField("ссылка", max_length=500, blank=True, validators=[http_or_https])
    description = models.TextField("описание", max_length=3000, blank=True, validators=[free_text])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="добавил(а)"
    )

    class Meta:
        verbose_name = "мероприятие сообщества"
        verbose_name_plural = "мероприятия сообществ"
        ordering = ["community", "-starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class CommunityMaterial(TimeStampedModel):
    """A material shared in a community: a material of the methodological library or a link.
    Personal data: who shared it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("название", max_length=300, validators=[plain_text])
    library_material = models.ForeignKey(
        "library.Material",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="материал библиотеки",
    )
    link = models.URLField("ссылка", max_length=500, blank=True, validators=[http_or_https])
    description = models.TextField("описание", max_length=2000, blank=True, validators=[free_text])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="поделился(лась)"
    )

    class Meta:
        verbose_name = "материал сообщества"
        verbose_name_plural = "материалы сообществ"
        ordering = ["community", "-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(library_material__isnull=False) & Q(link=""))
                | (Q(library_material__isnull=True) & ~Q(link="")),
                name="community_material_is_library_or_link",
                violation_error_message="Выберите материал библиотеки или укажите ссылку — что-то одно.",
            )
        ]

    def __str__(self) -> str:
        return self.title
