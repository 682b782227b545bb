"""A role that may not take an outcome step gets 403 even when its input is junk, and nothing changes."""
import pytest

from history.models import HistoryEntry
from outcomes.models import (
    Assignment,
    AssignmentRequest,
    Contact,
    Outcome,
    ProgressReport,
    Reply,
    Suggestion,
    SupervisionCase,
    SupervisionEvent,
)
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services

JUNK = {
    "lead_department": "x", "co_departments": "y", "forwarded_on": "soon", "kind": "?", "held_on": "never",
    "summary": "", "reason": "", "extra_working_days": "many", "grant": "maybe", "text": "", "evaluation": "great",
    "comments": "", "assignment": "x", "outcome": "x", "title": "", "items": "none", "happened_on": "x",
    "result": "", "stances": "x", "submitted_on": "later", "action": "",
}


def state():
    """Everything an outcome step could change."""
    return {
        "outcomes": list(Outcome.objects.order_by("pk").values_list("pk", "status", "title")),
        "suggestions": list(Suggestion.all_objects.order_by("pk").values_list("pk", "number", "title", "withdrawn_at")),
        "assignments": list(Assignment.objects.order_by("pk").values_list("pk", "status", "due_on", "input_text")),
        "requests": AssignmentRequest.objects.count(),
        "contacts": Contact.objects.count(),
        "replies": list(Reply.objects.order_by("pk").values_list("pk", "status", "evaluation", "text")),
        "progress": ProgressReport.objects.count(),
        "cases": list(SupervisionCase.objects.order_by("pk").values_list("pk", "status")),
        "events": SupervisionEvent.objects.count(),
        "history": HistoryEntry.objects.count(),
    }


@pytest.fixture
def world(users, make_outcome, make_assignment, make_reply):
    """A submitted outcome, a forwarded matter with a reply pending approval, an approved reply and a case."""
    staff, department = users["staff"], users["department"]
    submitted = make_outcome()
    pending = reply_services.reply_submit(actor=department, reply_id=make_reply(make_assignment()).pk)
    approved_assignment = make_assignment()
    approved = reply_services.reply_submit(actor=department, reply_id=make_reply(approved_assignment).pk)
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=approved.pk)
    case = supervision_services.case_open(
        actor=staff, outcome_id=approved_assignment.outcome_id, title="跟踪督办", committee_office="经济委",
    )
    return {
        "outcome": submitted, "assignment": approved_assignment, "pending": pending, "approved": approved,
        "case": case, "suggestion": submitted.suggestions.first(),
    }


# (role, method, url) — the role sees the object (or it is a list route) but may not take the step.
API_STEPS = [
    ("supervisor", "post", "/api/outcomes/"),
    ("principal_leader", "patch", "/api/outcomes/{outcome}/"),
    ("principal_leader", "post", "/api/outcomes/{outcome}/submit/"),
    ("principal_leader", "post", "/api/outcomes/{outcome}/forward/"),
    ("supervisor", "post", "/api/suggestions/"),
    ("principal_leader", "patch", "/api/suggestions/{suggestion}/"),
    ("principal_leader", "post", "/api/suggestions/{suggestion}/withdraw/"),
    ("staff", "post", "/api/assignments/{assignment}/contacts/"),
    ("staff", "post", "/api/assignments/{assignment}/return/"),
    ("staff", "post", "/api/assignments/{assignment}/extend/"),
    ("staff", "post", "/api/assignments/{assignment}/input/"),
    ("department", "post", "/api/assignments/{assignment}/decide/"),
    ("department", "post", "/api/assignments/{assignment}/close/"),
    ("staff", "post", "/api/replies/"),
    ("leader_in_charge", "patch", "/api/replies/{pending}/"),
    ("leader_in_charge", "post", "/api/replies/{pending}/submit/"),
    ("department", "post", "/api/replies/{pending}/approve/"),
    ("department", "post", "/api/replies/{pending}/send_back/"),
    ("department", "post", "/api/replies/{approved}/evaluate/"),
    ("principal_leader", "post", "/api/replies/{pending}/countersign/"),
    ("staff", "post", "/api/progress-reports/"),
    ("department", "post", "/api/supervisions/"),
    ("leader_in_charge", "post", "/api/supervisions/{case}/events/"),
    ("leader_in_charge", "post", "/api/supervisions/{case}/close/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "method", "url"), API_STEPS, ids=[f"{r}-{m}-{u}" for r, m, u in API_STEPS])
def test_api_step_refuses_a_wrong_role_before_reading_junk_input(users, world, api_client_for, role, method, url):
    url = url.format(**{key: obj.pk for key, obj in world.items()})
    before = state()
    response = getattr(api_client_for(users[role]), method)(url, JUNK, format="json")
    assert response.status_code == 403, response.content
    assert state() == before


@pytest.mark.django_db
def test_api_junk_of_the_right_role_is_still_400(users, world, api_client_for):
    before = state()
    response = api_client_for(users["staff"]).post(f"/api/outcomes/{world['outcome'].pk}/forward/", JUNK, format="json")
    assert response.status_code == 400 and "lead_department" in response.json()
    assert state() == before


# (role, page, object, action) — the role sees the page but may not take the step.
PAGE_STEPS = [
    ("principal_leader", "/outcomes/{}/", "outcome", "forward"),
    ("principal_leader", "/outcomes/{}/", "outcome", ""),
    ("staff", "/outcomes/assignments/{}/", "assignment", "contact"),
    ("supervisor", "/outcomes/assignments/{}/", "assignment", ""),
    ("department", "/outcomes/assignments/{}/", "assignment", "decide"),
    ("department", "/outcomes/replies/{}/", "approved", "evaluate"),
    ("leader_in_charge", "/outcomes/supervision/{}/", "case", "event"),
    ("leader_in_charge", "/outcomes/supervision/", None, ""),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "page", "obj", "action"), PAGE_STEPS)
def test_page_step_refuses_a_wrong_role_before_binding_the_form(users, world, client_for, role, page, obj, action):
    url = page.format(world[obj].pk) if obj else page
    before = state()
    response = client_for(users[role]).post(url, {**JUNK, "action": action})
    assert response.status_code == 403
    assert state() == before


@pytest.mark.django_db
def test_page_junk_of_the_right_role_is_still_400(users, world, client_for):
    before = state()
    response = client_for(users["staff"]).post(f"/outcomes/{world['outcome'].pk}/", {**JUNK, "action": "forward"})
    assert response.status_code == 400
    assert state() == before
