"""Inviting the co-signers again once a joint proposal's invitation lapsed with nobody confirmed: the ones who did
not answer get a new deadline and are told; only the proposer, only after the deadline and before any
confirmation; through the service and the API, with nothing changed on refusal."""
import datetime

import pytest
from django.utils import timezone

from chengwu_cppcc.errors import InvalidState, NotAllowed, NotFound
from history.models import HistoryEntry
from notifications.models import Notification
from proposals import services
from proposals.models import CoSigner, Proposal
from proposals.steps import PROPOSAL_STEPS
from workbench.todos import todos_for

from .test_steps import _unchanged

pytestmark = pytest.mark.django_db
YESTERDAY = datetime.timedelta(days=1)


def _lapse(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(cosign_deadline=timezone.localdate() - YESTERDAY)


@pytest.fixture
def invited(joint, member_users):
    """member's joint proposal, member2 and member3 invited, the deadline still open."""
    return services.proposal_invite(actor=member_users["member"], proposal_id=joint.pk)


@pytest.fixture
def lapsed(invited, member_users):
    """member3 declined, member2 never answered, and the deadline has passed: the proposal cannot be submitted."""
    services.proposal_decline(actor=member_users["member3"], proposal_id=invited.pk, comment="不熟悉该领域")
    _lapse(invited)
    return invited


def _statuses(proposal):
    return dict(CoSigner.objects.filter(proposal_id=proposal.pk).values_list("member__user__username", "status"))


def _steps(user, proposal):
    return PROPOSAL_STEPS.available(user, services.proposals_for(user).get(pk=proposal.pk))


def test_the_silent_co_signers_get_a_new_deadline_and_are_told(lapsed, members, member_users,
                                                               django_capture_on_commit_callbacks):
    me, silent, declined = member_users["member"], member_users["member2"], member_users["member3"]
    _unchanged(lapsed, lambda: services.proposal_submit(actor=me, proposal_id=lapsed.pk), InvalidState)
    assert _steps(me, lapsed) == ["reinvite", "redraft"]
    assert [(i.step, i.object_id) for i in todos_for(me, object_type="proposal")] == [("reinvite", lapsed.pk)]
    assert todos_for(silent, object_type="proposal") == []  # the deadline passed: nothing to answer
    invited_at = CoSigner.objects.get(proposal=lapsed, member__user=silent).invited_at
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.proposal_reinvite(actor=me, proposal_id=lapsed.pk)
    proposal = Proposal.objects.get(pk=lapsed.pk)
    assert proposal.status == "cosigning"
    assert proposal.cosign_deadline == services.cosign_deadline(timezone.localdate()) > timezone.localdate()
    assert _statuses(proposal) == {"member2": "invited", "member3": "declined"}  # a decline stands
    assert CoSigner.objects.get(proposal=lapsed, member__user=silent).invited_at > invited_at
    entry = HistoryEntry.objects.filter(action="proposal_reinvited").get()
    assert entry.actor == me and entry.note == members["member2"].name
    assert entry.changes["deadline"][1] == proposal.cosign_deadline.isoformat()
    # The re-invited co-signer is told (delivered after the commit); the one who declined and the proposer are not.
    assert set(Notification.objects.values_list("recipient__username", "kind")) == {("member2", "proposal_reinvite")}
    assert callbacks  # the delivery is queued on commit
    assert [(i.step, i.object_id) for i in todos_for(silent, object_type="proposal")] == [("cosign", lapsed.pk)]
    assert todos_for(me, object_type="proposal") == []
    assert "reinvite" not in _steps(me, proposal)
    # member2 answers within the new deadline; the proposer submits.
    services.proposal_cosign(actor=silent, proposal_id=lapsed.pk)
    services.proposal_submit(actor=me, proposal_id=lapsed.pk)
    assert Proposal.objects.get(pk=lapsed.pk).status == "submitted"
    _unchanged(lapsed, lambda: services.proposal_reinvite(actor=me, proposal_id=lapsed.pk), InvalidState)
    assert _statuses(proposal)[declined.username] == "declined"


def test_only_the_proposer_reinvites(lapsed, users, member_users):
    for user in (member_users["member2"], member_users["member3"], users["staff"]):  # co-signers, the office
        _unchanged(lapsed, lambda user=user: services.proposal_reinvite(actor=user, proposal_id=lapsed.pk),
                   NotAllowed)
        assert "reinvite" not in PROPOSAL_STEPS.available(user, services.proposals_for(user).get(pk=lapsed.pk))


def test_another_members_draft_is_not_found(joint, member_users):
    _lapse(joint)
    _unchanged(joint, lambda: services.proposal_reinvite(actor=member_users["member2"], proposal_id=joint.pk),
               NotFound)
    # The proposer's own draft is in the wrong state: co-signers are invited from the draft, not again.
    _unchanged(joint, lambda: services.proposal_reinvite(actor=member_users["member"], proposal_id=joint.pk),
               InvalidState)


def test_not_before_the_deadline(invited, member_users):
    me = member_users["member"]
    _unchanged(invited, lambda: services.proposal_reinvite(actor=me, proposal_id=invited.pk), InvalidState)
    assert "reinvite" not in _steps(me, invited)
    assert todos_for(me, object_type="proposal") == []  # waiting for the co-signers: nothing to do yet


def test_not_after_a_confirmation(invited, member_users):
    me = member_users["member"]
    services.proposal_cosign(actor=member_users["member2"], proposal_id=invited.pk)
    _lapse(invited)  # member3 stayed silent, but one confirmed: the proposer submits
    _unchanged(invited, lambda: services.proposal_reinvite(actor=me, proposal_id=invited.pk), InvalidState)
    assert _steps(me, invited) == ["submit"]


def test_not_when_everybody_declined(invited, member_users):
    for key in ("member2", "member3"):
        services.proposal_decline(actor=member_users[key], proposal_id=invited.pk)
    _lapse(invited)
    _unchanged(invited, lambda: services.proposal_reinvite(actor=member_users["member"], proposal_id=invited.pk),
               InvalidState)
    assert _steps(member_users["member"], invited) == ["redraft"]


# ---- back to the draft, to change the co-signers


def test_everybody_declined_the_proposer_changes_the_co_signers_and_invites_again(invited, members, member_users):
    me = member_users["member"]
    for key in ("member2", "member3"):
        services.proposal_decline(actor=member_users[key], proposal_id=invited.pk)
    # Nobody can answer any more: no need to wait for the deadline; the proposer's to-do says so.
    assert _steps(me, invited) == ["redraft"]
    assert [(i.step, i.object_id) for i in todos_for(me, object_type="proposal")] == [("redraft", invited.pk)]
    services.proposal_redraft(actor=me, proposal_id=invited.pk)
    proposal = Proposal.objects.get(pk=invited.pk)
    assert (proposal.status, proposal.cosign_deadline) == ("draft", None)
    entry = HistoryEntry.objects.get(action="proposal_redrafted")
    assert entry.actor == me and entry.from_state == "cosigning" and entry.to_state == "draft"
    assert set(entry.changes["answers"].values()) == {"declined"}
    assert _statuses(proposal) == {"member2": "invited", "member3": "invited"}  # named, as in a draft
    assert "edit" in _steps(me, proposal) and "invite" in _steps(me, proposal)
    # The draft's co-signers are changed, then asked afresh.
    other = members["member3"]
    CoSigner.objects.filter(proposal=proposal).exclude(member=other).delete()
    services.proposal_invite(actor=me, proposal_id=proposal.pk)
    assert _statuses(proposal) == {"member3": "invited"}
    assert Proposal.objects.get(pk=proposal.pk).cosign_deadline > timezone.localdate()


def test_redraft_is_refused_in_order_with_nothing_changed(invited, lapsed_other, users, member_users):
    me = member_users["member"]
    # Wrong role: a co-signer, the office.
    for user in (member_users["member2"], users["staff"]):
        _unchanged(invited, lambda user=user: services.proposal_redraft(actor=user, proposal_id=invited.pk),
                   NotAllowed)
    # Outside the scope: another member's joint proposal that member has not been invited to.
    _unchanged(lapsed_other, lambda: services.proposal_redraft(actor=me, proposal_id=lapsed_other.pk), NotFound)
    # Wrong state: co-signers may still answer; after a confirmation the proposer submits.
    _unchanged(invited, lambda: services.proposal_redraft(actor=me, proposal_id=invited.pk), InvalidState)
    services.proposal_cosign(actor=member_users["member2"], proposal_id=invited.pk)
    _lapse(invited)
    _unchanged(invited, lambda: services.proposal_redraft(actor=me, proposal_id=invited.pk), InvalidState)


@pytest.fixture
def lapsed_other(member_users, members):
    """member3's lapsed joint proposal inviting member2 only."""
    from .conftest import draft

    proposal = draft(member_users["member3"], title="关于加强社区养老服务的建议", kind="joint",
                     cosigner_ids=[members["member2"].pk])
    services.proposal_invite(actor=member_users["member3"], proposal_id=proposal.pk)
    _lapse(proposal)
    return proposal


def test_the_api_redrafts_and_refuses_a_bad_state(invited, member_users, api_client_for):
    me = api_client_for(member_users["member"])
    url = f"/api/proposals/{invited.pk}/redraft/"
    before = _snapshot()
    refused = me.post(url, {}, format="json")
    assert refused.status_code == 409 and _snapshot() == before
    assert api_client_for(member_users["member2"]).post(url, {}, format="json").status_code == 403
    for key in ("member2", "member3"):
        services.proposal_decline(actor=member_users[key], proposal_id=invited.pk)
    response = me.post(url, {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    assert "invite" in response.json()["available_steps"]


# ---- through the API


def _snapshot():
    return (list(Proposal.objects.order_by("id").values()), list(CoSigner.objects.order_by("id").values()),
            HistoryEntry.objects.count(), Notification.objects.count())


def test_the_api_action_reinvites_and_refuses_in_order(lapsed, users, members, member_users, api_client_for):
    me = api_client_for(member_users["member"])
    url = f"/api/proposals/{lapsed.pk}/reinvite/"
    assert me.get(f"/api/proposals/{lapsed.pk}/").json()["available_steps"] == ["reinvite", "redraft"]
    before = _snapshot()
    for user, code in ((member_users["member2"], "not_yours"), (users["staff"], "not_allowed"),
                       (users["vice_chair"], "not_allowed")):
        response = api_client_for(user).post(url, {}, format="json")
        assert (response.status_code, response.json()["code"]) == (403, code), user.username
    assert api_client_for(users["department"]).post(url, {}, format="json").status_code == 404
    assert _snapshot() == before
    response = me.post(url, {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "cosigning" and body["available_steps"] == []
    assert body["cosign_deadline"] == services.cosign_deadline(timezone.localdate()).isoformat()
    assert {(c["member_name"], c["status"]) for c in body["cosigners"]} == {
        (members["member2"].name, "invited"), (members["member3"].name, "declined")}
    assert Notification.objects.filter(recipient=member_users["member2"], kind="proposal_reinvite").exists()
    # Now before the (new) deadline: 409, nothing changed.
    before = _snapshot()
    response = me.post(url, {}, format="json")
    assert response.status_code == 409 and _snapshot() == before


def test_the_api_refuses_another_members_draft_and_a_confirmed_one(member_users, members, api_client_for):
    from .conftest import draft

    me = member_users["member"]
    other_draft = draft(member_users["member2"], title="关于完善县城停车设施的建议", kind="joint",
                        cosigner_ids=[members["member3"].pk])
    confirmed = draft(me, title="关于修缮老旧小区的建议", kind="joint", cosigner_ids=[members["member2"].pk])
    services.proposal_invite(actor=me, proposal_id=confirmed.pk)
    services.proposal_cosign(actor=member_users["member2"], proposal_id=confirmed.pk)
    _lapse(confirmed)
    before = _snapshot()
    client = api_client_for(me)
    assert client.post(f"/api/proposals/{other_draft.pk}/reinvite/", {}, format="json").status_code == 404
    response = client.post(f"/api/proposals/{confirmed.pk}/reinvite/", {}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "conflict"), response.json()
    assert _snapshot() == before


def test_the_page_offers_the_step_and_takes_it(lapsed, member_users, client_for):
    from django.urls import reverse

    client = client_for(member_users["member"])
    page = client.get(reverse("proposals:detail", args=[lapsed.pk])).content.decode()
    url = reverse("proposals:step", args=[lapsed.pk, "reinvite"])
    assert f'action="{url}"' in page and "再次邀请联名" in page
    response = client.post(url, follow=True)
    assert response.status_code == 200 and "已再次邀请未答复的联名人。" in response.content.decode()
    assert Proposal.objects.get(pk=lapsed.pk).cosign_deadline > timezone.localdate()
    again = client.post(url)  # again before the new deadline: refused with the reason, nothing changed
    assert again.status_code == 400 and "联名人仍可答复" in again.content.decode()
    assert HistoryEntry.objects.filter(action="proposal_reinvited").count() == 1
