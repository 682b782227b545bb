"""The outcome steps the other tests cover least: each refusal (409 wrong state, 400 bad input) changes nothing."""
import pytest

from chengwu_cppcc.errors import InvalidInput, InvalidState
from history.models import HistoryEntry
from outcomes.models import Assignment, AssignmentRequest, Outcome, Reply, Suggestion, SupervisionCase
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services

pytestmark = pytest.mark.django_db


def refused(error, step, *models):
    """`step` raises `error` and leaves every table of `models` (and the history) as it was."""
    def state():
        return [list(m.objects.order_by("pk").values()) for m in (*models, HistoryEntry)]

    before = state()
    with pytest.raises(error):
        step()
    assert state() == before


def test_draft_outcome_edits(users, make_outcome):
    staff = users["staff"]
    draft = make_outcome(submit=False)
    outcome_services.outcome_update(actor=staff, outcome_id=draft.pk, title="改后的标题", kind="special_minutes")
    assert Outcome.objects.get(pk=draft.pk).title == "改后的标题"
    refused(InvalidInput, lambda: outcome_services.outcome_update(actor=staff, outcome_id=draft.pk, title=" "), Outcome)
    refused(InvalidInput, lambda: outcome_services.outcome_update(actor=staff, outcome_id=draft.pk, kind="poem"), Outcome)
    refused(InvalidInput, lambda: outcome_services.suggestion_add(actor=staff, outcome_id=draft.pk, title="", content="x"),
            Suggestion)
    submitted = make_outcome()
    refused(InvalidState, lambda: outcome_services.outcome_update(actor=staff, outcome_id=submitted.pk, title="改"),
            Outcome)
    refused(InvalidState, lambda: outcome_services.suggestion_add(
        actor=staff, outcome_id=submitted.pk, title="新增", content="内容"), Suggestion)
    first = submitted.suggestions.first()
    refused(InvalidState, lambda: outcome_services.suggestion_update(actor=staff, suggestion_id=first.pk, title="改"),
            Suggestion)
    refused(InvalidState, lambda: outcome_services.suggestion_update(actor=staff, suggestion_id=first.pk, progress=50),
            Suggestion)  # progress is recorded once forwarded


def test_progress_must_be_a_share(users, make_assignment):
    suggestion = make_assignment().outcome.suggestions.first()
    for bad in (140, -1, "half"):
        refused(InvalidInput, lambda bad=bad: outcome_services.suggestion_update(
            actor=users["staff"], suggestion_id=suggestion.pk, progress=bad), Suggestion)


def test_handling_requests_and_input(users, make_assignment):
    lead = make_assignment(co=True)
    co = lead.outcome.assignments.get(role="co")
    dept, dept2 = users["department"], users["department2"]
    assignment_services.assignment_request_extension(actor=dept, assignment_id=lead.pk, reason="需调研", extra_working_days=5)
    refused(InvalidState, lambda: assignment_services.assignment_request_extension(
        actor=dept, assignment_id=lead.pk, reason="再延", extra_working_days=5), AssignmentRequest)
    refused(InvalidInput, lambda: assignment_services.assignment_submit_input(actor=dept2, assignment_id=co.pk, text=" "),
            Assignment)
    refused(InvalidState, lambda: assignment_services.assignment_submit_input(
        actor=dept, assignment_id=lead.pk, text="主办单位不送协办意见"), Assignment)


def test_reply_edits_only_while_editable(users, make_reply, make_assignment):
    reply = make_reply(make_assignment())
    dept = users["department"]
    refused(InvalidInput, lambda: reply_services.reply_update(actor=dept, reply_id=reply.pk, text="  "), Reply)
    reply_services.reply_submit(actor=dept, reply_id=reply.pk)
    refused(InvalidState, lambda: reply_services.reply_update(actor=dept, reply_id=reply.pk, text="改"), Reply)


def test_supervision_cases_open_on_sent_outcomes_and_close_once(users, make_outcome, make_assignment):
    staff = users["staff"]
    draft = make_outcome(submit=False)
    refused(InvalidState, lambda: supervision_services.case_open(
        actor=staff, outcome_id=draft.pk, title="督办", committee_office="城建委"), SupervisionCase)
    case = supervision_services.case_open(
        actor=staff, outcome_id=make_assignment().outcome_id, title="督办", committee_office="城建委"
    )
    supervision_services.case_close(actor=staff, case_id=case.pk, result="已落实")
    refused(InvalidState, lambda: supervision_services.case_close(actor=staff, case_id=case.pk, result="再办结"),
            SupervisionCase)
