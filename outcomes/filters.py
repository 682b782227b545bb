"""Filters shared by list pages and list endpoints."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengwu_cppcc.api import IdFilter, IntegerFilter
from directory.models import Department
from topics.models import ConsultationType

from .models import (
    AdoptionStatus,
    AssignmentRole,
    AssignmentStatus,
    CaseStatus,
    MatterOwner,
    OutcomeKind,
    OutcomeStatus,
    ReplyStatus,
)


class OutcomeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OutcomeStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=OutcomeKind.choices, label=_("kind"))
    consultation_type = django_filters.ChoiceFilter(choices=ConsultationType.choices, label=_("consultation type"))
    year = IntegerFilter(field_name="topic__plan__year", label=_("year"))
    topic = IntegerFilter(field_name="topic_id", label=_("topic"))
    group = IntegerFilter(field_name="report__group_id", label=_("research group"))
    q = django_filters.CharFilter(method="search", label=_("search"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(topic__title__icontains=value))


class AssignmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AssignmentStatus.choices, label=_("status"))
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices, label=pgettext_lazy("assignment", "role"))
    department = IdFilter(queryset=Department.objects.all(), label=_("department"))
    outcome = IntegerFilter(field_name="outcome_id", label=_("outcome"))
    matter = IntegerFilter(field_name="matter_id", label=_("forwarded matter"))
    belongs_to = django_filters.ChoiceFilter(field_name="matter__owner_kind", choices=MatterOwner.choices,
                                             label=_("belongs to"))
    year = IntegerFilter(field_name="outcome__topic__plan__year", label=_("year"))
    overdue = django_filters.BooleanFilter(field_name="is_overdue", label=_("overdue"))
    very_overdue = django_filters.BooleanFilter(field_name="is_very_overdue", label=_("very overdue"))
    q = django_filters.CharFilter(method="search", label=_("search"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(matter__title__icontains=value) | Q(department__name__icontains=value))


class ReplyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReplyStatus.choices, label=_("status"))
    assignment = IntegerFilter(field_name="assignment_id", label=_("assignment"))
    outcome = IntegerFilter(field_name="assignment__outcome_id", label=_("outcome"))
    matter = IntegerFilter(field_name="assignment__matter_id", label=_("forwarded matter"))
    department = IntegerFilter(field_name="assignment__department_id", label=_("department"))
    year = IntegerFilter(field_name="assignment__outcome__topic__plan__year", label=_("year"))
    evaluated = django_filters.BooleanFilter(method="filter_evaluated", label=_("evaluated"))

    def filter_evaluated(self, queryset, name, value):
        return queryset.exclude(evaluation="") if value else queryset.filter(evaluation="")


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("status"))
    belongs_to = django_filters.ChoiceFilter(field_name="matter__owner_kind", choices=MatterOwner.choices,
                                             label=_("belongs to"))
    outcome = IntegerFilter(field_name="outcome_id", label=_("outcome"))
    matter = IntegerFilter(field_name="matter_id", label=_("forwarded matter"))
    year = IntegerFilter(field_name="outcome__topic__plan__year", label=_("year"))


class SuggestionFilter(django_filters.FilterSet):
    outcome = IntegerFilter(field_name="outcome_id", label=_("outcome"))
    adoption_status = django_filters.ChoiceFilter(choices=AdoptionStatus.choices, label=_("status"))


class ProgressReportFilter(django_filters.FilterSet):
    outcome = IntegerFilter(field_name="outcome_id", label=_("outcome"))
    assignment = IntegerFilter(field_name="assignment_id", label=_("assignment"))
