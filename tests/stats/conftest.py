"""Statistics fixtures: a year of work built through the services (topics, research, outcomes, replies, cases)."""
import pytest
from django.utils import timezone

from outcomes.models import ContactKind
from outcomes.services import assignments as assignment_services
from outcomes.services import outcomes as outcome_services
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services
from research import services as research_services
from tests.outcomes.conftest import (  # noqa: F401 - fixtures shared with the outcome tests
    days_ago,
    make_assignment,
    make_outcome,
    make_reply,
    make_topic,
    media_root,
    pdf_file,
    plan,
    submitted_reply,
)
from topics import services as topic_services


@pytest.fixture
def approved_reply(users):
    """Log the consultation, reply with the given stances, submit and have the leader in charge approve."""

    def build(assignment, stances=None):
        department = users["department"] if assignment.department_id == users["department"].department_id else (
            users["department2"]
        )
        assignment_services.assignment_log_contact(
            actor=department, assignment_id=assignment.pk, kind=ContactKind.BEFORE_REPLY,
            held_on=max(assignment.forwarded_on, timezone.localdate()), summary="答复前协商",
        )
        suggestions = list(assignment.outcome.suggestions.order_by("number"))
        stances = stances or ["adopted"] * len(suggestions)
        reply = reply_services.reply_create(
            actor=department, assignment_id=assignment.pk, text=f"关于{assignment.outcome.title}的答复",
            file=pdf_file(),
            stances=[
                {"suggestion": s.pk, "stance": stance, "reason": "" if stance == "adopted" else "理由"}
                for s, stance in zip(suggestions, stances, strict=True)
            ],
        )
        reply_services.reply_submit(actor=department, reply_id=reply.pk)
        return reply_services.reply_approve(actor=users["leader_in_charge"], reply_id=reply.pk)

    return build


@pytest.fixture
def year_of_work(users, departments, plan, make_topic, make_outcome, make_assignment, approved_reply):  # noqa: F811
    """Four matters of the 2026 plan, a research group, a rejected candidate, a draft outcome and two cases.

    A: department, forwarded 60 days ago, replied today (late), one suggestion not adopted, basically satisfied.
    B: department, forwarded today, replied today (on time), satisfied; progress 100 % and 40 %.
    C: department with department2 co-handling, forwarded 60 days ago, no reply (overdue, very overdue).
    D: department2, forwarded 60 days ago, no reply.
    """
    staff = users["staff"]
    a = make_assignment(forwarded_on=days_ago(60))
    b = make_assignment()
    c = make_assignment(co=True, forwarded_on=days_ago(60))
    d_outcome = make_outcome(submitted_on=days_ago(60), suggestions=3)
    outcome_services.outcome_forward(
        actor=staff, outcome_id=d_outcome.pk, lead_department_id=departments[1].pk, forwarded_on=days_ago(60)
    )
    d = d_outcome.assignments.get(role="lead")

    reply_a = approved_reply(a, ["adopted", "not_adopted"])
    reply_services.reply_evaluate(actor=staff, reply_id=reply_a.pk, evaluation="basically_satisfied")
    reply_b = approved_reply(b, ["adopted", "partially_adopted"])
    reply_services.reply_evaluate(actor=staff, reply_id=reply_b.pk, evaluation="satisfied")
    first, second = b.outcome.suggestions.order_by("number")
    outcome_services.suggestion_update(actor=staff, suggestion_id=first.pk, progress=100)
    outcome_services.suggestion_update(actor=staff, suggestion_id=second.pk, progress=40)

    make_outcome(submit=False, suggestions=4)  # a draft: its suggestions are not counted
    rejected = topic_services.topic_create(
        actor=staff, plan_id=plan.pk, source="party_committee", title="未列入的课题", origin="plenary",
        domain="livelihood", consultation_type="special", rationale="理由",
    )
    topic_services.topic_reject(actor=staff, topic_id=rejected.pk, reason="与其他课题重复")

    group = research_services.group_form(actor=staff, topic_id=a.outcome.topic_id, leader_id=users["vice_chair"].pk)
    research_services.activity_record(
        actor=staff, group_id=group.pk, kind="external_visit", title="赴曹县考察", held_on=days_ago(50),
        destination="曹县",
    )
    research_services.activity_record(
        actor=staff, group_id=group.pk, kind="collective_study", title="集体学习", held_on=days_ago(55)
    )

    supervision_services.case_open(actor=staff, outcome_id=c.outcome_id, title="督办C", committee_office="城建委")
    closed = supervision_services.case_open(
        actor=staff, outcome_id=a.outcome_id, title="督办A", committee_office="城建委"
    )
    supervision_services.case_close(actor=staff, case_id=closed.pk, result="已办结")
    return {"a": a, "b": b, "c": c, "d": d, "group": group, "year": plan.year}
