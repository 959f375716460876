"""Personal API tokens: a script or another system acts through the API as the user who made the token."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """One personal API token. Only a SHA-256 hash of the secret is stored; the token itself is shown
    once, when it is made.

    Personal data: whose token it is, the name the user gave it, when it was made, last used and
    revoked.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="владелец"
    )
    name = models.CharField("назначение", max_length=100)
    # The first characters of the token, shown in the list so that the user can tell tokens apart.
    prefix = models.CharField("начало токена", max_length=12)
    secret_hash = models.CharField("хеш токена", max_length=64, unique=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    last_used_at = models.DateTimeField("последнее использование", null=True, blank=True)
    revoked_at = models.DateTimeField("отозван", null=True, blank=True)

    class Meta:
        verbose_name = "токен API"
        verbose_name_plural = "токены API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
