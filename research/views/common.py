"""What every research page shares: coarse access, scope lookups, error display."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from chengwu_cppcc.errors import NotAllowed, NotFound, ServiceError
from chengwu_cppcc.pages import querystring_without_page  # noqa: F401 - re-exported to the views
from directory.views import RoleRequiredMixin

from .. import selectors


class ResearchReaderMixin(RoleRequiredMixin):
    allowed_roles = selectors.READER_ROLES


def scoped_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def show_error(request, error: ServiceError, form=None) -> None:
    """A refused step: field messages go onto the form, the rest into a message."""
    if isinstance(error, NotFound):
        raise Http404
    if isinstance(error, NotAllowed):
        raise PermissionDenied(str(error.message))
    if form is not None:
        for field, errors in error.field_errors.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    messages.error(request, error.message)


def run_step(request, step, success_message, next_url):
    """Run one POST-only step (no form to keep) and go back."""
    try:
        step()
    except ServiceError as error:
        show_error(request, error)
    else:
        messages.success(request, success_message)
    return redirect(next_url)
