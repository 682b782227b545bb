"""API authentication: `POST /api/auth/token/` answers `{"token": …}`; tokens are hashed, expiring and revocable."""
from django.contrib.auth import authenticate, logout
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import Action
from audit.services import record

from . import services


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Too many failed logins: this account is locked for a while. Try again later.")
    default_code = "locked_out"


class PasswordChangeRequired(exceptions.PermissionDenied):
    default_detail = _("You must change your password before going on (log in on the web pages).")
    default_code = "password_change_required"


class Credentials(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


def _mark_audited(request):
    request._request.audited = True  # the view writes its own audit record; the middleware adds none


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (sent as `Authorization: Token <token>`)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        request=Credentials,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField(),
                                                           "expiry": serializers.DateTimeField()})},
    )
    def post(self, request):
        _mark_audited(request)
        credentials = Credentials(data=request.data)
        credentials.is_valid(raise_exception=True)
        username = credentials.validated_data["username"]
        user = authenticate(request=request._request, username=username,
                            password=credentials.validated_data["password"])
        if getattr(request._request, "axes_locked_out", False):
            raise LockedOut()
        if user is None:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Unable to log in with the provided credentials.")]}, code="authorization"
            )
        if not user.is_active:
            raise exceptions.AuthenticationFailed()
        if services.password_change_required(user):
            services.refused(request=request._request, username=username, action=Action.TOKEN_ISSUED, status=403,
                             summary="token refused: password change required")
            raise PasswordChangeRequired()
        instance, token = services.token_issue(user=user, request=request._request)
        return Response({"token": token, "expiry": instance.expiry})


class LogoutView(APIView):
    """Revoke the token this request was made with (with a session: end the session)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        _mark_audited(request)
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
            record(request=request._request, actor=request.user, action=Action.TOKEN_REVOKED,
                   object_type="directory.user", object_id=request.user.pk, status=204,
                   summary="token revoked: logout")
        else:
            logout(request._request)  # audited by the logged-out signal
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Revoke every token of the user (session or token authenticated)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        _mark_audited(request)
        services.tokens_revoke(user=request.user, reason="logout all", request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", LogoutAllView.as_view(), name="api-logout-all"),
]
