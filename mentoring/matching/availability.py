"""Days of the week named in free text («вт, чт после 15:00», «по понедельникам»), as a 7-bit mask."""

from __future__ import annotations

import re

# Stems that start the Russian names and abbreviations of the days, Monday first.
_DAY_PATTERNS = [
    re.compile(pattern)
    for pattern in (
        r"\bпн\b|понедельн",
        r"\bвт\b|вторн",
        r"\bср\b|сред[аыу]",
        r"\bчт\b|четверг",
        r"\bпт\b|пятниц",
        r"\bсб\b|суббот",
        r"\bвс\b|воскресен",
    )
]
_EVERY_DAY = re.compile(r"ежедневно|каждый день|любой день|в любое время")
_WEEKDAYS = re.compile(r"будн")
_WEEKEND = re.compile(r"выходн")
_RANGE = re.compile(r"\b(пн|вт|ср|чт|пт|сб|вс)\s*[-–—]\s*(пн|вт|ср|чт|пт|сб|вс)\b")
_ABBREVIATIONS = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
DAY_NAMES = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
ALL_DAYS = 0b1111111


def days_mask(text: str) -> int:
    """0 when the text names no day (unknown), otherwise bit d set for each named day (0 = Monday)."""
    lowered = text.lower().replace("ё", "е")
    if not lowered.strip():
        return 0
    if _EVERY_DAY.search(lowered):
        return ALL_DAYS
    mask = 0
    if _WEEKDAYS.search(lowered):
        mask |= 0b0011111
    if _WEEKEND.search(lowered):
        mask |= 0b1100000
    for match in _RANGE.finditer(lowered):
        first, last = _ABBREVIATIONS.index(match.group(1)), _ABBREVIATIONS.index(match.group(2))
        if first <= last:
            for day in range(first, last + 1):
                mask |= 1 << day
    for day, pattern in enumerate(_DAY_PATTERNS):
        if pattern.search(lowered):
            mask |= 1 << day
    return mask


def day_list(mask: int) -> str:
    return ", ".join(name for day, name in enumerate(DAY_NAMES) if mask & (1 << day))
