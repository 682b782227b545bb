"""Every step's refusals through the API, in the order a client meets them: another member's proposal (404), a role
or person that may not take the step (403), the wrong state (409), bad input (400) — and nothing changed."""
import datetime

import pytest
from django.utils import timezone

from history.models import HistoryEntry
from notifications.models import Notification
from proposals import services
from proposals.models import CoSigner, Proposal

from .conftest import draft, submitted

pytestmark = pytest.mark.django_db

# step: (a body that would be good, a bad body or None when the step reads no input)
STEPS = {
    "invite": ({}, None),
    "submit": ({}, None),
    "cosign": ({}, None),
    "decline": ({"comment": "不熟悉"}, {"comment": "x" * 501}),
    "accept": ({"category": "economy"}, {"category": "nope"}),
    "reject": ({"reason": "REASON"}, {"reason": "abc"}),
    "merge": ({"into": "TARGET"}, {"into": 999999}),
    "mark_key": ({"leader": "LEADER"}, {"leader": "STAFF"}),
}


@pytest.fixture
def world(users, member_users, members, reason):
    """Proposals in the states the steps start from, with who may and who may not act."""
    me, other, staff = member_users["member"], member_users["member2"], users["staff"]
    joint = draft(me, title="关于推进农村生活污水治理的建议", kind="joint", cosigner_ids=[members["member2"].pk])
    cosigning = draft(me, title="关于加强青少年心理健康教育的建议", kind="joint",
                      cosigner_ids=[members["member2"].pk])
    services.proposal_invite(actor=me, proposal_id=cosigning.pk)
    waiting = submitted(me, title="关于加强县域冷链物流体系建设的建议")
    target = submitted(other, title="关于加快冷链物流发展的建议")
    accepted = submitted(me, title="关于完善县城停车设施的建议")
    services.proposal_accept(actor=staff, proposal_id=accepted.pk, category="society")
    # Not to be published: a published one is read by every member (tests/proposals/test_publication.py).
    Proposal.objects.filter(pk=accepted.pk).update(may_publish=False, no_publish_reason="涉及个人信息")
    lapsed = draft(me, title="关于修缮老旧小区的建议", kind="joint",
                   cosigner_ids=[members["member2"].pk, members["member3"].pk])
    services.proposal_invite(actor=me, proposal_id=lapsed.pk)
    services.proposal_cosign(actor=member_users["member3"], proposal_id=lapsed.pk)
    Proposal.objects.filter(pk=lapsed.pk).update(cosign_deadline=timezone.localdate() - datetime.timedelta(days=1))
    services.proposal_submit(actor=me, proposal_id=lapsed.pk)  # member2 never answered; still "invited"
    return {
        "values": {"REASON": reason.pk, "TARGET": target.pk, "LEADER": users["leader_in_charge"].pk,
                   "STAFF": staff.pk},
        # step: (proposal it may be taken on, who takes it, who is refused 403, proposal in a wrong state)
        "invite": (joint, me, staff, waiting),
        "submit": (draft(me, title="关于加快发展县域电商的建议"), me, staff, waiting),
        "cosign": (cosigning, other, me, lapsed),
        "decline": (cosigning, other, me, lapsed),
        "accept": (waiting, staff, me, accepted),
        "reject": (waiting, staff, me, accepted),
        "merge": (waiting, staff, me, accepted),
        "mark_key": (accepted, staff, me, waiting),
    }


def _body(world, body):
    return {k: world["values"].get(v, v) if isinstance(v, str) else v for k, v in (body or {}).items()}


def _snapshot():
    return (list(Proposal.objects.order_by("id").values()), list(CoSigner.objects.order_by("id").values()),
            HistoryEntry.objects.count(), Notification.objects.count())


@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_is_refused_in_order_and_nothing_changes(step, world, users, member_users, api_client_for):
    proposal, actor, wrong_role, wrong_state = world[step]
    good, bad = STEPS[step]
    url = f"/api/proposals/{proposal.pk}/{step}/"
    before = _snapshot()
    stranger = api_client_for(member_users["member3"])  # proposes nothing here, co-signs only `lapsed`
    if proposal.proposer.user_id != member_users["member3"].pk and not proposal.cosigners.filter(
            member__user=member_users["member3"]).exists():
        assert stranger.post(url, _body(world, good), format="json").status_code == 404
    response = api_client_for(wrong_role).post(url, _body(world, good), format="json")
    # A draft is its proposer's alone: another role does not see it (404 before 403).
    assert response.status_code == (404 if Proposal.objects.get(pk=proposal.pk).status == "draft" else 403), response.json()
    assert api_client_for(users["vice_chair"]).post(url, _body(world, good), format="json").status_code == 403
    # A department reads only the proposals forwarded to it: any other is outside its scope.
    assert api_client_for(users["department"]).post(url, _body(world, good), format="json").status_code == 404
    response = api_client_for(actor).post(f"/api/proposals/{wrong_state.pk}/{step}/", _body(world, good),
                                          format="json")
    assert response.status_code == 409, (step, response.json())
    if bad is not None:
        response = api_client_for(actor).post(url, _body(world, bad), format="json")
        assert response.status_code == 400, (step, response.json())
    assert _snapshot() == before
    response = api_client_for(actor).post(url, _body(world, good), format="json")
    assert response.status_code == 200, (step, response.json())
    assert _snapshot() != before
