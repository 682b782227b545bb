"""What every research page shares: coarse access, scope lookups, error display."""
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
