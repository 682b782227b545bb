"""A deadline policy counted in calendar months: the lead's due date is the corresponding day (or the next working
day), co-handlers' input stays in working days, a re-handling after an unsatisfied evaluation counts the same way,
and the office page edits the unit."""
from datetime import date

import pytest
from django.urls import reverse

from outcomes.models import DeadlinePolicy, DeadlineUnit
from workdays.services import due_date, due_in_months

pytestmark = pytest.mark.django_db

MONTHLY = {"reply_unit": "calendar_months", "reply_months": 3, "approval": "by_consultation_type",
           "evaluation_working_days": 15}


@pytest.fixture
def monthly(db):
    DeadlinePolicy.objects.update_or_create(kind="work_minutes", defaults={
        "reply_unit": DeadlineUnit.CALENDAR_MONTHS, "reply_months": 3, "cohandler_input_working_days": 10})


def test_a_policy_in_months_gives_the_lead_the_corresponding_day(monthly, make_assignment):
    lead = make_assignment(co=True, forwarded_on=date(2025, 11, 17))
    expected = due_in_months(start=date(2025, 11, 17), months=3)
    assert lead.due_on == expected.due_on == date(2026, 2, 24)
    assert lead.working_days == expected.working_days
    co = lead.outcome.assignments.get(role="co")
    assert co.due_on == due_date(start=date(2025, 11, 17), working_days=10).due_on


def test_the_policy_reads_its_period(monthly):
    policy = DeadlinePolicy.objects.get(kind="work_minutes")
    assert policy.reply_period_label == "3个月"
    policy.reply_unit = DeadlineUnit.WORKING_DAYS
    assert policy.reply_period_label == "20个工作日"


def test_the_office_sets_a_policy_in_months_and_the_outcome_page_says_it(client_for, users, make_outcome):
    client = client_for(users["staff"])
    response = client.post(reverse("office:deadline-edit", args=["work_minutes"]), {
        "reply_working_days": 20,
        "cohandler_input_working_days": 10, "return_window_working_days": 5, "very_overdue_working_days": 10,
        "report_interval_months": 3, **MONTHLY,
    })
    assert response.status_code == 302
    policy = DeadlinePolicy.objects.get(kind="work_minutes")
    assert (policy.reply_unit, policy.reply_months) == ("calendar_months", 3)
    assert "3个月" in client.get(reverse("office:deadline-list")).content.decode()
    outcome = make_outcome()
    assert "主办单位须在3个月内答复" in client.get(outcome.get_absolute_url()).content.decode()
    for months in ("0", "37", "abc"):
        refused = client.post(reverse("office:deadline-edit", args=["work_minutes"]), {
            "reply_working_days": 20,
            "cohandler_input_working_days": 10, "return_window_working_days": 5, "very_overdue_working_days": 10,
            "report_interval_months": 3, **MONTHLY, "reply_months": months,
        })
        assert refused.status_code == 400, months
    assert DeadlinePolicy.objects.get(kind="work_minutes").reply_months == 3
