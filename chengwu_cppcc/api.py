"""API plumbing shared by all apps: pagination, the error mapping, the role permission base."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from directory.roles import has_role

from .errors import InvalidInput, ServiceError


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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
