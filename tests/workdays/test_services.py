"""Working days and due dates: the package calendar, adjusted weekends, admin corrections, provisional years."""
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.utils import translation

from chengwu_cppcc.errors import InvalidInput
from workdays.models import CalendarDay
from workdays.services import (
    add_working_days,
    calendar_is_known,
    due_date,
    is_working_day,
    subtract_working_days,
    working_calendar,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def package_due_on(start: date, working_days: int) -> date:
    """The due date computed independently, straight from chinese_calendar.is_workday."""
    day = start
    while working_days:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            working_days -= 1
    return day


def days_between(start: date, end: date) -> list[date]:
    """Every day d with start < d <= end."""
    return [start + timedelta(days=offset) for offset in range(1, (end - start).days + 1)]


def holiday(day: date, name: str = "") -> CalendarDay:
    return CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.HOLIDAY, name=name)


def workday(day: date, name: str = "") -> CalendarDay:
    return CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.WORKDAY, name=name)


def test_package_marks_the_2026_adjusted_weekends_as_working_days():
    for day in [date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)]:
        assert day.weekday() >= 5
        assert chinese_calendar.is_workday(day)
        assert is_working_day(day)


def test_due_date_across_spring_festival_2026_matches_the_package():
    start = date(2026, 2, 12)

    result = due_date(start=start, working_days=20)

    assert result.due_on == package_due_on(start, 20)
    assert result.start == start and result.working_days == 20
    assert not result.provisional
    assert result.worked_weekend_days == [date(2026, 2, 14), date(2026, 2, 28)]
    examined = days_between(start, result.due_on)
    assert result.skipped == [day for day in examined if not chinese_calendar.is_workday(day)]
    assert date(2026, 2, 17) in result.skipped  # 正月初一
    assert sum(1 for day in examined if day not in result.skipped) == 20


def test_due_date_across_national_day_2026_matches_the_package():
    start = date(2026, 9, 28)

    result = due_date(start=start, working_days=20)

    assert result.due_on == package_due_on(start, 20)
    assert result.worked_weekend_days == [date(2026, 10, 10)]
    assert all(date(2026, 10, day) in result.skipped for day in range(1, 8))


def test_due_date_uses_both_national_day_working_weekends():
    start = date(2026, 9, 18)

    result = due_date(start=start, working_days=20)

    assert result.due_on == package_due_on(start, 20)
    assert result.worked_weekend_days == [date(2026, 9, 20), date(2026, 10, 10)]


@pytest.mark.parametrize("working_days", [1, 3, 20])
def test_due_date_matches_the_package_for_every_start_day_of_2026(working_days):
    calendar = working_calendar(start=date(2026, 1, 1), end=date(2026, 12, 31))
    start = date(2026, 1, 1)
    while start < date(2026, 11, 1):
        assert due_date(start=start, working_days=working_days, calendar=calendar).due_on == package_due_on(
            start, working_days
        ), start
        start += timedelta(days=1)


def test_explanation_names_start_count_holidays_and_adjusted_weekends():
    result = due_date(start=date(2026, 2, 12), working_days=20)

    with translation.override("en"):
        text = result.explanation
    assert "2026-02-12" in text and "20 working days" in text
    assert "Spring Festival 2026-02-15–2026-02-23" in text
    assert "2026-02-14, 2026-02-28" in text
    assert "Provisional" not in text
    with translation.override("zh-hans"):
        assert "春节" in result.explanation and "调休" in result.explanation


def test_zero_working_days_is_due_on_the_start_day():
    result = due_date(start=date(2026, 2, 15), working_days=0)

    assert result.due_on == date(2026, 2, 15)
    assert result.skipped == [] and result.worked_weekend_days == []


@pytest.mark.parametrize("bad", [-1, "20", 2.5, None, 1001])
def test_due_date_refuses_a_negative_non_integer_or_absurd_count(bad):
    with pytest.raises(InvalidInput) as error:
        due_date(start=date(2026, 3, 2), working_days=bad)
    assert "working_days" in error.value.field_errors


def test_calendar_is_known_only_for_the_years_the_package_covers():
    assert calendar_is_known(2004) and calendar_is_known(2026)
    assert not calendar_is_known(2003) and not calendar_is_known(2027)


def test_years_the_package_does_not_know_fall_back_to_monday_to_friday():
    assert is_working_day(date(2027, 1, 1))  # a Friday; the real New Year holiday is not known yet
    assert not is_working_day(date(2027, 1, 2))
    assert is_working_day(date(2003, 1, 3)) and not is_working_day(date(2003, 1, 4))


def test_due_date_running_into_2027_is_provisional_and_counts_monday_to_friday():
    start = date(2026, 12, 15)

    result = due_date(start=start, working_days=20)

    expected, remaining = start, 20
    while remaining:
        expected += timedelta(days=1)
        works = chinese_calendar.is_workday(expected) if expected.year == 2026 else expected.weekday() < 5
        remaining -= works
    assert result.due_on == expected
    assert result.provisional and result.provisional_years == [2027]
    with translation.override("en"):
        assert "Provisional" in result.explanation and "2027" in result.explanation


def test_due_date_within_a_known_year_is_not_provisional_even_near_its_end():
    result = due_date(start=date(2026, 12, 1), working_days=5)

    assert result.due_on.year == 2026
    assert not result.provisional


def test_admin_holidays_in_2027_are_skipped_and_an_admin_working_saturday_is_used():
    for day in range(5, 12):
        holiday(date(2027, 2, day), "春节")
    workday(date(2027, 2, 20), "春节调休")
    start = date(2027, 2, 1)  # Monday

    result = due_date(start=start, working_days=10)

    # Feb 2–4 (3), holidays Feb 5–11, Feb 12 (4), Feb 15–19 (9), Saturday Feb 20 (10)
    assert result.due_on == date(2027, 2, 20)
    assert result.worked_weekend_days == [date(2027, 2, 20)]
    assert [date(2027, 2, day) for day in range(5, 12)] == [d for d in result.skipped if d < date(2027, 2, 12)]
    assert result.provisional
    with translation.override("en"):
        assert "春节 2027-02-05–2027-02-11" in result.explanation


def test_admin_correction_overrides_the_package_in_a_known_year():
    assert chinese_calendar.is_workday(date(2026, 3, 2))
    assert not chinese_calendar.is_workday(date(2026, 3, 7))
    assert due_date(start=date(2026, 2, 27), working_days=6).due_on == date(2026, 3, 6)

    holiday(date(2026, 3, 2), "临时放假")
    workday(date(2026, 3, 7), "临时调休")

    assert not is_working_day(date(2026, 3, 2))
    assert is_working_day(date(2026, 3, 7))
    result = due_date(start=date(2026, 2, 27), working_days=6)
    # Sat Feb 28 (package 调休), Mar 3–6, Sat Mar 7 (admin)
    assert result.due_on == date(2026, 3, 7)
    assert result.worked_weekend_days == [date(2026, 2, 28), date(2026, 3, 7)]
    assert date(2026, 3, 2) in result.skipped


def test_deleting_a_correction_takes_effect_at_once():
    correction = holiday(date(2026, 3, 2))
    assert not is_working_day(date(2026, 3, 2))

    correction.delete()

    assert is_working_day(date(2026, 3, 2))


def test_add_working_days_agrees_with_due_date_and_goes_backwards():
    start = date(2026, 2, 12)
    assert add_working_days(start, 20) == due_date(start=start, working_days=20).due_on
    assert add_working_days(start, 0) == start
    # Backwards over the Spring Festival: Feb 24 is the first working day after it.
    assert add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 24), -2) == date(2026, 2, 13)


def test_working_days_between_counts_days_after_start_up_to_end():
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 12)) == 0
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2  # Sat Feb 14 and Tue Feb 24
    assert working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
    start = date(2026, 2, 12)
    assert working_days_between(start, add_working_days(start, 20)) == 20


def test_subtract_and_between_are_consistent_for_working_days():
    day = date(2026, 1, 5)
    while day < date(2026, 11, 30):
        if is_working_day(day):
            for n in (1, 3, 10):
                earlier = subtract_working_days(day, n)
                assert earlier < day
                assert working_days_between(earlier, day) == n
                assert working_days_between(day, earlier) == -n
                assert add_working_days(earlier, n) == day
        day += timedelta(days=9)


def test_due_date_over_60_working_days_uses_one_query(django_assert_num_queries):
    for month in (1, 2, 5, 9, 10):
        holiday(date(2027, month, 4))

    with django_assert_num_queries(1):
        result = due_date(start=date(2026, 9, 1), working_days=60)
    assert result.due_on == package_due_on(date(2026, 9, 1), 60)
    with django_assert_num_queries(1):
        due_date(start=date(2026, 12, 1), working_days=60)
    with django_assert_num_queries(1):
        working_days_between(date(2026, 1, 1), date(2027, 12, 31))


def test_a_sweep_sharing_one_calendar_uses_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = working_calendar(start=date(2025, 12, 1), end=date(2026, 12, 31))
        for offset in range(200):
            due_date(start=date(2026, 1, 1) + timedelta(days=offset), working_days=20, calendar=calendar)
            subtract_working_days(date(2026, 1, 5) + timedelta(days=offset), 3, calendar=calendar)
