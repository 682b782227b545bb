"""The one filter of proposals, shared by the list page and the list endpoint."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.api import IdFilter
from directory.models import Department, Member

from .models import ProposalCategory, ProposalKind, ProposalSession, ProposalStatus


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=ProposalKind.choices, label=_("Kind"))
    session = django_filters.ChoiceFilter(choices=ProposalSession.choices, label=_("Session"))
    category = django_filters.ChoiceFilter(choices=ProposalCategory.choices, label=_("Category"))
    proposer = IdFilter(queryset=Member.objects.all(), label=_("Proposer"))
    department = IdFilter(queryset=Department.objects.all(), field_name="suggested_departments",
                          label=_("Department"), method="by_department")

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(analysis__icontains=value)
                               | Q(suggestions__icontains=value) | Q(proposer__name__icontains=value))

    def by_department(self, queryset, name, value):
        from .models import Proposal

        pk = getattr(value, "pk", value)
        return queryset.filter(pk__in=Proposal.suggested_departments.through.objects.filter(
            department_id=pk).values("proposal_id"))
