"""The user's own API tokens (made and revoked on their page) and the interactive API docs."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.api import services
from mentoring.api.forms import TokenForm
from mentoring.api.selectors import get_own_token, tokens_of
from mentoring.common.types import AuthenticatedHttpRequest

NEW_TOKEN_SESSION_KEY = "api_new_token"  # noqa: S105 - a session key name


@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            # Shown once, on the next page, then forgotten: only its hash stays in the database.
            request.session[NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "raw": raw}
            return redirect("api:tokens")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": list(tokens_of(request.user)), "new_token": new_token},
    )


@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_own_token(request.user, pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, f"Токен «{token.name}» отозван: запросы с ним больше не принимаются.")
    return redirect("api:tokens")


@require_GET
def docs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Swagger UI from our own static files (no CDN): the scripts are files, the settings are JSON data."""
    settings = {
        "url": reverse("api-v1:openapi-json"),
        "layout": "BaseLayout",
        "deepLinking": True,
        "persistAuthorization": False,
    }
    return render(request, "api/docs.html", {"swagger_settings": json.dumps(settings)})
