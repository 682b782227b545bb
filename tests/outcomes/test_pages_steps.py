"""Issue 12: each outcome page shows a step's form (or its link) exactly when `available_steps` lists it, for every
role and in every state; a page that shows no state-dependent form still opens; refused steps change nothing."""
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes import views
from outcomes.models import Assignment, Reply
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import progress as progress_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services

from .conftest import days_ago

pytestmark = pytest.mark.django_db

ROLES = ["staff", "department", "department2", "leader_in_charge", "principal_leader", "supervisor", "vice_chair"]
ACTION = re.compile(r'<input type="hidden" name="action" value="([a-z_]+)">')


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def offered(html: str, view, links: dict) -> set[str]:
    """The steps a page offers: its forms (by their `action`, mapped to the table's step) and step links."""
    content = main(html)
    steps = {view.actions[name].step for name in ACTION.findall(content)}
    steps |= {step for step, url in links.items() if f'href="{url}"' in content}
    return steps


def check_page(client_for, api_client_for, user, page_url, api_url, view, links=None):
    """The page's offered steps equal the API's `available_steps` for this user (both 404 out of scope)."""
    page = client_for(user).get(page_url)
    api = api_client_for(user).get(api_url)
    if api.status_code == 404:
        assert page.status_code == 404, (user.username, page_url)
        return None
    assert page.status_code == 200 and api.status_code == 200, (user.username, page_url, page.status_code)
    available = set(api.json()["available_steps"])
    assert offered(page.content.decode(), view, links or {}) == available, (user.username, page_url)
    return available


def walk(users, client_for, api_client_for, page_url, api_url, view, links=None, roles=ROLES):
    return {
        role: check_page(client_for, api_client_for, users[role], page_url, api_url, view, links) for role in roles
    }


# Outcome documents ----------------------------------------------------------------------------


def outcome_check(users, client_for, api_client_for, outcome):
    return walk(
        users, client_for, api_client_for, reverse("outcomes:outcome-detail", args=[outcome.pk]),
        f"/api/outcomes/{outcome.pk}/", views.OutcomeDetailView,
        links={"edit": reverse("outcomes:outcome-edit", args=[outcome.pk])},
    )


def test_outcome_page_offers_exactly_the_available_steps_in_each_state(
    users, departments, make_outcome, client_for, api_client_for
):
    draft = make_outcome(submit=False)
    seen = outcome_check(users, client_for, api_client_for, draft)
    assert seen["staff"] == {"edit", "submit", "withdraw"}
    assert seen["supervisor"] is None and seen["department"] is None  # a draft is the committee's own

    empty = make_outcome(submit=False, suggestions=0)
    assert outcome_check(users, client_for, api_client_for, empty)["staff"] == {"edit", "withdraw"}

    submitted = make_outcome()
    seen = outcome_check(users, client_for, api_client_for, submitted)
    assert seen["staff"] == {"forward"} and seen["principal_leader"] == set()

    outcome_services.outcome_forward(
        actor=users["staff"], outcome_id=submitted.pk, lead_department_id=departments[0].pk,
        forwarded_on=timezone.localdate(),
    )
    seen = outcome_check(users, client_for, api_client_for, submitted)
    assert seen["staff"] == {"record_progress"}
    assert seen["department"] == set() and seen["department2"] is None


# Assignments ----------------------------------------------------------------------------------


def assignment_check(users, client_for, api_client_for, assignment):
    return walk(
        users, client_for, api_client_for, reverse("outcomes:assignment-detail", args=[assignment.pk]),
        f"/api/assignments/{assignment.pk}/", views.AssignmentDetailView,
        links={"reply": reverse("outcomes:reply-create", args=[assignment.pk])},
    )


def test_assignment_pages_offer_exactly_the_available_steps_to_lead_co_handler_and_staff(
    users, make_assignment, make_reply, client_for, api_client_for
):
    lead = make_assignment("special", kind="special_minutes", co=True)
    co = lead.outcome.assignments.get(role="co")

    seen = assignment_check(users, client_for, api_client_for, lead)
    assert {"reply", "contacts", "return", "extend", "report_progress"} <= seen["department"]
    assert "input" not in seen["department"]
    assert seen["staff"] == set() and seen["supervisor"] == set()
    assert seen["department2"] is None  # the co-handler does not see the lead's own matter page
    seen = assignment_check(users, client_for, api_client_for, co)
    assert "input" in seen["department2"] and "reply" not in seen["department2"]

    # A pending extension: staff may decide it, the department may not ask again.
    assignment_services.assignment_request_extension(
        actor=users["department"], assignment_id=lead.pk, reason="需要协调", extra_working_days=5
    )
    seen = assignment_check(users, client_for, api_client_for, lead)
    assert seen["staff"] == {"decide"} and "extend" not in seen["department"]

    # A reply in preparation: no second reply.
    make_reply(lead)
    seen = assignment_check(users, client_for, api_client_for, lead)
    assert "reply" not in seen["department"]


def test_accepted_matter_offers_no_reply_and_staff_may_close_once_settled(
    users, make_assignment, make_reply, client_for, api_client_for
):
    lead = make_assignment()
    reply = reply_services.reply_submit(actor=users["department"], reply_id=make_reply(lead).pk)
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    reply_services.reply_evaluate(actor=users["staff"], reply_id=reply.pk, evaluation="satisfied")
    seen = assignment_check(users, client_for, api_client_for, lead)
    assert "reply" not in seen["department"] and "contacts" not in seen["department"]
    assert seen["staff"] == set()  # not every suggestion is implemented yet
    for s in lead.outcome.suggestions.all():
        outcome_services.suggestion_update(actor=users["staff"], suggestion_id=s.pk, progress=100)
    assert assignment_check(users, client_for, api_client_for, lead)["staff"] == {"close"}


def test_reply_form_does_not_open_on_an_accepted_matter_and_nothing_is_created(
    users, make_assignment, make_reply, client_for
):
    lead = make_assignment()
    reply = reply_services.reply_submit(actor=users["department"], reply_id=make_reply(lead).pk)
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    reply_services.reply_evaluate(actor=users["staff"], reply_id=reply.pk, evaluation="satisfied")
    client = client_for(users["department"])
    url = reverse("outcomes:reply-create", args=[lead.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url == lead.get_absolute_url()
    response = client.post(url, {"text": "再次答复"}, follow=True)
    assert "再次答复" not in [r.text for r in Reply.objects.all()]
    assert Reply.objects.filter(assignment=lead).count() == 1
    assert "只能在办理期间撰写答复。" in response.content.decode()  # the step's refusal, on the matter's page
    assert response.redirect_chain[-1][0] == lead.get_absolute_url()


def test_reply_form_opens_while_the_matter_is_handled(users, make_assignment, client_for):
    lead = make_assignment()
    assert client_for(users["department"]).get(reverse("outcomes:reply-create", args=[lead.pk])).status_code == 200


# Replies --------------------------------------------------------------------------------------


def reply_check(users, client_for, api_client_for, reply):
    return walk(
        users, client_for, api_client_for, reverse("outcomes:reply-detail", args=[reply.pk]),
        f"/api/replies/{reply.pk}/", views.ReplyDetailView,
        links={"edit": reverse("outcomes:reply-edit", args=[reply.pk])},
    )


def test_reply_page_offers_exactly_the_available_steps_through_its_life(
    users, make_assignment, make_reply, client_for, api_client_for
):
    lead = make_assignment(co=True)
    reply = make_reply(lead)
    seen = reply_check(users, client_for, api_client_for, reply)
    assert {"edit", "submit", "withdraw"} <= seen["department"]
    assert seen["department2"] == {"countersign"}
    assert seen["leader_in_charge"] in (None, set()) and seen["staff"] is None  # a draft is the department's

    reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk)
    assert reply_check(users, client_for, api_client_for, reply)["department2"] == set()

    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    seen = reply_check(users, client_for, api_client_for, reply)
    assert seen["leader_in_charge"] == {"approve", "send_back"}
    assert seen["department"] == set() and seen["principal_leader"] == set()  # R12: counterpart → leader in charge

    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    seen = reply_check(users, client_for, api_client_for, reply)
    assert seen["staff"] == {"evaluate"} and seen["leader_in_charge"] == set()

    reply_services.reply_evaluate(actor=users["staff"], reply_id=reply.pk, evaluation="satisfied")
    assert reply_check(users, client_for, api_client_for, reply)["staff"] == set()


def test_a_reply_sent_back_is_edited_and_submitted_again_from_its_page(
    users, submitted_reply, client_for, api_client_for
):
    reply = submitted_reply()
    reply_services.reply_send_back(actor=users["leader_in_charge"], reply_id=reply.pk, comments="请补充措施")
    seen = reply_check(users, client_for, api_client_for, reply)
    assert {"edit", "submit"} <= seen["department"] and seen["leader_in_charge"] == set()


# Supervision cases ----------------------------------------------------------------------------


def case_check(users, client_for, api_client_for, case):
    return walk(
        users, client_for, api_client_for, reverse("outcomes:case-detail", args=[case.pk]),
        f"/api/supervisions/{case.pk}/", views.CaseDetailView,
    )


def test_case_page_offers_exactly_the_available_steps(users, make_assignment, client_for, api_client_for):
    lead = make_assignment(forwarded_on=days_ago(40))
    case = supervision_services.case_open(
        actor=users["staff"], outcome_id=lead.outcome_id, title="督办", committee_office="城建委"
    )
    seen = case_check(users, client_for, api_client_for, case)
    assert seen["staff"] == {"events", "close"} == seen["supervisor"]
    assert seen["leader_in_charge"] == set() and seen["department"] == set()
    supervision_services.case_close(actor=users["staff"], case_id=case.pk, result="已落实")
    seen = case_check(users, client_for, api_client_for, case)
    assert seen["staff"] == set() == seen["supervisor"]


# Refused page steps ---------------------------------------------------------------------------


def test_a_page_step_the_state_no_longer_allows_is_refused_and_changes_nothing(users, make_assignment, client_for):
    """Two tabs: the form was open, the matter moved on; the second post is a 409 with the reason, not a change."""
    lead = make_assignment()
    case = supervision_services.case_open(
        actor=users["staff"], outcome_id=lead.outcome_id, title="督办", committee_office="城建委"
    )
    supervision_services.case_close(actor=users["staff"], case_id=case.pk, result="已落实")
    response = client_for(users["staff"]).post(
        reverse("outcomes:case-detail", args=[case.pk]),
        {"action": "event", "kind": "meeting", "happened_on": timezone.localdate().isoformat(), "title": "协调会"},
    )
    assert response.status_code == 409
    assert case.events.count() == 0
    assert 'value="协调会"' not in main(response.content.decode())  # the closed case offers no event form


def test_periodic_report_form_only_for_the_lead_of_a_reporting_kind(users, make_assignment, client_for):
    lead = make_assignment("special", kind="special_minutes")
    page = client_for(users["department"]).get(reverse("outcomes:assignment-detail", args=[lead.pk]))
    assert 'value="progress_report"' in main(page.content.decode())
    progress_services.progress_report_submit(
        actor=users["department"], assignment_id=lead.pk, text="落实情况",
        items=[{"suggestion": s.pk, "progress": 50} for s in lead.outcome.suggestions.all()],
    )
    plain = make_assignment()
    page = client_for(users["department"]).get(reverse("outcomes:assignment-detail", args=[plain.pk]))
    assert 'value="progress_report"' not in main(page.content.decode())
    assert Assignment.objects.get(pk=lead.pk).progress_reports.count() == 1
