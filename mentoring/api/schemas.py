"""Schemas every router shares: the error shape and the page of a list."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

from mentoring.api.types import DEFAULT_LIMIT, Limit, Offset


class FieldError(Schema):
    field: str = Field(
        description="Поле запроса (для строк пакетной записи — «rows.N.поле»); пусто — запрос целиком"
    )
    message: str = Field(description="Что не так, по-русски")


class ErrorOut(Schema):
    """Every error of the API has this shape."""

    detail: str = Field(description="Сообщение об ошибке по-русски")
    errors: list[FieldError] = Field(default_factory=list, description="Ошибки по полям")


class Paging(Schema):
    limit: Limit = Field(DEFAULT_LIMIT, description="Сколько записей вернуть (1–200)")
    offset: Offset = Field(0, description="Сколько записей пропустить")


class PageMeta(Schema):
    count: int = Field(description="Всего записей под фильтром")
    limit: int
    offset: int


def page(queryset: QuerySet[Any] | list[Any], paging: Paging) -> dict[str, Any]:
    """One page of a list: the rows and the total under the filter."""
    count = len(queryset) if isinstance(queryset, list) else queryset.count()
    items = list(queryset[paging.offset : paging.offset + paging.limit])
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": items}
