"""Security plumbing of our own: the Content Security Policy header and deployment checks."""
from django.conf import settings
from django.core import checks
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

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


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost saw.

    Only the entries the trusted proxies appended to X-Forwarded-For are believed; whatever the client sent
    itself in that header (further left) is ignored, so nobody chooses their own address.
    """
    if request is None:
        return ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count][:45]
    return request.META.get("REMOTE_ADDR", "") or ""


# The extension a download gets for the type detected from its content (the uploader's own is not trusted).
DOWNLOAD_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/webp": ".webp",
}


def download_name(original: str, content_type: str) -> str:
    """The uploader's name with the extension of the detected type: `答复.hta` holding a PDF is `答复.pdf`."""
    import posixpath

    base = (original or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")
    stem = posixpath.splitext(base)[0] or "file"
    return stem + DOWNLOAD_EXTENSIONS.get(content_type, ".bin")


def file_download(field_file, *, original: str, content_type: str):
    """A stored upload as an attachment under a name matching its type, never sniffed by the browser."""
    from django.http import FileResponse, Http404

    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    known = content_type in DOWNLOAD_EXTENSIONS
    response = FileResponse(handle, as_attachment=True, filename=download_name(original, content_type),
                            content_type=content_type if known else "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a Chinese page, or JSON for the API (HTTP 429)."""
    from axes.helpers import get_cool_off, get_failure_limit

    cooloff = get_cool_off(request)
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    message = _("Too many failed logins: this account is locked on this computer for %(minutes)s minutes.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        from .api import error_body

        return JsonResponse(error_body(message, "locked_out"), status=429)
    context = {"message": message, "failure_limit": get_failure_limit(request, credentials), "cooloff_minutes": minutes}
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


# ---- Hostile input (probe finding 2): deep JSON and NUL bytes answer 400, never 500.
MAX_JSON_DEPTH = 32


def _json_depth_ok(value, limit: int) -> bool:
    """Walk iteratively (no recursion to exhaust) and refuse NUL characters in keys and strings on the way."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth > limit:
                return False
            for key, child in item.items():
                if "\x00" in key:
                    raise ValueError("NUL")
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth > limit:
                return False
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and "\x00" in item:
            raise ValueError("NUL")
    return True


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, refusing nesting deeper than MAX_JSON_DEPTH and NUL characters with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep(), code="too_deep") from None
        try:
            ok = _json_depth_ok(data, MAX_JSON_DEPTH)
        except ValueError:
            raise ParseError(_nul_message(), code="nul_byte") from None
        if not ok:
            raise ParseError(_too_deep(), code="too_deep")
        return data


def _too_deep():
    return _("The JSON is nested more than %(depth)s levels deep.") % {"depth": MAX_JSON_DEPTH}


def _nul_message():
    return _("The input contains a NUL character, which no field accepts.")
