"""Drafts keep what was typed, are edited and withdrawn by whoever may edit them (kept, with history), and a repeated
identical create makes nothing twice."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from directory.models import Member
from history.models import HistoryEntry
from outcomes.models import Outcome, Reply, Suggestion
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from outcomes.steps import ASSIGNMENT_STEPS, OUTCOME_STEPS
from research import services as research_services

from .test_handoffs import complete_reply

pytestmark = pytest.mark.django_db


def snapshot(obj):
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def history(obj):
    return HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


@pytest.fixture
def report(users, make_topic):
    staff, vc = users["staff"], users["vice_chair"]
    topic = make_topic(title="老旧小区改造后长效管理")
    member = Member.objects.create(name="赵文博", expertise="城市管理")
    group = research_services.group_form(
        actor=staff, topic_id=topic.pk, leader_id=vc.pk, member_ids=[member.pk], formed_on=datetime.date(2026, 3, 20)
    )
    for target in ("studying", "researching"):
        research_services.group_advance(actor=staff, group_id=group.pk, to_state=target)
    draft = research_services.report_create_draft(
        actor=staff, group_id=group.pk, title="关于老旧小区改造后长效管理的调研报告", body="调研报告正文",
        suggestions=[{"title": "建立物业长效机制", "content": "措施"}],
    )
    research_services.report_submit(actor=staff, report_id=draft.pk)
    for suggestion in draft.suggestions.all():
        research_services.report_rate_suggestion(
            actor=vc, suggestion_id=suggestion.pk, scientific=4, forward_looking=4, feasible=4
        )
    return research_services.report_approve(actor=vc, report_id=draft.pk)


# From a report ---------------------------------------------------------------------------------


def test_an_outcome_from_a_report_takes_a_title_of_its_kind_and_keeps_the_document_number(
    users, report, api_client_for
):
    client = api_client_for(users["staff"])
    r = client.post("/api/outcomes/", {"report": report.pk, "kind": "work_minutes",
                                       "document_number": "成政协纪〔2026〕3号"}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["title"] == "关于老旧小区改造后长效管理的政协工作纪要"  # not the report's “…调研报告”
    assert body["document_number"] == "成政协纪〔2026〕3号" and body["body"] == "调研报告正文"
    assert body["available_steps"] == ["edit", "submit", "withdraw"]
    # The draft can be edited, through the API as on its page.
    r = client.patch(f"/api/outcomes/{body['id']}/", {"body": "改写后的正文", "document_number": "4号"}, format="json", HTTP_IF_MATCH="*")
    assert r.status_code == 200 and r.json()["body"] == "改写后的正文" and r.json()["document_number"] == "4号"


def test_an_outcome_from_a_report_keeps_a_typed_title_and_body(users, report):
    outcome = outcome_services.outcome_create_from_report(
        actor=users["staff"], report_id=report.pk, kind="recommendation", title="关于长效管理的建议案",
        document_number="5号", body="我写的正文",
    )
    assert (outcome.title, outcome.document_number, outcome.body) == ("关于长效管理的建议案", "5号", "我写的正文")
    assert outcome.suggestions.count() == 1


def test_a_repeated_create_from_a_report_is_the_same_outcome(users, report, api_client_for):
    client = api_client_for(users["staff"])
    data = {"report": report.pk, "kind": "work_minutes", "title": "关于长效管理的纪要"}
    first, second = (client.post("/api/outcomes/", data, format="json") for _ in range(2))
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and Outcome.objects.count() == 1
    assert Suggestion.objects.count() == 1


# Nothing created twice ------------------------------------------------------------------------


def test_a_repeated_identical_create_answers_the_first_outcome(users, make_topic, api_client_for):
    topic = make_topic()
    client = api_client_for(users["staff"])
    data = {"topic": topic.pk, "kind": "work_minutes", "title": "关于某事的纪要",
            "suggestions": [{"title": "建议", "content": "内容"}]}
    first, second = client.post("/api/outcomes/", data, format="json"), client.post("/api/outcomes/", data, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Outcome.objects.count() == 1 and Suggestion.objects.count() == 1
    # Another title, or another kind, is another document.
    assert client.post("/api/outcomes/", {**data, "title": "另一份纪要"}, format="json").status_code == 201
    assert client.post("/api/outcomes/", {**data, "kind": "meeting_minutes"}, format="json").status_code == 201
    # The same again, a while later, is a deliberate second document.
    Outcome.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.post("/api/outcomes/", data, format="json").status_code == 201
    assert Outcome.objects.count() == 4


def test_another_persons_identical_create_is_their_own(users, make_topic):
    from tests.conftest import make_user

    other_staff = make_user("staff2", "staff")
    topic = make_topic()
    kwargs = {"topic_id": topic.pk, "kind": "work_minutes", "title": "同名纪要"}
    a = outcome_services.outcome_create(actor=users["staff"], **kwargs)
    b = outcome_services.outcome_create(actor=other_staff, **kwargs)
    assert a.pk != b.pk


# Withdrawing a draft outcome ------------------------------------------------------------------


def test_a_draft_outcome_is_withdrawn_and_kept_with_its_history(users, make_outcome, api_client_for):
    outcome = make_outcome(submit=False)
    r = api_client_for(users["staff"]).post(f"/api/outcomes/{outcome.pk}/withdraw/", {"reason": "重复录入"},
                                            format="json")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn" and r.json()["available_steps"] == []
    entry = history(outcome).last()
    assert (entry.action, entry.from_state, entry.to_state, entry.note) == ("withdrawn", "draft", "withdrawn", "重复录入")
    assert Outcome.objects.filter(pk=outcome.pk).exists() and outcome.suggestions.count() == 2
    assert OUTCOME_STEPS.todos(users["staff"], timezone.localdate()) == []


def test_withdrawing_an_outcome_refusals_change_nothing(users, make_outcome, api_client_for):
    draft, submitted = make_outcome(submit=False), make_outcome()
    before_draft, before_submitted = snapshot(draft), snapshot(submitted)
    entries = HistoryEntry.objects.count()
    staff = api_client_for(users["staff"])
    assert api_client_for(users["supervisor"]).post(f"/api/outcomes/{draft.pk}/withdraw/").status_code == 404
    assert api_client_for(users["supervisor"]).post(f"/api/outcomes/{submitted.pk}/withdraw/").status_code == 403
    assert staff.post(f"/api/outcomes/{submitted.pk}/withdraw/", {}, format="json").status_code == 409
    assert staff.post(f"/api/outcomes/{draft.pk}/withdraw/", {"reason": ["x"]}, format="json").status_code == 400
    assert staff.post("/api/outcomes/999999/withdraw/", {}, format="json").status_code == 404
    assert snapshot(draft) == before_draft and snapshot(submitted) == before_submitted
    assert HistoryEntry.objects.count() == entries


def test_a_withdrawn_outcome_is_no_longer_edited_or_submitted(users, make_outcome):
    from chengwu_cppcc.errors import InvalidState

    outcome = make_outcome(submit=False)
    outcome_services.outcome_withdraw(actor=users["staff"], outcome_id=outcome.pk)
    for step in (
        lambda: outcome_services.outcome_update(actor=users["staff"], outcome_id=outcome.pk, title="改"),
        lambda: outcome_services.outcome_submit(actor=users["staff"], outcome_id=outcome.pk),
        lambda: outcome_services.outcome_withdraw(actor=users["staff"], outcome_id=outcome.pk),
    ):
        with pytest.raises(InvalidState):
            step()


# Withdrawing a draft reply --------------------------------------------------------------------


def test_a_draft_reply_is_withdrawn_and_a_new_one_may_be_drafted(users, make_assignment, api_client_for):
    lead = make_assignment()
    reply = complete_reply(users, lead)
    client = api_client_for(users["department"])
    r = client.post(f"/api/replies/{reply.pk}/withdraw/", {"reason": "写错了"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn" and r.json()["available_steps"] == []
    assert history(reply).last().to_state == "withdrawn" and Reply.objects.filter(pk=reply.pk).exists()
    # The matter waits on the department again: its to-do is back, and a second version can be drafted.
    item = next(i for i in ASSIGNMENT_STEPS.todos(users["department"], timezone.localdate()) if i.object_id == lead.pk)
    assert item.step == "reply"
    again = complete_reply(users, lead)
    assert again.version == 2


def test_withdrawing_a_reply_refusals_change_nothing(users, make_assignment, api_client_for):
    lead = make_assignment(co=True)
    reply = complete_reply(users, lead)
    before, entries = snapshot(reply), HistoryEntry.objects.count()
    url = f"/api/replies/{reply.pk}/withdraw/"
    assert api_client_for(users["department2"]).post(url, {}, format="json").status_code == 403  # the co-handler
    assert api_client_for(users["principal_leader"]).post(url, {}, format="json").status_code == 403
    assert api_client_for(users["staff"]).post(url, {}, format="json").status_code == 404  # not approved: unseen
    assert api_client_for(users["department"]).post(url, {"reason": ["x"]}, format="json").status_code == 400
    assert snapshot(reply) == before and HistoryEntry.objects.count() == entries
    reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk)
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    before, entries = snapshot(reply), HistoryEntry.objects.count()
    assert api_client_for(users["department"]).post(url, {}, format="json").status_code == 409
    assert snapshot(reply) == before and HistoryEntry.objects.count() == entries


def test_default_title_does_not_wrap_the_topic_title_twice():
    from outcomes.services.outcomes import topic_subject

    assert topic_subject("关于加快成武经济开发区食品产业链延链补链的建议") == "加快成武经济开发区食品产业链延链补链"
    assert topic_subject("关于统筹推进复工复产工作的意见") == "统筹推进复工复产工作"
    assert topic_subject("县城停车难问题") == "县城停车难问题"
