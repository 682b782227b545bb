"""Publication to all members: the proposer says whether an accepted proposal may be read by every member, with the
reason when not; published ones are listed and searched by every member, the others stay with their proposers."""
import pytest

from chengwu_cppcc.errors import InvalidInput
from proposals import services
from proposals.models import Proposal

from .conftest import TEXT, draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(member_users, users):
    """member's two accepted proposals: one published, one kept from publication."""
    staff = users["staff"]
    published = submitted(member_users["member"], title="关于完善县城停车设施的建议")
    kept = submitted(member_users["member"], title="关于保护个人信息的建议", may_publish=False,
                     no_publish_reason="涉及个人隐私")
    for proposal in (published, kept):
        services.proposal_accept(actor=staff, proposal_id=proposal.pk, category="society")
    return Proposal.objects.get(pk=published.pk), Proposal.objects.get(pk=kept.pk)


def test_every_member_reads_and_searches_the_published_ones_only(accepted, member_users, api_client_for, client):
    published, kept = accepted
    assert published.is_published and not kept.is_published
    other = api_client_for(member_users["member2"])
    ids = [row["id"] for row in other.get("/api/proposals/?q=停车").json()["results"]]
    assert ids == [published.pk]
    assert other.get("/api/proposals/?q=个人信息").json()["count"] == 0
    assert other.get(f"/api/proposals/{published.pk}/").json()["is_published"] is True
    assert other.get(f"/api/proposals/{kept.pk}/").status_code == 404
    assert other.post(f"/api/proposals/{published.pk}/mark_key/", {}, format="json").status_code == 403
    client.force_login(member_users["member2"])
    page = client.get(f"/proposals/{published.pk}/").content.decode()
    assert "已向全体委员公开" in page
    mine = api_client_for(member_users["member"]).get(f"/api/proposals/{kept.pk}/").json()
    assert (mine["may_publish"], mine["no_publish_reason"], mine["is_published"]) == (False, "涉及个人隐私", False)


def test_a_submitted_proposal_is_not_published_before_acceptance(member_users, api_client_for):
    waiting = submitted(member_users["member"])
    assert not waiting.is_published
    assert api_client_for(member_users["member2"]).get(f"/api/proposals/{waiting.pk}/").status_code == 404


def test_refusing_publication_needs_a_reason_and_keeps_what_was_typed(member_users, client):
    with pytest.raises(InvalidInput) as refused:
        draft(member_users["member"], may_publish=False)
    assert "no_publish_reason" in refused.value.field_errors
    client.force_login(member_users["member"])
    data = {"title": "关于建设口袋公园的建议", "kind": "individual", "session": "between", **TEXT,
            "not_to_publish": "on", "no_publish_reason": ""}
    response = client.post("/proposals/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "不同意公开的，请说明理由。" in page and "关于建设口袋公园的建议" in page
    assert not Proposal.objects.filter(title="关于建设口袋公园的建议").exists()
    response = client.post("/proposals/new/", {**data, "no_publish_reason": "涉及未公开的规划"})
    proposal = Proposal.objects.get(title="关于建设口袋公园的建议")
    assert response.status_code == 302 and (proposal.may_publish, proposal.no_publish_reason) == (False, "涉及未公开的规划")


def test_the_api_takes_the_word_on_publication_and_an_edit_changes_it(member_users, api_client_for):
    api = api_client_for(member_users["member"])
    body = {"title": "关于规范校外培训的建议", **TEXT, "may_publish": False}
    response = api.post("/api/proposals/", body, format="json")
    assert response.status_code == 400 and "no_publish_reason" in response.json()["fields"]
    response = api.post("/api/proposals/", {**body, "no_publish_reason": "尚在调研"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    version = api.get(f"/api/proposals/{pk}/")["ETag"]
    response = api.patch(f"/api/proposals/{pk}/", {"may_publish": True}, format="json", HTTP_IF_MATCH=version)
    assert response.status_code == 200
    proposal = Proposal.objects.get(pk=pk)
    assert (proposal.may_publish, proposal.no_publish_reason) == (True, "")
