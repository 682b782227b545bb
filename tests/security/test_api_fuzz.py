"""The API fuzzed by schemathesis against /api/schema/, in-process, for each role, on the demo data set.

Bounded for CI: FUZZ_EXAMPLES positive and FUZZ_NEGATIVE_EXAMPLES negative examples per operation and role.
No 5xx anywhere, every documented response conforms to the schema, invalid input is rejected with a 4xx.
"""
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection, response_schema_conformance

from tests.security.conftest import ROLES

POSITIVE = int(os.environ.get("FUZZ_EXAMPLES", "4"))
NEGATIVE = int(os.environ.get("FUZZ_NEGATIVE_EXAMPLES", "2"))
SKIPPED: set[str] = set()  # every operation is fuzzed
STATS = {"operations": 0, "examples": 0}


def _fuzz(operation, headers, mode, examples, checks, failures):
    @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        STATS["examples"] += 1
        try:
            case.call_and_validate(headers=headers, checks=checks)
        except (Exception, BaseExceptionGroup) as error:  # a schemathesis FailureGroup; keep the first per operation and go on
            key = f"{operation.label} [{mode.value}]"
            if key not in failures:
                failures[key] = f"{key}: {error}\n    {case.as_curl_command()}"

    try:
        run()
    except Unsatisfiable:
        pass  # nothing in this operation can be made invalid (e.g. a body with only optional free text)


@pytest.fixture
def keep_connection():
    """Like Django's test client: a request must not close the test's connection (it holds the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_api_survives_fuzzing_for_each_role(demo, role, keep_connection):
    app = get_wsgi_application()
    _instance, token = AuthToken.objects.create(user=demo.users[role])
    headers = {"Authorization": f"Token {token}", "Accept-Language": "zh-hans"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app, headers=headers)  # the schema needs a login
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label in SKIPPED:
            continue
        operations += 1
        _fuzz(operation, headers, GenerationMode.POSITIVE, POSITIVE,
              [not_a_server_error, response_schema_conformance], failures)
        if operation.method.upper() in ("POST", "PATCH", "PUT"):
            # Wrong input in a body must be refused (query strings are lenient: DRF ignores unknown filters).
            _fuzz(operation, headers, GenerationMode.NEGATIVE, NEGATIVE,
                  [not_a_server_error, negative_data_rejection], failures)
    STATS["operations"] += operations
    print(f"\nfuzzed {operations} operations as {role}; {STATS['examples']} examples so far")
    assert operations > 50
    assert not failures, f"{len(failures)} failing operations as {role}:\n" + "\n".join(failures.values())
