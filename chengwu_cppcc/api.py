"""API plumbing shared by all apps: pagination, the error mapping, the role permission base."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, permissions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from directory.roles import has_role

from .errors import InvalidInput, ServiceError
from .pagination import KeysFirstPaginator


def validated(serializer_class, data, **kwargs) -> dict:
    """The input of a step read through its serializer; a bad shape answers 400 with field messages."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
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


class KeysFirstPagination(StandardPagination):
    """For wide lists sorted on a derived value (assignments): the sort on narrow rows, the joins for the page.
    A list already served by an index in its order (notifications) would only pay one more round trip."""

    django_paginator_class = KeysFirstPaginator


def exception_handler(exc, context):
    """Map domain errors to 400/403/404/409 with a readable `detail` (and field messages on 400)."""
    if isinstance(exc, ServiceError):
        body = {"detail": str(exc.message)}
        body.update({k: v if isinstance(v, list) else [str(v)] for k, v in exc.field_errors.items()})
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and isinstance(exc, exceptions.ValidationError)
        and isinstance(response.data, dict)
        and "detail" not in response.data
    ):
        response.data["detail"] = str(InvalidInput.default_message)
    return response


class RolePermission(permissions.BasePermission):
    """Coarse access: the user holds one of `roles` (the service still checks each object)."""

    roles: tuple[str, ...] = ()

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and has_role(request.user, *self.roles))
