"""The registry of official documents; for now its reference data: the kinds of documents."""

from django.db import models
from django.db.models import Q

from mentoring.common.validators import plain_text


class DocumentKind(models.Model):
    """A kind of document an organization holds (приказ, положение, соглашение, справка...).

    Personal data: none. System defaults have no municipality; a department adds its own kinds.
    """

    name = models.CharField("вид документа", max_length=200, validators=[plain_text])
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_kinds",
        verbose_name="муниципалитет",
    )
    position = models.PositiveSmallIntegerField("порядок", default=100)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "вид документа"
        verbose_name_plural = "виды документов"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(municipality__isnull=True),
                name="unique_default_document_kind",
                violation_error_message="Такой вид документа уже есть в общем списке.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="unique_document_kind_in_municipality",
                violation_error_message="Такой вид документа уже есть в списке муниципалитета.",
            ),
        ]

    def __str__(self) -> str:
        return self.name
