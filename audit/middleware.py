"""Every write (pages, API, admin) and every export or file download leaves one audit record."""
import logging
import re

from django.http import FileResponse

from .models import Action, Result
from .services import record

log = logging.getLogger(__name__)

WRITES = {"POST": Action.CREATE, "PUT": Action.UPDATE, "PATCH": Action.UPDATE, "DELETE": Action.DELETE}
# Requests that audit themselves (login, logout, token, password views) set request.audited = True.
UNAUDITED_PATHS = ("/i18n/",)  # choosing the interface language changes nothing of the record
_FILENAME = re.compile(r"filename\*=UTF-8''([^;]+)|filename=\"?([^\";]+)", re.IGNORECASE)


def _model_of(func):
    cls = getattr(func, "cls", None) or getattr(func, "view_class", None)
    if cls is None:
        return None
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    model = getattr(cls, "model", None)
    if model is not None:
        return model
    serializer = getattr(cls, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def describe_target(request, response) -> tuple[str, str, str]:
    """(object type, object id, route name) of a request, from its URL and view."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", "", ""
    route = match.view_name or ""
    kwargs = match.kwargs or {}
    object_id = kwargs.get("pk") or kwargs.get("object_id") or kwargs.get("id") or ""
    model = _model_of(match.func)
    if route.startswith("admin:") and match.url_name:
        parts = match.url_name.split("_")
        object_type = ".".join(parts[:2]) if len(parts) >= 3 else route
    elif model is not None:
        object_type = model._meta.label_lower
    else:
        object_type = route
    if not object_id:
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("id"), int):
            object_id = data["id"]
    return object_type, str(object_id), route


def _filename(response) -> str:
    found = _FILENAME.search(response.get("Content-Disposition", ""))
    if not found:
        return ""
    from urllib.parse import unquote

    return unquote(found.group(1) or found.group(2) or "")


class AuditMiddleware:
    """After the view (its transaction has committed or rolled back), write one record for a write or a file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            self.audit(request, response)
        except Exception:  # the audit never breaks the answer; services.record logs its own failures
            log.exception("audit middleware failed on %s %s", request.method, request.path)
        return response

    def audit(self, request, response):
        if getattr(request, "audited", False) or request.path.startswith(UNAUDITED_PATHS):
            return
        status = response.status_code
        action = WRITES.get(request.method)
        if action is None:
            is_file = "attachment" in response.get("Content-Disposition", "") or isinstance(response, FileResponse)
            if request.method != "GET" or not is_file or status >= 400:
                return
            action = Action.DOWNLOAD if isinstance(response, FileResponse) else Action.EXPORT
        object_type, object_id, route = describe_target(request, response)
        result = Result.SUCCESS if status < 400 else Result.REFUSED
        summary = route
        if action in (Action.DOWNLOAD, Action.EXPORT):
            summary = f"{route} {_filename(response)}".strip()
        record(request=request, action=action, result=result, status=status, object_type=object_type,
               object_id=object_id, summary=summary)
