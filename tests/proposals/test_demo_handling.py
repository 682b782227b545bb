"""The proposals' demo handling (proposals/demo.py): last year's proposals handled end to end with A/B/C replies,
evaluations and closing; this year's forwarded ones at each step; idempotent."""
import pytest
from django.core.management import call_command
from django.utils import timezone

from directory.models import User
from outcomes.models import Assignment, Matter, Reply
from proposals.models import Proposal
from workbench.todos import todos_for

pytestmark = pytest.mark.django_db


def _matters(year):
    return list(Proposal.objects.filter(year=year, matter__isnull=False).values_list("matter_id", flat=True))


def _counts():
    return (Proposal.objects.count(), Matter.objects.count(), Assignment.objects.count(), Reply.objects.count())


def test_the_demo_handles_last_years_proposals_and_this_years_are_at_each_step(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    last = Proposal.objects.filter(year=today.year - 1)
    by_status = {s: last.filter(status=s).count() for s in ("accepted", "rejected", "merged")}
    assert by_status["accepted"] >= 12 and by_status["rejected"] == 1 and by_status["merged"] == 1
    assert last.count() == sum(by_status.values())
    assert last.filter(status="accepted", matter__isnull=True).count() == 0  # every accepted one forwarded
    assert all(p.forwarded_on.year == today.year - 1 for p in last.filter(status="accepted"))
    replies = Reply.objects.filter(assignment__matter_id__in=_matters(today.year - 1))
    classes = {c: replies.filter(result_class=c, version=1).count() for c in "ABC"}
    assert all(classes.values()) and classes["A"] > classes["C"] and classes["B"] > classes["C"]
    assert replies.filter(status="approved").count() == replies.count()
    assert all(r.approved_at.year == today.year - 1 for r in replies)
    assert replies.exclude(evaluation="").count() == replies.count()
    assert replies.filter(evaluation_on_paper=True).exists()
    assert set(replies.values_list("evaluation", flat=True)) >= {"satisfied", "basically_satisfied", "unsatisfied"}
    leads = Assignment.objects.filter(matter_id__in=_matters(today.year - 1), role="lead")
    assert leads.filter(status="closed").count() > leads.count() // 2
    assert leads.exclude(status="closed").exists()
    assert Assignment.objects.filter(matter_id__in=_matters(today.year - 1), role="co").exists()
    assert all(a.closed_on.year == today.year - 1 for a in leads.filter(status="closed"))
    key = last.get(is_key=True)
    assert key.key_leader is not None and last.get(status="merged").merged_into == key
    again = Reply.objects.filter(assignment__matter_id__in=_matters(today.year - 1), version=2)
    assert again.count() == 1 and again.get().evaluation == "satisfied"
    assert Reply.objects.get(assignment=again.get().assignment, version=1).evaluation == "unsatisfied"

    this = Proposal.objects.filter(year=today.year)
    assert set(this.values_list("status", flat=True)) == {
        "draft", "cosigning", "submitted", "accepted", "rejected", "merged"}
    forwarded = this.filter(matter__isnull=False)
    this_replies = Reply.objects.filter(assignment__matter_id__in=_matters(today.year))
    assert forwarded.exclude(matter__assignments__replies__isnull=False).exists()  # awaiting a reply
    assert this_replies.filter(status="pending_approval").exists()  # awaiting the leader's approval
    assert this_replies.filter(status="approved", evaluation="").exists()  # awaiting the evaluation
    member = User.objects.get(username="member")
    assert any(i.step == "evaluate" for i in todos_for(member, object_type="reply"))
    assert any(i.step == "approve" for i in todos_for(User.objects.get(username="leader_in_charge"),
                                                      object_type="reply"))
    member2 = User.objects.get(username="member2")
    assert any(i.step == "cosign" for i in todos_for(member2, object_type="proposal"))

    before = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == before
