"""External ids of programs and mentorships in the regional Navigator (a person's lives in
Person.external_id)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mentoring.common.validators import plain_text


class ExternalKind(models.TextChoices):
    PROGRAM = "program", "Программа"
    MENTORSHIP = "mentorship", "Пара или группа"


class ExternalId(models.Model):
    """The Navigator's id of one program or one mentorship. No personal data (an id only)."""

    municipality = models.ForeignKey(
        "organizations.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name="муниципалитет"
    )
    kind = models.CharField("что", max_length=12, choices=ExternalKind.choices)
    program = models.OneToOneField(
        "programs.Program",
        # The region's Navigator still holds the program: deleting it here would silently break the
        # exchange (the next import would bring it back as a new one), so it is archived instead.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="navigator_id",
        verbose_name="программа",
    )
    mentorship = models.OneToOneField(
        "mentorships.Mentorship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="navigator_id",
        verbose_name="пара или группа",
    )
    external_id = models.CharField("идентификатор в Навигаторе", max_length=64, validators=[plain_text])
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "идентификатор в Навигаторе"
        verbose_name_plural = "идентификаторы в Навигаторе"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="program", program__isnull=False, mentorship__isnull=True))
                | Q(kind="mentorship", mentorship__isnull=False, program__isnull=True),
                name="external_id_points_to_one_object",
            ),
            models.UniqueConstraint(
                fields=["municipality", "kind", "external_id"],
                name="unique_navigator_id_in_municipality",
                violation_error_message="Такой идентификатор Навигатора уже есть в муниципалитете.",
            ),
        ]

    def __str__(self) -> str:
        return self.external_id
