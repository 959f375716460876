"""Normalising names for search and duplicate detection: case, spaces and ё/е do not matter."""

import re

_SPACES = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """'  Семёнова   АННА ' -> 'семенова анна'."""
    return _SPACES.sub(" ", value.replace("ё", "е").replace("Ё", "Е")).strip().lower()


def normalize_header(value: str) -> str:
    """A spreadsheet header without case, punctuation, ё/е and extra spaces: 'Дата рождения:' -> 'дата рождения'."""
    return normalize_text(re.sub(r"[^\w\s]", " ", value.replace("_", " ")))
