"""A reply period counted in calendar months (proposals: 3 months), as the Civil Code counts it (arts. 201–203):
the corresponding day, the month's last day when it has none, then the next working day; across Spring Festival,
into a year the package does not know (provisional), with the staff's corrections."""
from datetime import date

import pytest
from django.utils import translation

from chengwu_cppcc.errors import InvalidInput
from workdays.models import CalendarDay
from workdays.services import due_in_months, working_days_between

pytestmark = pytest.mark.django_db


def test_the_corresponding_day_when_it_is_a_working_day():
    due = due_in_months(start=date(2026, 3, 10), months=3)
    assert due.due_on == date(2026, 6, 10) and due.month_day == date(2026, 6, 10)
    assert not due.provisional and due.months == 3
    assert due.working_days == working_days_between(date(2026, 3, 10), date(2026, 6, 10))


def test_across_spring_festival_the_last_day_moves_past_the_holiday():
    # 17 Feb 2026 is in the Spring Festival holiday (15–23 Feb): the next working day is Tuesday 24 Feb.
    due = due_in_months(start=date(2025, 11, 17), months=3)
    assert due.month_day == date(2026, 2, 17) and due.due_on == date(2026, 2, 24)
    names = [str(name) for name, _first, _last in due.skipped_holidays]
    assert "春节" in names
    assert date(2026, 2, 14) in due.worked_weekend_days  # the adjusted working Saturday before it
    with translation.override("zh-hans"):
        text = due.explanation
    assert "2026-02-24" in text and "3个月" in text and "顺延" in text and "春节" in text


def test_a_shorter_month_ends_on_its_last_day_and_an_adjusted_saturday_counts():
    # 30 Nov + 3 months: February has no 30th, so 28 Feb 2026, an adjusted working Saturday (调休).
    due = due_in_months(start=date(2025, 11, 30), months=3)
    assert due.month_day == date(2026, 2, 28) and due.due_on == date(2026, 2, 28)
    assert due_in_months(start=date(2027, 1, 31), months=1).month_day == date(2027, 2, 28)
    assert due_in_months(start=date(2027, 11, 29), months=3).month_day == date(2028, 2, 29)  # leap year


def test_into_the_provisional_year_it_says_so_and_uses_the_staffs_holidays():
    # Forwarded 20 Nov 2026, 3 months: 20 Feb 2027 is a Saturday in a year the package does not know.
    due = due_in_months(start=date(2026, 11, 20), months=3)
    assert due.month_day == date(2027, 2, 20) and due.due_on == date(2027, 2, 22)
    assert due.provisional and due.provisional_years == [2027]
    with translation.override("en"):
        assert "2027" in due.explanation and "Provisional" in due.explanation
    # Staff enter the 2027 Spring Festival holiday once it is published: the due date moves past it.
    for day in range(22, 25):
        CalendarDay.objects.create(date=date(2027, 2, day), kind=CalendarDay.Kind.HOLIDAY, name="春节")
    moved = due_in_months(start=date(2026, 11, 20), months=3)
    assert moved.due_on == date(2027, 2, 25) and moved.provisional
    assert [str(name) for name, _first, _last in moved.skipped_holidays] == ["春节"]


@pytest.mark.parametrize("months", [0, -1, 37, "3", 2.5, True, None])
def test_a_bad_number_of_months_is_refused_with_a_message(months):
    with pytest.raises(InvalidInput) as refused:
        due_in_months(start=date(2026, 3, 10), months=months)
    assert "months" in refused.value.field_errors


def test_a_bad_start_is_refused():
    with pytest.raises(InvalidInput) as refused:
        due_in_months(start="2026-03-10", months=3)
    assert "start" in refused.value.field_errors
