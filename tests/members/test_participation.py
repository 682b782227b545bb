"""Meetings and activities: confirm, leave (请假) decided by staff or the group leader, sign-in with the code."""
import datetime

import pytest
from django.utils import timezone

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from members import services
from members.models import Meeting, Participation
from members.records import attendance_rates
from members.selectors import participations_for

from .conftest import at, participation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched on their English wording."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_meeting_lists_its_expected_participants(meeting, members):
    assert set(meeting.participations.values_list("member_id", flat=True)) == {
        members["member"].pk, members["member2"].pk, members["offline"].pk}
    assert len(meeting.signin_code) == 6


def test_meeting_by_groups_expects_every_member_of_them(users, members, groups):
    m = services.meeting_create(actor=users["staff"], kind="symposium", title="座谈会", starts_at=at(60),
                                ends_at=at(120), group_ids=[groups[0].pk])
    assert set(m.participations.values_list("member_id", flat=True)) == {
        members["member"].pk, members["member3"].pk, members["offline"].pk}


def test_only_staff_arrange_meetings_and_bad_input_is_400(users, member_users, members):
    with pytest.raises(NotAllowed):
        services.meeting_create(actor=member_users["member"], kind="plenary", title="x", starts_at=at(60),
                                ends_at=at(120), member_ids=[members["member"].pk])
    with pytest.raises(InvalidInput):
        services.meeting_create(actor=users["staff"], kind="plenary", title="x", starts_at=at(60), ends_at=at(30),
                                member_ids=[members["member"].pk])
    with pytest.raises(InvalidInput):
        services.meeting_create(actor=users["staff"], kind="plenary", title="x", starts_at=at(60), ends_at=at(90))
    assert not Meeting.objects.exists()


def test_member_confirms_their_participation(meeting, members, member_users):
    p = participation(meeting, members["member"])
    services.participation_confirm(actor=member_users["member"], participation_id=p.pk)
    p.refresh_from_db()
    assert p.status == "confirmed"
    with pytest.raises(InvalidState):
        services.participation_confirm(actor=member_users["member"], participation_id=p.pk)


def test_another_members_participation_is_404(meeting, members, member_users):
    theirs = participation(meeting, members["member2"])
    assert not participations_for(member_users["member"]).filter(pk=theirs.pk).exists()
    for call in (
        lambda: services.participation_confirm(actor=member_users["member"], participation_id=theirs.pk),
        lambda: services.participation_request_leave(actor=member_users["member"], participation_id=theirs.pk,
                                                     reason="x"),
    ):
        with pytest.raises(NotFound):
            call()
    theirs.refresh_from_db()
    assert theirs.status == "invited"


def test_leave_needs_a_reason_and_staff_decide(meeting, members, member_users, users):
    p = participation(meeting, members["member"])
    with pytest.raises(InvalidInput):
        services.participation_request_leave(actor=member_users["member"], participation_id=p.pk, reason=" ")
    p.refresh_from_db()
    assert p.status == "invited"
    services.participation_request_leave(actor=member_users["member"], participation_id=p.pk, reason="出差")
    with pytest.raises(NotFound):  # not their research group's activity: outside their scope
        services.participation_decide_leave(actor=users["vice_chair"], participation_id=p.pk, grant=True)
    with pytest.raises(NotAllowed):  # their own participation: a member does not decide leave
        services.participation_decide_leave(actor=member_users["member"], participation_id=p.pk, grant=True)
    with pytest.raises(NotFound):  # a member never sees another's leave request
        services.participation_decide_leave(actor=member_users["member2"], participation_id=p.pk, grant=True)
    services.participation_decide_leave(actor=users["staff"], participation_id=p.pk, grant=True, note="同意")
    p.refresh_from_db()
    assert (p.status, p.decided_by_id) == ("leave_granted", users["staff"].pk)
    with pytest.raises(InvalidState):
        services.participation_decide_leave(actor=users["staff"], participation_id=p.pk, grant=False)


def test_leave_request_is_a_to_do_of_staff(meeting, members, member_users, users):
    from workbench.todos import todos_for

    p = participation(meeting, members["member"])
    assert any(i.object_type == "participation" and i.object_id == p.pk for i in todos_for(member_users["member"]))
    services.participation_request_leave(actor=member_users["member"], participation_id=p.pk, reason="出差")
    assert any(i.step == "grant_leave" and i.object_id == p.pk for i in todos_for(users["staff"]))
    assert not any(i.object_id == p.pk and i.object_type == "participation" for i in todos_for(member_users["member"]))


def test_confirm_closes_when_the_meeting_starts(running_meeting, members, member_users):
    p = participation(running_meeting, members["member"])
    with pytest.raises(InvalidState):
        services.participation_confirm(actor=member_users["member"], participation_id=p.pk)


def test_sign_in_with_the_code_during_the_event_once(running_meeting, members, member_users):
    p = participation(running_meeting, members["member"])
    services.participation_sign_in(actor=member_users["member"], code=running_meeting.signin_code.lower())
    p.refresh_from_db()
    assert p.attended and p.attendance_source == "code"
    with pytest.raises(InvalidState, match="already signed in"):
        services.participation_sign_in(actor=member_users["member"], code=running_meeting.signin_code)


def test_invalid_code_is_refused_clearly(running_meeting, member_users):
    with pytest.raises(InvalidInput, match="not valid") as error:
        services.participation_sign_in(actor=member_users["member"], code="ZZZZZZ")
    assert "code" in error.value.field_errors
    assert not Participation.objects.filter(attended=True).exists()


def test_expired_and_not_yet_open_codes_are_refused(users, members, member_users):
    over = services.meeting_create(actor=users["staff"], kind="plenary", title="昨天的会", starts_at=at(-24 * 60),
                                   ends_at=at(-22 * 60), member_ids=[members["member"].pk])
    later = services.meeting_create(actor=users["staff"], kind="plenary", title="明天的会", starts_at=at(24 * 60),
                                    ends_at=at(26 * 60), member_ids=[members["member"].pk])
    with pytest.raises(InvalidState, match="expired"):
        services.participation_sign_in(actor=member_users["member"], code=over.signin_code)
    with pytest.raises(InvalidState, match="opens at"):
        services.participation_sign_in(actor=member_users["member"], code=later.signin_code)
    assert not Participation.objects.filter(attended=True).exists()


def test_a_member_not_on_the_list_cannot_sign_in(running_meeting, member_users):
    with pytest.raises(NotAllowed):
        services.participation_sign_in(actor=member_users["member3"], code=running_meeting.signin_code)


def test_staff_take_attendance_and_rates_follow(running_meeting, members, users, member_users):
    services.attendance_record(actor=users["staff"], meeting_id=running_meeting.pk,
                               present_ids=[members["member"].pk], spoke_ids=[members["member"].pk])
    with pytest.raises(NotFound):
        services.attendance_record(actor=users["vice_chair"], meeting_id=running_meeting.pk,
                                   present_ids=[members["member2"].pk])
    Meeting.objects.filter(pk=running_meeting.pk).update(ends_at=timezone.now() - datetime.timedelta(minutes=1),
                                                         starts_at=timezone.now() - datetime.timedelta(hours=1))
    rates = attendance_rates(timezone.localdate().year, [members["member"], members["member2"]])
    assert rates[members["member"].pk]["rate"] == 100
    assert rates[members["member2"].pk]["rate"] == 0


def test_research_activity_participants_are_the_group_and_sign_in_marks_research_attendance(users, members,
                                                                                           member_users, committee):
    from research import services as research_services
    from research.models import Attendance
    from research.selectors import attendance_rates as group_rates
    from tests.topics.conftest import make_adopted
    from topics import services as topic_services

    plan = topic_services.plan_create(actor=users["staff"], year=2026, annual_quota=3, party_quota=1)
    topic = make_adopted(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
    group = research_services.group_form(actor=users["staff"], topic_id=topic.pk, leader_id=users["vice_chair"].pk,
                                         member_ids=[members["member"].pk, members["member2"].pk],
                                         formed_on=datetime.date(2026, 3, 1))
    research_services.group_advance(actor=users["staff"], group_id=group.pk, to_state="studying")
    m = services.meeting_create(actor=users["staff"], kind="research_activity", title="走访", starts_at=at(-5),
                                ends_at=at(60), research_group_id=group.pk, activity_kind="frontline_visit")
    assert m.activity.group_id == group.pk
    services.participation_sign_in(actor=member_users["member"], code=m.signin_code)
    assert Attendance.objects.get(activity=m.activity, member=members["member"]).present
    assert not Attendance.objects.get(activity=m.activity, member=members["member2"]).present
    rows = {r["membership"].member_id: r for r in group_rates(group)}
    assert rows[members["member"].pk]["rate"] == 100
    # The group leader decides leave on their group's activity.
    p2 = participation(m, members["member2"])
    Participation.objects.filter(pk=p2.pk).update(status="leave_requested")
    services.participation_decide_leave(actor=users["vice_chair"], participation_id=p2.pk, grant=True)
