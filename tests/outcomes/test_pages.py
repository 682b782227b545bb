"""The main page flows in the browser's terms: forward, contact, reply with a file, approve, evaluate, supervise."""
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Assignment, Reply
from outcomes.selectors import home_context

from .conftest import days_ago, pdf_file


@pytest.mark.django_db
def test_page_flow_forward_contact_reply_approve_evaluate(users, departments, make_outcome, client_for):
    outcome = make_outcome("special", kind="special_minutes")
    today = timezone.localdate().isoformat()
    staff = client_for(users["staff"])
    page = staff.get(reverse("outcomes:outcome-detail", args=[outcome.pk]))
    assert page.status_code == 200 and outcome.title in page.content.decode()
    r = staff.post(reverse("outcomes:outcome-detail", args=[outcome.pk]),
                   {"action": "forward", "lead_department": departments[0].pk, "forwarded_on": today})
    assert r.status_code == 302, r.content.decode()[:2000]
    assignment = Assignment.objects.get(outcome=outcome)

    dept = client_for(users["department"])
    listing = dept.get(reverse("outcomes:assignment-list"))
    assert outcome.title in listing.content.decode()
    url = reverse("outcomes:assignment-detail", args=[assignment.pk])
    r = dept.post(url, {"action": "contact", "kind": "before_reply", "held_on": today, "summary": ""})
    assert r.status_code == 400  # summary missing: the page shows the form again
    r = dept.post(url, {"action": "contact", "kind": "before_reply", "held_on": today, "summary": "答复前协商"})
    assert r.status_code == 302
    form = {"text": "答复正文", "document_number": "", "file": pdf_file()}
    for s in outcome.suggestions.all():
        form[f"stance_{s.pk}"] = "adopted"
        form[f"reason_{s.pk}"] = "已纳入年度计划"
    r = dept.post(reverse("outcomes:reply-create", args=[assignment.pk]), form)
    assert r.status_code == 302, r.content.decode()[:3000]
    reply = Reply.objects.get(assignment=assignment)
    r = dept.post(reverse("outcomes:reply-detail", args=[reply.pk]), {"action": "submit"})
    assert r.status_code == 302
    reply.refresh_from_db()
    assert reply.status == "pending_approval" and reply.approval_level == "principal_leader"

    principal = client_for(users["principal_leader"])
    queue = principal.get(reverse("outcomes:approval-queue"))
    assert outcome.title in queue.content.decode()
    r = principal.post(reverse("outcomes:reply-detail", args=[reply.pk]), {"action": "approve", "comments": "同意"})
    assert r.status_code == 302

    staff = client_for(users["staff"])
    assert outcome.title in staff.get(reverse("outcomes:evaluation-queue")).content.decode()
    r = staff.post(reverse("outcomes:reply-detail", args=[reply.pk]),
                   {"action": "evaluate", "evaluation": "satisfied", "comments": ""})
    assert r.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).status == "accepted"

    supervisor = client_for(users["supervisor"])
    assert supervisor.get(reverse("outcomes:supervision-board")).status_code == 200


@pytest.mark.django_db
def test_reply_form_refuses_a_disguised_file_and_keeps_the_text(users, make_assignment, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assignment = make_assignment()
    r = client_for(users["department"]).post(
        reverse("outcomes:reply-create", args=[assignment.pk]),
        {"text": "我的答复全文", "file": SimpleUploadedFile("x.pdf", b"just text")},
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "我的答复全文" in body and "PDF" in body
    assert not Reply.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("department", 200), ("leader_in_charge", 403), ("supervisor", 403)])
def test_reply_form_is_for_department_officers(role, status, users, make_assignment, client_for):
    assignment = make_assignment()
    assert client_for(users[role]).get(reverse("outcomes:reply-create", args=[assignment.pk])).status_code == status


@pytest.mark.django_db
def test_pages_open_for_each_role(users, make_assignment, submitted_reply, client_for):
    make_assignment(forwarded_on=days_ago(40))
    submitted_reply("special")
    for role, names in {
        "staff": ["outcome-list", "outcome-create", "assignment-list", "evaluation-queue", "supervision-board"],
        "department": ["assignment-list", "outcome-list"],
        "leader_in_charge": ["approval-queue", "assignment-list"],
        "principal_leader": ["approval-queue", "supervision-board"],
        "supervisor": ["supervision-board", "assignment-list", "outcome-list"],
    }.items():
        client = client_for(users[role])
        for name in names:
            assert client.get(reverse(f"outcomes:{name}")).status_code == 200, (role, name)
    assert client_for(users["department"]).get(reverse("outcomes:approval-queue")).status_code == 403


@pytest.mark.django_db
def test_home_includes_render_for_each_role(users, make_assignment, submitted_reply, rf):
    make_assignment(forwarded_on=days_ago(40))
    reply = submitted_reply("counterpart")
    for role, template in (("department", "home_department"), ("leader_in_charge", "home_leader"),
                           ("supervisor", "home_supervisor"), ("staff", "home_staff")):
        html = render_to_string(f"outcomes/includes/{template}.html", {"outcomes_home": home_context(users[role])})
        assert "<section" in html, role
    html = render_to_string("outcomes/includes/home_leader.html", {"outcomes_home": home_context(users["leader_in_charge"])})
    assert reply.assignment.outcome.title in html


def test_row_tags_mark_deadlines_and_contacts():
    import datetime
    from types import SimpleNamespace

    from django.template import Context, Template

    page = Template("{% load outcomes_tags %}{% deadline a %}|{% contact_flags a %}")
    row = SimpleNamespace(due_on=datetime.date(2027, 1, 8), due_provisional=True, is_overdue=True,
                          is_very_overdue=False, has_before_handling=True, has_during_handling=False,
                          has_before_reply=False)
    html = page.render(Context({"a": row}))
    due, flags = html.split("|")
    assert due.startswith("2027-01-08 <span class=\"badge text-bg-light\" title=\"")
    assert "text-bg-warning" in due and "text-bg-danger" not in due
    assert flags.count("text-success") == 1 and flags.count("text-muted") == 2 and flags.count("○") == 2
    row.is_very_overdue, row.due_provisional = True, False
    due = page.render(Context({"a": row})).split("|")[0]
    assert "text-bg-danger" in due and "text-bg-warning" not in due and "text-bg-light" not in due


def test_a_refusal_for_an_object_outside_scope_is_a_404_page_not_a_400(users, make_outcome, client_for):
    outcome = make_outcome("special", kind="special_minutes")
    page = reverse("outcomes:outcome-detail", args=[outcome.pk])
    response = client_for(users["staff"]).post(page, {"action": "progress", "suggestion": 999999, "progress": 50})
    assert response.status_code == 404
