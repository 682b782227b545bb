"""Reminders: each fires on the right working day, once, whoever sweeps and however often."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command

from notifications.models import Delivery, Notification, Reminder, ReminderPolicy
from notifications.services import ReminderDue, deliver_pending, run_sweeps, send_reminders

pytestmark = pytest.mark.django_db


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def test_same_reminder_twice_is_sent_once(users, make_milestone):
    milestone = make_milestone(datetime.date(2026, 6, 10))
    ct = ContentType.objects.get_for_model(milestone).pk
    due = ReminderDue(ct, milestone.pk, "milestone_due_soon", "2026-06-10", "标题",
                      recipient_ids=(users["staff"].pk, users["vice_chair"].pk))
    assert send_reminders([due, due]) == 1
    assert send_reminders([due]) == 0
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(reminder__isnull=False).count() == 2


def test_reminder_nobody_can_receive_waits_until_somebody_can(users, make_milestone):
    milestone = make_milestone(datetime.date(2026, 6, 10))
    ct = ContentType.objects.get_for_model(milestone).pk
    nobody = ReminderDue(ct, milestone.pk, "milestone_due_soon", "2026-06-10", "标题", body="", url="")
    assert send_reminders([nobody]) == 0
    assert not Reminder.objects.exists()  # not recorded: it was not sent
    somebody = ReminderDue(ct, milestone.pk, "milestone_due_soon", "2026-06-10", "标题", body="",
                           recipient_ids=(users["staff"].pk,))
    assert send_reminders([somebody]) == 1
    notification = Notification.objects.get(reminder__isnull=False)
    assert (notification.recipient, notification.body, notification.url) == (users["staff"], "", "")


def test_milestone_reminder_fires_two_working_days_before_across_spring_festival(users, make_milestone):
    # 2026: Spring Festival holiday 15–23 February; Saturday 14 February is an adjusted working day.
    milestone = make_milestone(datetime.date(2026, 2, 24))
    fired = {}
    for day in days(datetime.date(2026, 2, 9), datetime.date(2026, 3, 3)):
        before = set(Reminder.objects.values_list("kind", flat=True))
        run_sweeps(today=day)
        for kind in set(Reminder.objects.values_list("kind", flat=True)) - before:
            fired[kind] = day
    assert fired == {
        "milestone_due_soon": datetime.date(2026, 2, 13),  # Fri 13 → Sat 14 (worked) → Tue 24
        "milestone_overdue": datetime.date(2026, 2, 25),
    }
    assert Notification.objects.filter(recipient=users["vice_chair"], reminder__isnull=False).count() == 2
    assert milestone.pk


def test_milestone_reminder_beyond_the_known_calendar_uses_weekdays(users, make_milestone):
    make_milestone(datetime.date(2027, 1, 12))  # Tuesday; 2027 is provisional (Mon–Fri)
    fired = []
    for day in days(datetime.date(2027, 1, 4), datetime.date(2027, 1, 12)):
        if run_sweeps(today=day)["sweep_milestones"]:
            fired.append(day)
    assert fired == [datetime.date(2027, 1, 8)]  # Fri 8 → Mon 11, Tue 12


def test_policy_offsets_are_editable(users, make_milestone):
    policy = ReminderPolicy.current()
    policy.milestone_days_before_due = 5
    policy.save()
    make_milestone(datetime.date(2026, 6, 12))  # Friday
    assert run_sweeps(today=datetime.date(2026, 6, 4))["sweep_milestones"] == 0
    assert run_sweeps(today=datetime.date(2026, 6, 5))["sweep_milestones"] == 1


def test_done_milestone_is_not_chased(users, make_milestone):
    milestone = make_milestone(datetime.date(2026, 6, 10))
    milestone.done_on = datetime.date(2026, 6, 1)
    milestone.save()
    assert run_sweeps(today=datetime.date(2026, 6, 20))["sweep_milestones"] == 0


def test_email_is_sent_once_and_respects_the_users_choice(users, make_milestone):
    users["staff"].email = "staff@example.org"
    users["staff"].save()
    users["vice_chair"].email = "vc@example.org"
    users["vice_chair"].email_notifications = False
    users["vice_chair"].save()
    make_milestone(datetime.date(2026, 6, 10))
    run_sweeps(today=datetime.date(2026, 6, 9))
    deliver_pending()
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 1


def test_sweep_queries_are_constant_per_batch(users, make_milestone, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ReminderPolicy.current()

    def measure(n, start):
        for i in range(n):
            make_milestone(start + datetime.timedelta(days=i % 3), title=f"节点{i}")
        with CaptureQueriesContext(connection) as ctx:
            run_sweeps(today=start + datetime.timedelta(days=30))
        return len(ctx)

    # Both sweeps before the last quarter, when the members' sweep starts telling records below the pass line
    # (its first content-type lookup is one more query, cached for the process after it).
    assert measure(1, datetime.date(2026, 5, 1)) == measure(40, datetime.date(2026, 8, 1))


def test_sweep_command_with_today(users, make_milestone, capsys):
    make_milestone(datetime.date(2026, 6, 10))
    call_command("sweep_reminders", "--today", "2026-06-09")
    assert "sweep_milestones: 1" in capsys.readouterr().out
    call_command("sweep_reminders", "--today", "2026-06-09")
    assert "sweep_milestones: 0" in capsys.readouterr().out


def test_a_sweep_that_cannot_be_imported_is_logged_and_the_others_run(settings, caplog, users, make_milestone):
    settings.REMINDER_SWEEPS = ["research.reminders.no_such_sweep", *settings.REMINDER_SWEEPS]
    make_milestone(datetime.date(2026, 6, 10))
    with caplog.at_level("ERROR", logger="notifications.services"):
        summary = run_sweeps(today=datetime.date(2026, 6, 8))
    assert "no_such_sweep" not in summary and summary["sweep_milestones"] == 1
    assert any("no_such_sweep" in record.getMessage() for record in caplog.records)
