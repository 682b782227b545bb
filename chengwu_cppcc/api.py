"""API plumbing shared by all apps: pagination, the error mapping, the role permission base."""
import hashlib
import json
from contextvars import ContextVar

import django_filters
from django import forms as django_forms
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import exceptions, permissions, serializers
from rest_framework import filters as drf_filters
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from directory.roles import has_role

from .errors import InvalidInput, ServiceError
from .pagination import KeysFirstPaginator

# The API's names of the inputs read in this request, by the service argument they fill (`source`): a refusal
# the service raises about `held_on` is reported on `date`, the name the client sent.
_INPUT_NAMES: ContextVar[dict[str, str] | None] = ContextVar("input_names", default=None)


def validated(serializer_class, data, **kwargs) -> dict:
    """The input of a step read through its serializer; a bad shape answers 400 with field messages."""
    serializer = serializer_class(data=data, **kwargs)
    valid = serializer.is_valid()
    sent_as = getattr(serializer, "sent_as", {})  # an old name the client used is the name its errors are told on
    names = {field.source: sent_as.get(name, name) for name, field in serializer.fields.items()
             if field.source not in (name, "*") and not getattr(field, "deprecated_for", None)}
    if names:
        _INPUT_NAMES.set({**(_INPUT_NAMES.get() or {}), **names})
    if not valid:
        raise serializers.ValidationError(serializer.errors)
    return serializer.validated_data


class ChoiceLabelField(serializers.CharField):
    """The readable label of a choice, as get_FOO_display gives it, looked up in the choices.

    (A `source="get_FOO_display"` field makes DRF inspect the bound method's signature on every row:
    a tenth of /api/topics/ went there.)
    """

    def __init__(self, field_name: str, choices, **kwargs):
        self.labels = dict(choices)
        super().__init__(source=field_name, read_only=True, **kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value))


class StepInput(serializers.Serializer):
    """The input of a step in the one vocabulary (docs/api.md): `meeting_date`, `reason`, `comment`, `date`.

    `renamed` maps an old input name to its new one; the old name is still read for one release (declare it as a
    `deprecated(...)` field so the schema shows it, marked deprecated). Sending both: the new name wins. A
    refusal of an input sent under its old name is told on that old name."""

    renamed: dict[str, str] = {}

    def to_internal_value(self, data):
        self.sent_as: dict[str, str] = {}
        if self.renamed and hasattr(data, "keys"):
            data = {key: data[key] for key in data.keys()}
            for old, new in self.renamed.items():
                if old in data:
                    value = data.pop(old)  # the old field never sees a value: it only documents the name
                    if new not in data:
                        data[new] = value
                        self.sent_as[new] = old
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict) and self.sent_as:
                error.detail = {self.sent_as.get(name, name): messages for name, messages in error.detail.items()}
            raise


def step_example(summary: str, value: dict):
    """The example of a step's input in the schema (Swagger's "Try it out" starts from it)."""
    return extend_schema_serializer(examples=[OpenApiExample(summary, value=value, request_only=True)])


def deprecated(field: serializers.Field, instead: str) -> serializers.Field:
    """An old input name kept for one release: optional, no default, and `deprecated` in the schema.

    The new field may carry `source="<the service's argument>"`, so the validated data keeps the service's name.
    (A serializer deep-copies its declared fields by calling their class again: the mark is on the class.)"""
    kwargs = {**field._kwargs, "required": False, "help_text": f"Deprecated: use `{instead}`."}
    kwargs.pop("default", None)
    marked = type(f"Deprecated{type(field).__name__}", (type(field),), {"deprecated_for": instead})
    return marked(*field._args, **kwargs)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class AvailableStepsField(serializers.Field):
    """`available_steps`: the step names (the API actions) the requesting user may take on this object now,
    asked of the object's step table (chengwu_cppcc.workflow.Steps). Needs the request in the context."""

    def __init__(self, table, **kwargs):
        self.table = table
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.table.available(user, obj) if user is not None and user.is_authenticated else []


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """`page_size` as DRF reads it, but a value that is not a whole number from 1 is 400, not ignored."""
        value = request.query_params.get(self.page_size_query_param)
        if value is not None and not (value.isdigit() and int(value) >= 1):
            raise invalid_parameter(self.page_size_query_param, _("Enter a whole number."))
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        """`page` likewise (or `last`): 400 for `0` or `abc`; a page past the last stays 404 `not_found`."""
        value = request.query_params.get(self.page_query_param)
        if value is not None and value not in self.last_page_strings and not (value.isdigit() and int(value) >= 1):
            raise invalid_parameter(self.page_query_param, _("Enter a whole number."))
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        """The schema says what get_page_size and get_page_number refuse: both are whole numbers from 1."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters


class KeysFirstPagination(StandardPagination):
    """For wide lists sorted on a derived value (assignments): the sort on narrow rows, the joins for the page.
    A list already served by an index in its order (notifications) would only pay one more round trip."""

    django_paginator_class = KeysFirstPaginator


RESERVED_KEYS = {"detail", "code", "fields", "version"}


def error_body(detail, code: str, fields: dict | None = None, **extra) -> dict:
    """The one shape of every API error: `detail` (readable), `code` (stable, machine), `fields` (where).

    Deprecated for one release (docs/api.md): each top-level field name of `fields` is repeated at the top level,
    as the answers gave it before `fields` existed."""
    fields = fields or {}
    legacy = {name: messages for name, messages in fields.items() if name not in RESERVED_KEYS and "." not in name}
    return {**legacy, "detail": str(detail), "code": code, "fields": fields, **extra}


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as `{"field": [...], "suggestions.0.title": [...]}`."""
    if isinstance(errors, dict):
        out: dict[str, list[str]] = {}
        for key, value in errors.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(errors, list) and any(isinstance(item, (dict, list)) for item in errors):
        out = {}
        for index, item in enumerate(errors):
            if item:
                out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    messages = errors if isinstance(errors, list) else [errors]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _first_code(codes, default: str) -> str:
    while isinstance(codes, (list, dict)) and codes:
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes if isinstance(codes, str) and codes else default


class APIError(exceptions.APIException):
    """An error the API itself raises (not a refused step), with its code and optional extra body keys."""

    def __init__(self, detail, *, code: str, status_code: int = 400, fields: dict | None = None, headers=None,
                 **extra):
        super().__init__(detail, code)
        self.status_code = status_code
        self.error_code = code
        self.fields = fields or {}
        self.extra = extra
        self.headers = headers or {}


class Replay(Exception):
    """The stored first answer to an Idempotency-Key, returned instead of acting again."""

    def __init__(self, response):
        self.response = response


def exception_handler(exc, context):
    """The one place an exception becomes an API error body {detail, code, fields} (docs/api.md, "Errors")."""
    if isinstance(exc, Replay):
        return exc.response
    if isinstance(exc, ServiceError):
        names = _INPUT_NAMES.get() or {}
        fields = {names.get(k, k): [str(m) for m in v] if isinstance(v, (list, tuple)) else [str(v)]
                  for k, v in exc.field_errors.items()}
        return Response(error_body(exc.message, exc.code, fields), status=exc.status_code)
    if isinstance(exc, APIError):
        return Response(error_body(exc.detail, exc.error_code, exc.fields, **exc.extra), status=exc.status_code,
                        headers=exc.headers)
    if isinstance(exc, OverflowError):
        # A whole number past 64 bits for a row's id: SQLite cannot bind it (PostgreSQL finds no row): invalid input.
        exc = exceptions.ValidationError({"non_field_errors": [InvalidInput.default_message]})
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.get("non_field_errors")
        detail = general[0] if general and len(fields) == 1 else InvalidInput.default_message
        response.data = error_body(detail, "invalid", fields)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else next(iter(_flatten(exc.detail).values()))[0]
        code = _first_code(exc.get_codes(), "error")
        response.data = error_body(detail, "not_allowed" if code == "permission_denied" else code)
    return response


class RolePermission(permissions.BasePermission):
    """Coarse access: the user holds one of `roles` (the service still checks each object)."""

    roles: tuple[str, ...] = ()

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and has_role(request.user, *self.roles))


# Strict query strings -----------------------------------------------------------------------------------------


def _known_parameters(request, view, filterset) -> set[str]:
    known = set(getattr(view, "query_parameters", ()))
    fmt = api_settings.URL_FORMAT_OVERRIDE
    if fmt:
        known.add(fmt)
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        known.update(p for p in (getattr(paginator, "page_query_param", None),
                                 getattr(paginator, "page_size_query_param", None)) if p)
    if any(issubclass(b, drf_filters.OrderingFilter) for b in getattr(view, "filter_backends", ())):
        known.add(api_settings.ORDERING_PARAM)
    if filterset is not None:
        for name, field in filterset.form.fields.items():
            suffixes = getattr(field.widget, "suffixes", None)
            known.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes) if suffixes else known.add(name)
    return known


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class ValuesChoiceIterator(django_forms.models.ModelChoiceIterator):
    """The options of a choice of rows read as (id, label) pairs, without a model instance per row.

    A model that declares `CHOICE_LABEL` (the fields its `__str__` shows: the first that is not empty) gets its
    options from one `values_list`; a filter bar's 200 departments took 0.9 ms as instances, 0.3 ms as values
    (docs/performance.md, 2026-12-06). Any other model keeps Django's iterator. The selected option, the
    markup and validation are Django's own (tests/test_filter_bar_rendering.py compares the bars)."""

    def __iter__(self):
        label_fields = getattr(self.queryset.model, "CHOICE_LABEL", None)
        own_label = type(self.field).label_from_instance is django_forms.ModelChoiceField.label_from_instance
        if not label_fields or not own_label or self.field.to_field_name:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *labels in self.queryset.values_list("pk", *label_fields):
            yield (pk, next((label for label in labels if label), ""))


class _IdChoiceField(django_forms.ModelChoiceField):
    """A choice of a row by id that, for filtering, takes any whole number (an id that matches nothing filters to
    nothing, as a list should answer) but still refuses a value that is not an id."""

    iterator = ValuesChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            raise django_forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        if not INT64_MIN <= number <= INT64_MAX:  # no id is that large (a 64-bit column): 400, not an overflow
            raise django_forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return number

    def validate(self, value):
        django_forms.Field.validate(self, value)


@extend_schema_field(OpenApiTypes.INT64)
class IntegerFilter(django_filters.NumberFilter):
    """A whole-number filter (an id, a year): `2.5` or `abc` is 400, and the schema says integer (django-filter's
    NumberFilter reads a decimal, which a generated client would type as a float). 64 bits, as the id columns
    (a larger number is 400, not a database overflow); a year of a date (`held_on__year`) is 1 to 9999."""

    field_class = django_forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", INT64_MIN)
        kwargs.setdefault("max_value", INT64_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class DateYearFilter(IntegerFilter):
    """The year of a date or a timestamp (`created_at__year`): Python's dates run from year 1 to 9999."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{"min_value": 1, "max_value": 9999, **kwargs})


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(django_filters.ModelChoiceFilter):
    """Filter on a foreign key by id; the page still shows it as a choice of rows."""

    field_class = _IdChoiceField


def invalid_parameter(name: str, message) -> APIError:
    """400 `invalid_parameter`: query parameter `name` has a value of the wrong type or outside its choices."""
    return APIError(_("Query parameter “%(name)s”: %(message)s") % {"name": name, "message": message},
                    code="invalid_parameter", fields={name: [str(message)]})


def refuse_unknown_parameters(request, known) -> None:
    """400 `unknown_parameter` naming the first query parameter not in `known` (`format` is always known)."""
    known = {*known, *([api_settings.URL_FORMAT_OVERRIDE] if api_settings.URL_FORMAT_OVERRIDE else [])}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise APIError(
            _("Unknown query parameter “%(name)s”; this list knows: %(known)s.")
            % {"name": unknown[0], "known": ", ".join(sorted(known)) or "—"},
            code="unknown_parameter", fields={name: [str(_("Unknown query parameter."))] for name in unknown},
        )


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, strictly: an unknown query parameter or a value of the wrong type is 400 naming it.

    Known: the FilterSet's fields (the same FilterSet as the list page), the paginator's `page` and `page_size`,
    `ordering` and `format`, and any names the view lists in `query_parameters` (values it reads itself)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        refuse_unknown_parameters(request, _known_parameters(request, view, filterset))
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            fields = {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
            name = next(iter(fields))
            error = invalid_parameter(name, fields[name][0])
            error.fields = fields
            raise error
        return filterset.qs


class StrictOrderingFilter(drf_filters.OrderingFilter):
    """Ordering only on the view's `ordering_fields` (none if it lists none); anything else is 400."""

    def get_valid_fields(self, queryset, view, context=None):
        return [(name, name) for name in getattr(view, "ordering_fields", None) or ()]

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params is None:
            return self.get_default_ordering(view)
        allowed = {name for name, _label in self.get_valid_fields(queryset, view)}
        terms = [term.strip() for term in params.split(",") if term.strip()]
        wrong = [term for term in terms if term.lstrip("-") not in allowed]
        if wrong or not terms:
            raise APIError(
                _("Query parameter “%(name)s”: “%(value)s” is not a field this list can be ordered by; use one of: "
                  "%(allowed)s (a leading “-” reverses).")
                % {"name": self.ordering_param, "value": (wrong or [params])[0], "allowed": ", ".join(sorted(allowed)) or "—"},
                code="invalid_parameter", fields={self.ordering_param: [str(_("Not an ordering field."))]},
            )
        return terms

    def get_schema_operation_parameters(self, view):
        allowed = sorted(getattr(view, "ordering_fields", None) or ())
        if not allowed:
            return []
        return [{
            "name": self.ordering_param, "required": False, "in": "query",
            "description": "Comma-separated fields to order by; a leading “-” reverses.",
            "schema": {"type": "string", "enum": [*allowed, *(f"-{name}" for name in allowed)]},
        }]


# Versions (optimistic concurrency) ------------------------------------------------------------------------------


def object_version(obj) -> str:
    """The version of a row: a digest of every column it holds, so any change to it (by a step, an edit, the
    admin) makes a new one, with no column or migration of its own. The API sends it as the ETag of a detail and
    wants it back in If-Match; an edit page sends it in its hidden `version` input (chengwu_cppcc.forms)."""
    values = [f"{field.attname}={field.value_to_string(obj)}" for field in obj._meta.concrete_fields]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:20]


def current_version(obj) -> str:
    """The version of the row as it is stored now (another request may have changed it since `obj` was read)."""
    return object_version(type(obj)._base_manager.get(pk=obj.pk))


def _etag_values(header: str) -> list[str]:
    return [value.strip().removeprefix("W/").strip('"') for value in header.split(",") if value.strip()]


class Idempotency:
    """The first answer to a POST with an `Idempotency-Key`, kept per (user, key) for 24 hours in the shared cache
    (Redis in production: security.check_shared_cache refuses a per-process cache there)."""

    TTL = 24 * 60 * 60
    LOCK_SECONDS = 120

    def __init__(self, request):
        self.key = request.headers.get("Idempotency-Key", "").strip()
        self.user_id = request.user.pk
        digest = hashlib.sha256(f"{self.user_id}:{self.key}".encode()).hexdigest()
        self.store_key, self.lock_key = f"idempotency:{digest}", f"idempotency-lock:{digest}"
        self.fingerprint = self._fingerprint(request)

    @staticmethod
    def _fingerprint(request) -> str:
        def plain(value):
            if hasattr(value, "size") and hasattr(value, "name"):  # an uploaded file
                return {"file": value.name, "size": value.size}
            return value

        data = request.data
        if hasattr(data, "lists"):  # a QueryDict (form or multipart)
            data = {key: [plain(v) for v in values] for key, values in data.lists()}
        body = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()

    def replay_or_lock(self):
        stored = cache.get(self.store_key)
        if stored is not None:
            if stored["fingerprint"] != self.fingerprint:
                raise APIError(
                    _("This Idempotency-Key was already used for another request; use a new key for a new request."),
                    code="idempotency_key_reused", status_code=422, fields={"Idempotency-Key": [_("Used before.")]},
                )
            response = Response(stored["data"], status=stored["status"], headers=stored["headers"])
            response["Idempotent-Replayed"] = "true"
            raise Replay(response)
        if not cache.add(self.lock_key, 1, timeout=self.LOCK_SECONDS):
            raise APIError(
                _("A request with this Idempotency-Key is still being answered; try again in a moment."),
                code="idempotency_key_in_use", status_code=409,
            )

    def store(self, response):
        if response.status_code < 500 and getattr(response, "data", None) is not None or response.status_code == 204:
            headers = {name: response[name] for name in ("ETag", "Location") if response.has_header(name)}
            cache.set(self.store_key, {"fingerprint": self.fingerprint, "status": response.status_code,
                                       "data": response.data, "headers": headers}, timeout=self.TTL)
        cache.delete(self.lock_key)


class ContractMixin:
    """What every API view promises a client (docs/api.md): ETag on a detail, If-Match on PATCH/PUT (428 without,
    412 when stale, nothing changed) and Idempotency-Key on POST (the first answer replayed)."""

    _idempotency = None
    _versioned = None

    def initial(self, request, *args, **kwargs):
        _INPUT_NAMES.set(None)
        super().initial(request, *args, **kwargs)
        if request.method == "POST" and request.headers.get("Idempotency-Key") and request.user.is_authenticated:
            if len(request.headers["Idempotency-Key"]) > 255:
                raise APIError(_("The Idempotency-Key may have at most 255 characters."), code="invalid",
                               fields={"Idempotency-Key": [_("Too long.")]})
            idempotency = Idempotency(request)
            idempotency.replay_or_lock()
            self._idempotency = idempotency

    def get_object(self):
        obj = super().get_object()
        self._versioned = obj
        if self.request.method in ("PATCH", "PUT"):
            self.check_version(obj)
        return obj

    def check_version(self, obj):
        header = self.request.headers.get("If-Match")
        if not header:
            raise APIError(
                _("Send the version you edited in the If-Match header (the ETag of the object's GET)."),
                code="precondition_required", status_code=428, fields={"If-Match": [_("This header is required.")]},
            )
        version = object_version(obj)
        if "*" not in _etag_values(header) and version not in _etag_values(header):
            raise APIError(
                _("Someone changed this since you read it; nothing was saved. Read it again and redo your edit."),
                code="precondition_failed", status_code=412, version=version, headers={"ETag": f'"{version}"'},
            )

    def finalize_response(self, request, response, *args, **kwargs):
        obj = self._versioned
        if (obj is not None and request.method in ("GET", "HEAD", "PATCH", "PUT") and response.status_code == 200
                and not response.has_header("ETag")
                and getattr(self, "action", None) in ("retrieve", "partial_update", "update")):
            try:
                response["ETag"] = f'"{object_version(obj) if request.method in ("GET", "HEAD") else current_version(obj)}"'
            except ObjectDoesNotExist:
                pass
        if self._idempotency is not None and not response.has_header("Idempotent-Replayed"):
            self._idempotency.store(response)
            self._idempotency = None
        return super().finalize_response(request, response, *args, **kwargs)

