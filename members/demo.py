"""Demo of members taking part online: the `member` and `member2` logins, opinions asked of their groups,
meetings with sign-in and leave, 社情民意信息 and what their yearly records derive from."""
import datetime
import importlib

from django.utils import timezone

from directory.models import Member, User
from research.models import GroupMembership, ResearchGroup
from research.steps import GROUP_STEPS
from topics.models import Topic

from . import services
from .models import AttendanceSource, Meeting, MeetingKind, Participation, PointsRule
from .selectors import opinion_requests_for

# (login, member name): the two member logins, in different activity groups.
MEMBER_LOGINS = [("member", "钱丽娟"), ("member2", "赵文博")]
# (2027 candidate title, who asks): the candidates taken to both members' groups.
ASKED = [("关于加强县域冷链物流体系建设的建议", "vice_chair"), ("关于加强青少年心理健康教育的建议", "vice_chair_ma")]


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _ensure_points_rules() -> None:
    """The points table the migration starts a committee with; a flushed database (the browser tests) lacks it."""
    defaults = importlib.import_module("members.migrations.0002_default_points_rules").DEFAULT_RULES
    for kind, points, cap in defaults:
        PointsRule.objects.get_or_create(kind=kind, defaults={"points": points, "yearly_cap": cap})


def seed(*, password: str, stdout=None) -> None:
    _ensure_points_rules()
    members = {}
    for username, name in MEMBER_LOGINS:
        user = User.objects.get(username=username)
        member = Member.objects.get(name=name)
        if member.user_id != user.pk:
            member.user = user
            member.save(update_fields=["user"])
        members[username] = member
    if Meeting.objects.exists():
        return  # already seeded
    staff = User.objects.get(username="staff")
    member_user, member2_user = (User.objects.get(username=u) for u, _n in MEMBER_LOGINS)
    me, other = members["member"], members["member2"]

    # R3: two 2027 candidates taken to both members' groups; member2 has answered one, member none yet.
    for title, asker in ASKED:
        topic = Topic.objects.filter(title=title, plan__year=2027).first()
        if topic is None:
            continue
        services.opinion_request_create(actor=User.objects.get(username=asker), topic_id=topic.pk,
                                        group_ids=[me.group_id, other.group_id],
                                        note="请结合本组委员调研了解的情况提出意见。")
    first = opinion_requests_for(member2_user).filter(topic__title=ASKED[0][0]).first()
    if first is not None:
        services.member_opinion_give(actor=member2_user, request_id=first.pk, stance="support",
                                     comment="冷链物流短板明显，建议先行规划产地冷库。")

    # Meetings: a standing committee meeting last month (member signed in, member2 absent without leave), a
    # plenary symposium next week (member2 asks for leave) and a research activity of member's group in 3 days.
    past = services.meeting_create(
        actor=staff, kind=MeetingKind.STANDING_COMMITTEE, title="县政协十届常委会第十八次会议",
        starts_at=_at(-20, 9), ends_at=_at(-20, 11, 30), place="县政协机关三楼会议室", member_ids=[me.pk, other.pk])
    Participation.objects.filter(meeting=past).update(status="confirmed")
    Participation.objects.filter(meeting=past, member=me).update(
        attended=True, attended_at=_at(-20, 8, 50), attendance_source=AttendanceSource.CODE, spoke=True)
    services.meeting_create(
        actor=staff, kind=MeetingKind.SYMPOSIUM, title="联系委员座谈会：2027年度协商计划征求意见",
        starts_at=_at(7, 14, 30), ends_at=_at(7, 17), place="县政协机关一楼会议室",
        group_ids=[me.group_id, other.group_id])
    upcoming = Participation.objects.get(meeting__title__startswith="联系委员座谈会", member=other)
    services.participation_request_leave(actor=member2_user, participation_id=upcoming.pk,
                                         reason="当天在市里参加企业项目洽谈，无法到会。")
    group = next(
        (g for g in ResearchGroup.objects.filter(memberships__member=me).order_by("-formed_on")
         if GROUP_STEPS.may("record_activity", staff, g)),
        None,
    )
    if group is None:  # member's domain has no open group: take the first open one
        group = next(g for g in ResearchGroup.objects.order_by("-formed_on") if GROUP_STEPS.may("record_activity", staff, g))
        GroupMembership.objects.get_or_create(group=group, member=me, defaults={"responsibility": "调研组成员"})
    services.meeting_create(
        actor=staff, kind=MeetingKind.RESEARCH_ACTIVITY, title=f"{group.topic.title}：深入一线走访座谈",
        starts_at=_at(3, 9), ends_at=_at(3, 12), place="成武镇卫生院", research_group_id=group.pk,
        activity_kind="frontline_visit")

    # 社情民意信息: member's report adopted by the city with a leader's instruction; a draft; member2's submitted
    # report waits for review, another was returned for revision.
    adopted = services.public_opinion_create(
        actor=member_user, title="关于乡镇卫生院夜间急诊力量不足的情况反映", category="livelihood",
        content="部分乡镇卫生院夜间仅一名值班医生，急诊患者需转诊县城，建议推行县乡医生轮值。")
    services.public_opinion_submit(actor=member_user, opinion_id=adopted.pk)
    services.public_opinion_adopt(actor=staff, opinion_id=adopted.pk, level="city",
                                  date=timezone.localdate() - datetime.timedelta(days=10))
    services.public_opinion_instruct(actor=staff, opinion_id=adopted.pk, leader="县长 陈光远",
                                     date=timezone.localdate() - datetime.timedelta(days=8),
                                     text="请县卫健局研究提出轮值方案。")
    services.public_opinion_create(actor=member_user, title="关于农村学校午餐供应的建议（草稿）", category="livelihood",
                                   content="部分农村学校午餐品种单一，建议引入集中配送。")
    waiting = services.public_opinion_create(
        actor=member2_user, title="关于开发区企业用工季节性短缺的情况反映", category="economy",
        content="春节后开发区食品企业普遍用工紧张，建议建立县域用工调剂平台。")
    services.public_opinion_submit(actor=member2_user, opinion_id=waiting.pk)
    returned = services.public_opinion_create(
        actor=member2_user, title="关于物流园区道路破损的反映", category="governance",
        content="物流园区主干道破损。")
    services.public_opinion_submit(actor=member2_user, opinion_id=returned.pk)
    services.public_opinion_return(actor=staff, opinion_id=returned.pk,
                                   comment="请补充破损路段位置、影响范围和群众反映情况。")
    _log(stdout, "  members: opinions asked, meetings, public-opinion reports\n")
