"""Rate limit of the API: so many requests per token's owner in a window (settings.API_RATE_LIMIT)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class UserRateThrottle(SimpleRateThrottle):
    """Reads the rate on every request, so that a changed setting (or a test) takes effect at once."""

    scope = "api_user"

    def __init__(self) -> None:
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request: HttpRequest) -> bool:
        if self.rate != settings.API_RATE_LIMIT:
            self.rate = settings.API_RATE_LIMIT
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "auth", None)
        ident = getattr(user, "pk", None)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}
