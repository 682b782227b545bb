"""Reply-deadline reminders fire on the exact working days, across Spring Festival and past the known calendar."""
import datetime

import chinese_calendar
import pytest

from notifications.models import Notification, Reminder
from notifications.services import run_sweeps
from tests.outcomes.conftest import make_assignment, make_outcome, make_topic, media_root, plan  # noqa: F401

pytestmark = pytest.mark.django_db


def is_workday(day):
    """Independent of the app: the package's calendar, Monday–Friday where it has no data."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def nth_workday_after(day, n):
    while n:
        day += datetime.timedelta(days=1)
        n -= is_workday(day)
    return day


def workdays_between(start, end):
    return sum(is_workday(start + datetime.timedelta(days=i)) for i in range(1, (end - start).days + 1))


def expected_days(forwarded_on, due):
    soon = next(d for d in (forwarded_on + datetime.timedelta(days=i) for i in range(1, 60))
                if 0 < workdays_between(d, due) <= 3)
    return {
        ("reply_due_soon", due.isoformat()): soon,
        ("reply_due_today", due.isoformat()): due,
        ("reply_overdue", due.isoformat()): due + datetime.timedelta(days=1),
        ("reply_escalation", f"{due.isoformat()}#0"): nth_workday_after(due, 5),
        ("reply_escalation", f"{due.isoformat()}#1"): nth_workday_after(due, 10),
    }


def fired_days(start, end):
    fired = {}
    day = start
    while day <= end:
        known = set(Reminder.objects.values_list("kind", "period"))
        run_sweeps(today=day)
        for key in set(Reminder.objects.values_list("kind", "period")) - known:
            fired[key] = day
        day += datetime.timedelta(days=1)
    return fired


@pytest.mark.parametrize("forwarded_on,working_days", [
    (datetime.date(2026, 1, 26), 20),   # due after the Spring Festival holiday and its worked Saturdays
    (datetime.date(2026, 11, 26), 40),  # due in 2027, beyond the package's calendar (Monday–Friday)
], ids=["across-spring-festival-2026", "into-provisional-2027"])
def test_reply_reminders_fire_on_the_right_working_days(users, make_assignment, forwarded_on, working_days):  # noqa: F811
    from outcomes.models import DeadlinePolicy

    DeadlinePolicy.objects.filter(kind="work_minutes").update(reply_working_days=working_days)
    assignment = make_assignment("counterpart", forwarded_on=forwarded_on)
    due = nth_workday_after(forwarded_on, working_days)
    assert assignment.due_on == due
    assert assignment.due_provisional == (due.year > 2026)
    fired = fired_days(forwarded_on, nth_workday_after(due, 11))
    assert fired == expected_days(forwarded_on, due)
    escalations = Notification.objects.filter(kind="reply_escalation")
    assert set(escalations.values_list("recipient__username", flat=True)) == {"staff", "supervisor"}
    assert Notification.objects.filter(kind="reply_overdue", recipient=users["department"]).count() == 1
    assert not Notification.objects.filter(kind__startswith="reply", recipient=users["department2"]).exists()


def test_reminders_stop_when_the_reply_is_approved(users, make_assignment):  # noqa: F811
    assignment = make_assignment("counterpart", forwarded_on=datetime.date(2026, 1, 26))
    assignment.status = "replied"
    assignment.save(update_fields=["status"])
    assert run_sweeps(today=assignment.due_on + datetime.timedelta(days=30))["sweep_reply_deadlines"] == 0


def test_a_backlog_of_escalations_reaches_the_office_as_one_digest(users, make_assignment):  # noqa: F811
    from notifications.services import DIGEST_AFTER

    forwarded_on = datetime.date(2026, 3, 2)
    assignments = [make_assignment("counterpart", forwarded_on=forwarded_on) for _ in range(DIGEST_AFTER + 2)]
    day = nth_workday_after(assignments[0].due_on, 5)  # the fifth overdue working day: all escalate at once
    run_sweeps(today=day)
    assert Reminder.objects.filter(kind="reply_escalation").count() == len(assignments)  # each in the ledger
    assert not Notification.objects.filter(kind="reply_escalation").exists()
    for name in ("staff", "supervisor"):
        digest = Notification.objects.get(kind="reply_escalation_digest", recipient=users[name])
        assert digest.title == f"逾期督办：{len(assignments)}件交办件逾期未答复"
        assert digest.body.count("\n") == len(assignments) - 1 and "已逾期5个工作日" in digest.body
        assert digest.url.endswith("?overdue=true") and digest.reminder_id is None
    # The department is still told of each of its own, one by one.
    assert Notification.objects.filter(kind="reply_overdue", recipient=users["department"]).count() == len(assignments)
    before = Notification.objects.count()
    run_sweeps(today=day)
    assert Notification.objects.count() == before  # sent once
