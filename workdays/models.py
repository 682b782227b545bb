"""Admin-entered corrections to the holiday calendar: days off and adjusted working days (调休)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One date whose status staff set by hand; it overrides the package calendar and the weekend rule."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (day off)")
        WORKDAY = "workday", _("Adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("For example: Spring Festival."))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}{' · ' + self.name if self.name else ''}"
