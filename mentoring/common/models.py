"""Abstract bases shared by every app. They hold no personal data of their own."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds creation and last-change moments. No personal data."""

    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        abstract = True


class AccessAction(models.TextChoices):
    VIEW = "view", "просмотр"
    EXPORT = "export", "выгрузка"
    DOWNLOAD = "download", "скачивание файла"
    CREATE = "create", "создание"
    CHANGE = "change", "изменение"
    IMPORT = "import", "импорт"
    ARCHIVE = "archive", "перенос в архив"
    ANONYMISE = "anonymise", "обезличивание"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("Журнал доступа к персональным данным нельзя изменять.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Журнал доступа к персональным данным нельзя изменять.")


class PersonalDataAccess(models.Model):
    """One event of the personal-data access log (152-FZ): who read, exported or changed whose data,
    when and from which address.

    Personal data: the acting user and their IP address. The event never copies the data it is about;
    it names the record by type and id only.
    """

    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="personal_data_accesses", verbose_name="кто"
    )
    ip_address = models.GenericIPAddressField("с адреса", null=True, blank=True)
    action = models.CharField("действие", max_length=20, choices=AccessAction.choices)
    object_type = models.CharField("что", max_length=50)
    object_id = models.PositiveBigIntegerField("номер записи", null=True, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="чьи данные",
    )
    municipality = models.ForeignKey(
        "organizations.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="муниципалитет"
    )
    details = models.CharField("подробности", max_length=300, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "событие доступа к персональным данным"
        verbose_name_plural = "журнал доступа к персональным данным"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["municipality", "-at"], name="access_log_municipality_idx")]

    def __str__(self) -> str:
        return (
            f"{self.at:%d.%m.%Y %H:%M} {self.get_action_display()} {self.object_type} {self.object_id or ''}"
        )

    def save(self, *args: object, **kwargs: object) -> None:
        # Append-only: an existing event is never rewritten.
        if not self._state.adding:
            raise PermissionError("Журнал доступа к персональным данным нельзя изменять.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Журнал доступа к персональным данным нельзя изменять.")
