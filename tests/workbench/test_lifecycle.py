"""The lifecycle page of a topic: one dated timeline from origin to supervision, and where the matter stands."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from directory.models import Member
from history.models import HistoryEntry
from outcomes.models import ContactKind
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import progress as progress_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services
from research import services as research_services
from tests.topics.conftest import MEETING, make_candidate  # noqa: F401 - fixtures
from topics import services as topic_services
from workbench.timeline import topic_lifecycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def lifecycle_en(topic, username="staff"):
    from directory.models import User

    with translation.override("en"):
        return topic_lifecycle(topic, User.objects.get(username=username))


def url(topic) -> str:
    return f"/topics/{topic.pk}/lifecycle/"


def research(users, topic):
    """Group formed, an external visit, a report returned once and approved in its second version."""
    staff, vc = users["staff"], users["vice_chair"]
    member = Member.objects.create(name="赵文博", expertise="城市管理")
    group = research_services.group_form(
        actor=staff, topic_id=topic.pk, leader_id=vc.pk, member_ids=[member.pk], formed_on=datetime.date(2026, 3, 20)
    )
    for target in ("studying", "researching"):
        research_services.group_advance(actor=staff, group_id=group.pk, to_state=target)
    research_services.activity_record(
        actor=staff, group_id=group.pk, kind="external_visit", title="赴寿光市考察", held_on=datetime.date(2026, 4, 15),
        destination="寿光市", present_member_ids=[member.pk], findings=[{"title": "智慧停车"}],
    )
    report = research_services.report_create_draft(
        actor=staff, group_id=group.pk, title="调研报告", body="正文", suggestions=[{"title": "建议一", "content": "措施"}]
    )
    research_services.report_submit(actor=staff, report_id=report.pk)
    research_services.report_return(actor=vc, report_id=report.pk, comments="请补充数据")
    second = report.next_version
    research_services.report_submit(actor=staff, report_id=second.pk)
    for suggestion in second.suggestions.all():
        research_services.report_rate_suggestion(
            actor=vc, suggestion_id=suggestion.pk, scientific=4, forward_looking=4, feasible=4
        )
    return research_services.report_approve(actor=vc, report_id=second.pk)


def forward(users, departments, report, *, forwarded_on):
    staff = users["staff"]
    outcome = outcome_services.outcome_create_from_report(actor=staff, report_id=report.pk, kind="special_minutes")
    outcome_services.outcome_submit(actor=staff, outcome_id=outcome.pk, submitted_on=forwarded_on)
    outcome_services.outcome_forward(
        actor=staff, outcome_id=outcome.pk, lead_department_id=departments[0].pk,
        co_department_ids=[departments[1].pk], forwarded_on=forwarded_on,
    )
    return outcome


@pytest.fixture
def adopted(plan, users, committee, member_group):
    topic = make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
    topic_services.topic_record_opinion(
        actor=users["vice_chair"], topic_id=topic.pk, member_group_id=member_group.pk, stance="support",
        comment="切口小，可操作", held_on=datetime.date(2026, 2, 20),
    )
    topic_services.topic_shortlist(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)
    return topic_services.topic_adopt(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)


@pytest.fixture
def completed(users, departments, adopted):
    """A topic through research, forwarding, the three contacts, reply, approval, evaluation, report and supervision."""
    report = research(users, adopted)
    day = days_ago(3)
    outcome = forward(users, departments, report, forwarded_on=day)
    lead = outcome.assignments.get(role="lead")
    co = outcome.assignments.get(role="co")
    dept = users["department"]
    assignment_services.assignment_log_contact(
        actor=dept, assignment_id=lead.pk, kind=ContactKind.BEFORE_HANDLING, held_on=day, summary="办理前沟通"
    )
    assignment_services.assignment_submit_input(actor=users["department2"], assignment_id=co.pk, text="协办意见")
    assignment_services.assignment_log_contact(
        actor=dept, assignment_id=lead.pk, kind=ContactKind.BEFORE_REPLY, held_on=days_ago(1), summary="答复前协商"
    )
    stances = [{"suggestion": s.pk, "stance": "adopted", "reason": "已纳入计划"} for s in outcome.suggestions.all()]
    reply = reply_services.reply_create(actor=dept, assignment_id=lead.pk, text="答复正文", stances=stances,
        file=SimpleUploadedFile("答复.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk, note="同意")
    reply_services.reply_submit(actor=dept, reply_id=reply.pk)
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk, comments="同意")
    reply_services.reply_evaluate(actor=users["staff"], reply_id=reply.pk, evaluation="satisfied")
    progress_services.progress_report_submit(
        actor=dept, assignment_id=lead.pk, text="第一季度落实情况",
        items=[{"suggestion": s.pk, "progress": 60} for s in outcome.suggestions.all()],
    )
    case = supervision_services.case_open(
        actor=users["staff"], outcome_id=outcome.pk, title="城北新区道路命名", committee_office="城建委"
    )
    supervision_services.case_add_event(
        actor=users["supervisor"], case_id=case.pk, kind="office_meeting", happened_on=timezone.localdate(),
        title="县长办公会议研究",
    )
    return adopted


def test_timeline_runs_from_origin_to_supervision_in_date_order(completed):
    lifecycle = lifecycle_en(completed)
    assert lifecycle.items[0].phase == "origin"  # the origin opens the timeline
    days = [item.on for item in lifecycle.items[1:]]
    assert days == sorted(days)
    phases = {item.phase for item in lifecycle.items}
    assert {"origin", "screening", "research", "outcome", "assignment", "reply", "approval", "evaluation",
            "progress", "supervision"} <= phases
    # Meetings are dated by the meeting, not by the day they were typed in.
    adopted = next(i for i in lifecycle.items if i.phase == "screening" and i.state and i.label.startswith("Adopted"))
    assert adopted.on == MEETING
    visit = next(i for i in lifecycle.items if i.subject == "赴寿光市考察")
    assert visit.on == datetime.date(2026, 4, 15)


def test_dated_records_replace_their_history_rows_and_reply_steps_are_not_doubled(completed):
    lifecycle = lifecycle_en(completed)
    contacts = [i for i in lifecycle.items if i.note in ("办理前沟通", "答复前协商")]
    assert len(contacts) == 2 and all("县住房和城乡建设局" in i.subject for i in contacts)
    opinions = [i for i in lifecycle.items if i.note == "切口小，可操作"]
    assert len(opinions) == 1 and opinions[0].on == datetime.date(2026, 2, 20)
    events = [i for i in lifecycle.items if "县长办公会议研究" in i.subject]
    assert len(events) == 1
    approvals = [i for i in lifecycle.items if i.phase == "approval" and i.state]
    assert [i.state for i in approvals] == ["Awaiting approval", "Approved"]


def test_page_in_chinese_shows_who_did_what_and_where_the_matter_stands(client_for, users, completed):
    html = client_for(users["leader_in_charge"]).get(url(completed)).content.decode()
    for text in (
        "生命周期", "委员提案", "第22号提案", "成武镇委员活动组", "常委会", "调研组", "外出考察", "赴寿光市考察",
        "请补充数据", "县住房和城乡建设局", "办理前沟通", "答复前协商", "会签", "满意", "第一季度落实情况",
        "县长办公会议", "当前阶段",
    ):
        assert text in html, text
    assert "<td class=\"text-nowrap\">leader</td>" in html  # the approving leader is named
    assert "submitted_for_approval" not in html and "report_returned" not in html


def test_the_outcome_stage_is_shown_only_within_the_readers_scope(client_for, users, completed):
    """A vice-chair sees no outcome-stage record on any other page, so not here either; topic and research remain."""
    html = client_for(users["vice_chair"]).get(url(completed)).content.decode()
    for hidden in ("办理前沟通", "答复前协商", "城北新区道路命名", "县长办公会议研究", "第一季度落实情况", "答复正文"):
        assert hidden not in html, hidden
    assert "赴寿光市考察" in html and "第22号提案" in html
    staff = lifecycle_en(completed)
    vice_chair = lifecycle_en(completed, "vice_chair")
    assert vice_chair.assignments == [] and vice_chair.open_cases == []
    assert {i.phase for i in vice_chair.items} <= {"origin", "screening", "research"}
    assert len(staff.items) > len(vice_chair.items)


def test_header_names_open_and_overdue_assignments_and_the_last_step(client_for, users, departments, adopted):
    report = research(users, adopted)
    forward(users, departments, report, forwarded_on=days_ago(60))
    # Everything was recorded as it happened, two months ago; nothing since.
    HistoryEntry.objects.filter(topic_id=adopted.pk).update(created_at=timezone.now() - datetime.timedelta(days=61))
    lifecycle = lifecycle_en(adopted)
    assert len(lifecycle.open_assignments) == 2
    assert len(lifecycle.overdue_assignments) == 2
    assert not lifecycle.finished and lifecycle.stage_phase == "assignment"
    assert lifecycle.last_step.label == "Forwarded to the departments"
    assert lifecycle.days_since_last_step == 60
    html = client_for(users["staff"]).get(url(adopted)).content.decode()
    assert "逾期" in html and "60 天前" in html and "停滞于" in html


def test_candidate_header_says_it_waits_for_the_chair_meeting(client_for, users, candidate):
    lifecycle = lifecycle_en(candidate)
    assert lifecycle.stage_phase == "screening" and lifecycle.items[0].phase == "origin"
    assert lifecycle.days_since_last_step == 0 and lifecycle.open_assignments == []
    html = client_for(users["supervisor"]).get(url(candidate)).content.decode()
    assert "主席会议" in html


@pytest.mark.parametrize("role", ["staff", "vice_chair", "leader_in_charge", "principal_leader", "supervisor"])
def test_topic_readers_may_open_the_page(client_for, users, candidate, role):
    assert client_for(users[role]).get(url(candidate)).status_code == 200


def test_department_gets_403_and_unknown_topic_404(client_for, users, candidate):
    assert client_for(users["department"]).get(url(candidate)).status_code == 403
    assert client_for(users["staff"]).get("/topics/999999/lifecycle/").status_code == 404


def test_anonymous_is_sent_to_login(client, candidate):
    response = client.get(url(candidate))
    assert response.status_code == 302 and "login" in response["Location"]


def test_topic_detail_links_to_the_lifecycle(client_for, users, candidate):
    html = client_for(users["vice_chair"]).get(f"/topics/{candidate.pk}/").content.decode()
    assert url(candidate) in html


def count_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_history(client_for, users, departments, plan, committee, member_group):
    client = client_for(users["staff"])
    topic = make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
    client.get(url(topic))  # warm the per-user role cache
    assert HistoryEntry.objects.filter(topic_id=topic.pk).count() == 1
    one = count_queries(client, url(topic))

    for i in range(10):
        topic_services.topic_update(actor=users["staff"], topic_id=topic.pk, rationale=f"理由第{i}次修改")
        topic_services.topic_record_opinion(
            actor=users["staff"], topic_id=topic.pk, member_group_id=member_group.pk, stance="support", comment=str(i)
        )
    topic_services.topic_shortlist(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)
    topic = topic_services.topic_adopt(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)
    outcome = forward(users, departments, research(users, topic), forwarded_on=days_ago(10))
    lead = outcome.assignments.get(role="lead")
    for i in range(8):
        assignment_services.assignment_log_contact(
            actor=users["department"], assignment_id=lead.pk, kind=ContactKind.DURING_HANDLING,
            held_on=days_ago(9 - i), summary=f"办理中联系{i}",
        )
    case = supervision_services.case_open(
        actor=users["staff"], outcome_id=outcome.pk, title="督办事项", committee_office="城建委"
    )
    supervision_services.case_add_event(
        actor=users["staff"], case_id=case.pk, kind="site_check", happened_on=timezone.localdate(), title="现场查看"
    )
    assert HistoryEntry.objects.filter(topic_id=topic.pk).count() >= 50
    fifty = count_queries(client, url(topic))
    assert fifty == one
