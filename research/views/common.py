"""What every research page shares: coarse access, scope lookups, error display."""
from django.core.exceptions import PermissionDenied
from django.http import Http404

from directory.views import RoleRequiredMixin

from .. import selectors


class ResearchReaderMixin(RoleRequiredMixin):
    allowed_roles = selectors.READER_ROLES


def scoped_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):  # not there, or not an id at all (?from=abc)
        raise Http404 from None


def editable_group(request, pk):
    """A group this user may change: 403 for a role outside the stage, 404 outside scope, 403 for a reader who may
    not change it — all before any form is bound (the services check the same)."""
    if not selectors.can_read(request.user):
        raise PermissionDenied
    group = scoped_or_404(selectors.groups_for(request.user), pk)
    if not selectors.is_editor(request.user, group):
        raise PermissionDenied
    return group
