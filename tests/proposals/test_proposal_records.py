"""Proposals in the member's yearly record (履职档案, R14): submitted, accepted and key proposals for the proposer
and the confirmed co-signers, scored by the points table with its caps, in a fixed number of queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import records as member_records
from members.models import PointsRule
from members.records import record_for, records_for_year
from proposals import services
from proposals.models import Proposal
from proposals.records import proposal_events

from .conftest import draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return timezone.localdate().year


def _points(kind):
    return PointsRule.objects.get(kind=kind).points


def _kinds(record, object_id=None):
    return sorted(e.kind for e in record.entries if object_id is None or e.object_id == object_id)


def _accept(users, proposal, key=False):
    services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")
    if key:
        services.proposal_mark_key(actor=users["staff"], proposal_id=proposal.pk, leader=users["leader_in_charge"].pk)
    return Proposal.objects.get(pk=proposal.pk)


def test_the_source_is_registered_once():
    assert member_records.SOURCES.count(proposal_events) == 1


def test_submitted_accepted_and_key_give_the_proposer_the_rules_points(users, member_users, members, year):
    proposal = _accept(users, submitted(member_users["member"]), key=True)
    record = record_for(members["member"], year)
    assert _kinds(record) == ["key_proposal", "proposal_accepted", "proposal_submitted"]
    assert record.points == _points("proposal_submitted") + _points("proposal_accepted") + _points("key_proposal")
    entry = record.entries[0]
    assert (entry.object_type, entry.object_id, entry.title) == ("proposal", proposal.pk, proposal.title)
    assert entry.url == proposal.get_absolute_url() and entry.kind_label
    assert record_for(members["member2"], year).entries == []


def test_a_joint_proposal_counts_for_confirmed_co_signers_only(users, member_users, members, year):
    me = member_users["member"]
    joint = draft(me, title="关于推进农村生活污水治理的建议", kind="joint",
                  cosigner_ids=[members["member2"].pk, members["member3"].pk, members["offline"].pk])
    services.proposal_invite(actor=me, proposal_id=joint.pk)
    services.proposal_cosign(actor=member_users["member2"], proposal_id=joint.pk)
    services.proposal_decline(actor=member_users["member3"], proposal_id=joint.pk)
    # The offline member never answers: still invited when the deadline lapses.
    Proposal.objects.filter(pk=joint.pk).update(cosign_deadline=timezone.localdate() - datetime.timedelta(days=1))
    services.proposal_submit(actor=me, proposal_id=joint.pk)
    _accept(users, joint)
    records = {r.member.pk: r for r in records_for_year(year)}
    both = ["proposal_accepted", "proposal_submitted"]
    assert _kinds(records[members["member"].pk]) == both
    assert _kinds(records[members["member2"].pk]) == both
    assert records[members["member2"].pk].points == _points("proposal_submitted") + _points("proposal_accepted")
    assert records[members["member3"].pk].entries == []  # declined
    assert records[members["offline"].pk].entries == []  # invited, never confirmed


def test_a_draft_and_a_joint_proposal_still_co_signing_count_nothing(member_users, members, year):
    draft(member_users["member"])
    joint = draft(member_users["member"], title="关于推进农村生活污水治理的建议", kind="joint",
                  cosigner_ids=[members["member2"].pk])
    services.proposal_invite(actor=member_users["member"], proposal_id=joint.pk)
    services.proposal_cosign(actor=member_users["member2"], proposal_id=joint.pk)
    assert record_for(members["member"], year).entries == []
    assert record_for(members["member2"], year).entries == []


def test_another_years_proposal_counts_nothing(users, member_users, members, year):
    proposal = _accept(users, submitted(member_users["member"]), key=True)
    last_year = timezone.now() - datetime.timedelta(days=400)
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=last_year, reviewed_at=last_year)
    assert record_for(members["member"], year).entries == []
    assert _kinds(record_for(members["member"], timezone.localtime(last_year).year)) == [
        "key_proposal", "proposal_accepted", "proposal_submitted"]


def test_submitted_this_year_accepted_next_year_counts_in_each_year(users, member_users, members, year):
    proposal = _accept(users, submitted(member_users["member"]))
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=400))
    assert _kinds(record_for(members["member"], year)) == ["proposal_accepted"]


def test_the_yearly_cap_applies(member_users, members, year):
    PointsRule.objects.filter(kind="proposal_submitted").update(points=8, yearly_cap=20)
    for i in range(4):
        submitted(member_users["member"], title=f"关于第{i}项工作的建议")
    record = record_for(members["member"], year)
    entries = [e for e in record.entries if e.kind == "proposal_submitted"]
    assert len(entries) == 4 and record.points == 20
    assert sorted(e.points for e in entries) == [0, 4, 8, 8] and sum(e.capped for e in entries) == 2


def test_a_merged_proposal_keeps_its_submission_and_shares_the_acceptance(users, member_users, members, year):
    target = submitted(member_users["member"])
    merged = submitted(member_users["member2"], title="关于完善冷链物流的建议")
    services.proposal_merge(actor=users["staff"], proposal_id=merged.pk, into=target.pk)
    _accept(users, target)
    record = record_for(members["member2"], year)
    assert _kinds(record, merged.pk) == ["proposal_submitted"]
    assert _kinds(record, target.pk) == ["proposal_accepted"]  # not submitted twice
    assert _kinds(record_for(members["member"], year)) == ["proposal_accepted", "proposal_submitted"]


def test_the_record_pages_show_the_proposal(users, member_users, members, client_for, year):
    proposal = submitted(member_users["member"])
    staff_page = client_for(users["staff"]).get(reverse("members:record-member", args=[members["member"].pk]),
                                                {"year": year})
    assert staff_page.status_code == 200 and proposal.title in staff_page.content.decode()
    own = client_for(member_users["member"]).get(reverse("members:record"), {"year": year}).content.decode()
    assert f'href="{proposal.get_absolute_url()}"' in own and proposal.title in own


def _queries(year) -> int:
    with CaptureQueriesContext(connection) as ctx:
        records_for_year(year)
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_proposals(users, member_users, members, year):
    def joint(i):
        p = draft(member_users["member"], title=f"关于第{i}项联名工作的建议", kind="joint",
                  cosigner_ids=[members["member2"].pk, members["member3"].pk])
        services.proposal_invite(actor=member_users["member"], proposal_id=p.pk)
        services.proposal_cosign(actor=member_users["member2"], proposal_id=p.pk)
        services.proposal_cosign(actor=member_users["member3"], proposal_id=p.pk)
        return _accept(users, services.proposal_submit(actor=member_users["member"], proposal_id=p.pk), key=i == 0)

    joint(0)
    one = _queries(year)
    for i in range(1, 10):
        joint(i)
    assert _queries(year) == one
    with CaptureQueriesContext(connection) as ctx:
        events = proposal_events(year, None, timezone.now())
    assert len(ctx.captured_queries) == 2 and len(events) == 3 * (10 + 10 + 1)
