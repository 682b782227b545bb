"""One-time form tokens: a page form submitted twice runs its view once; the repeat is told where the first went."""
import re

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# static/js/once.js puts a fresh random value into this field of every POST form when its page loads.
FIELD = "_once"
TOKEN = re.compile(r"[0-9A-Za-z-]{16,64}")
PENDING = "pending"
DONE = "done:"
# A claimed token waits this long for its request to finish (a worker killed mid-request frees it then).
PENDING_SECONDS = 300
# Forms whose repetition is harmless and whose answer depends on the moment (a language switch, logging out).
EXEMPT_URL_NAMES = frozenset({"set_language", "login", "logout"})

IN_FLIGHT_PAGE = (
    '{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}'
    '{% block content %}<h1 class="h4">{{ title }}</h1><p>{{ text }}</p>'
    '<a href="{{ back_url }}">{{ back_label }}</a>{% endblock %}'
)


def once_key(user_id: int, token: str) -> str:
    """The cache key of one user's token: another user's copy of the token claims nothing of theirs."""
    return f"form-once:{user_id}:{token}"


def done_seconds() -> int:
    """A finished submission is remembered as long as the page it came from can live: one session."""
    return getattr(settings, "FORM_ONCE_SECONDS", settings.SESSION_COOKIE_AGE)


class OnceFormMiddleware:
    """Claim a page form's `_once` token before its view runs; answer a repeated token without running it again.

    Placed after the authentication, message and CSRF middleware. A POST without the field (API clients, tests,
    browsers without JavaScript) passes through unchanged; the API (/api/) has its own rules.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_once_key", None)
        if key is not None:
            _finish(request, key, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        token = _submitted_token(request, view_func)
        if token is None:
            return None
        key = once_key(request.user.pk, token)
        for _attempt in range(2):  # the first holder may release between our add and our get
            if cache.add(key, PENDING, timeout=PENDING_SECONDS):
                request._once_key = key
                return None
            value = cache.get(key)
            if value is not None:
                return _repeated(request, value)
        return _in_flight(request)


def _submitted_token(request, view_func) -> str | None:
    if request.method != "POST" or request.path.startswith("/api/"):
        return None
    if not request.user.is_authenticated or getattr(view_func, "csrf_exempt", False):
        return None
    match = request.resolver_match
    if match is not None and match.url_name in EXEMPT_URL_NAMES:
        return None
    token = request.POST.get(FIELD, "")
    return token if TOKEN.fullmatch(token) else None


def _refused(request) -> bool:
    """The view said why it refused (an error message) even if it then redirected: the step did not happen."""
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return any(message.level >= messages.ERROR for message in queued)


def _finish(request, key: str, response) -> None:
    """Keep the token with the first answer when it succeeded (a redirect); otherwise free it for a corrected try."""
    location = response.get("Location") if 300 <= response.status_code < 400 else None
    if location and not _refused(request):
        cache.set(key, DONE + location, timeout=done_seconds())
    else:
        cache.delete(key)


def _repeated(request, value: str) -> HttpResponse:
    if value.startswith(DONE):
        messages.info(request, _("This form was already submitted; it was not saved twice."))
        return HttpResponseRedirect(value[len(DONE):])
    return _in_flight(request)


def _in_flight(request) -> HttpResponse:
    """409: the first submission of this form is still running; sending it again would do it twice."""
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    context = {
        "title": _("This form is still being saved"),
        "text": _(
            "Your first submission of this form has not finished yet, so it was not sent again. "
            "Wait a moment, then open the page again to see the result."
        ),
        "back_url": referer if safe else reverse("home"),
        "back_label": _("Back to the page") if safe else _("Back to home"),
    }
    page = engines["django"].from_string(IN_FLIGHT_PAGE)
    return HttpResponse(page.render(context, request), status=409)
