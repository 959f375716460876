"""Users and their roles in organizations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import person_name, phone_number


class User(AbstractUser):
    """An account that can log in.

    Personal data: surname, name, patronymic, e-mail and phone of the account holder, the password
    hash and the one-time-password secret (neither kept in the change history) and the moments of
    joining, last login and turning on the two-step login.
    """

    first_name = models.CharField("имя", max_length=150, validators=[person_name])
    last_name = models.CharField("фамилия", max_length=150, validators=[person_name])
    patronymic = models.CharField("отчество", max_length=150, blank=True, validators=[person_name])
    phone = models.CharField("телефон", max_length=30, blank=True, validators=[phone_number])
    # Two-step login (accounts/two_factor.py): the secret shared with the authenticator app, and when the
    # first right code turned it on (a secret without that moment is a set-up not finished).
    totp_secret = models.CharField("секрет одноразовых паролей", max_length=64, blank=True, editable=False)
    totp_enabled_at = models.DateTimeField("двухэтапный вход включён", null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login", "totp_secret"])

    REQUIRED_FIELDS = ["email", "last_name", "first_name"]

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "patronymic", "id"], name="user_name_order_idx")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    def get_short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip() or self.username


class Role(models.TextChoices):
    DEPARTMENT_ADMIN = "department_admin", "Администратор управления образования"
    METHODOLOGIST = "methodologist", "Методист (ИМГ)"
    HEAD = "head", "Руководитель организации"
    CURATOR = "curator", "Куратор внедрения ЦМН"
    MENTOR = "mentor", "Наставник"
    MENTEE = "mentee", "Наставляемый"
    PARTNER_REPRESENTATIVE = "partner_representative", "Представитель партнёра"


class Membership(TimeStampedModel):
    """A user's role in one organization; one user may hold several.

    Personal data: links a person to an organization and a role (for example, that a child is a
    mentee of a given school), with the dates the role began and ended.
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name="пользователь"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name="организация",
    )
    role = models.CharField("роль", max_length=30, choices=Role.choices)
    is_active = models.BooleanField("действует", default=True)
    started_on = models.DateField("с")
    ended_on = models.DateField("по", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "роль в организации"
        verbose_name_plural = "роли в организациях"
        ordering = ["organization__short_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(is_active=True),
                name="one_active_membership_per_role",
                violation_error_message="У пользователя уже есть эта роль в этой организации.",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, ended_on__isnull=True)
                | Q(is_active=False, ended_on__isnull=False),
                name="ended_membership_has_end_date",
            ),
        ]
        indexes = [models.Index(fields=["organization", "role", "is_active"], name="membership_org_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organization})"
