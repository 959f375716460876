from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet | Sequence[Any], *, per_page: int = 50) -> Page:
    """The requested page of a list; a malformed or too large page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
