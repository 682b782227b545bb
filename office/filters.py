"""Filters and search of the office lists (django-filter, as the other lists)."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengwu_cppcc.api import IntegerFilter
from directory.models import Department, Member, MemberGroup, Sector, SpecialCommittee, User
from directory.roles import Role
from directory.selectors import users_with_role
from workdays.models import CalendarDay


class SearchFilterSet(django_filters.FilterSet):
    """A text search over `search_fields`."""

    search_fields: tuple[str, ...] = ("name",)
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class CalendarDayFilter(SearchFilterSet):
    search_fields = ("name", "note")
    kind = django_filters.ChoiceFilter(choices=CalendarDay.Kind.choices, label=_("Kind"))
    # The year is chosen above the list (the page filters by it); kept here so filtering stays in that year.
    year = IntegerFilter(method="same_queryset", widget=forms.HiddenInput)

    def same_queryset(self, queryset, name, value):
        return queryset

    class Meta:
        model = CalendarDay
        fields = ["kind"]


class MemberFilter(SearchFilterSet):
    search_fields = ("name", "expertise", "employer")
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"))
    group = django_filters.ModelChoiceFilter(queryset=MemberGroup.objects.all(), label=_("Member activity group"))
    committees = django_filters.ModelChoiceFilter(queryset=SpecialCommittee.objects.all(), label=_("Special committee"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Member
        fields = ["sector", "group", "committees", "is_active"]


class NameFilter(SearchFilterSet):
    class Meta:
        fields = []


class UserFilter(SearchFilterSet):
    search_fields = ("username", "full_name", "title", "email")
    role = django_filters.ChoiceFilter(field_name="role_grants__role", choices=Role.choices, label=pgettext_lazy("account", "Role"), distinct=True)
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("Department"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["department", "is_active"]


class DepartmentFilter(SearchFilterSet):
    leader_in_charge = django_filters.ModelChoiceFilter(
        queryset=users_with_role(Role.LEADER_IN_CHARGE), label=_("Government leader in charge")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Department
        fields = ["leader_in_charge", "is_active"]


class TaskFilter(SearchFilterSet):
    search_fields = ("name", "task", "description")
    enabled = django_filters.BooleanFilter(label=_("Enabled"))

    class Meta:
        from django_celery_beat.models import PeriodicTask

        model = PeriodicTask
        fields = ["enabled"]
