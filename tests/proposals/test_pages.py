"""Proposals' pages: the list with the filter bar, a member's draft form with similar items, the detail with the
forms of the available steps, refusals, the to-do centre, and query counts equal at 1 and 50 rows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Proposal
from workbench.todos import todos_for

from .conftest import TEXT, draft, submitted

pytestmark = pytest.mark.django_db


def test_a_member_drafts_sees_similar_items_and_submits_on_the_pages(member_users, users, client_for):
    earlier = submitted(member_users["member2"], title="关于加强县域冷链物流体系建设的建议")
    services.proposal_accept(actor=users["staff"], proposal_id=earlier.pk, category="economy")
    client = client_for(member_users["member"])
    assert client.get(reverse("proposals:create")).status_code == 200
    form = {"title": "关于完善县域冷链物流体系的建议", "kind": "individual", "session": "between", **TEXT}
    response = client.post(reverse("proposals:create"), {**form, "look": "1"})
    assert response.status_code == 200 and "关于加强县域冷链物流体系建设的建议" in response.content.decode()
    assert not Proposal.objects.filter(proposer__user=member_users["member"]).exists()
    assert client.post(reverse("proposals:create"), {**form, "title": ""}).status_code == 400
    response = client.post(reverse("proposals:create"), form)
    proposal = Proposal.objects.get(proposer__user=member_users["member"])
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("proposals:step", args=[proposal.pk, "submit"]) in body
    assert reverse("proposals:edit", args=[proposal.pk]) in body
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 200
    assert client.post(reverse("proposals:step", args=[proposal.pk, "submit"])).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert client.get(reverse("proposals:edit", args=[proposal.pk]))["Location"] == proposal.get_absolute_url()
    assert client.post(reverse("proposals:step", args=[proposal.pk, "accept"])).status_code == 403


def test_staff_review_on_the_page(users, member_users, client_for, reason):
    proposal = submitted(member_users["member"])
    client = client_for(users["staff"])
    body = client.get(proposal.get_absolute_url()).content.decode()
    for step in ("accept", "reject", "merge"):
        assert reverse("proposals:step", args=[proposal.pk, step]) in body
    url = reverse("proposals:step", args=[proposal.pk, "accept"])
    assert client.post(url, {"accept-category": "nope"}).status_code == 400
    assert client.post(url, {"accept-category": "economy", "accept-suggested_handling": "县发改局"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.number == 1
    assert reverse("proposals:step", args=[proposal.pk, "mark_key"]) in client.get(
        proposal.get_absolute_url()).content.decode()
    assert client.post(reverse("proposals:step", args=[proposal.pk, "nonsense"])).status_code == 404


def test_other_roles_and_other_members_are_refused(users, member_users, client_for):
    proposal = draft(member_users["member"])
    other = client_for(member_users["member2"])
    assert other.get(proposal.get_absolute_url()).status_code == 404
    assert other.post(reverse("proposals:step", args=[proposal.pk, "submit"])).status_code == 404
    vice_chair = client_for(users["vice_chair"])
    assert vice_chair.get(reverse("proposals:list")).status_code == 403
    assert vice_chair.get(proposal.get_absolute_url()).status_code == 403
    for role in ("department", "leader_in_charge"):  # they read only the proposals forwarded to them
        client = client_for(users[role])
        assert client.get(reverse("proposals:list")).status_code == 200, role
        assert client.get(proposal.get_absolute_url()).status_code == 404, role
    assert client_for(users["staff"]).get(reverse("proposals:create")).status_code == 403


def test_the_to_do_centre_offers_review_and_co_signing(users, member_users, joint):
    me, other = member_users["member"], member_users["member2"]
    services.proposal_invite(actor=me, proposal_id=joint.pk)
    assert [(i.step, i.object_id) for i in todos_for(other, object_type="proposal")] == [("cosign", joint.pk)]
    assert todos_for(me, object_type="proposal") == []
    services.proposal_cosign(actor=other, proposal_id=joint.pk)
    assert todos_for(other, object_type="proposal") == []
    a = submitted(me, title="关于加强青少年心理健康教育的建议")
    assert [(i.step, i.object_id) for i in todos_for(users["staff"], object_type="proposal")] == [("accept", a.pk)]


def test_the_pages_are_english_on_request(users, member_users, client_for):
    proposal = submitted(member_users["member"])
    client = client_for(users["staff"])
    client.cookies["django_language"] = "en"
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "Accept" in body and "Analysis of the situation" in body
    client.cookies["django_language"] = "zh-hans"
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "情况分析" in body


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["staff", "member"])
def test_the_list_page_keeps_its_query_count(who, users, member_users, members, client_for):
    client = client_for(users["staff"] if who == "staff" else member_users["member"])

    def many(n, start):
        for i in range(start, start + n):
            p = draft(member_users["member"], title=f"关于第{i}项工作的建议", kind="joint",
                      cosigner_ids=[members["member2"].pk])
            services.proposal_invite(actor=member_users["member"], proposal_id=p.pk)

    many(1, 0)
    _count(client, reverse("proposals:list"))
    one = _count(client, reverse("proposals:list"))
    many(49, 1)
    fifty = _count(client, reverse("proposals:list"))
    assert one == fifty, (one, fifty)
