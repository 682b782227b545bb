"""Admin for the working-day calendar: the corrections staff enter for holidays and adjusted working days."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(day.year), str(day.year)) for day in CalendarDay.objects.dates("date", "year", order="DESC")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "note"]
    list_filter = ["kind", YearFilter]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]
