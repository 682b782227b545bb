"""Helpers for pages: run a service step and turn its refusal into what a page shows."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .errors import NotAllowed, NotFound, ServiceError


def show_refusal(request, exc: ServiceError, form=None) -> None:
    """A step the service refused, on a page: 403 and 404 propagate as such; otherwise field messages go onto the
    form (which keeps what the user typed) and the reason into a message."""
    if isinstance(exc, NotAllowed):
        raise PermissionDenied(str(exc.message)) from exc
    if isinstance(exc, NotFound):
        raise Http404(str(exc.message)) from exc
    if form is not None:
        for field, errors in exc.field_errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, str(error))
    messages.error(request, str(exc.message))


def run_step(request, step, *, form=None, success: str = ""):
    """Call `step()`; on refusal keep the form (and what the user typed) and say why (show_refusal).

    Returns the step's result, or None when it was refused.
    """
    try:
        result = step()
    except ServiceError as exc:
        show_refusal(request, exc, form)
        return None
    if success:
        messages.success(request, success)
    return result


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
