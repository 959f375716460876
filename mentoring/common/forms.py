"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ValidationError onto the form: on the field it names when the form has that
    field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target if field != NON_FIELD_ERRORS else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_errors_text(form: forms.BaseForm) -> str:
    """All of a form's messages in one line, for a page that shows them as a notice."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)
