"""Session rules: idle timeout and the absolute limit, a forced password change, the expiry warning."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from chengwu_cppcc.api import error_body

from .models import policy
from .services import password_change_required, password_expiry_warning
from .signals import LAST_SEEN, LOGIN_AT

# Paths a user who must change the password may still reach.
OPEN_PATHS = ("/accounts/login/", "/accounts/logout/", "/accounts/password/", "/static/", "/i18n/", "/api/auth/")
TOUCH_EVERY = 60  # seconds: the last-seen time is saved at most once a minute (one session write)


class SessionSecurityMiddleware:
    """After authentication and messages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            ended = self._check_clock(request)
            if ended is not None:
                return ended
            forced = self._force_change(request)
            if forced is not None:
                return forced
        return self.get_response(request)

    def _check_clock(self, request):
        session, now = request.session, int(time.time())
        login_at, last_seen = session.get(LOGIN_AT, now), session.get(LAST_SEEN, now)
        idle = policy().idle_timeout_minutes * 60
        if now - last_seen > idle or now - login_at > settings.SESSION_COOKIE_AGE:
            logout(request)
            if request.path.startswith("/api/"):
                return None  # the API answers 403 to the now anonymous request
            messages.info(request, _("You were logged out after a period without activity. Please log in again."))
            return redirect(f"{reverse('login')}?next={request.path}")
        if LOGIN_AT not in session:
            session[LOGIN_AT] = now
        if now - last_seen >= TOUCH_EVERY or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        return None

    def _force_change(self, request):
        user = request.user
        if request.path.startswith(OPEN_PATHS):
            return None
        if password_change_required(user):
            if request.path.startswith("/api/"):
                return JsonResponse(error_body(_("You must change your password before going on."),
                                                "password_change_required"), status=403)
            return redirect("accounts:password-change")
        if not request.session.get("accounts_warned"):
            days = password_expiry_warning(user)
            if days is not None:
                messages.warning(request, _("Your password expires in %(days)s days. Please change it.") % {"days": days})
                request.session["accounts_warned"] = True
        return None
