"""One JSON shape for every error, with a Russian message; validation errors name the field.

{"detail": "Проверьте поля запроса.", "errors": [{"field": "birth_date", "message": "…"}]}
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

# Parts of a pydantic location that are not the client's field names.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_PARAM_NAMES = {"payload", "filters", "paging"}

_STATUS_MESSAGES = {
    400: "Не удалось разобрать запрос: тело запроса должно быть JSON.",
    401: "Нужен действующий токен API: заголовок «Authorization: Bearer <токен>».",
    403: "Недостаточно прав.",
    404: "Не найдено.",
    405: "Метод не поддерживается.",
    429: "Слишком много запросов: подождите немного и повторите.",
}


def _field_name(loc: Iterable[Any]) -> str:
    parts = [str(part) for part in loc]
    while parts and (parts[0] in _SOURCES or parts[0] in _PARAM_NAMES):
        parts.pop(0)
    return ".".join(parts)


def pydantic_message(error: dict[str, Any]) -> str:
    """A Russian message for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "Обязательное поле."
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "Нужно целое число."
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return "Нужно число."
    if kind in {"bool_parsing", "bool_type"}:
        return "Нужно значение true или false."
    if kind.startswith("date") and not kind.startswith("datetime"):
        return "Нужна дата в формате ГГГГ-ММ-ДД."
    if kind.startswith(("datetime", "timezone")):
        return "Нужны дата и время в формате ГГГГ-ММ-ДДTчч:мм (ISO 8601)."
    if kind == "greater_than_equal":
        return f"Значение не может быть меньше {ctx.get('ge')}."
    if kind == "greater_than":
        return f"Значение должно быть больше {ctx.get('gt')}."
    if kind == "less_than_equal":
        return f"Значение не может быть больше {ctx.get('le')}."
    if kind == "less_than":
        return f"Значение должно быть меньше {ctx.get('lt')}."
    if kind == "string_too_long":
        return f"Не длиннее {ctx.get('max_length')} символов."
    if kind == "string_too_short":
        return (
            "Поле не может быть пустым."
            if ctx.get("min_length") == 1
            else f"Не короче {ctx.get('min_length')} символов."
        )
    if kind == "too_long":
        return f"Не больше {ctx.get('max_length')} элементов."
    if kind == "too_short":
        return f"Не меньше {ctx.get('min_length')} элементов."
    if kind in {"literal_error", "enum"}:
        return f"Допустимые значения: {ctx.get('expected')}."
    if kind in {"string_type", "string_unicode"}:
        return "Нужна строка."
    if kind in {"list_type", "tuple_type", "set_type"}:
        return "Нужен список."
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "Нужен объект JSON."
    if kind == "json_invalid":
        return "Тело запроса — некорректный JSON."
    if kind == "extra_forbidden":
        return "Неизвестное поле."
    if kind == "value_error":
        return str(ctx.get("error", "Неверное значение."))
    return "Неверное значение."


def error_body(detail: str, errors: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    return {"detail": detail, "errors": [{"field": field, "message": message} for field, message in errors]}


def django_validation_errors(error: DjangoValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            ("" if field == NON_FIELD_ERRORS else field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [("", message) for message in error.messages]


class Refusal(HttpError):
    """An HTTP error whose message is already the Russian text the client should read."""

    def __init__(self, status_code: int, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(status_code, message)
        self.retry_after = retry_after


def install(api: NinjaAPI) -> None:
    """Replaces ninja's English error answers with ours."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = [(_field_name(item.get("loc", ())), pydantic_message(item)) for item in exc.errors]
        if any(item.get("type") == "json_invalid" for item in exc.errors):
            return respond(request, 400, error_body(_STATUS_MESSAGES[400], errors))
        return respond(request, 422, error_body("Проверьте поля запроса.", errors))

    def on_django_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = django_validation_errors(exc)
        detail = errors[0][1] if len(errors) == 1 else "Проверьте поля запроса."
        return respond(request, 422, error_body(detail, errors))

    def on_404(request: HttpRequest, exc: Any) -> HttpResponse:
        message = str(exc) if exc.args and str(exc) else _STATUS_MESSAGES[404]
        return respond(request, 404, error_body(_dot(message)))

    def on_403(request: HttpRequest, exc: Any) -> HttpResponse:
        message = str(exc) if exc.args and str(exc) else _STATUS_MESSAGES[403]
        return respond(request, 403, error_body(_dot(message)))

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        status = exc.status_code
        if isinstance(exc, Refusal):
            message = exc.message
        elif isinstance(exc, (AuthenticationError, Throttled)) or status in _STATUS_MESSAGES:
            message = _STATUS_MESSAGES.get(status, exc.message)
        else:
            message = exc.message
        response = respond(request, status, error_body(message))
        if isinstance(exc, Throttled) and exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        if isinstance(exc, Refusal) and exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("API: необработанная ошибка", exc_info=exc)
        return respond(request, 500, error_body("Внутренняя ошибка сервера. Мы уже знаем о ней."))

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_403)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Exception, on_unexpected)


def _dot(message: str) -> str:
    return message if message.endswith((".", "!", "?")) else f"{message}."
