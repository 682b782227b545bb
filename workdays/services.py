"""Working days in China: the State Council calendar, admin corrections, the weekend fallback and due dates."""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.errors import InvalidInput

from .models import CalendarDay

# The package's own tables, read directly: its is_workday() recomputes the known range on every call,
# which is too slow for sweeps over many rows.
_PACKAGE_HOLIDAYS: dict[date, str] = chinese_calendar.holidays
_PACKAGE_WORKDAYS: dict[date, str] = chinese_calendar.workdays
FIRST_KNOWN_YEAR: int = min(_PACKAGE_HOLIDAYS).year
LAST_KNOWN_YEAR: int = max(_PACKAGE_HOLIDAYS).year

# The package names holidays in English; these make them translatable.
PACKAGE_HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Anti-Fascist 70th Day"),
}

# Extra days loaded around an estimated span, so one query almost always covers a whole calculation.
_SLACK_DAYS = 45


def calendar_is_known(year: int) -> bool:
    """True if the chinese-calendar package has the official holiday calendar for this year."""
    return FIRST_KNOWN_YEAR <= year <= LAST_KNOWN_YEAR


def _as_date(value: date) -> date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


class WorkingCalendar:
    """Answers for a span of dates; admin corrections are loaded once per span, never once per day.

    Build one with `working_calendar(start=..., end=...)` and pass it as `calendar=` to the functions below
    when many dates are computed in a row (a sweep); asking outside the span loads the missing part once more.
    """

    def __init__(self, *, start: date, end: date):
        self._overrides: dict[date, tuple[str, str]] = {}
        self._first = start
        self._last = start - timedelta(days=1)  # nothing loaded yet
        self._load(start, max(start, end))

    def _load(self, first: date, last: date) -> None:
        rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind", "name")
        self._overrides.update({day: (kind, name) for day, kind, name in rows})
        self._first, self._last = min(self._first, first), max(self._last, last)

    def _cover(self, day: date) -> None:
        if day < self._first:
            self._load(min(day, self._first - timedelta(days=4 * _SLACK_DAYS)), self._first - timedelta(days=1))
        elif day > self._last:
            self._load(self._last + timedelta(days=1), max(day, self._last + timedelta(days=4 * _SLACK_DAYS)))

    def override(self, day: date) -> tuple[str, str] | None:
        """The admin correction for this day as (kind, name), or None."""
        self._cover(day)
        return self._overrides.get(day)

    def is_working_day(self, day: date) -> bool:
        entry = self.override(day)
        if entry is not None:
            return entry[0] == CalendarDay.Kind.WORKDAY
        if calendar_is_known(day.year):
            return day in _PACKAGE_WORKDAYS or (day.weekday() < 5 and day not in _PACKAGE_HOLIDAYS)
        return day.weekday() < 5

    def holiday_name(self, day: date) -> str | Promise:
        """The readable name of the holiday (or adjusted working day) on this day, or ''; lazy for the package's."""
        entry = self.override(day)
        if entry is not None:
            return entry[1]
        if calendar_is_known(day.year):
            package_name = _PACKAGE_HOLIDAYS.get(day) or _PACKAGE_WORKDAYS.get(day)
            if package_name:
                return PACKAGE_HOLIDAY_NAMES.get(package_name, package_name)
        return ""


def working_calendar(*, start: date, end: date) -> WorkingCalendar:
    """A calendar with the admin corrections between start and end loaded in one query (for sweeps)."""
    start, end = _as_date(start), _as_date(end)
    return WorkingCalendar(start=min(start, end), end=max(start, end))


def _calendar_around(start: date, working_days: int, calendar: WorkingCalendar | None) -> WorkingCalendar:
    if calendar is not None:
        return calendar
    span = timedelta(days=abs(working_days) * 7 // 5 + _SLACK_DAYS)
    return working_calendar(start=start, end=start + span if working_days >= 0 else start - span)


def is_working_day(day: date, *, calendar: WorkingCalendar | None = None) -> bool:
    """Admin corrections first, then the package for the years it knows, else Monday to Friday."""
    day = _as_date(day)
    return (calendar or working_calendar(start=day, end=day)).is_working_day(day)


def add_working_days(start: date, n: int, *, calendar: WorkingCalendar | None = None) -> date:
    """The nth working day after start (before it if n < 0); start itself is never counted; 0 gives start."""
    start = _as_date(start)
    calendar = _calendar_around(start, n, calendar)
    step = timedelta(days=1 if n >= 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(day: date, n: int, *, calendar: WorkingCalendar | None = None) -> date:
    """The nth working day before day (e.g. a reminder 3 working days before a due date)."""
    return add_working_days(day, -n, calendar=calendar)


def working_days_between(start: date, end: date, *, calendar: WorkingCalendar | None = None) -> int:
    """How many working days d have start < d <= end; negative (the same count for end < d <= start) if end < start."""
    start, end = _as_date(start), _as_date(end)
    if end == start:
        return 0
    low, high = min(start, end), max(start, end)
    calendar = calendar or working_calendar(start=low, end=high)
    count = sum(1 for offset in range(1, (high - low).days + 1) if calendar.is_working_day(low + timedelta(days=offset)))
    return count if end > start else -count


@dataclass(frozen=True)
class DueDate:
    """A due date with everything needed to explain it."""

    start: date
    working_days: int
    due_on: date
    provisional: bool
    months: int = 0  # set when the period is counted in calendar months (then working_days is the count it spans)
    month_day: date | None = None  # the corresponding day of the month, before moving past a day off
    skipped: list[date] = field(default_factory=list)
    worked_weekend_days: list[date] = field(default_factory=list)
    provisional_years: list[int] = field(default_factory=list)
    day_names: dict[date, str | Promise] = field(default_factory=dict, repr=False)

    @property
    def skipped_holidays(self) -> list[tuple[str | Promise, date, date]]:
        """Skipped named holidays as (name, first day, last day), consecutive days of one holiday merged."""
        runs: list[tuple[str | Promise, date, date]] = []
        for day in self.skipped:
            name = self.day_names.get(day) or ("" if day.weekday() >= 5 else gettext("Holiday"))
            if not name:
                continue
            if runs and runs[-1][0] == name and (day - runs[-1][2]).days == 1:
                runs[-1] = (name, runs[-1][1], day)
            else:
                runs.append((name, day, day))
        return runs

    @property
    def explanation(self) -> str:
        """A short readable account: start, count, holidays skipped, adjusted weekends used, provisional years."""
        if self.months:
            parts = [
                gettext("Due on %(due_on)s: %(months)d months after %(start)s, on the corresponding day of the "
                        "month (the last day of a shorter month); %(count)d working days.")
                % {"due_on": self.due_on.isoformat(), "months": self.months, "start": self.start.isoformat(),
                   "count": self.working_days}
            ]
            if self.month_day and self.month_day != self.due_on:
                parts.append(gettext("%(day)s is not a working day: the next working day is the last day.")
                             % {"day": self.month_day.isoformat()})
        else:
            parts = [
                gettext("Due on %(due_on)s: %(count)d working days after %(start)s (the start day is not counted).")
                % {"due_on": self.due_on.isoformat(), "count": self.working_days, "start": self.start.isoformat()}
            ]
        holidays = self.skipped_holidays
        if holidays:
            listed = "; ".join(
                f"{name} {first.isoformat()}" + (f"–{last.isoformat()}" if last != first else "")
                for name, first, last in holidays
            )
            parts.append(gettext("Holidays skipped: %(list)s.") % {"list": listed})
        plain_weekend_days = sum(1 for day in self.skipped if day.weekday() >= 5 and not self.day_names.get(day))
        if plain_weekend_days:
            parts.append(gettext("Weekend days skipped: %(count)d.") % {"count": plain_weekend_days})
        if self.worked_weekend_days:
            listed = ", ".join(day.isoformat() for day in self.worked_weekend_days)
            parts.append(gettext("Adjusted working weekend days counted: %(list)s.") % {"list": listed})
        if self.provisional:
            years = ", ".join(str(year) for year in self.provisional_years)
            parts.append(
                gettext(
                    "Provisional: the official holiday calendar for %(years)s is not yet known; Monday to Friday "
                    "and the corrections entered by staff were used."
                )
                % {"years": years}
            )
        return " ".join(parts)


MAX_WORKING_DAYS = 1000  # about four years: beyond it a due date means nothing (forms and API take it from here)


def due_date(*, start: date, working_days: int, calendar: WorkingCalendar | None = None) -> DueDate:
    """The working_days-th working day after start, with the days skipped and the adjusted weekends used."""
    if isinstance(working_days, bool) or not isinstance(working_days, int):
        raise InvalidInput(field_errors={"working_days": [gettext("Enter a whole number.")]})
    if working_days < 0:
        raise InvalidInput(field_errors={"working_days": [gettext("The number of working days cannot be negative.")]})
    if working_days > MAX_WORKING_DAYS:
        message = gettext("At most %(count)d working days.") % {"count": MAX_WORKING_DAYS}
        raise InvalidInput(field_errors={"working_days": [message]})
    if not isinstance(start, date):
        raise InvalidInput(field_errors={"start": [gettext("Enter a valid date.")]})
    start = _as_date(start)
    calendar = _calendar_around(start, working_days, calendar)
    day, remaining = start, working_days
    while remaining:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return _due(start, day, calendar, working_days=working_days)


def _due(start: date, due_on: date, calendar: WorkingCalendar, **extra) -> DueDate:
    """The account of the days after `start` up to `due_on`: the days off skipped, the adjusted weekend days
    worked, the years whose official calendar is not known, and the names of those days."""
    days = [start + timedelta(days=offset) for offset in range(1, (due_on - start).days + 1)]
    working = {d for d in days if calendar.is_working_day(d)}
    skipped = [d for d in days if d not in working]
    worked_weekend_days = [d for d in days if d in working and d.weekday() >= 5]
    unknown_years = sorted({d.year for d in days if not calendar_is_known(d.year)})
    names = {d: name for d in (*skipped, *worked_weekend_days) if (name := calendar.holiday_name(d))}
    extra.setdefault("working_days", len(working))
    return DueDate(start=start, due_on=due_on, provisional=bool(unknown_years), skipped=skipped,
                   worked_weekend_days=worked_weekend_days, provisional_years=unknown_years, day_names=names,
                   **extra)


MAX_MONTHS = 36


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later; the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def due_in_months(*, start: date, months: int, calendar: WorkingCalendar | None = None) -> DueDate:
    """A period counted in calendar months, as the Civil Code counts it (民法典 arts. 201–203): the start day is not
    counted; the last day is the corresponding day of the last month, or that month's last day when it has no such
    day; when that day is not a working day, the next working day is the last day. The DueDate carries the working
    days the period spans, the days off inside it and whether an unknown year's calendar was used."""
    if isinstance(months, bool) or not isinstance(months, int):
        raise InvalidInput(field_errors={"months": [gettext("Enter a whole number.")]})
    if not 1 <= months <= MAX_MONTHS:
        message = gettext("Between 1 and %(count)d months.") % {"count": MAX_MONTHS}
        raise InvalidInput(field_errors={"months": [message]})
    if not isinstance(start, date):
        raise InvalidInput(field_errors={"start": [gettext("Enter a valid date.")]})
    start = _as_date(start)
    month_day = add_months(start, months)
    calendar = calendar or working_calendar(start=start, end=month_day + timedelta(days=_SLACK_DAYS))
    due_on = month_day
    while not calendar.is_working_day(due_on):
        due_on += timedelta(days=1)
    return _due(start, due_on, calendar, months=months, month_day=month_day)
