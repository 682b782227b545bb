"""The committee's rules in the office pages: every change recorded, bad input refused with nothing changed."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from directory.models import Member, MemberGroup, Sector, SpecialCommittee
from history.models import HistoryEntry
from notifications.models import ReminderPolicy
from outcomes.models import DeadlinePolicy
from workdays.models import CalendarDay
from workdays.services import due_date


def _entries(model, action):
    return HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action=action)


@pytest.fixture
def staff_client(client_for, users):
    return client_for(users["staff"])


# ---- calendar corrections

@pytest.mark.django_db
def test_a_calendar_correction_changes_a_due_date_computed_afterwards(staff_client, users):
    friday = datetime.date(2027, 3, 5)  # 2027 is beyond the package: provisional, Monday to Friday
    assert due_date(start=friday, working_days=1).due_on == datetime.date(2027, 3, 8)
    response = staff_client.post(reverse("office:calendar-new"), {
        "date": "2027/3/8", "kind": "holiday", "name": "县级调休", "note": "县政府通知",
    })
    assert response.status_code == 302
    result = due_date(start=friday, working_days=1)
    assert result.due_on == datetime.date(2027, 3, 9)
    assert "县级调休" in result.explanation
    entry = _entries(CalendarDay, "calendar_day_added").get()
    assert entry.actor == users["staff"] and entry.changes["date"] == [None, "2027-03-08"]
    assert str(entry.action_label) == "Calendar correction added" or entry.action_label == "新增日历调整"


@pytest.mark.django_db
def test_an_adjusted_working_saturday_shortens_a_deadline(staff_client):
    friday = datetime.date(2027, 3, 5)
    staff_client.post(reverse("office:calendar-new"), {"date": "2027年3月6日", "kind": "workday", "name": "调休上班"})
    assert due_date(start=friday, working_days=1).due_on == datetime.date(2027, 3, 6)


@pytest.mark.django_db
def test_a_calendar_correction_is_changed_and_removed_with_history(staff_client):
    day = CalendarDay.objects.create(date=datetime.date(2027, 10, 8), kind="holiday", name="国庆节")
    response = staff_client.post(reverse("office:calendar-edit", args=[day.pk]),
                                 {"date": "2027-10-08", "kind": "workday", "name": "国庆调休"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    day.refresh_from_db()
    assert day.kind == "workday"
    changed = _entries(CalendarDay, "calendar_day_changed").get()
    assert changed.changes["name"] == ["国庆节", "国庆调休"]
    staff_client.post(reverse("office:calendar-remove", args=[day.pk]))
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    removed = _entries(CalendarDay, "calendar_day_removed").get()
    assert removed.object_id == day.pk and "2027-10-08" in removed.note


@pytest.mark.django_db
def test_a_duplicate_or_missing_date_is_refused_and_nothing_changes(staff_client):
    CalendarDay.objects.create(date=datetime.date(2027, 1, 1), kind="holiday", name="元旦")
    for data in ({"date": "2027-01-01", "kind": "workday"}, {"date": "", "kind": "holiday"},
                 {"date": "2027-02-30", "kind": "holiday"}, {"date": "2027-02-01", "kind": "festival"}):
        response = staff_client.post(reverse("office:calendar-new"), data)
        assert response.status_code == 400, data
        assert 'class="invalid-feedback' in response.content.decode()
    assert CalendarDay.objects.count() == 1
    assert not HistoryEntry.objects.exists()


@pytest.mark.django_db
def test_the_calendar_of_a_provisional_year_says_so(staff_client):
    html = staff_client.get(reverse("office:calendar") + "?year=2028").content.decode()
    assert 'id="provisional-year"' in html
    html = staff_client.get(reverse("office:calendar") + "?year=2025").content.decode()
    assert 'id="provisional-year"' not in html


@pytest.mark.django_db
def test_a_bad_year_is_a_400_page(staff_client):
    response = staff_client.get(reverse("office:calendar") + "?year=abc")
    assert response.status_code == 400
    assert 'id="bad-request-reason"' in response.content.decode()


@pytest.mark.django_db
def test_the_date_form_sends_an_iso_default(staff_client):
    html = staff_client.get(reverse("office:calendar-new") + "?year=2027").content.decode()
    assert 'type="date"' in html and 'value="2027-01-01"' in html


# ---- deadline and reminder policies

# The deadline form's fields beyond the working days: the unit, the months, the approval route, the evaluation days.
NEW_FIELDS = {"reply_unit": "working_days", "reply_months": 3, "approval": "by_consultation_type",
              "evaluation_working_days": 15}

@pytest.mark.django_db
def test_a_deadline_policy_change_is_recorded_and_used_by_later_assignments(staff_client, users):
    from outcomes.services.common import policy_for

    DeadlinePolicy.objects.update_or_create(kind="work_minutes", defaults={"reply_working_days": 20})
    response = staff_client.post(reverse("office:deadline-edit", args=["work_minutes"]), {
        "reply_working_days": 15, "cohandler_input_working_days": 8, "return_window_working_days": 5,
        "very_overdue_working_days": 10, "report_interval_months": 3, "require_pre_reply_consultation": "on",
        **NEW_FIELDS,
    })
    assert response.status_code == 302
    assert policy_for("work_minutes").reply_working_days == 15
    entry = _entries(DeadlinePolicy, "deadline_policy_changed").get()
    assert entry.changes["reply_working_days"] == [20, 15]
    staff_client.post(reverse("office:deadline-edit", args=["work_minutes"]), {
        "reply_working_days": 12, "cohandler_input_working_days": 8, "return_window_working_days": 5,
        "very_overdue_working_days": 10, "report_interval_months": 3, **NEW_FIELDS,
    })
    latest = _entries(DeadlinePolicy, "deadline_policy_changed").order_by("-id").first()
    assert latest.changes["reply_working_days"] == [15, 12]
    assert latest.changes["require_pre_reply_consultation"] == [True, False]


@pytest.mark.django_db
def test_a_bad_deadline_is_refused_and_nothing_changes(staff_client):
    policy, _ = DeadlinePolicy.objects.update_or_create(kind="recommendation", defaults={"reply_working_days": 20})
    for value in ("0", "-3", "abc", ""):
        response = staff_client.post(reverse("office:deadline-edit", args=["recommendation"]), {
            "reply_working_days": value, "cohandler_input_working_days": 10, "return_window_working_days": 5,
            "very_overdue_working_days": 10, "report_interval_months": 3, **NEW_FIELDS,
        })
        assert response.status_code == 400, value
    policy.refresh_from_db()
    assert policy.reply_working_days == 20 and not HistoryEntry.objects.exists()
    assert staff_client.get(reverse("office:deadline-edit", args=["no_such_kind"])).status_code == 404


@pytest.mark.django_db
def test_the_reminder_policy_is_edited_with_history_and_bad_input_refused(staff_client):
    data = {"dept_days_before_due": 2, "dept_on_due_date": "on", "dept_first_overdue_day": "on",
            "escalate_after_overdue_days": 5, "escalate_every_days": 5, "escalate_to_supervisor": "on",
            "escalate_to_staff": "on", "progress_days_before_due": 5, "milestone_days_before_due": 2,
            "batch_size": 2000}
    assert staff_client.post(reverse("office:reminder-policy"), data).status_code == 302
    assert ReminderPolicy.current().dept_days_before_due == 2
    assert _entries(ReminderPolicy, "reminder_policy_changed").count() == 1
    response = staff_client.post(reverse("office:reminder-policy"), {**data, "dept_days_before_due": 4, "batch_size": 5})
    assert response.status_code == 400
    assert ReminderPolicy.current().dept_days_before_due == 2
    assert _entries(ReminderPolicy, "reminder_policy_changed").count() == 1


# ---- the task schedule

@pytest.mark.django_db
def test_a_task_is_disabled_rescheduled_and_recorded(staff_client, periodic_task):
    from django_celery_beat.models import PeriodicTask

    assert staff_client.post(reverse("office:task-toggle", args=[periodic_task.pk]), {"enabled": "0"}).status_code == 302
    periodic_task.refresh_from_db()
    assert not periodic_task.enabled
    assert _entries(PeriodicTask, "periodic_task_disabled").count() == 1
    response = staff_client.post(reverse("office:task-edit", args=[periodic_task.pk]), {
        "enabled": "on", "kind": "crontab", "minute": "0", "hour": "7,14", "day_of_week": "1-5",
        "day_of_month": "*", "month_of_year": "*",
    })
    assert response.status_code == 302
    periodic_task.refresh_from_db()
    assert periodic_task.enabled and periodic_task.crontab.hour == "7,14" and periodic_task.interval is None
    entry = _entries(PeriodicTask, "periodic_task_changed").get()
    assert entry.changes["schedule"][1] == "cron 0 7,14 * * 1-5"
    staff_client.post(reverse("office:task-edit", args=[periodic_task.pk]), {
        "enabled": "on", "kind": "interval", "every": 10, "period": "minutes"})
    periodic_task.refresh_from_db()
    assert periodic_task.interval.every == 10 and periodic_task.crontab is None


@pytest.mark.django_db
def test_a_bad_schedule_is_refused_and_nothing_changes(staff_client, periodic_task):
    for data in ({"kind": "crontab", "minute": "61", "hour": "8"}, {"kind": "crontab", "hour": "25"},
                 {"kind": "interval", "every": "", "period": "minutes"}, {"kind": "weekly"}):
        response = staff_client.post(reverse("office:task-edit", args=[periodic_task.pk]), {"enabled": "on", **data})
        assert response.status_code == 400, data
    assert staff_client.post(reverse("office:task-toggle", args=[periodic_task.pk]), {"enabled": "maybe"}).status_code == 400
    periodic_task.refresh_from_db()
    assert periodic_task.crontab.hour == "8" and periodic_task.enabled
    assert not HistoryEntry.objects.exists()


# ---- members, groups, committees, sectors

@pytest.mark.django_db
def test_members_are_added_and_changed_with_history(staff_client, committee, member_group):
    sector = Sector.objects.create(name="经济界")
    response = staff_client.post(reverse("office:member-new"), {
        "name": "赵文博", "sector": sector.pk, "group": member_group.pk, "committees": [committee.pk],
        "expertise": "产业经济", "employer": "开发区管委会", "is_active": "on",
    })
    assert response.status_code == 302
    member = Member.objects.get(name="赵文博")
    assert list(member.committees.all()) == [committee]
    added = _entries(Member, "member_added").get()
    assert added.changes["committees"] == [None, "经济委员会"]
    staff_client.post(reverse("office:member-edit", args=[member.pk]), {
        "name": "赵文博", "sector": sector.pk, "group": member_group.pk, "committees": [],
        "expertise": "产业经济", "employer": "开发区管委会",
    })
    changed = _entries(Member, "member_changed").get()
    assert changed.changes["is_active"] == [True, False] and changed.changes["committees"] == ["经济委员会", ""]


@pytest.mark.django_db
@pytest.mark.parametrize("model,prefix,action", [
    (MemberGroup, "group", "member_group"), (SpecialCommittee, "committee", "committee"), (Sector, "sector", "sector"),
])
def test_name_records_are_added_renamed_and_duplicates_refused(staff_client, model, prefix, action):
    assert staff_client.post(reverse(f"office:{prefix}-new"), {"name": "新记录"}).status_code == 302
    record = model.objects.get(name="新记录")
    assert staff_client.post(reverse(f"office:{prefix}-edit", args=[record.pk]), {"name": "改名"}).status_code == 302
    assert _entries(model, f"{action}_added").count() == 1
    assert _entries(model, f"{action}_changed").get().changes == {"name": ["新记录", "改名"]}
    response = staff_client.post(reverse(f"office:{prefix}-new"), {"name": "改名"})
    assert response.status_code == 400
    response = staff_client.post(reverse(f"office:{prefix}-new"), {"name": ""})
    assert response.status_code == 400
    assert model.objects.filter(name="改名").count() == 1 and model.objects.count() == 1
