"""/api/proposals/: scope (members their own, staff all, nobody else), create and PATCH (If-Match), the step
actions with their 403/404/409/400, `available_steps`, and flat query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals import services
from proposals.models import Proposal

from .conftest import TEXT, draft, submitted

pytestmark = pytest.mark.django_db


def test_members_list_their_own_staff_all_departments_only_those_forwarded_to_them(users, member_users, members, api_client_for, joint):
    mine = draft(member_users["member"])
    theirs = draft(member_users["member2"], title="关于完善县城停车设施的建议")
    me = api_client_for(member_users["member"])
    assert {row["id"] for row in me.get("/api/proposals/").json()["results"]} == {mine.pk, joint.pk}
    # member2 is named as a co-signer of the joint draft: they see it once invited, besides their own
    other = api_client_for(member_users["member2"])
    assert {row["id"] for row in other.get("/api/proposals/").json()["results"]} == {theirs.pk}
    assert other.get(f"/api/proposals/{joint.pk}/").status_code == 404
    services.proposal_invite(actor=member_users["member"], proposal_id=joint.pk)
    assert {row["id"] for row in other.get("/api/proposals/").json()["results"]} == {theirs.pk, joint.pk}
    assert me.get(f"/api/proposals/{theirs.pk}/").status_code == 404
    staff_rows = api_client_for(users["staff"]).get("/api/proposals/").json()["results"]
    assert {row["id"] for row in staff_rows} == {joint.pk}  # the two drafts are their proposers' alone
    # Those who handle forwarded proposals read only those (none is forwarded here); a vice-chair none at all.
    for role in ("department", "leader_in_charge", "supervisor"):
        client = api_client_for(users[role])
        assert client.get("/api/proposals/").json()["results"] == [], role
        assert client.get(f"/api/proposals/{joint.pk}/").status_code == 404, role
    assert api_client_for(users["vice_chair"]).get("/api/proposals/").status_code == 403
    assert api_client_for(users["vice_chair"]).get(f"/api/proposals/{mine.pk}/").status_code == 403


def test_the_filter_bar_parameters_filter_the_list(users, member_users, members, departments, api_client_for):
    a = draft(member_users["member"], department_ids=[departments[0].pk], session="plenary")
    b = draft(member_users["member2"], title="关于完善县城停车设施的建议")
    services.proposal_submit(actor=member_users["member"], proposal_id=a.pk)  # staff read what is sent, not drafts
    services.proposal_submit(actor=member_users["member2"], proposal_id=b.pk)
    staff = api_client_for(users["staff"])

    def ids(query):
        response = staff.get(f"/api/proposals/?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"department={departments[0].pk}") == {a.pk}
    assert ids(f"proposer={members['member'].pk}") == {a.pk}
    assert ids("session=plenary&kind=individual&status=submitted") == {a.pk}
    assert ids("q=停车") == {b.pk}
    assert ids("year=1999") == set()
    assert staff.get("/api/proposals/?status=nonsense").status_code == 400
    assert staff.get("/api/proposals/?colour=red").status_code == 400


def test_create_patch_and_the_steps(users, member_users, members, api_client_for, reason):
    me = api_client_for(member_users["member"])
    assert me.post("/api/proposals/", {"title": ""}, format="json").status_code == 400
    response = me.post("/api/proposals/", {"title": "关于加快发展县域电商的建议", **TEXT, "kind": "joint",
                                           "cosigners": [members["member2"].pk]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert body["status"] == "draft" and body["available_steps"] == ["edit", "invite"]
    assert body["cosigners"][0]["member"] == members["member2"].pk
    url = f"/api/proposals/{pk}/"
    assert me.patch(url, {"session": "plenary"}, format="json").status_code == 428
    etag = me.get(url)["ETag"]
    response = me.patch(url, {"session": "plenary"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response.json()["session"] == "plenary"
    staff = api_client_for(users["staff"])
    assert staff.post(f"{url}invite/").status_code == 404  # a draft is outside the office's scope
    assert me.post(f"{url}submit/").status_code == 409
    assert me.post(f"{url}invite/").json()["status"] == "cosigning"
    other = api_client_for(member_users["member2"])
    assert other.get(url).json()["available_steps"] == ["cosign", "decline"]
    assert api_client_for(member_users["member3"]).post(f"{url}cosign/").status_code == 404
    assert me.post(f"{url}cosign/").status_code == 403
    assert other.post(f"{url}cosign/").status_code == 200
    assert other.post(f"{url}cosign/").status_code == 403  # answered already
    assert me.post(f"{url}submit/").json()["status"] == "submitted"
    assert me.post(f"{url}accept/", {"category": "economy"}, format="json").status_code == 403
    assert staff.post(f"{url}accept/", {"category": "nope"}, format="json").status_code == 400
    assert staff.post(f"{url}reject/", {}, format="json").status_code == 400
    assert Proposal.objects.get(pk=pk).status == "submitted"
    response = staff.post(f"{url}accept/", {"category": "economy", "suggested_handling": "县商务局"}, format="json")
    assert response.status_code == 200 and response.json()["number"] == 1
    assert staff.post(f"{url}reject/", {"reason": reason.pk}, format="json").status_code == 409
    assert staff.post(f"{url}mark_key/", {"leader": users["department"].pk}, format="json").status_code == 400
    response = staff.post(f"{url}mark_key/", {"leader": users["leader_in_charge"].pk, "comment": "县长领办"},
                          format="json")
    assert response.status_code == 200 and response.json()["is_key"]


def test_reject_and_merge_through_the_api(users, member_users, api_client_for, reason):
    staff = api_client_for(users["staff"])
    a = submitted(member_users["member"])
    b = submitted(member_users["member2"], title="关于加强冷链物流建设的建议")
    response = staff.post(f"/api/proposals/{a.pk}/merge/", {"into": b.pk, "comment": "并案"}, format="json")
    assert response.status_code == 200 and response.json()["merged_into"] == b.pk
    c = submitted(member_users["member"], title="关于某个人诉求的建议")
    assert staff.post(f"/api/proposals/{c.pk}/reject/", {"reason": 999}, format="json").status_code == 400
    response = staff.post(f"/api/proposals/{c.pk}/reject/", {"reason": reason.pk, "convert_to": "letter"},
                          format="json")
    assert response.status_code == 200 and response.json()["converted_to"] == "letter"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _many(member_users, members, n, start=0):
    for i in range(start, start + n):
        draft(member_users["member"], title=f"关于第{i}项工作的建议", kind="joint",
              cosigner_ids=[members["member2"].pk])


@pytest.mark.parametrize("who", ["staff", "member"])
def test_the_list_keeps_its_query_count(who, users, member_users, members, api_client_for):
    client = api_client_for(users["staff"] if who == "staff" else member_users["member"])
    _many(member_users, members, 1)
    _count(client, "/api/proposals/")
    one = _count(client, "/api/proposals/")
    _many(member_users, members, 49, start=1)
    fifty = _count(client, "/api/proposals/")
    assert one == fifty, (one, fifty)
