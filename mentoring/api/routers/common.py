"""What every router declares: the error answers an operation may give."""

from mentoring.api.schemas import ErrorOut

# Every operation documents the same error answers, so that clients (and the schema fuzzing in CI)
# know what to expect: no token, no right, not found, bad input, too many requests.
ERRORS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def responses(ok: object, status: int = 200) -> dict[int, object]:
    return {status: ok, **ERRORS}
