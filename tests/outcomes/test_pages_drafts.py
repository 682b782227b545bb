"""The outcome create page keeps what the user typed (from a report too: title by kind, 文号, body); a draft outcome
has an edit page; draft outcomes and replies are withdrawn from their pages when their table offers it."""
import datetime

import pytest
from django.urls import reverse

from directory.models import Member
from history.models import HistoryEntry
from outcomes.models import Outcome, OutcomeKind, Reply
from research import services as research_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_report(users, make_topic):
    staff, vc = users["staff"], users["vice_chair"]
    topic = make_topic(title="关于老旧小区改造后长效管理的建议")
    member = Member.objects.create(name="赵文博", expertise="城市管理")
    group = research_services.group_form(
        actor=staff, topic_id=topic.pk, leader_id=vc.pk, member_ids=[member.pk], formed_on=datetime.date(2026, 3, 20)
    )
    for target in ("studying", "researching"):
        research_services.group_advance(actor=staff, group_id=group.pk, to_state=target)
    report = research_services.report_create_draft(
        actor=staff, group_id=group.pk, title="关于老旧小区改造后长效管理的调研报告", body="调研报告正文",
        suggestions=[{"title": "建立物业长效机制", "content": "措施"}],
    )
    research_services.report_submit(actor=staff, report_id=report.pk)
    for suggestion in report.suggestions.all():
        research_services.report_rate_suggestion(
            actor=vc, suggestion_id=suggestion.pk, scientific=4, forward_looking=4, feasible=4
        )
    return research_services.report_approve(actor=vc, report_id=report.pk)


def test_create_page_preselects_the_report_of_its_link(users, client_for, approved_report):
    url = reverse("outcomes:outcome-create") + f"?report={approved_report.pk}"
    assert url == f"/outcomes/new/?report={approved_report.pk}"  # the report page's “生成成果文件” links here
    page = client_for(users["staff"]).get(url).content.decode()
    assert f'<option value="{approved_report.pk}" selected>' in page


def test_create_page_ignores_a_report_link_that_is_not_an_approved_report(users, client_for):
    page = client_for(users["staff"]).get(reverse("outcomes:outcome-create") + "?report=abc")
    assert page.status_code == 200 and " selected>" not in page.content.decode().split('name="report"')[1].split(
        "</select>"
    )[0].replace('<option value="" selected>', "")


def test_outcome_from_a_report_keeps_the_typed_document_number_and_body(users, client_for, approved_report):
    response = client_for(users["staff"]).post(reverse("outcomes:outcome-create"), {
        "report": approved_report.pk, "kind": "work_minutes", "title": "", "document_number": "成政协纪〔2026〕3号",
        "body": "我写的正文",
    })
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.document_number == "成政协纪〔2026〕3号" and outcome.body == "我写的正文"
    assert outcome.title != approved_report.title and "调研报告" not in outcome.title
    assert str(OutcomeKind.WORK_MINUTES.label) in outcome.title or "纪要" in outcome.title
    assert outcome.suggestions.count() == 1


def test_outcome_from_a_report_keeps_a_typed_title_and_defaults_the_body_to_the_report(
    users, client_for, approved_report
):
    client_for(users["staff"]).post(reverse("outcomes:outcome-create"), {
        "report": approved_report.pk, "kind": "recommendation", "title": "关于老旧小区长效管理的建议案",
    })
    outcome = Outcome.objects.get()
    assert outcome.title == "关于老旧小区长效管理的建议案" and outcome.body == "调研报告正文"


def test_outcome_for_a_topic_with_a_blank_title_gets_one_fit_for_its_kind(users, client_for, make_topic):
    topic = make_topic()
    response = client_for(users["staff"]).post(
        reverse("outcomes:outcome-create"),
        {"topic": topic.pk, "kind": "special_minutes", "title": "", "document_number": "3号", "body": "正文",
         "suggestions": "建议一\n内容"},
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert topic.title in outcome.title and outcome.document_number == "3号"


def test_create_page_refusal_keeps_what_was_typed(users, client_for):
    response = client_for(users["staff"]).post(reverse("outcomes:outcome-create"), {
        "kind": "work_minutes", "title": "我的标题", "document_number": "成政协纪〔2026〕9号", "body": "我的正文",
    })
    assert response.status_code == 400 and not Outcome.objects.exists()
    body = response.content.decode()
    assert "我的标题" in body and "成政协纪〔2026〕9号" in body and "我的正文" in body


# The edit page --------------------------------------------------------------------------------


def test_a_draft_outcome_is_edited_on_its_edit_page(users, client_for, make_outcome):
    outcome = make_outcome(submit=False)
    client = client_for(users["staff"])
    edit = reverse("outcomes:outcome-edit", args=[outcome.pk])
    assert f'href="{edit}"' in client.get(outcome.get_absolute_url()).content.decode()
    assert outcome.title in client.get(edit).content.decode()
    response = client.post(edit, {"kind": "recommendation", "title": "新标题", "document_number": "7号", "body": "新正文"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.kind, outcome.title, outcome.document_number, outcome.body) == ("recommendation", "新标题", "7号", "新正文")
    assert HistoryEntry.objects.filter(action="edited").exists()


def test_edit_page_keeps_the_typed_text_on_bad_input(users, client_for, make_outcome):
    outcome = make_outcome(submit=False)
    response = client_for(users["staff"]).post(
        reverse("outcomes:outcome-edit", args=[outcome.pk]),
        {"kind": "work_minutes", "title": "", "document_number": "7号", "body": "写了一半的正文"},
    )
    assert response.status_code == 400 and "写了一半的正文" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.body == "正文"


def test_a_submitted_outcome_has_no_edit_page(users, client_for, make_outcome):
    outcome = make_outcome()
    client = client_for(users["staff"])
    edit = reverse("outcomes:outcome-edit", args=[outcome.pk])
    assert client.get(edit).status_code == 302
    response = client.post(edit, {"kind": "work_minutes", "title": "改", "body": ""})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.title != "改"
    assert f'href="{edit}"' not in client.get(outcome.get_absolute_url()).content.decode()


@pytest.mark.parametrize("role,status", [("principal_leader", 403), ("department", 403), ("supervisor", 403)])
def test_only_staff_open_the_edit_page(users, client_for, make_outcome, role, status):
    outcome = make_outcome(submit=False)
    assert client_for(users[role]).get(reverse("outcomes:outcome-edit", args=[outcome.pk])).status_code == status


# Withdrawing drafts ---------------------------------------------------------------------------


def test_a_draft_outcome_is_withdrawn_from_its_page_and_stays_on_record(users, client_for, make_outcome):
    outcome = make_outcome(submit=False)
    client = client_for(users["staff"])
    response = client.post(outcome.get_absolute_url(), {"action": "withdraw", "reason": "重复录入"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.status == "withdrawn"
    assert HistoryEntry.objects.filter(action="withdrawn", note="重复录入").exists()
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert 'value="withdraw"' not in page and 'value="submit"' not in page


def test_a_submitted_outcome_cannot_be_withdrawn_from_its_page(users, client_for, make_outcome):
    outcome = make_outcome()
    response = client_for(users["staff"]).post(outcome.get_absolute_url(), {"action": "withdraw", "reason": "x"})
    assert response.status_code == 409
    outcome.refresh_from_db()
    assert outcome.status == "submitted"


def test_a_draft_reply_is_withdrawn_from_its_page(users, client_for, make_assignment, make_reply):
    reply = make_reply(make_assignment())
    client = client_for(users["department"])
    assert 'value="withdraw"' in client.get(reply.get_absolute_url()).content.decode()
    response = client.post(reply.get_absolute_url(), {"action": "withdraw", "reason": "写错了"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == "withdrawn"
    assert Reply.objects.filter(pk=reply.pk).exists()  # kept, not deleted


def test_another_role_cannot_withdraw_a_draft_reply(users, client_for, make_assignment, make_reply):
    reply = make_reply(make_assignment(co=True))
    response = client_for(users["department2"]).post(reply.get_absolute_url(), {"action": "withdraw", "reason": ""})
    assert response.status_code == 403
    reply.refresh_from_db()
    assert reply.status == "draft"
