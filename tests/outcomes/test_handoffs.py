"""Issue 12: who acts next. Each step's `available_steps` per role and state, the hand-off notification to the
next actor, and the to-do items (TABLE.todos) the next actor gains and the previous one loses."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from outcomes.models import ContactKind
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services
from outcomes.steps import ASSIGNMENT_STEPS, CASE_STEPS, OUTCOME_STEPS, REPLY_STEPS

from .conftest import days_ago, pdf_file

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def todos(table, user):
    return {(item.object_id, item.step) for item in table.todos(user, TODAY())}


def todo(table, user, obj):
    return next((item for item in table.todos(user, TODAY()) if item.object_id == obj.pk), None)


def kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def available(api_client_for, user, url):
    response = api_client_for(user).get(url)
    return response.json()["available_steps"] if response.status_code == 200 else response.status_code


def complete_reply(users, assignment):
    assignment_services.assignment_log_contact(
        actor=users["department"], assignment_id=assignment.pk, kind=ContactKind.BEFORE_REPLY,
        held_on=TODAY(), summary="答复前协商",
    )
    stances = [{"suggestion": s.pk, "stance": "adopted", "reason": ""} for s in assignment.outcome.suggestions.all()]
    return reply_services.reply_create(
        actor=users["department"], assignment_id=assignment.pk, text="答复", file=pdf_file(), stances=stances
    )


# Outcomes -------------------------------------------------------------------------------------


def test_outcome_steps_per_role_and_state_and_the_staff_to_dos(users, departments, make_outcome, api_client_for):
    staff = users["staff"]
    outcome = make_outcome(submit=False)
    url = f"/api/outcomes/{outcome.pk}/"
    assert available(api_client_for, staff, url) == ["edit", "submit", "withdraw"]
    assert available(api_client_for, users["supervisor"], url) == 404  # a draft is the office's own
    assert todo(OUTCOME_STEPS, staff, outcome).step == "submit"
    assert todos(OUTCOME_STEPS, users["department"]) == set()

    outcome_services.outcome_submit(actor=staff, outcome_id=outcome.pk)
    assert available(api_client_for, staff, url) == ["forward"]
    assert available(api_client_for, users["supervisor"], url) == []  # may read, may not act
    assert todo(OUTCOME_STEPS, staff, outcome).step == "forward"

    outcome_services.outcome_forward(actor=staff, outcome_id=outcome.pk, lead_department_id=departments[0].pk)
    assert available(api_client_for, staff, url) == ["record_progress"]
    assert todo(OUTCOME_STEPS, staff, outcome) is None
    # The department gains its matter, told once (its own notification, with the due date).
    lead = outcome.assignments.get()
    assert todo(ASSIGNMENT_STEPS, users["department"], lead).step == "reply"
    assert kinds(users["department"]) == ["assignment_created"]


def test_an_outcome_without_suggestions_offers_no_submit(users, make_topic, api_client_for):
    outcome = outcome_services.outcome_create(
        actor=users["staff"], topic_id=make_topic().pk, kind="work_minutes", title="没有建议的纪要"
    )
    assert available(api_client_for, users["staff"], f"/api/outcomes/{outcome.pk}/") == ["edit", "withdraw"]
    assert todo(OUTCOME_STEPS, users["staff"], outcome) is None


# Assignments ----------------------------------------------------------------------------------


def test_assignment_steps_for_the_lead_the_co_handler_staff_and_others(users, make_assignment, api_client_for):
    lead = make_assignment(co=True)
    co = lead.outcome.assignments.get(role="co")
    lead_url, co_url = f"/api/assignments/{lead.pk}/", f"/api/assignments/{co.pk}/"
    assert available(api_client_for, users["department"], lead_url) == ["reply", "contacts", "return", "extend"]
    assert available(api_client_for, users["department2"], co_url) == ["input", "contacts", "return", "extend"]
    assert available(api_client_for, users["department2"], lead_url) == 404
    assert available(api_client_for, users["staff"], lead_url) == []  # nothing to decide or close yet
    assert available(api_client_for, users["supervisor"], lead_url) == []

    assignment_services.assignment_request_extension(
        actor=users["department"], assignment_id=lead.pk, reason="需调研", extra_working_days=5
    )
    assert available(api_client_for, users["staff"], lead_url) == ["decide"]
    assert "extend" not in available(api_client_for, users["department"], lead_url)  # one request at a time
    assert todo(ASSIGNMENT_STEPS, users["staff"], lead).step == "decide"
    assert "extension_requested" in kinds(users["staff"])
    assignment_services.assignment_decide_request(
        actor=users["staff"], assignment_id=lead.pk, kind="extension", grant=True
    )
    assert todo(ASSIGNMENT_STEPS, users["staff"], lead) is None
    assert available(api_client_for, users["staff"], lead_url) == []


def test_return_is_offered_only_within_the_window(users, make_assignment, api_client_for):
    lead = make_assignment(forwarded_on=days_ago(30))
    steps = available(api_client_for, users["department"], f"/api/assignments/{lead.pk}/")
    assert "return" not in steps and "contacts" in steps


def test_the_co_handlers_input_reaches_the_lead_with_a_link_to_its_own_matter(users, make_assignment):
    lead = make_assignment(co=True)
    co = lead.outcome.assignments.get(role="co")
    assert todo(ASSIGNMENT_STEPS, users["department2"], co).step == "input"
    assignment_services.assignment_submit_input(actor=users["department2"], assignment_id=co.pk, text="协办意见")
    assert todo(ASSIGNMENT_STEPS, users["department2"], co) is None  # sent: no longer waiting on them
    note = Notification.objects.get(recipient=users["department"], kind="cohandler_input")
    assert note.url.startswith(reverse("outcomes:assignment-detail", args=[lead.pk]))  # the lead may open it
    assert users["department2"].pk not in Notification.objects.filter(kind="cohandler_input").values_list(
        "recipient", flat=True
    )


def test_department_to_dos_carry_the_due_date_and_overdue(users, make_assignment):
    lead = make_assignment(forwarded_on=days_ago(60))
    item = todo(ASSIGNMENT_STEPS, users["department"], lead)
    assert item.step == "reply" and item.due_on == lead.due_on and item.overdue
    assert item.url == reverse("outcomes:assignment-detail", args=[lead.pk])
    assert item.api_url == f"/api/assignments/{lead.pk}/"
    assert not ASSIGNMENT_STEPS.todos(users["department2"], TODAY())  # another department's matter


# Replies --------------------------------------------------------------------------------------


def test_the_reply_hands_off_from_lead_to_co_handler_to_leader_to_staff(users, make_assignment, api_client_for):
    dept, dept2, leader, staff = users["department"], users["department2"], users["leader_in_charge"], users["staff"]
    lead = make_assignment(co=True)
    reply = complete_reply(users, lead)
    url = f"/api/replies/{reply.pk}/"
    # Drafted: the lead's matter to-do becomes the reply's; the co-handler is asked to countersign.
    assert todo(ASSIGNMENT_STEPS, dept, lead) is None
    assert todo(REPLY_STEPS, dept, reply).step == "submit"
    assert todo(REPLY_STEPS, dept2, reply).step == "countersign"
    assert kinds(dept2).count("reply_edit") == 1
    assert available(api_client_for, dept, url) == ["edit", "submit", "withdraw"]
    assert available(api_client_for, dept2, url) == ["countersign"]
    assert available(api_client_for, leader, url) == []  # nothing to approve yet
    assert available(api_client_for, staff, url) == 404  # not approved: not the committee's yet

    reply_services.reply_countersign(actor=dept2, reply_id=reply.pk)
    assert available(api_client_for, dept2, url) == []  # signed once
    assert todo(REPLY_STEPS, dept2, reply) is None
    r = api_client_for(dept2).post(f"{url}countersign/", {}, format="json")
    assert r.status_code == 409 and r.json()["detail"]

    reply_services.reply_submit(actor=dept, reply_id=reply.pk)
    assert todo(REPLY_STEPS, dept, reply) is None
    item = todo(REPLY_STEPS, leader, reply)
    assert item.step == "approve" and item.due_on == lead.due_on
    assert kinds(leader).count("reply_submit") == 1
    assert available(api_client_for, leader, url) == ["approve", "send_back"]
    assert available(api_client_for, users["principal_leader"], url) == []  # R12: the leader in charge
    assert available(api_client_for, dept, url) == []

    reply_services.reply_approve(actor=leader, reply_id=reply.pk)
    assert todo(REPLY_STEPS, leader, reply) is None
    assert todo(REPLY_STEPS, staff, reply).step == "evaluate"
    assert kinds(staff).count("reply_approve") == 1
    assert available(api_client_for, staff, url) == ["evaluate"]

    reply_services.reply_evaluate(actor=staff, reply_id=reply.pk, evaluation="unsatisfied", comments="措施不具体")
    assert todo(REPLY_STEPS, staff, reply) is None
    assert available(api_client_for, staff, url) == []
    # Unsatisfied: the department handles it again, by a new due date, and is told so.
    lead.refresh_from_db()
    assert todo(ASSIGNMENT_STEPS, dept, lead).step == "reply"
    assert Notification.objects.filter(recipient=dept, kind="reply_evaluated").count() == 1


def test_an_edit_asks_for_the_countersignature_again(users, make_assignment):
    lead = make_assignment(co=True)
    reply = complete_reply(users, lead)
    reply_services.reply_update(actor=users["department"], reply_id=reply.pk, text="改一下")  # nobody signed yet
    assert kinds(users["department2"]).count("reply_edit") == 1
    reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk)
    reply_services.reply_update(actor=users["department"], reply_id=reply.pk, text="再改一下")
    assert kinds(users["department2"]).count("reply_edit") == 2
    assert todo(REPLY_STEPS, users["department2"], reply).step == "countersign"


def test_a_principal_leaders_reply_goes_to_every_principal_leader(users, make_assignment):
    reply = complete_reply(users, make_assignment("special"))
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    assert todo(REPLY_STEPS, users["principal_leader"], reply).step == "approve"
    assert todo(REPLY_STEPS, users["leader_in_charge"], reply) is None


def test_to_do_lists_keep_their_query_count(users, make_assignment):
    def count(table, user):
        with CaptureQueriesContext(connection) as ctx:
            table.todos(user, TODAY())
        return len(ctx)

    first = make_assignment(co=True)
    complete_reply(users, first)
    for name in ("department", "department2", "staff", "leader_in_charge", "supervisor"):
        ASSIGNMENT_STEPS.todos(users[name], TODAY())  # each user's roles are read once, then cached on them
    one = {
        (table, name): count(table, users[name])
        for table in (ASSIGNMENT_STEPS, REPLY_STEPS, OUTCOME_STEPS, CASE_STEPS)
        for name in ("department", "department2", "staff", "leader_in_charge", "supervisor")
    }
    for _ in range(3):
        complete_reply(users, make_assignment(co=True))
    for (table, name), queries in one.items():
        assert count(table, users[name]) == queries, (table.object_type, name)


# Supervision ----------------------------------------------------------------------------------


def test_a_case_opened_goes_to_the_supervision_office_and_leaves_its_list_when_closed(
    users, make_assignment, api_client_for
):
    lead = make_assignment()
    case = supervision_services.case_open(
        actor=users["staff"], outcome_id=lead.outcome_id, title="跟踪督办", committee_office="提案委",
    )
    assert kinds(users["supervisor"]) == ["case_opened"]
    assert "case_opened" not in kinds(users["staff"])  # who opened it is not told
    url = f"/api/supervisions/{case.pk}/"
    assert available(api_client_for, users["supervisor"], url) == ["events", "close"]
    assert available(api_client_for, users["staff"], url) == ["events", "close"]
    assert available(api_client_for, users["department"], url) == []  # may read its matter's case
    assert todo(CASE_STEPS, users["supervisor"], case).step == "events"
    assert todo(CASE_STEPS, users["staff"], case) is None  # the supervision office's list, not the office's
    supervision_services.case_close(actor=users["supervisor"], case_id=case.pk, result="已落实")
    assert todo(CASE_STEPS, users["supervisor"], case) is None
    assert available(api_client_for, users["supervisor"], url) == []


def test_a_repeated_case_opening_is_the_same_case(users, make_assignment, api_client_for):
    lead = make_assignment()
    body = {"outcome": lead.outcome_id, "title": "跟踪督办", "committee_office": "提案委"}
    client = api_client_for(users["staff"])
    first, second = client.post("/api/supervisions/", body, format="json"), client.post("/api/supervisions/", body,
                                                                                         format="json")
    assert (first.status_code, second.status_code) == (201, 200) and first.json()["id"] == second.json()["id"]


def test_due_dates_of_leaders_to_dos_are_the_matters(users, make_assignment):
    lead = make_assignment(forwarded_on=days_ago(45))
    reply = complete_reply(users, lead)
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    item = todo(REPLY_STEPS, users["leader_in_charge"], reply)
    assert item.due_on == lead.due_on and item.overdue and item.due_on < TODAY() - datetime.timedelta(days=1)


def test_staff_are_asked_to_close_a_matter_once_every_suggestion_is_settled(users, make_assignment, api_client_for):
    staff = users["staff"]
    lead = make_assignment()
    reply = complete_reply(users, lead)
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    reply_services.reply_evaluate(actor=staff, reply_id=reply.pk, evaluation="satisfied")
    url = f"/api/assignments/{lead.pk}/"
    assert todo(ASSIGNMENT_STEPS, staff, lead) is None  # adopted, not yet implemented
    assert available(api_client_for, staff, url) == []
    for suggestion in lead.outcome.suggestions.all():
        outcome_services.suggestion_update(actor=staff, suggestion_id=suggestion.pk, progress=100)
    assert todo(ASSIGNMENT_STEPS, staff, lead).step == "close"
    assert available(api_client_for, staff, url) == ["close"]
    assert api_client_for(staff).post(f"{url}close/", {}, format="json").status_code == 200
    assert todo(ASSIGNMENT_STEPS, staff, lead) is None
