"""Members' fixtures: two member logins in different activity groups, a candidate asked of both groups,
a meeting, built through the services."""
import datetime

import pytest
from django.utils import timezone

from directory.models import Member, MemberGroup
from directory.roles import Role
from members import services
from tests.conftest import make_user
from tests.topics.conftest import make_candidate
from topics import services as topic_services


def at(minutes: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def groups(db):
    return [MemberGroup.objects.create(name="大田集镇委员活动组"), MemberGroup.objects.create(name="成武镇委员活动组")]


@pytest.fixture
def members(users, groups):
    """member and member2 (logins, different groups), member3 (member's group, login), and a member without login."""
    result = {}
    for username, name, group in (("member", "钱丽娟", groups[0]), ("member2", "赵文博", groups[1]),
                                  ("member3", "孙国栋", groups[0])):
        user = make_user(username, Role.MEMBER, full_name=name)
        result[username] = Member.objects.create(name=name, group=group, user=user, employer=f"{name}单位")
    result["offline"] = Member.objects.create(name="李春华", group=groups[0], employer="成武县第一中学")
    return result


@pytest.fixture
def member_users(members):
    return {key: m.user for key, m in members.items() if m.user_id}


@pytest.fixture
def plan(users):
    return topic_services.plan_create(actor=users["staff"], year=2027, annual_quota=3, party_quota=1)


@pytest.fixture
def candidate(plan, users, committee):
    return make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])


@pytest.fixture
def asked(candidate, users, groups, members):
    """The candidate taken to both groups: {group index: request}."""
    requests = services.opinion_request_create(actor=users["vice_chair"], topic_id=candidate.pk,
                                               group_ids=[g.pk for g in groups])
    return {r.member_group_id: r for r in requests}


@pytest.fixture
def meeting(users, members):
    """A standing committee meeting tomorrow, member, member2 and the offline member expected."""
    return services.meeting_create(
        actor=users["staff"], kind="standing_committee", title="县政协常委会会议", starts_at=at(24 * 60),
        ends_at=at(26 * 60), place="三楼会议室",
        member_ids=[members["member"].pk, members["member2"].pk, members["offline"].pk])


@pytest.fixture
def running_meeting(users, members):
    """A meeting going on now."""
    return services.meeting_create(
        actor=users["staff"], kind="plenary", title="县政协全体会议", starts_at=at(-10), ends_at=at(120),
        member_ids=[members["member"].pk, members["member2"].pk])


def participation(meeting, member):
    return meeting.participations.get(member=member)
