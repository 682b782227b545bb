"""Filters shared by the 社情民意 list page and its list endpoint."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.api import DateYearFilter, IdFilter, IntegerFilter
from directory.models import Member

from .models import OpinionCategory, PublicOpinionStatus


class PublicOpinionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=PublicOpinionStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=OpinionCategory.choices, label=_("Category"))
    year = DateYearFilter(field_name="created_at__year", label=_("Year"))
    author = IdFilter(queryset=Member.objects.all(), label=_("Member"))
    topic = IntegerFilter(field_name="topic_id", label=_("Topic"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(content__icontains=value))
