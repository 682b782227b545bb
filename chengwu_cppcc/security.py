"""Security plumbing of our own: the Content Security Policy header and deployment checks."""
from django.conf import settings
from django.core import checks
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class ContentSecurityPolicyMiddleware:
    """Send one strict policy with every response: scripts and styles only from our own static files."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        # A view may set a stricter header itself; never weaken one it chose.
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a Chinese page, or JSON for the API (HTTP 429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    message = _("Too many failed logins: this account is locked on this computer for %(minutes)s minutes.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    context = {"message": message, "failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)


@checks.register(checks.Tags.security, deploy=True)
def check_demo_data_refused(app_configs=None, **kwargs):
    """Production settings must refuse the demo data set (and so its well-known logins)."""
    if getattr(settings, "DEMO_DATA_ALLOWED", False) and not settings.DEBUG:
        return [
            checks.Error(
                "DEMO_DATA_ALLOWED is true in a deployment: the demo logins could be created.",
                hint="Use chengwu_cppcc.settings.production, which sets DEMO_DATA_ALLOWED = False.",
                id="chengwu.E001",
            )
        ]
    return []


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """With several workers, the cached statistics must live in one shared cache (Redis) to be invalidated."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not settings.DEBUG and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The cache is local to each process: a worker may show statistics up to STATS_CACHE_SECONDS old "
                "after another worker changed the data.",
                hint="Set CACHE_URL=redis://127.0.0.1:6379/1 (README, Production).",
                id="chengwu.W001",
            )
        ]
    return []


@checks.register(checks.Tags.database)
def check_no_demo_accounts(app_configs=None, databases=None, **kwargs):
    """Where demo data is refused, no demo login may exist (run `check --deploy --database default`)."""
    if not databases or getattr(settings, "DEMO_DATA_ALLOWED", False):
        return []
    from django.db import DatabaseError

    from directory.demo import PEOPLE
    from directory.models import User

    usernames = [person[0] for person in PEOPLE]
    try:
        found = sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    except DatabaseError:
        return []  # no tables yet: nothing to find
    if not found:
        return []
    return [
        checks.Error(
            f"Demo logins exist under settings that refuse demo data: {', '.join(found)}.",
            hint="Deactivate or delete these accounts; demo data never belongs in production.",
            id="chengwu.E002",
        )
    ]
