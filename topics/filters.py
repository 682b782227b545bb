"""Topic filters shared by the list page, the API and exports."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.api import IdFilter, IntegerFilter
from directory.models import SpecialCommittee
from directory.selectors import vice_chairs

from .models import ConsultationType, Domain, Source, Topic, TopicStatus, Track


class TopicFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="plan__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=TopicStatus.choices, label=_("Status"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("Source"))
    track = django_filters.ChoiceFilter(choices=Track.choices, label=_("Track"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices, label=_("Domain"))
    consultation_type = django_filters.ChoiceFilter(choices=ConsultationType.choices, label=_("Consultation type"))
    plan = IntegerFilter(field_name="plan_id", label=_("Plan"))
    committee = IdFilter(queryset=SpecialCommittee.objects.all(), label=_("Special committee"))
    vice_chair = IdFilter(queryset=vice_chairs(), label=_("Vice-chair in charge"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Topic
        fields = ["plan", "year", "status", "source", "track", "domain", "consultation_type", "committee", "vice_chair"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(rationale__icontains=value) | Q(origin_reference__icontains=value)
        )
