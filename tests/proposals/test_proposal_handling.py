"""Proposal handling on the outcomes' machinery: forwarding (交办) as a forwarded matter with assignments due in 3
calendar months, the department's reply with its result class (A/B/C) approved by its leader in charge, the
proposer's evaluation within 15 working days (or the office's paper record of it), unsatisfied handled again,
reclassification, the department's word on publication; every step refused in order with nothing changed."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from history.models import HistoryEntry
from notifications.models import Notification
from outcomes.models import Assignment, ContactKind, Matter, Reply
from outcomes.services import assignments as assignment_services
from outcomes.services import replies as reply_services
from proposals import services
from proposals.models import Proposal
from tests.outcomes.conftest import pdf_file
from workdays.services import due_date, due_in_months

from .conftest import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def accepted(users, member_users):
    proposal = submitted(member_users["member"])
    return services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")


def _forward(users, departments, proposal, co=True):
    return services.proposal_forward(
        actor=users["staff"], proposal_id=proposal.pk, lead_department_id=departments[0].pk,
        co_department_ids=[departments[1].pk] if co else [], instruction="请于三个月内答复委员。")


@pytest.fixture
def forwarded(users, departments, accepted):
    return _forward(users, departments, accepted)


def _lead(proposal):
    return Assignment.objects.get(matter_id=Proposal.objects.get(pk=proposal.pk).matter_id, role="lead")


def _reply(users, proposal, result_class="B", countersign=True):
    lead = _lead(proposal)
    officer = users["department"]
    assignment_services.assignment_log_contact(
        actor=officer, assignment_id=lead.pk, kind=ContactKind.BEFORE_REPLY, held_on=timezone.localdate(),
        summary="与提案者当面沟通办理意见")
    reply = reply_services.reply_create(actor=officer, assignment_id=lead.pk, text="已列入明年计划，分步实施。",
                                        file=pdf_file(), result_class=result_class)
    if countersign and lead.matter.assignments.filter(role="co").exists():
        reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk)
    return reply


def _approved(users, proposal, **kwargs):
    reply = _reply(users, proposal, **kwargs)
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    return reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk, comments="同意")


def _snapshot():
    return (Matter.objects.count(), Assignment.objects.count(), HistoryEntry.objects.count(),
            list(Proposal.objects.values_list("id", "matter_id", "forwarded_on")),
            list(Reply.objects.values_list("id", "status", "result_class", "evaluation")))


EVALUATION = {"evaluation": "basically_satisfied", "contacted": True, "attitude": "satisfied", "agreed": True,
              "comment": "已列入计划，期待落实。"}


# ---- forwarding

def test_forwarding_makes_one_matter_with_the_outcomes_assignments(users, departments, member_users, forwarded):
    proposal = Proposal.objects.get(pk=forwarded.pk)
    matter = proposal.matter
    assert (matter.owner_kind, matter.owner_id, matter.policy_kind) == ("proposal", proposal.pk, "proposal")
    assert matter.evaluator == member_users["member"] and matter.get_absolute_url() == proposal.get_absolute_url()
    lead, co = matter.assignments.get(role="lead"), matter.assignments.get(role="co")
    today = timezone.localdate()
    assert lead.due_on == due_in_months(start=today, months=3).due_on  # proposals: 3 calendar months
    assert co.due_on == due_date(start=today, working_days=10).due_on  # co-handlers' input: working days
    assert lead.outcome is None and lead.department == departments[0]
    assert proposal.forwarded_on == today and proposal.forwarding_note == "请于三个月内答复委员。"
    assert HistoryEntry.objects.filter(action="proposal_forwarded", object_id=proposal.pk).exists()
    assert HistoryEntry.objects.filter(action="forwarded", object_id=lead.pk).exists()
    assert Notification.objects.filter(recipient=users["department"], title__contains=proposal.title).exists()
    assert Notification.objects.filter(recipient=member_users["member"], title__contains=proposal.title).exists()


def test_the_department_reads_its_proposal_and_the_api_says_what_the_assignment_belongs_to(
        users, departments, forwarded, client_for, api_client_for):
    lead = _lead(forwarded)
    department = api_client_for(users["department"])
    rows = department.get("/api/assignments/?belongs_to=proposal").json()["results"]
    assert [(r["id"], r["belongs_to"], r["belongs_to_id"], r["title"], r["outcome"]) for r in rows] == [
        (lead.pk, "proposal", forwarded.pk, forwarded.title, None)]
    assert department.get("/api/assignments/?belongs_to=outcome").json()["results"] == []
    assert department.get(f"/api/proposals/{forwarded.pk}/").json()["matter"] == lead.matter_id
    page = client_for(users["department"]).get(lead.get_absolute_url()).content.decode()
    assert forwarded.title in page and forwarded.get_absolute_url() in page and "belongs-to" in page
    # Another department's officer sees neither the proposal nor the lead's matter.
    other = make_other_department_officer(departments)
    assert client_for(other).get(forwarded.get_absolute_url()).status_code == 404
    assert api_client_for(other).get(f"/api/assignments/{lead.pk}/").status_code == 404
    detail = client_for(users["department"]).get(forwarded.get_absolute_url()).content.decode()
    assert 'id="handling"' in detail and departments[0].name in detail


def make_other_department_officer(departments):
    from directory.models import Department
    from directory.roles import Role
    from tests.conftest import make_user

    third = Department.objects.create(name="县交通运输局", leader_in_charge=departments[0].leader_in_charge)
    return make_user("department3", Role.DEPARTMENT, department=third)


def test_forwarding_is_refused_in_order_and_nothing_changes(users, departments, member_users, accepted,
                                                            api_client_for):
    url = f"/api/proposals/{accepted.pk}/forward/"
    body = {"lead_department": departments[0].pk, "co_departments": [departments[1].pk]}
    not_yet = submitted(member_users["member2"], title="关于完善县城停车设施的建议")
    before = _snapshot()
    assert api_client_for(member_users["member"]).post(url, body, format="json").status_code == 403  # the proposer
    assert api_client_for(users["vice_chair"]).post(url, body, format="json").status_code == 403
    assert api_client_for(users["department"]).post(url, body, format="json").status_code == 404  # not theirs
    staff = api_client_for(users["staff"])
    assert staff.post(f"/api/proposals/{not_yet.pk}/forward/", body, format="json").status_code == 409
    for bad in ({"lead_department": 99999}, {"lead_department": departments[0].pk,
                                             "co_departments": [departments[0].pk]},
                {"lead_department": "abc"}, {}):
        response = staff.post(url, bad, format="json")
        assert response.status_code == 400, (bad, response.json())
    assert _snapshot() == before
    assert staff.post(url, body, format="json").status_code == 200
    again = staff.post(url, body, format="json")
    assert again.status_code == 409 and Matter.objects.count() == 1


def test_staff_forward_from_the_page_with_the_suggested_departments_offered(users, departments, member_users,
                                                                             client_for):
    proposal = submitted(member_users["member"], department_ids=[departments[1].pk, departments[0].pk])
    services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")
    staff = client_for(users["staff"])
    page = staff.get(proposal.get_absolute_url()).content.decode()
    assert 'name="forward-lead_department"' in page
    assert f'<option value="{departments[1].pk}" selected>' in page  # the first suggested department leads
    refused = staff.post(reverse("proposals:step", args=[proposal.pk, "forward"]), {"forward-lead_department": ""})
    assert refused.status_code == 400 and not Matter.objects.exists()
    done = staff.post(reverse("proposals:step", args=[proposal.pk, "forward"]), {
        "forward-lead_department": departments[0].pk, "forward-co_departments": [departments[1].pk],
        "forward-forwarded_on": timezone.localdate().isoformat(), "forward-instruction": "请认真办理"})
    assert done.status_code == 302
    assert set(Proposal.objects.get(pk=proposal.pk).matter.assignments.values_list("role", flat=True)) == {
        "lead", "co"}


# ---- the reply, its approval and the proposer's evaluation

def test_a_proposal_reply_needs_its_result_class_and_goes_to_the_leader_in_charge(users, forwarded, departments):
    reply = _reply(users, forwarded, result_class="")
    with pytest.raises(Exception) as refused:
        reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    assert "A、B或C" in str(refused.value) or "A, B or C" in str(refused.value)
    reply_services.reply_update(actor=users["department"], reply_id=reply.pk, result_class="B")
    reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk)
    reply = reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    assert (reply.approval_level, reply.approver) == ("leader_in_charge", departments[0].leader_in_charge)
    reply = reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)
    assert reply.evaluation_due_on == due_date(start=timezone.localdate(), working_days=15).due_on
    assert _lead(forwarded).status == "replied"


def test_bad_result_input_is_refused(users, forwarded, api_client_for):
    lead = _lead(forwarded)
    client = api_client_for(users["department"])
    for bad in ({"result_class": "D"}, {"result_class": "A", "may_publish": False}):
        response = client.post("/api/replies/", {"assignment": lead.pk, "text": "答复", **bad}, format="json")
        assert response.status_code == 400, bad
    assert not Reply.objects.exists()
    created = client.post("/api/replies/", {"assignment": lead.pk, "text": "答复", "result_class": "C",
                                            "may_publish": False, "no_publish_reason": "涉及未公开规划"},
                          format="json")
    assert created.status_code == 201
    assert (created.json()["result_class"], created.json()["may_publish"]) == ("C", False)


def test_the_proposer_evaluates_and_an_unsatisfied_one_is_handled_again(users, member_users, departments, forwarded,
                                                                         api_client_for):
    reply = _approved(users, forwarded)
    assert Notification.objects.filter(recipient=member_users["member"], title__contains=forwarded.title).count() >= 2
    url = f"/api/proposals/{forwarded.pk}/evaluate/"
    proposer = api_client_for(member_users["member"])
    before = _snapshot()
    # member2 reads the published proposal but is not its proposer; the department handles it; a third
    # department's officer does not see it.
    assert api_client_for(member_users["member2"]).post(url, EVALUATION, format="json").status_code == 403
    assert api_client_for(users["department"]).post(url, EVALUATION, format="json").status_code == 403
    outsider = make_other_department_officer(departments)
    assert api_client_for(outsider).post(url, EVALUATION, format="json").status_code == 404
    assert proposer.post(url, {**EVALUATION, "attitude": "rude"}, format="json").status_code == 400
    assert proposer.post(url, {"evaluation": "satisfied"}, format="json").status_code == 400
    unsatisfied = {**EVALUATION, "evaluation": "unsatisfied", "comment": ""}
    assert proposer.post(url, unsatisfied, format="json").status_code == 400  # says why
    assert _snapshot() == before
    response = proposer.post(url, {**unsatisfied, "comment": "未见具体时间表"}, format="json")
    assert response.status_code == 200, response.json()
    reply = Reply.objects.get(pk=reply.pk)
    assert (reply.evaluation, reply.evaluation_on_paper, reply.evaluation_attitude) == ("unsatisfied", False,
                                                                                        "satisfied")
    lead = _lead(forwarded)
    assert lead.status == "returned"
    assert lead.due_on == due_in_months(start=timezone.localdate(), months=3).due_on
    assert proposer.post(url, EVALUATION, format="json").status_code == 409  # nothing waits for an evaluation
    # Handled again: a second reply, approved, evaluated satisfied; staff close the matter.
    second = _approved(users, forwarded, result_class="A", countersign=True)
    assert second.version == 2
    assert proposer.post(url, {**EVALUATION, "evaluation": "satisfied"}, format="json").status_code == 200
    assert _lead(forwarded).status == "accepted"
    assignment_services.assignment_close(actor=users["staff"], assignment_id=lead.pk)
    assert set(Assignment.objects.filter(matter_id=lead.matter_id).values_list("status", flat=True)) == {"closed"}


def test_the_office_records_a_paper_evaluation_marked_as_such(users, member_users, forwarded, client_for):
    reply = _approved(users, forwarded)
    staff = client_for(users["staff"])
    page = staff.get(reply.get_absolute_url()).content.decode()
    assert 'name="contacted"' in page and 'name="attitude"' in page
    refused = staff.post(reply.get_absolute_url(), {"action": "evaluate", "evaluation": "satisfied"})
    assert refused.status_code == 400 and not Reply.objects.get(pk=reply.pk).evaluation
    done = staff.post(reply.get_absolute_url(), {"action": "evaluate", "evaluation": "satisfied",
                                                 "contacted": "yes", "attitude": "satisfied", "agreed": "yes"})
    assert done.status_code == 302
    reply = Reply.objects.get(pk=reply.pk)
    assert reply.evaluation_on_paper and reply.evaluated_by == users["staff"] and reply.evaluation_agreed is True
    assert "recorded from a paper evaluation" in staff.get(reply.get_absolute_url()).content.decode() or \
        "据纸质测评表录入" in staff.get(reply.get_absolute_url()).content.decode()


def test_the_proposer_evaluates_on_the_reply_page(users, member_users, forwarded, client_for):
    reply = _approved(users, forwarded)
    proposer = client_for(member_users["member"])
    detail = proposer.get(forwarded.get_absolute_url()).content.decode()
    assert f'{reply.get_absolute_url()}#evaluate' in detail
    response = proposer.post(reply.get_absolute_url(), {"action": "evaluate", "evaluation": "satisfied",
                                                        "contacted": "yes", "attitude": "satisfied",
                                                        "agreed": "yes", "comments": "满意"})
    assert response.status_code == 302
    assert not Reply.objects.get(pk=reply.pk).evaluation_on_paper
    # A co-signer or another member does not evaluate (and reads no unpublished reply page).
    assert client_for(member_users["member2"]).get(reply.get_absolute_url()).status_code == 404


def test_the_office_reclassifies_with_a_reason(users, member_users, departments, forwarded, api_client_for,
                                               submitted_outcome_reply):
    reply = _approved(users, forwarded, result_class="B")
    url = f"/api/replies/{reply.pk}/reclassify/"
    staff = api_client_for(users["staff"])
    before = _snapshot()
    assert api_client_for(users["department"]).post(url, {"result_class": "A", "reason": "x"},
                                                    format="json").status_code == 403
    assert staff.post(url, {"result_class": "A", "reason": ""}, format="json").status_code == 400
    assert staff.post(url, {"result_class": "B", "reason": "不变"}, format="json").status_code == 400
    assert staff.post(url, {"result_class": "Z", "reason": "x"}, format="json").status_code == 400
    # Outside staff's scope: a draft reply is its department's until approved.
    other = services.proposal_accept(actor=users["staff"], category="economy", proposal_id=submitted(
        member_users["member2"], title="关于完善县城停车设施的建议").pk)
    draft_reply = _reply(users, _forward(users, departments, other, co=False), result_class="C")
    assert staff.post(f"/api/replies/{draft_reply.pk}/reclassify/", {"result_class": "A", "reason": "x"},
                      format="json").status_code == 404
    before = _snapshot()
    outcome_url = f"/api/replies/{submitted_outcome_reply.pk}/reclassify/"
    assert staff.post(outcome_url, {"result_class": "A", "reason": "x"}, format="json").status_code == 409
    assert _snapshot() == before
    response = staff.post(url, {"result_class": "A", "reason": "实际已基本解决"}, format="json")
    assert response.status_code == 200 and response.json()["result_class"] == "A"
    entry = HistoryEntry.objects.get(action="reply_reclassified")
    assert entry.changes["result_class"] == ["B", "A"] and entry.note == "实际已基本解决"


@pytest.fixture
def submitted_outcome_reply(users, departments):
    """An outcome's approved reply (no result class)."""
    from outcomes.services import outcomes as outcome_services
    from topics import services as topic_services
    from topics.models import Topic

    plan = topic_services.plan_create(actor=users["staff"], year=2031, annual_quota=3, party_quota=1)
    topic = Topic.objects.create(plan=plan, title="县城老旧小区改造", source="special_committee",
                                 consultation_type="counterpart", created_by=users["staff"], status="adopted")
    outcome = outcome_services.outcome_create(actor=users["staff"], topic_id=topic.pk, kind="work_minutes",
                                              title="关于老旧小区改造的协商纪要", suggestions=[
                                                  {"title": "加快改造", "content": "分批推进。"}])
    outcome_services.outcome_submit(actor=users["staff"], outcome_id=outcome.pk)
    outcome_services.outcome_forward(actor=users["staff"], outcome_id=outcome.pk,
                                     lead_department_id=departments[0].pk)
    lead = outcome.assignments.get(role="lead")
    assignment_services.assignment_log_contact(
        actor=users["department"], assignment_id=lead.pk, kind=ContactKind.BEFORE_REPLY,
        held_on=timezone.localdate(), summary="答复前协商")
    stances = [{"suggestion": s.pk, "stance": "adopted", "reason": ""} for s in outcome.suggestions.all()]
    reply = reply_services.reply_create(actor=users["department"], assignment_id=lead.pk, text="答复",
                                        file=pdf_file(), stances=stances)
    reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
    return reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)


def test_a_member_reads_a_published_proposals_reply_only_if_the_department_agreed(
        users, member_users, forwarded, client_for):
    reply = _approved(users, forwarded)
    reader = client_for(member_users["member2"])
    assert reply.text in reader.get(forwarded.get_absolute_url()).content.decode()
    Reply.objects.filter(pk=reply.pk).update(may_publish=False, no_publish_reason="涉及未公开规划")
    assert reply.text not in reader.get(forwarded.get_absolute_url()).content.decode()
    assert reply.text in client_for(member_users["member"]).get(forwarded.get_absolute_url()).content.decode()


def test_an_overdue_evaluation_is_on_the_offices_to_do_list(users, member_users, forwarded):
    from workbench.todos import todos_for

    reply = _approved(users, forwarded)

    def evaluations(user):
        return {item.object_id for item in todos_for(user, object_type="reply") if item.step == "evaluate"}

    assert reply.pk in evaluations(member_users["member"])
    assert reply.pk not in evaluations(users["staff"])  # the proposer's, until it is past due
    Reply.objects.filter(pk=reply.pk).update(evaluation_due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert reply.pk in evaluations(users["staff"])
