"""The API fuzzed by schemathesis against /api/schema/, in-process, for every role, on the demo data set.

Three phases per role, each bounded for CI (every role, on PostgreSQL, in about 3 minutes):
- positive: FUZZ_EXAMPLES valid requests per operation; the answer is no 5xx, a documented status code, content
  type and body, and a 2xx or a refusal a valid request may get (401, 403, 404, 409, 429; not 400 or 422: the
  schema must say what the code refuses);
- negative: FUZZ_NEGATIVE_EXAMPLES invalid bodies per POST/PATCH/PUT; the answer is a documented 4xx;
- stateful: FUZZ_SCENARIOS scenarios of up to FUZZ_STEPS calls following the schema's links, which schemathesis
  infers from the operations (an `id` a list or a create answers feeds the `{id}` of the detail and the steps),
  with the positive checks on every answer.
Every failure fails the test. Known false positives are configured away below, each with its reason. The figures
per phase and check (operations, requests, failures) are printed (-s), and added up over every process (xdist
workers) in the run's summary (tests/security/fuzz_figures.py, tests/conftest.py). FUZZ_REPORT=path writes the
first failure of each operation by check.
"""
import functools
import logging
import os
import re
import uuid
from collections import defaultdict

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from chengwu_cppcc.validation import EARLIEST_DATE, LATEST_DATE
from directory.models import User
from directory.roles import Role
from tests.security import fuzz_figures

POSITIVE = int(os.environ.get("FUZZ_EXAMPLES", "4"))
NEGATIVE = int(os.environ.get("FUZZ_NEGATIVE_EXAMPLES", "2"))
SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "12"))
STEPS = int(os.environ.get("FUZZ_STEPS", "6"))
ROLES = [role.value for role in Role]  # every role, each with its demo login of the same name
SKIPPED: set[str] = set()  # every operation is fuzzed
LOGOUTS = {"/api/auth/logout/", "/api/auth/logout-all/"}

# The checks, by phase (positive_data_acceptance as accepts_valid_data, below). Not run: `ignored_auth` (it resends
# without the token, but the token is a fixed header added to every request, so schemathesis cannot take it off:
# a false "auth ignored"; tests/security/test_permission_matrix.py covers anonymous access), and the other
# stateful-only checks (use_after_free, ensure_resource_availability: the API deletes nothing).


def _refused_by_the_data(response, case) -> bool:
    """A 400 that names only inputs the schema cannot bound. Whole numbers: an id that names no row (or none you
    may use), a year the data already holds a plan for: valid in form, refused by what the database holds. Dates
    outside 1990-2099 (chengwu_cppcc.validation.plausible_date): OpenAPI 3.0 has no minimum for `format: date`."""
    if response.status_code != 400:
        return False
    try:
        fields = response.json().get("fields") or {}
    except ValueError:
        return False
    sent = {**(case.query or {}), **(case.body if isinstance(case.body, dict) else {})}

    def whole(value):
        return isinstance(value, int) and not isinstance(value, bool) or (
            isinstance(value, list) and value and all(whole(item) for item in value))

    def implausible_date(value):
        return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[:4].isdigit() and not (
            EARLIEST_DATE.year <= int(value[:4]) <= LATEST_DATE.year)

    return bool(fields) and all(
        whole(sent.get(name.split(".")[0])) or implausible_date(sent.get(name.split(".")[0])) for name in fields)


REQUIRED_WHEN = "Required when "  # how a field's description states a rule across fields (OpenAPI 3.0 has no if/then)


def _request_properties(case) -> dict:
    content = (case.operation.definition.raw.get("requestBody") or {}).get("content") or {}
    schema = (content.get(case.media_type) or {}).get("schema") or {}
    if "$ref" in schema:
        schema = case.operation.schema.raw_schema["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema.get("properties") or {}


def _required_by_another_field(response, case) -> bool:
    """A 400 that names only optional fields the request left out (or empty) whose schema description says when
    they are required ("Required when `grant` is false"): a rule across fields, which the schema states in words
    because OpenAPI 3.0 cannot state it as a rule. A field required always but documented as optional still fails:
    it has no such description."""
    if response.status_code != 400 or not isinstance(case.body, (dict, type(None))):
        return False
    try:
        fields = response.json().get("fields") or {}
    except ValueError:
        return False
    body, properties = case.body or {}, _request_properties(case)

    def description(name):  # a deprecated old name ("Deprecated: use `comment`.") is told by its new one's
        said = (properties.get(name) or {}).get("description", "")
        instead = re.match(r"Deprecated: use `(\w+)`", said)
        return description(instead.group(1)) if instead else said

    return bool(fields) and all(
        body.get(name) in (None, "") and description(name).startswith(REQUIRED_WHEN) for name in fields)


def _stale_version(response, case) -> bool:
    """412 `precondition_failed`: the If-Match sent was generated, not the ETag the client read (a PATCH reached
    by a link from a list, not from the object's GET): stale by design, and documented."""
    return response.status_code == 412 and bool(case.headers) and "If-Match" in case.headers


@functools.wraps(positive_data_acceptance)
def accepts_valid_data(ctx, response, case):
    for rule in (_refused_by_the_data, _required_by_another_field, _stale_version):
        if rule(response, case):
            TOLERATED[rule.__name__.strip("_")] += 1
            return True
    return positive_data_acceptance(ctx, response, case)


RESPONSE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PHASE_CHECKS = {
    "positive": [*RESPONSE_CHECKS, accepts_valid_data],
    "negative": [*RESPONSE_CHECKS, negative_data_rejection],
    "stateful": [*RESPONSE_CHECKS, accepts_valid_data],
}
# Known false positives, by check and operation (and media type), each with its reason.
CONFIGURED_AWAY = {
    ("positive_data_acceptance", "POST /api/auth/token/"):
        "a generated username and password are well formed but name no account: 400 (DRF's ObtainAuthToken "
        "convention); a wrong password is not invalid input the schema could rule out",
    ("positive_data_acceptance", "POST /api/public-opinions/"):
        "the attachment is generated as random bytes; the API reads the file and takes only PDF, Word and images, "
        "which `format: binary` cannot say",
    ("positive_data_acceptance", "PATCH /api/public-opinions/{id}/"): "as for POST /api/public-opinions/",
    ("positive_data_acceptance", "POST /api/replies/", "multipart/form-data"):
        "in a form `stances` is one field holding a JSON list (a form field is text): its schema is a string, and "
        "a generated string is not JSON",
    ("positive_data_acceptance", "PATCH /api/replies/{id}/", "multipart/form-data"): "as for POST /api/replies/",
    ("positive_data_acceptance", "POST /api/supervisions/"):
        "`committee_owner` is required when the supervision office opens the case, not when committee staff do "
        "(the service's rule by role; the schema is one for every role)",
    ("positive_data_acceptance", "POST /api/proposals/"):
        "rules across fields by `kind` (a joint proposal needs a co-signer, a collective one its collective body; "
        "only a joint one has co-signers), which the one request schema for every kind cannot say",
    ("positive_data_acceptance", "PATCH /api/proposals/{id}/"): "as for POST /api/proposals/",
    ("positive_data_acceptance", "POST /api/outcomes/"):
        "a rule across two fields, `topic` or `report` (said in OutcomeCreateRequest's description): drf-spectacular "
        "has no way to state one of two as required",
}
SKIPPED_CHECKS: dict[tuple[str, str], int] = defaultdict(int)
TOLERATED: dict[str, int] = defaultdict(int)  # answers positive_data_acceptance lets pass, by rule


# Figures for the whole run: (phase, check) -> operations checked, requests checked, failing requests.
OPERATIONS: dict[tuple[str, str], set[str]] = defaultdict(set)
REQUESTS: dict[tuple[str, str], int] = defaultdict(int)
FAILURES: dict[tuple[str, str], int] = defaultdict(int)
FAILING: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # the first message per failing operation
LINKS = {"steps": 0, "linked": 0, "transitions": 0}
DONE: list[str] = []  # the roles fuzzed in this process


def _counted(phase: str, check):
    @functools.wraps(check)
    def run(ctx, response, case):
        key = (phase, check.__name__)
        if ({(check.__name__, case.operation.label), (check.__name__, case.operation.label, case.media_type)}
                & CONFIGURED_AWAY.keys()):
            SKIPPED_CHECKS[key] += 1
            return True
        OPERATIONS[key].add(case.operation.label)
        REQUESTS[key] += 1
        try:
            return check(ctx, response, case)
        except BaseException as error:
            FAILURES[key] += 1
            FAILING[key].setdefault(case.operation.label, " | ".join(
                f"{response.status_code} {error}".split("\n"))[:300] + f" || {response.text[:300]} || {case.as_curl_command()[:600]}")
            raise
    return run


def _checks(phase: str) -> list:
    return [_counted(phase, check) for check in PHASE_CHECKS[phase]]


def _record(failures: dict[str, str], key: str, error: BaseException, case) -> None:
    if key not in failures:  # keep the first per operation and phase, and go on
        failures[key] = f"{key}: {error}\n    {case.as_curl_command()}"


class Login:
    """The role's token, sent as a fixed header. A logout ends the token it is sent with (logout-all every token
    of the user): it gets a token of its own, and the role's token is put back after it, or every later request
    would be refused as `authentication_failed` and fuzz only the authentication."""

    def __init__(self, user):
        self.user = user
        self.token, self.headers = self._new()

    def _new(self):
        instance, token = AuthToken.objects.create(user=self.user)
        return instance, {"Authorization": f"Token {token}", "Accept-Language": "zh-hans"}

    def headers_for(self, operation) -> dict:
        return self._new()[1] if operation.path in LOGOUTS else self.headers

    def after(self, operation) -> None:
        if operation.path in LOGOUTS and not AuthToken.objects.filter(pk=self.token.pk).exists():
            self.token.save(force_insert=True)


def _fresh_idempotency_key(case) -> None:
    """An Idempotency-Key is unique per request (docs/api.md), which a schema cannot say: hypothesis repeats short
    keys ("0", "") with another body, and the API rightly answers 422 `idempotency_key_reused`. Valid requests
    get a fresh key; the negative phase keeps the generated ones."""
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = uuid.uuid4().hex


def _fuzz(operation, login, mode, examples, checks, failures):
    @given(case=operation.as_strategy(generation_mode=mode, headers=login.headers))
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        if mode is GenerationMode.POSITIVE:
            _fresh_idempotency_key(case)
        try:
            case.call_and_validate(headers=login.headers_for(operation), checks=checks)
            login.after(operation)
        except (Exception, BaseExceptionGroup) as error:  # a schemathesis FailureGroup
            _record(failures, f"{operation.label} [{mode.value}]", error, case)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing in this operation can be made invalid (e.g. a body with only optional free text)


def _fuzz_stateful(schema, login, failures) -> None:
    checks = _checks("stateful")
    schema.config.phases.stateful.generation.modes = [GenerationMode.POSITIVE]  # invalid input: the negative phase
    base = schema.as_state_machine()
    LINKS["transitions"] = schema.statistic.transitions.total

    class Machine(base):
        def step(self, input):
            LINKS["steps"] += 1
            LINKS["linked"] += input.transition is not None
            output = super().step(input)
            login.after(input.case.operation)
            return output

        def before_call(self, case):
            _fresh_idempotency_key(case)

        def get_call_kwargs(self, case):
            return {"headers": login.headers_for(case.operation)}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            try:
                case.validate_response(response, checks=checks, headers=login.headers, transport_kwargs=kwargs or None,
                                       recorder=getattr(self, "recorder", None))
            except (Exception, BaseExceptionGroup) as error:  # recorded, not raised: no shrinking, bounded time
                _record(failures, f"{case.operation.label} [stateful]", error, case)

    Machine.run(settings=settings(
        max_examples=SCENARIOS, stateful_step_count=STEPS, deadline=None, database=None, derandomize=True,
        phases=[Phase.generate], suppress_health_check=list(HealthCheck),
    ))


@pytest.fixture
def keep_connection():
    """Like Django's test client: a request must not close the test's connection (it holds the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def app():
    """The WSGI application, with the thousands of 4xx the fuzzing earns kept out of the log (5xx stay in).
    After get_wsgi_application(): django.setup() configures the logging anew."""
    application = get_wsgi_application()
    loggers = [logging.getLogger(name) for name in ("django.request", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield application
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    if not REQUESTS:
        return
    mine = {
        "vendor": connection.vendor, "roles": DONE, "links": LINKS,
        "rows": {f"{phase} {check}": [sorted(OPERATIONS[phase, check]), requests, FAILURES[phase, check],
                                      sorted(FAILING[phase, check])]
                 for (phase, check), requests in REQUESTS.items()},
        "skipped": {f"{phase} {check}": count for (phase, check), count in SKIPPED_CHECKS.items()},
        "tolerated": dict(TOLERATED),
    }
    fuzz_figures.save(mine)
    print("\n" + fuzz_figures.render([mine]))
    if os.environ.get("FUZZ_REPORT"):  # every failing operation by check, for whoever fixes them
        with open(os.environ["FUZZ_REPORT"], "w") as report:
            for (phase, check), failing in FAILING.items():
                for label, message in sorted(failing.items()):
                    report.write(f"{phase} {check} {label}: {message}\n")


@pytest.mark.parametrize("role", ROLES)
def test_api_survives_fuzzing_for_each_role(demo, role, app, keep_connection):
    login = Login(User.objects.get(username=role))
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app, headers=login.headers)  # the schema needs a login
    # No NUL in generated strings: the API refuses it in any input (400 `nul_byte`, docs/api.md; PostgreSQL cannot
    # store it), said once for the whole API rather than as a pattern on every string of the schema.
    for generation in (schema.config.generation, *(phase.generation for phase in (
            schema.config.phases.examples, schema.config.phases.coverage, schema.config.phases.fuzzing,
            schema.config.phases.stateful))):
        generation.allow_x00 = False
    failures: dict[str, str] = {}
    operations = 0
    positive, negative = _checks("positive"), _checks("negative")
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label in SKIPPED:
            continue
        operations += 1
        _fuzz(operation, login, GenerationMode.POSITIVE, POSITIVE, positive, failures)
        if operation.method.upper() in ("POST", "PATCH", "PUT"):
            # Wrong input in a body must be refused (query strings are lenient: DRF ignores unknown filters).
            _fuzz(operation, login, GenerationMode.NEGATIVE, NEGATIVE, negative, failures)
    _fuzz_stateful(schema, login, failures)
    DONE.append(role)
    print(f"\nfuzzed {operations} operations as {role}; {sum(REQUESTS[p, 'not_a_server_error'] for p in PHASE_CHECKS)}"
          f" requests so far")
    assert operations > 50
    assert not failures, f"{len(failures)} failing operations as {role}:\n" + "\n".join(failures.values())
