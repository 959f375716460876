"""Schemathesis against our own OpenAPI schema, with every persona's token: no operation answers
500 and no answer breaks the schema (status code, content type and body all as documented).

Bounded for CI: the world is built once, then each operation gets a few derandomized examples, each
sent with all eleven tokens and with a bad one, so the whole run stays within about a minute of CPU.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mentoring.api.tests.fixtures import build_records
from mentoring.common.tests.test_access_matrix import LOGGED_IN

EXAMPLES_PER_OPERATION = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def _connection_kept_open():
    """As Django's test client does: the WSGI app must not close the test's database connection
    (inside the test's transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept_open")
def test_no_operation_fails_or_breaks_its_schema(world, tokens):
    build_records(world)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    calls: dict[str, int] = {}

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(operation.as_strategy())
        def run(case):
            for persona in LOGGED_IN:
                response = case.call(headers={"Authorization": f"Bearer {tokens[persona]}"})
                case.validate_response(response, checks=CHECKS)
                calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
            response = case.call(headers={"Authorization": "Bearer mnt_not-a-token"})
            case.validate_response(response, checks=CHECKS)

        run()
    assert len(calls) == len(operations), sorted({op.label for op in operations} - set(calls))
