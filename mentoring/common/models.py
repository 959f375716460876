"""Abstract bases shared by every app. They hold no personal data of their own."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds creation and last-change moments. No personal data."""

    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        abstract = True
