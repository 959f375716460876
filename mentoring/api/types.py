"""Input types shared by the routers: bounded ids and numbers, text without control characters.

Bounds matter: an id beyond the database's integer range, an offset of 10**30 or a NUL byte in a
search would otherwise reach the database and fail there (a 500) instead of being refused with a
Russian message (a 422).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

MAX_PK = 2**62
MAX_OFFSET = 1_000_000
MAX_LIMIT = 200
DEFAULT_LIMIT = 50

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean_text(value: str) -> str:
    if _FORBIDDEN.search(value):
        raise ValueError("Недопустимые управляющие символы в тексте.")
    return value


Pk = Annotated[int, Field(ge=1, le=MAX_PK)]
Text = Annotated[str, AfterValidator(_clean_text)]
SearchText = Annotated[str, Field(max_length=100), AfterValidator(_clean_text)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Quarter = Annotated[int, Field(ge=1, le=4)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
