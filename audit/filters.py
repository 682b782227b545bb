"""Filters of the audit trail, shared by the page, the export and the API."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action, AuditRecord, Result


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="username", lookup_expr="iexact", label=_("User"))
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"))
    result = django_filters.ChoiceFilter(choices=Result.choices, label=_("Request result"))
    object_type = django_filters.CharFilter(lookup_expr="iexact", label=_("Object type"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("Until"),
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditRecord
        fields = ["actor", "action", "result", "object_type", "since", "until"]

