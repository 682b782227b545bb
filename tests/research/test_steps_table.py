"""The research step tables drive everything: available_steps, the pages' forms, the hand-off notifications, the
to-do lists; and a full walk writes only the moves the tables declare, reaching each of them."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chengwu_cppcc.errors import InvalidInput
from history.models import HistoryEntry
from notifications.models import Notification
from research import services
from research.models import Report, ResearchGroup
from research.steps import ALL_TABLES, GROUP_STEPS, REPORT_STEPS

from .conftest import rate_all

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def group_steps(api_client_for, user, group):
    return api_client_for(user).get(f"/api/research-groups/{group.pk}/").json()["available_steps"]


def report_steps(api_client_for, user, report):
    return api_client_for(user).get(f"/api/reports/{report.pk}/").json()["available_steps"]


def test_every_table_is_exported():
    assert ALL_TABLES == [GROUP_STEPS, REPORT_STEPS]
    assert [t.object_type for t in ALL_TABLES] == ["group", "report"]


# available_steps per role and state -------------------------------------------------------------


WORK = ["add_member", "add_milestone", "complete_milestone", "record_activity", "add_finding"]


def test_group_available_steps_per_role_and_state(api_client_for, users, group, make_report):
    editors = ["advance:reporting", *WORK, "create_report"]
    assert group_steps(api_client_for, users["staff"], group) == editors
    assert group_steps(api_client_for, users["vice_chair"], group) == editors  # the group's leader
    for role in ("vice_chair2", "supervisor", "principal_leader"):  # may read, may not act
        assert group_steps(api_client_for, users[role], group) == []
    make_report(group)
    assert "create_report" not in group_steps(api_client_for, users["staff"], group)  # a draft is under way


def test_an_approved_group_offers_only_closing(api_client_for, users, submitted_report):
    rate_all(submitted_report, users["vice_chair"])
    services.report_approve(actor=users["vice_chair"], report_id=submitted_report.pk)
    group = submitted_report.group
    assert group_steps(api_client_for, users["staff"], group) == ["advance:closed"]
    assert "report_approved" not in group_steps(api_client_for, users["vice_chair"], group)  # never offered


def test_report_available_steps_per_role_and_state(api_client_for, users, group, make_report):
    draft = make_report(group)
    for role in ("staff", "vice_chair"):
        assert report_steps(api_client_for, users[role], draft) == ["edit", "submit", "withdraw"]
    for role in ("vice_chair2", "supervisor"):
        assert report_steps(api_client_for, users[role], draft) == []
    services.report_submit(actor=users["staff"], report_id=draft.pk)
    assert report_steps(api_client_for, users["staff"], draft) == []  # staff do not review
    assert report_steps(api_client_for, users["vice_chair"], draft) == ["approve", "rate", "return"]
    assert report_steps(api_client_for, users["vice_chair2"], draft) == []
    rate_all(draft, users["vice_chair"])
    services.report_approve(actor=users["vice_chair"], report_id=draft.pk)
    assert report_steps(api_client_for, users["staff"], draft) == ["create_outcome"]
    assert report_steps(api_client_for, users["vice_chair"], draft) == []
    listed = api_client_for(users["staff"]).get("/api/reports/").json()["results"]
    assert listed[0]["available_steps"] == ["create_outcome"]


# The pages show exactly the forms of the available steps ---------------------------------------------


GROUP_MARKERS = {
    "advance": lambda g: reverse("research:group-advance", args=[g.pk]),
    "add_member": lambda g: reverse("research:member-add", args=[g.pk]),
    "add_milestone": lambda g: reverse("research:milestone-create", args=[g.pk]),
    "record_activity": lambda g: reverse("research:activity-create", args=[g.pk]),
    "create_report": lambda g: reverse("research:report-create", args=[g.pk]),
}


@pytest.mark.parametrize("role", ["staff", "vice_chair", "vice_chair2", "supervisor"])
@pytest.mark.parametrize("status", ["forming", "researching", "reporting"])
def test_group_page_shows_the_forms_of_the_available_steps(client_for, api_client_for, users, make_group, role, status):
    group = make_group(status=None if status == "forming" else status)
    available = group_steps(api_client_for, users[role], group)
    page = client_for(users[role]).get(group.get_absolute_url()).content.decode()
    for step, marker in GROUP_MARKERS.items():
        offered = any(s.startswith("advance:") for s in available) if step == "advance" else step in available
        assert (marker(group) in page) == offered, (step, available)


REPORT_MARKERS = {
    "edit": lambda r: reverse("research:report-edit", args=[r.pk]),
    "submit": lambda r: reverse("research:report-submit", args=[r.pk]),
    "withdraw": lambda r: reverse("research:report-withdraw", args=[r.pk]),
    "approve": lambda r: reverse("research:report-review", args=[r.pk]),
    "create_outcome": lambda r: f"{reverse('outcomes:outcome-create')}?report={r.pk}",
}


def _walk_to(report, status, users):
    if status in ("submitted", "approved"):
        services.report_submit(actor=users["staff"], report_id=report.pk)
    if status == "approved":
        rate_all(report, users["vice_chair"])
        services.report_approve(actor=users["vice_chair"], report_id=report.pk)


@pytest.mark.parametrize("role", ["staff", "vice_chair", "vice_chair2", "supervisor"])
@pytest.mark.parametrize("status", ["draft", "submitted", "approved"])
def test_report_page_shows_the_forms_of_the_available_steps(client_for, api_client_for, users, group, make_report, role, status):
    report = make_report(group)
    _walk_to(report, status, users)
    available = report_steps(api_client_for, users[role], report)
    page = client_for(users[role]).get(report.get_absolute_url()).content.decode()
    for step, marker in REPORT_MARKERS.items():
        assert (marker(report) in page) == (step in available), (step, available)


def test_review_page_offers_exactly_the_review_steps(client_for, api_client_for, users, submitted_report):
    client = client_for(users["vice_chair"])
    url = reverse("research:report-review", args=[submitted_report.pk])
    page = client.get(url).content.decode()
    for step in ("rate", "approve", "return"):
        assert f'name="decision" value="{step}"' in page
    rate_all(submitted_report, users["vice_chair"])
    services.report_approve(actor=users["vice_chair"], report_id=submitted_report.pk)
    assert report_steps(api_client_for, users["vice_chair"], submitted_report) == []
    page = client.get(url).content.decode()
    assert 'name="decision"' not in page


def test_approved_report_links_the_outcome_document_for_staff_only(client_for, users, submitted_report):
    rate_all(submitted_report, users["vice_chair"])
    services.report_approve(actor=users["vice_chair"], report_id=submitted_report.pk)
    link = f"{reverse('outcomes:outcome-create')}?report={submitted_report.pk}"
    assert link in client_for(users["staff"]).get(submitted_report.get_absolute_url()).content.decode()
    assert link not in client_for(users["vice_chair"]).get(submitted_report.get_absolute_url()).content.decode()
    create = client_for(users["staff"]).get(link)
    assert create.status_code == 200


def test_edit_page_of_a_submitted_report_sends_back_with_the_reason(client_for, users, submitted_report):
    response = client_for(users["staff"]).get(reverse("research:report-edit", args=[submitted_report.pk]), follow=True)
    assert response.redirect_chain[-1][0] == submitted_report.get_absolute_url()
    assert "只有草稿可以修改。" in response.content.decode()


# Hand-offs: the next actor is told, and their to-do list gains the item ------------------------------------


def told(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


def test_submit_tells_the_leading_vice_chair_and_moves_the_to_do(users, group, make_report):
    report = make_report(group)
    assert [i.step for i in REPORT_STEPS.todos(users["staff"], TODAY)] == ["submit"]
    assert REPORT_STEPS.todos(users["vice_chair"], TODAY)[0].step == "submit"  # the leader may submit too
    services.report_submit(actor=users["staff"], report_id=report.pk)
    notice = told(users["vice_chair"], "report_submit").get()
    assert notice.url == reverse("research:report-review", args=[report.pk])
    assert not told(users["vice_chair2"], "report_submit").exists() and not told(users["staff"], "report_submit").exists()
    items = REPORT_STEPS.todos(users["vice_chair"], TODAY)
    assert [(i.step, i.object_type, i.object_id) for i in items] == [("approve", "report", report.pk)]
    assert items[0].url == notice.url and items[0].api_url == f"/api/reports/{report.pk}/"
    assert items[0].due_on is None and not items[0].overdue
    assert REPORT_STEPS.todos(users["staff"], TODAY) == []  # the previous actor's item is gone
    assert REPORT_STEPS.todos(users["vice_chair2"], TODAY) == []


def test_approve_tells_the_office_staff_and_clears_the_reviewers_to_do(users, submitted_report):
    rate_all(submitted_report, users["vice_chair"])
    services.report_approve(actor=users["vice_chair"], report_id=submitted_report.pk)
    notice = told(users["staff"], "report_approve").get()
    assert notice.url == submitted_report.get_absolute_url()
    assert not told(users["vice_chair"], "report_approve").exists()  # the actor is not told of their own step
    assert REPORT_STEPS.todos(users["vice_chair"], TODAY) == []


def test_return_tells_the_office_staff_and_the_next_draft_is_their_to_do(users, submitted_report):
    services.report_return(actor=users["vice_chair"], report_id=submitted_report.pk, comments="请补充数据。")
    assert told(users["staff"], "report_return").exists()
    following = Report.objects.get(previous=submitted_report)
    assert [(i.step, i.object_id) for i in REPORT_STEPS.todos(users["staff"], TODAY)] == [("submit", following.pk)]
    assert [i.step for i in REPORT_STEPS.todos(users["vice_chair"], TODAY)] == ["submit"]


def test_a_refused_step_tells_nobody(users, group, make_report):
    report = make_report(group, n=0)  # nothing itemised: the submission is refused
    before = Notification.objects.count()
    with pytest.raises(InvalidInput):
        services.report_submit(actor=users["staff"], report_id=report.pk)
    assert Notification.objects.count() == before


def test_readers_who_may_not_act_have_no_research_to_dos(users, submitted_report):
    for role in ("supervisor", "principal_leader", "leader_in_charge", "department"):
        assert REPORT_STEPS.todos(users[role], TODAY) == []
        assert GROUP_STEPS.todos(users[role], TODAY) == []


def test_the_report_to_do_list_costs_the_same_at_1_and_50(users, make_group, make_report):
    def build(n):
        for _ in range(n):
            report = make_report(make_group(status="researching"))
            services.report_submit(actor=users["staff"], report_id=report.pk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            items = REPORT_STEPS.todos(users["vice_chair"], TODAY)
        return len(ctx.captured_queries), len(items)

    build(1)
    REPORT_STEPS.todos(users["vice_chair"], TODAY)  # warm the role cache
    one, n1 = count()
    build(49)
    fifty, n50 = count()
    assert (n1, n50) == (1, 50)
    assert one == fifty


# A walk through every move --------------------------------------------------------------------------


def declared(table):
    return {(source, s.target) for s in table for source in s.sources if s.target is not None}


def written(model):
    content_type = ContentType.objects.get_for_model(model)
    return set(
        HistoryEntry.objects.filter(content_type=content_type).exclude(from_state="")
        .values_list("from_state", "to_state")
    )


def test_a_full_walk_reaches_every_declared_move_and_writes_no_other(users, make_group, make_report):
    staff, leader = users["staff"], users["vice_chair"]
    # Group A: every manual move, a withdrawn draft, a returned and an approved version, then closed.
    a = make_group()
    for target in ("studying", "researching", "reporting"):
        services.group_advance(actor=staff, group_id=a.pk, to_state=target)
    first = make_report(a)
    services.report_withdraw(actor=staff, report_id=first.pk, reason="重新起草")
    second = services.report_create_draft(
        actor=leader, group_id=a.pk, title="调研报告", body="正文", suggestions=[{"title": "建议", "content": "措施"}]
    )
    assert (second.version, second.previous_id) == (2, first.pk)
    services.report_submit(actor=leader, report_id=second.pk)
    services.report_return(actor=leader, report_id=second.pk, comments="请细化。")
    third = Report.objects.get(previous=second)
    services.report_submit(actor=staff, report_id=third.pk)
    rate_all(third, leader)
    services.report_approve(actor=leader, report_id=third.pk)
    services.group_advance(actor=staff, group_id=a.pk, to_state="closed")
    # Group B: a report submitted while studying moves the group straight to reporting.
    b = make_group(status="studying")
    services.report_submit(actor=staff, report_id=make_report(b).pk)

    assert written(ResearchGroup) == declared(GROUP_STEPS)
    assert written(Report) == declared(REPORT_STEPS)
    assert {ResearchGroup.objects.get(pk=a.pk).status, ResearchGroup.objects.get(pk=b.pk).status} == {"closed", "reporting"}


def test_api_todos_move_from_the_editor_to_the_reviewer(api_client_for, users, group, make_report):
    def todos(user):
        rows = api_client_for(user).get("/api/todos/").json()
        rows = rows["results"] if isinstance(rows, dict) else rows
        return [(r["step"], r["object_type"], r["object_id"]) for r in rows if r["object_type"] == "report"]

    report = make_report(group)
    assert ("submit", "report", report.pk) in todos(users["staff"])
    services.report_submit(actor=users["staff"], report_id=report.pk)
    assert todos(users["vice_chair"]) == [("approve", "report", report.pk)]
    assert todos(users["staff"]) == []
