"""Filters shared by the list pages and the list endpoints."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.api import DateYearFilter, IdFilter, IntegerFilter
from directory.selectors import vice_chairs

from .models import Activity, ActivityKind, GroupStatus, Report, ReportStatus, ResearchGroup


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    year = IntegerFilter(field_name="topic__plan__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=GroupStatus.choices, label=_("Status"))
    leader = IdFilter(queryset=vice_chairs(), label=_("Group leader"))
    plan = IntegerFilter(field_name="topic__plan_id", label=_("Plan"))
    topic = IntegerFilter(field_name="topic_id", label=_("Topic"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Only groups I lead"))

    class Meta:
        model = ResearchGroup
        fields = ["q", "year", "status", "leader", "plan", "topic", "mine"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(topic__title__icontains=value) | Q(leader__full_name__icontains=value))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return queryset.filter(leader=user) if value and user is not None else queryset


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    group = IntegerFilter(field_name="group_id", label=_("Research group"))
    topic = IntegerFilter(field_name="group__topic_id", label=_("Topic"))
    year = IntegerFilter(field_name="group__topic__plan__year", label=_("Year"))
    to_review = django_filters.BooleanFilter(method="filter_to_review", label=_("Waiting for my review"))

    class Meta:
        model = Report
        fields = ["status", "group", "topic", "year", "to_review"]

    def filter_to_review(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None:
            return queryset.filter(group__leader=user, status=ReportStatus.SUBMITTED)
        return queryset


class VisitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    year = DateYearFilter(field_name="held_on__year", label=_("Year"))
    destination = django_filters.CharFilter(lookup_expr="icontains", label=_("Destination"))

    class Meta:
        model = Activity
        fields = ["q", "year", "destination"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(destination__icontains=value) | Q(findings__title__icontains=value)
        ).distinct()


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    year = DateYearFilter(field_name="held_on__year", label=_("Year"))

    class Meta:
        model = Activity
        fields = ["kind", "year"]
