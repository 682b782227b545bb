"""Every step of a proposal through its service: the happy path, wrong role (403), another member's proposal
(404), wrong state (409), bad input (400), and nothing changed when refused."""
import datetime

import pytest
from django.utils import timezone

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from history.models import HistoryEntry
from members.models import PublicOpinion
from notifications.models import Notification
from proposals import services
from proposals.models import CoSigner, Proposal
from proposals.steps import PROPOSAL_STEPS

from .conftest import draft, submitted

pytestmark = pytest.mark.django_db


def _unchanged(proposal, call, error):
    """The call is refused with `error`, and the proposal and its history are as they were."""
    before = Proposal.objects.filter(pk=proposal.pk).values().get()
    history = HistoryEntry.objects.count()
    cosigners = list(CoSigner.objects.filter(proposal_id=proposal.pk).values())
    with pytest.raises(error):
        call()
    assert Proposal.objects.filter(pk=proposal.pk).values().get() == before
    assert HistoryEntry.objects.count() == history
    assert list(CoSigner.objects.filter(proposal_id=proposal.pk).values()) == cosigners


def test_an_individual_proposal_is_submitted_and_accepted_with_the_years_next_number(users, member_users):
    me, staff = member_users["member"], users["staff"]
    first = submitted(me)
    assert first.status == "submitted" and first.submitted_at
    assert Notification.objects.filter(recipient=staff, kind="proposal_submit").exists()
    second = submitted(me, title="关于加强青少年心理健康教育的建议")
    services.proposal_accept(actor=staff, proposal_id=second.pk, category="society", suggested_handling="县教体局")
    services.proposal_accept(actor=staff, proposal_id=first.pk, category="economy")
    first.refresh_from_db()
    second.refresh_from_db()
    year = timezone.localdate().year
    assert (second.number, first.number) == (1, 2) and first.number_label == f"{year}-002"
    assert first.status == "accepted" and first.reviewed_by == staff and first.category == "economy"
    assert Notification.objects.filter(recipient=me, kind="proposal_accept").exists()
    assert set(HistoryEntry.objects.filter(object_id=first.pk).values_list("action", flat=True)) >= {
        "proposal_created", "proposal_submitted", "proposal_accepted"}


def test_a_collective_proposal_names_its_body_before_it_is_submitted(member_users):
    incomplete = draft(member_users["member"], kind="collective", title="关于加强县域科技创新的建议")
    _unchanged(incomplete, lambda: services.proposal_submit(actor=member_users["member"], proposal_id=incomplete.pk),
               InvalidState)
    proposal = submitted(member_users["member"], kind="collective", collective_body="县政协经济委员会")
    assert proposal.status == "submitted" and proposal.collective_body == "县政协经济委员会"


def test_a_joint_draft_without_co_signers_cannot_invite(member_users):
    proposal = draft(member_users["member"], kind="joint")
    _unchanged(proposal, lambda: services.proposal_invite(actor=member_users["member"], proposal_id=proposal.pk),
               InvalidState)


def test_a_joint_proposal_invites_then_is_submitted_once_a_co_signer_confirmed(joint, member_users, members):
    me, other, third = member_users["member"], member_users["member2"], member_users["member3"]
    _unchanged(joint, lambda: services.proposal_submit(actor=me, proposal_id=joint.pk), InvalidState)
    services.proposal_invite(actor=me, proposal_id=joint.pk)
    joint.refresh_from_db()
    assert joint.status == "cosigning" and joint.cosign_deadline > timezone.localdate()
    assert Notification.objects.filter(recipient=other, kind="proposal_invite").exists()
    assert PROPOSAL_STEPS.available(other, services.proposals_for(other).get(pk=joint.pk)) == ["cosign", "decline"]
    services.proposal_cosign(actor=other, proposal_id=joint.pk)
    # member3 has not answered and the deadline has not passed: not yet
    _unchanged(joint, lambda: services.proposal_submit(actor=me, proposal_id=joint.pk), InvalidState)
    services.proposal_decline(actor=third, proposal_id=joint.pk, comment="不熟悉该领域")
    _unchanged(joint, lambda: services.proposal_decline(actor=third, proposal_id=joint.pk), NotAllowed)
    services.proposal_submit(actor=me, proposal_id=joint.pk)
    joint.refresh_from_db()
    assert joint.status == "submitted"
    statuses = dict(CoSigner.objects.filter(proposal=joint).values_list("member__name", "status"))
    assert statuses == {members["member2"].name: "confirmed", members["member3"].name: "declined"}


def test_silence_lapses_at_the_deadline_but_a_joint_proposal_needs_one_confirmation(joint, member_users):
    me, other, third = member_users["member"], member_users["member2"], member_users["member3"]
    services.proposal_invite(actor=me, proposal_id=joint.pk)
    services.proposal_cosign(actor=other, proposal_id=joint.pk)
    Proposal.objects.filter(pk=joint.pk).update(cosign_deadline=timezone.localdate() - datetime.timedelta(days=1))
    _unchanged(joint, lambda: services.proposal_cosign(actor=third, proposal_id=joint.pk), InvalidState)
    services.proposal_submit(actor=me, proposal_id=joint.pk)  # member3 never answered: lapsed
    assert Proposal.objects.get(pk=joint.pk).status == "submitted"


def test_no_confirmation_by_the_deadline_cannot_be_submitted(joint, member_users):
    me = member_users["member"]
    services.proposal_invite(actor=me, proposal_id=joint.pk)
    Proposal.objects.filter(pk=joint.pk).update(cosign_deadline=timezone.localdate() - datetime.timedelta(days=1))
    _unchanged(joint, lambda: services.proposal_submit(actor=me, proposal_id=joint.pk), InvalidState)


def test_the_co_signing_deadline_counts_working_days(settings):
    from workdays.models import CalendarDay

    friday = datetime.date(2026, 3, 6)
    assert services.cosign_deadline(friday) == datetime.date(2026, 3, 13)  # five working days, weekends skipped
    settings.PROPOSAL_COSIGN_WORKING_DAYS = 2
    assert services.cosign_deadline(friday) == datetime.date(2026, 3, 10)
    CalendarDay.objects.create(date=datetime.date(2026, 3, 9), kind=CalendarDay.Kind.HOLIDAY, name="调休")
    assert services.cosign_deadline(friday) == datetime.date(2026, 3, 11)
    # the National Day holiday: 2026-10-01..07 are not working days
    assert services.cosign_deadline(datetime.date(2026, 9, 30)) > datetime.date(2026, 10, 8)


def test_the_invitation_sets_the_deadline_from_the_setting(joint, member_users, settings):
    settings.PROPOSAL_COSIGN_WORKING_DAYS = 3
    services.proposal_invite(actor=member_users["member"], proposal_id=joint.pk)
    joint.refresh_from_db()
    from workdays.services import add_working_days

    assert joint.cosign_deadline == add_working_days(timezone.localdate(), 3)


def test_drafts_are_the_proposers_to_edit_and_submit(users, member_users, members):
    me, other = member_users["member"], member_users["member2"]
    proposal = draft(me)
    _unchanged(proposal, lambda: services.proposal_submit(actor=other, proposal_id=proposal.pk), NotFound)
    _unchanged(proposal, lambda: services.proposal_submit(actor=users["staff"], proposal_id=proposal.pk), NotFound)
    _unchanged(proposal, lambda: services.proposal_update(
        actor=other, proposal_id=proposal.pk, title="x", analysis="y", suggestions="z", kind="individual",
        session="between"), NotFound)
    _unchanged(proposal, lambda: services.proposal_update(
        actor=me, proposal_id=proposal.pk, title="", analysis="y", suggestions="z", kind="nonsense",
        session="between"), InvalidInput)
    _unchanged(proposal, lambda: services.proposal_update(
        actor=me, proposal_id=proposal.pk, title="t", analysis="y", suggestions="z", kind="individual",
        session="between", cosigner_ids=[members["member2"].pk]), InvalidInput)
    services.proposal_update(actor=me, proposal_id=proposal.pk, title="关于冷链物流的建议（修改）", analysis="y",
                             suggestions="z", kind="individual", session="plenary")
    proposal.refresh_from_db()
    assert proposal.title.endswith("（修改）") and proposal.session == "plenary"
    services.proposal_submit(actor=me, proposal_id=proposal.pk)
    _unchanged(proposal, lambda: services.proposal_submit(actor=me, proposal_id=proposal.pk), InvalidState)
    _unchanged(proposal, lambda: services.proposal_update(
        actor=me, proposal_id=proposal.pk, title="t", analysis="y", suggestions="z", kind="individual",
        session="between"), InvalidState)


def test_only_staff_review_and_only_a_submitted_proposal(users, member_users, reason):
    me, staff = member_users["member"], users["staff"]
    proposal = draft(me)
    _unchanged(proposal, lambda: services.proposal_accept(actor=staff, proposal_id=proposal.pk, category="economy"),
               NotFound)  # a draft is outside the office's scope
    services.proposal_submit(actor=me, proposal_id=proposal.pk)
    _unchanged(proposal, lambda: services.proposal_accept(actor=me, proposal_id=proposal.pk, category="economy"),
               NotAllowed)
    _unchanged(proposal, lambda: services.proposal_reject(actor=me, proposal_id=proposal.pk, reason=reason.pk),
               NotAllowed)
    _unchanged(proposal, lambda: services.proposal_accept(actor=users["department"], proposal_id=proposal.pk,
                                                          category="economy"), NotFound)
    _unchanged(proposal, lambda: services.proposal_accept(actor=staff, proposal_id=proposal.pk, category="nope"),
               InvalidInput)
    _unchanged(proposal, lambda: services.proposal_reject(actor=staff, proposal_id=proposal.pk, reason=""),
               InvalidInput)
    _unchanged(proposal, lambda: services.proposal_reject(actor=staff, proposal_id=proposal.pk, reason=reason.pk,
                                                          convert_to="fax"), InvalidInput)
    _unchanged(proposal, lambda: services.proposal_merge(actor=staff, proposal_id=proposal.pk, into=proposal.pk),
               InvalidInput)
    _unchanged(proposal, lambda: services.proposal_mark_key(actor=staff, proposal_id=proposal.pk,
                                                            leader=users["leader_in_charge"].pk), InvalidState)


def test_not_accepted_with_a_reason_and_converted_to_a_public_opinion_draft(users, member_users, members, reason):
    me, staff = member_users["member"], users["staff"]
    proposal = submitted(me)
    services.proposal_reject(actor=staff, proposal_id=proposal.pk, reason=reason.pk, comment="建议以社情民意反映",
                             convert_to="public_opinion")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.rejection_reason == reason
    assert proposal.converted_to == "public_opinion" and proposal.review_note == "建议以社情民意反映"
    report = PublicOpinion.objects.get(pk=proposal.public_opinion_id)
    assert report.author == members["member"] and report.status == "draft" and report.title == proposal.title
    letter = submitted(me, title="关于修缮县城老旧小区的建议")
    services.proposal_reject(actor=staff, proposal_id=letter.pk, reason=reason.pk, convert_to="letter")
    letter.refresh_from_db()
    assert letter.converted_to == "letter" and letter.public_opinion_id is None


def test_merged_into_another_the_target_keeps_both_proposers(users, member_users, members):
    me, other, third, staff = (member_users["member"], member_users["member2"], member_users["member3"],
                               users["staff"])
    target = submitted(other, title="关于推进农村生活污水治理的建议")
    services.proposal_accept(actor=staff, proposal_id=target.pk, category="ecology")
    source = draft(me, title="关于农村污水处理的建议", kind="joint", cosigner_ids=[members["member3"].pk])
    services.proposal_invite(actor=me, proposal_id=source.pk)
    services.proposal_cosign(actor=third, proposal_id=source.pk)
    services.proposal_submit(actor=me, proposal_id=source.pk)
    _unchanged(source, lambda: services.proposal_merge(actor=me, proposal_id=source.pk, into=target.pk), NotAllowed)
    _unchanged(source, lambda: services.proposal_merge(actor=staff, proposal_id=source.pk, into="x"), InvalidInput)
    services.proposal_merge(actor=staff, proposal_id=source.pk, into=target.pk, comment="同类并案")
    source.refresh_from_db()
    assert source.status == "merged" and source.merged_into == target
    rows = {c.member_id: c for c in CoSigner.objects.filter(proposal=target)}
    assert rows[members["member"].pk].is_co_proposer and rows[members["member"].pk].status == "confirmed"
    assert rows[members["member3"].pk].status == "confirmed" and not rows[members["member3"].pk].is_co_proposer
    # the merged proposal's proposer now reads the target (as a co-proposer)
    assert services.proposals_for(me).filter(pk=target.pk).exists()
    assert HistoryEntry.objects.filter(object_id=target.pk, action="proposal_merged_in").exists()


def test_a_key_proposal_has_a_supervising_government_leader(users, member_users):
    staff = users["staff"]
    proposal = submitted(member_users["member"])
    services.proposal_accept(actor=staff, proposal_id=proposal.pk, category="economy")
    _unchanged(proposal, lambda: services.proposal_mark_key(actor=staff, proposal_id=proposal.pk,
                                                            leader=users["department"].pk), InvalidInput)
    _unchanged(proposal, lambda: services.proposal_mark_key(actor=member_users["member"], proposal_id=proposal.pk,
                                                            leader=users["leader_in_charge"].pk), NotAllowed)
    services.proposal_mark_key(actor=staff, proposal_id=proposal.pk, leader=users["principal_leader"].pk)
    proposal.refresh_from_db()
    assert proposal.is_key and proposal.key_leader == users["principal_leader"] and proposal.status == "accepted"
    _unchanged(proposal, lambda: services.proposal_mark_key(actor=staff, proposal_id=proposal.pk,
                                                            leader=users["leader_in_charge"].pk), InvalidState)


def test_every_declared_move_is_reachable_and_no_other_is_recorded(users, member_users, joint, reason):
    from django.contrib.contenttypes.models import ContentType

    me, other, staff = member_users["member"], member_users["member2"], users["staff"]
    services.proposal_invite(actor=me, proposal_id=joint.pk)                    # draft → cosigning
    for key in ("member2", "member3"):
        services.proposal_decline(actor=member_users[key], proposal_id=joint.pk)
    services.proposal_redraft(actor=me, proposal_id=joint.pk)                   # cosigning → draft
    services.proposal_invite(actor=me, proposal_id=joint.pk)
    services.proposal_cosign(actor=other, proposal_id=joint.pk)
    Proposal.objects.filter(pk=joint.pk).update(cosign_deadline=timezone.localdate() - datetime.timedelta(days=1))
    services.proposal_submit(actor=me, proposal_id=joint.pk)                    # cosigning → submitted
    a = submitted(me, title="甲")                                                # draft → submitted
    services.proposal_accept(actor=staff, proposal_id=a.pk, category="other")  # submitted → accepted
    b = submitted(me, title="乙")
    services.proposal_reject(actor=staff, proposal_id=b.pk, reason=reason.pk)   # submitted → rejected
    services.proposal_merge(actor=staff, proposal_id=joint.pk, into=a.pk)     # submitted → merged
    ct = ContentType.objects.get_for_model(Proposal)
    moves = {(e.from_state, e.to_state) for e in HistoryEntry.objects.filter(content_type=ct)
             .exclude(to_state="").exclude(from_state="")}
    declared = {(s, t) for s, targets in PROPOSAL_STEPS.flow.moves.items() for t in targets}
    assert moves == declared
