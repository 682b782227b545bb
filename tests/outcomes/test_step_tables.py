"""Issue 12: every state change of outcome conversion goes through its step table (outcomes.steps).

A full walk through the services reaches every move each table declares, and every move the walk writes into the
history is one the table declares. The tables' consequence moves are refused where their own rule does not hold.
"""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from chengwu_cppcc.errors import InvalidState
from directory.models import Department
from history.models import HistoryEntry
from outcomes.models import Assignment, ContactKind, Outcome, Reply, SupervisionCase
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services
from outcomes.steps import ALL_TABLES, ASSIGNMENT_STEPS, CASE_STEPS, OUTCOME_STEPS, REPLY_STEPS, follow
from tests.conftest import make_user

from .conftest import pdf_file

pytestmark = pytest.mark.django_db

TABLE_OF = {Outcome: OUTCOME_STEPS, Assignment: ASSIGNMENT_STEPS, Reply: REPLY_STEPS, SupervisionCase: CASE_STEPS}


def declared(table) -> set[tuple[str, str]]:
    return {(source, step.target) for step in table for source in step.sources if step.target is not None}


def written(model) -> set[tuple[str, str]]:
    content_type = ContentType.objects.get_for_model(model)
    return set(
        HistoryEntry.objects.filter(content_type=content_type).exclude(from_state="")
        .values_list("from_state", "to_state")
    )


def draft_reply(users, assignment, text="答复正文"):
    stances = [{"suggestion": s.pk, "stance": "adopted", "reason": ""} for s in assignment.outcome.suggestions.all()]
    return reply_services.reply_create(
        actor=users["department"], assignment_id=assignment.pk, text=text, file=pdf_file(), stances=stances
    )


def walk(users, departments, make_outcome):
    """One matter from drafting to closing (lead, co-handler, a wrongly sent co-handler), replies drafted,
    withdrawn, sent back, approved, evaluated unsatisfied then satisfied; a second matter returned after a
    contact; a withdrawn duplicate draft; a supervision case opened, followed and closed."""
    staff, dept, dept2 = users["staff"], users["department"], users["department2"]
    leader = users["leader_in_charge"]
    today = timezone.localdate()
    third = Department.objects.create(name="县民政局", leader_in_charge=leader)
    dept3 = make_user("department3", "department", department=third)

    duplicate = make_outcome(submit=False)
    outcome_services.outcome_withdraw(actor=staff, outcome_id=duplicate.pk, reason="重复录入")

    outcome = make_outcome()
    outcome_services.outcome_forward(
        actor=staff, outcome_id=outcome.pk, lead_department_id=departments[0].pk,
        co_department_ids=[departments[1].pk, third.pk],
    )
    lead = outcome.assignments.get(role="lead")
    co = outcome.assignments.get(department=departments[1])
    wrong = outcome.assignments.get(department=third)
    assignment_services.assignment_request_return(actor=dept3, assignment_id=wrong.pk, reason="不属本单位职责")
    assignment_services.assignment_decide_request(actor=staff, assignment_id=wrong.pk, kind="return", grant=True)

    assignment_services.assignment_submit_input(actor=dept2, assignment_id=co.pk, text="协办意见")
    assignment_services.assignment_log_contact(
        actor=dept, assignment_id=lead.pk, kind=ContactKind.BEFORE_REPLY, held_on=today, summary="答复前协商"
    )
    first = draft_reply(users, lead)
    reply_services.reply_withdraw(actor=dept, reply_id=first.pk, reason="写错了")

    second = draft_reply(users, lead)
    reply_services.reply_countersign(actor=dept2, reply_id=second.pk)
    reply_services.reply_submit(actor=dept, reply_id=second.pk)
    reply_services.reply_send_back(actor=leader, reply_id=second.pk, comments="重写")
    reply_services.reply_withdraw(actor=dept, reply_id=second.pk)

    third_reply = draft_reply(users, lead)
    reply_services.reply_countersign(actor=dept2, reply_id=third_reply.pk)
    reply_services.reply_submit(actor=dept, reply_id=third_reply.pk)
    reply_services.reply_send_back(actor=leader, reply_id=third_reply.pk, comments="补充措施")
    reply_services.reply_update(actor=dept, reply_id=third_reply.pk, text="补充后的答复")
    reply_services.reply_countersign(actor=dept2, reply_id=third_reply.pk)
    reply_services.reply_submit(actor=dept, reply_id=third_reply.pk)
    reply_services.reply_approve(actor=leader, reply_id=third_reply.pk)
    reply_services.reply_evaluate(actor=staff, reply_id=third_reply.pk, evaluation="unsatisfied", comments="不具体")

    fourth = draft_reply(users, lead, text="再次答复")
    reply_services.reply_countersign(actor=dept2, reply_id=fourth.pk)
    reply_services.reply_submit(actor=dept, reply_id=fourth.pk)
    reply_services.reply_approve(actor=leader, reply_id=fourth.pk)
    reply_services.reply_evaluate(actor=staff, reply_id=fourth.pk, evaluation="satisfied")

    case = supervision_services.case_open(actor=staff, outcome_id=outcome.pk, title="跟踪落实", committee_office="提案委")
    supervision_services.case_add_event(actor=users["supervisor"], case_id=case.pk, kind="site_check",
                                        happened_on=today, title="现场督查")
    supervision_services.case_close(actor=staff, case_id=case.pk, result="已落实")

    for suggestion in outcome.suggestions.all():
        outcome_services.suggestion_update(actor=staff, suggestion_id=suggestion.pk, progress=100)
    assignment_services.assignment_close(actor=staff, assignment_id=lead.pk)

    other = make_outcome()
    outcome_services.outcome_forward(actor=staff, outcome_id=other.pk, lead_department_id=departments[0].pk)
    returned = other.assignments.get()
    assignment_services.assignment_log_contact(
        actor=dept, assignment_id=returned.pk, kind=ContactKind.BEFORE_HANDLING, held_on=today, summary="沟通"
    )
    assignment_services.assignment_request_return(actor=dept, assignment_id=returned.pk, reason="送错了")
    assignment_services.assignment_decide_request(actor=staff, assignment_id=returned.pk, kind="return", grant=True)
    return outcome


def test_a_full_walk_reaches_every_declared_move_and_writes_no_other(users, departments, make_outcome):
    outcome = walk(users, departments, make_outcome)
    outcome.refresh_from_db()
    assert outcome.status == "closed" and set(outcome.assignments.values_list("status", flat=True)) == {
        "closed", "withdrawn"
    }
    for model, table in TABLE_OF.items():
        moves, seen = declared(table), written(model)
        assert seen <= moves, f"{table.object_type}: written but not declared: {seen - moves}"
        assert moves <= seen, f"{table.object_type}: declared but never reached: {moves - seen}"


def test_every_table_is_exported_with_its_object_type_and_urls():
    assert [t.object_type for t in ALL_TABLES] == ["outcome", "assignment", "reply", "supervision"]
    for table in ALL_TABLES:
        assert table.todo_queryset is not None
        assert all(step.label for step in table)


def test_a_lead_is_replied_only_by_its_reply_approval_and_a_co_handler_only_by_countersigning(
    users, make_assignment
):
    lead = make_assignment(co=True)
    co = lead.outcome.assignments.get(role="co")
    assignment_services.assignment_submit_input(actor=users["department2"], assignment_id=co.pk, text="意见")
    assignment_services.assignment_log_contact(
        actor=users["department"], assignment_id=lead.pk, kind="before_handling", held_on=timezone.localdate(),
        summary="沟通",
    )
    lead.refresh_from_db()
    co.refresh_from_db()
    assert lead.status == co.status == "in_progress"
    # in_progress → replied is declared (a co-handler countersigns), but not for the lead…
    with pytest.raises(InvalidState):
        follow(ASSIGNMENT_STEPS, "countersigned", lead, actor=users["department"])
    # …and the lead's “replied” comes only from pending approval.
    with pytest.raises(InvalidState):
        follow(ASSIGNMENT_STEPS, "reply_approved", lead, actor=users["leader_in_charge"])
    with pytest.raises(InvalidState):
        follow(ASSIGNMENT_STEPS, "reply_submitted", co, actor=users["department2"])
    lead.refresh_from_db()
    assert lead.status == "in_progress"


def test_closing_an_assignment_takes_the_table_moves_and_closes_the_outcome_through_its_table(
    users, make_assignment, make_reply
):
    lead = make_assignment()
    reply = make_reply(lead)
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    with pytest.raises(InvalidState):  # replied, not accepted yet: the table refuses the close
        assignment_services.assignment_close(actor=users["staff"], assignment_id=lead.pk)
    reply_services.reply_evaluate(actor=users["staff"], reply_id=reply.pk, evaluation="satisfied")
    for suggestion in lead.outcome.suggestions.all():
        outcome_services.suggestion_update(actor=users["staff"], suggestion_id=suggestion.pk, progress=100)
    assignment_services.assignment_close(actor=users["staff"], assignment_id=lead.pk)
    outcome = Outcome.objects.get(pk=lead.outcome_id)
    assert outcome.status == "closed" and outcome.closed_on == timezone.localdate()
    entry = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Outcome), object_id=outcome.pk
    ).last()
    assert (entry.action, entry.from_state, entry.to_state) == ("closed", "forwarded", "closed")
    assert OUTCOME_STEPS.available(users["staff"], outcome) == []  # “close” is never offered on its own


def test_the_admin_edits_no_state():
    from django.contrib import admin

    for model in (Outcome, Assignment, Reply, SupervisionCase):
        assert "status" in admin.site._registry[model].readonly_fields, model
