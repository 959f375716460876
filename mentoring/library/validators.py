"""Checks of the free text of library materials (descriptions): ordinary punctuation is welcome,
markup and control characters are not."""

import re

from django.core.exceptions import ValidationError

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP = re.compile(r"[<>]")


def free_text(value: str) -> None:
    if _CONTROL_CHARACTERS.search(value):
        raise ValidationError("Текст содержит управляющие символы.", code="control_characters")
    if _MARKUP.search(value):
        raise ValidationError("Разметка не нужна: уберите угловые скобки < и > из текста.", code="markup")
