"""履职档案: points derived from the events by the rules table (with caps), against an independent count."""
import datetime

import pytest
from django.utils import timezone

from members import services
from members.models import Meeting, Participation, PointsRule, RecordPolicy
from members.records import record_for, records_for_year

from .conftest import at, participation

pytestmark = pytest.mark.django_db


def _rules():
    return {r.kind: (r.points, r.yearly_cap) for r in PointsRule.objects.all()}


def _past(users, members, title, keys, days_ago):
    m = services.meeting_create(actor=users["staff"], kind="standing_committee", title=title,
                                starts_at=at(-days_ago * 24 * 60), ends_at=at(-days_ago * 24 * 60 + 120),
                                member_ids=[members[k].pk for k in keys])
    return m


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def events(users, members, member_users, asked, year):
    """member: 2 meetings attended (one with a speech), 1 leave, 1 absence, 1 opinion, 2 reports (1 adopted by the
    city). member2: 1 meeting attended. Moments within this year (the tests run any day of the year)."""
    days = max(min(timezone.localdate().timetuple().tm_yday - 2, 5), 0)
    meetings = [_past(users, members, f"会议{i}", ["member", "member2"], days) for i in range(4)]
    Participation.objects.filter(meeting=meetings[0]).update(attended=True, attended_at=timezone.now())
    Participation.objects.filter(meeting=meetings[1], member=members["member"]).update(attended=True, spoke=True)
    Participation.objects.filter(meeting=meetings[2], member=members["member"]).update(status="leave_granted")
    request = asked[members["member"].group_id]
    services.member_opinion_give(actor=member_users["member"], request_id=request.pk, stance="support")
    a = services.public_opinion_create(actor=member_users["member"], title="一", content="c", category="other")
    b = services.public_opinion_create(actor=member_users["member"], title="二", content="c", category="other")
    services.public_opinion_submit(actor=member_users["member"], opinion_id=a.pk)
    services.public_opinion_submit(actor=member_users["member"], opinion_id=b.pk)
    services.public_opinion_adopt(actor=users["staff"], opinion_id=b.pk, level="city", date=timezone.localdate())
    return meetings


def test_points_match_an_independent_count(events, members, year):
    rules = _rules()
    expected_member = (
        2 * rules["meeting_attended"][0] + rules["speech"][0] + rules["leave"][0] + rules["absent"][0]
        + rules["opinion_given"][0] + 2 * rules["po_submitted"][0] + rules["po_adopted_city"][0]
    )
    expected_member2 = rules["meeting_attended"][0] + 3 * rules["absent"][0]
    record = record_for(members["member"], year)
    assert record.points == expected_member
    assert sorted(e.kind for e in record.entries) == sorted(
        ["meeting_attended", "meeting_attended", "speech", "leave", "absent", "opinion_given", "po_submitted",
         "po_submitted", "po_adopted_city"])
    assert all(e.object_type and e.object_id and e.date.year == year for e in record.entries)
    assert record_for(members["member2"], year).points == expected_member2


def test_the_cap_holds_and_rules_are_editable(events, members, year):
    PointsRule.objects.filter(kind="meeting_attended").update(points=30, yearly_cap=40)
    record = record_for(members["member"], year)
    attended = [e for e in record.entries if e.kind == "meeting_attended"]
    assert sum(e.points for e in attended) == 40 and any(e.capped for e in attended)


def test_ranking_flags_those_below_the_pass_line(events, members, year):
    policy = RecordPolicy.current()
    policy.pass_line = 15
    policy.save()
    records = {r.member.pk: r for r in records_for_year(year)}
    assert records[members["member"].pk].rank == 1
    assert not records[members["member"].pk].below_pass_line
    assert records[members["member2"].pk].below_pass_line


def test_a_future_meeting_is_not_an_absence(meeting, members, year):
    assert record_for(members["member"], year).entries == []


def test_api_member_sees_only_their_own_record(events, members, member_users, users, api_client_for, year):
    data = api_client_for(member_users["member"]).get(f"/api/member-records/?year={year}").json()
    assert [r["member"] for r in data["results"]] == [members["member"].pk]
    entry = data["results"][0]["entries"][0]
    assert set(entry) >= {"kind", "points", "object_type", "object_id", "date"}
    assert data["results"][0]["points"] == record_for(members["member"], year).points
    staff = api_client_for(users["staff"]).get(f"/api/member-records/?year={year}").json()
    assert staff["count"] == 4
    assert api_client_for(users["department"]).get("/api/member-records/").status_code == 403
    assert api_client_for(users["staff"]).get("/api/member-records/?year=abc").status_code == 400
    assert api_client_for(users["staff"]).get("/api/member-records/?colour=red").status_code == 400


def test_reminders_unconfirmed_and_below_pass_line_sent_once(users, members, member_users):
    from members.reminders import sweep_members
    from notifications.models import Notification, ReminderPolicy

    soon = services.meeting_create(actor=users["staff"], kind="plenary", title="后天的会", starts_at=at(24 * 60),
                                   ends_at=at(25 * 60), member_ids=[members["member"].pk, members["member2"].pk])
    services.participation_confirm(actor=member_users["member2"],
                                   participation_id=participation(soon, members["member2"]).pk)
    today = timezone.localdate()
    december = datetime.date(today.year, 12, 1) if today.month < 10 else today
    policy = ReminderPolicy.current()
    sweep_members(today=today, policy=policy)
    sweep_members(today=today, policy=policy)
    unconfirmed = Notification.objects.filter(kind="participation_unconfirmed")
    assert list(unconfirmed.values_list("recipient_id", flat=True)) == [member_users["member"].pk]
    sweep_members(today=december, policy=policy)
    sweep_members(today=december, policy=policy)
    below = Notification.objects.filter(recipient=users["staff"], kind="record_below_pass_line")
    assert below.count() == 4  # four members below the default pass line, each told once
    assert Meeting.objects.count() == 1
