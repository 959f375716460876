from django.http import HttpRequest

from mentoring.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed LoginRequiredMiddleware: `user` is a real account."""

    user: User
