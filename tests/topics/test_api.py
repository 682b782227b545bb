"""The topic-selection API: every step's happy path, 400, 403, 404, 409, and nothing changed on refusal."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from topics import services
from topics.models import Plan, Topic, TopicOpinion

from .conftest import make_candidate

pytestmark = pytest.mark.django_db


def snapshot(topic):
    topic.refresh_from_db()
    return (topic.status, topic.shortlisted_on, topic.adopted_on, topic.rejection_reason, topic.merged_into_id,
            topic.rationale, TopicOpinion.objects.count())


def post(client, url, data=None):
    return client.post(url, data or {}, format="json")


def test_create_topic_and_steps_happy_path(api_client_for, users, plan, committee, member_group):
    staff = api_client_for(users["staff"])
    response = post(staff, "/api/topics/", {
        "plan": plan.pk, "source": "special_committee", "title": "关于推进城乡供水一体化的建议", "origin": "plenary",
        "domain": "livelihood", "consultation_type": "counterpart", "committee": committee.pk,
        "vice_chair": users["vice_chair"].pk, "rationale": "城乡供水差距大",
    })
    assert response.status_code == 201, response.json()
    topic_id = response.json()["id"]
    assert response.json()["status"] == "candidate" and response.json()["status_label"] == "备选"
    vice_chair = api_client_for(users["vice_chair"])
    response = post(vice_chair, f"/api/topics/{topic_id}/feedback/",
                    {"member_group": member_group.pk, "stance": "support", "comment": "赞成"})
    assert response.status_code == 201
    assert post(staff, f"/api/topics/{topic_id}/shortlist/", {"meeting_date": "2026-03-05"}).json()["status"] == "shortlisted"
    response = post(staff, f"/api/topics/{topic_id}/adopt/", {"meeting_date": "2026-03-20"})
    assert response.status_code == 200 and response.json()["status"] == "adopted"
    assert len(response.json()["opinions"]) == 1


@pytest.mark.parametrize("step,data", [
    ("shortlist", {"meeting_date": "2026-03-05"}),
    ("reject", {"reason": "重复"}),
    ("feedback", {"stance": "support"}),
])
def test_wrong_role_gets_403_and_nothing_changes(api_client_for, users, candidate, member_group, step, data):
    data = {**data, "member_group": member_group.pk}
    before = snapshot(candidate)
    for role in ("vice_chair2", "leader_in_charge", "principal_leader", "supervisor"):
        response = post(api_client_for(users[role]), f"/api/topics/{candidate.pk}/{step}/", data)
        assert response.status_code == 403, (role, response.json())
        assert response.json()["detail"]
    assert snapshot(candidate) == before


def test_department_cannot_see_topic_selection(api_client_for, users, candidate):
    client = api_client_for(users["department"])
    assert client.get("/api/topics/").status_code == 403
    assert client.get("/api/plans/").status_code == 403
    assert client.get(f"/api/topics/{candidate.pk}/").status_code == 404
    before = snapshot(candidate)
    assert post(client, f"/api/topics/{candidate.pk}/reject/", {"reason": "x"}).status_code == 404
    assert snapshot(candidate) == before


def test_unknown_topic_is_404(api_client_for, users):
    staff = api_client_for(users["staff"])
    assert staff.get("/api/topics/424242/").status_code == 404
    assert post(staff, "/api/topics/424242/adopt/", {"meeting_date": "2026-03-20"}).status_code == 404


def test_wrong_state_gets_409_with_readable_detail(api_client_for, users, candidate):
    staff = api_client_for(users["staff"])
    before = snapshot(candidate)
    response = post(staff, f"/api/topics/{candidate.pk}/adopt/", {"meeting_date": "2026-03-20"})
    assert response.status_code == 409
    assert response.json()["detail"] == "年度备选课题须经主席会议筛选后，方可由常委会会议确定。"
    assert snapshot(candidate) == before
    services.topic_reject(actor=users["staff"], topic_id=candidate.pk, reason="不宜")
    response = post(staff, f"/api/topics/{candidate.pk}/shortlist/", {"meeting_date": "2026-03-20"})
    assert response.status_code == 409
    assert response.json()["detail"] == "当前状态为“未列入”，不能“筛选（主席会议）”。"


@pytest.mark.parametrize("step,data,field", [
    ("shortlist", {"meeting_date": "not-a-date"}, "meeting_date"),
    ("shortlist", {}, "meeting_date"),
    ("reject", {"reason": ""}, "reason"),
    ("feedback", {"stance": "maybe", "member_group": 1}, "stance"),
    ("merge", {"other": "abc"}, "other"),
])
def test_bad_input_gets_400_with_field_messages(api_client_for, users, candidate, step, data, field):
    before = snapshot(candidate)
    response = post(api_client_for(users["staff"]), f"/api/topics/{candidate.pk}/{step}/", data)
    assert response.status_code == 400
    assert field in response.json() and response.json()["detail"]
    assert snapshot(candidate) == before


def test_bad_create_input_keeps_nothing(api_client_for, users, plan):
    response = post(api_client_for(users["staff"]), "/api/topics/", {"plan": plan.pk, "source": "special_committee"})
    assert response.status_code == 400 and "title" in response.json()
    response = post(api_client_for(users["staff"]), "/api/topics/", {
        "plan": plan.pk, "source": "special_committee", "title": "题", "origin": "plenary", "domain": "urban",
        "consultation_type": "counterpart", "rationale": "x",
    })
    assert response.status_code == 400 and "committee" in response.json()
    assert Topic.objects.count() == 0


def test_quota_full_is_409(api_client_for, users, plan, committee):
    staff = api_client_for(users["staff"])
    ids = []
    for i in range(4):
        topic = make_candidate(plan, users["staff"], committee=committee, title=f"课题{i}")
        post(staff, f"/api/topics/{topic.pk}/shortlist/", {"meeting_date": "2026-03-05"})
        ids.append(topic.pk)
    codes = [post(staff, f"/api/topics/{pk}/adopt/", {"meeting_date": "2026-03-20"}).status_code for pk in ids]
    assert codes == [200, 200, 200, 409]
    assert Topic.objects.filter(status="adopted").count() == 3


def test_merge_through_the_api(api_client_for, users, plan, committee, candidate):
    other = make_candidate(plan, users["staff"], committee=committee, title="停车乱")
    response = post(api_client_for(users["staff"]), f"/api/topics/{candidate.pk}/merge/", {"other": other.pk})
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.status == "merged"


def test_plan_create_adopt_and_amend(api_client_for, users, committee):
    staff = api_client_for(users["staff"])
    response = post(staff, "/api/plans/", {"year": 2027, "annual_quota": 1, "party_quota": 0})
    assert response.status_code == 201
    plan_id = response.json()["id"]
    assert post(staff, "/api/plans/", {"year": 2027}).status_code == 400
    assert post(api_client_for(users["vice_chair"]), "/api/plans/", {"year": 2028}).status_code == 403
    assert post(staff, f"/api/plans/{plan_id}/adopt/", {"adopted_on": "2027-03-20"}).status_code == 409
    plan = Plan.objects.get(pk=plan_id)
    from .conftest import make_adopted

    make_adopted(plan, users["staff"], committee=committee)
    assert post(staff, f"/api/plans/{plan_id}/adopt/", {"adopted_on": "bad"}).status_code == 400
    response = post(staff, f"/api/plans/{plan_id}/adopt/", {"adopted_on": "2027-03-20"})
    assert response.status_code == 200 and response.json()["status"] == "adopted"
    assert response.json()["adopted_annual"] == 1
    response = staff.patch(f"/api/plans/{plan_id}/", {"annual_quota": 2}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 400 and "reason" in response.json()
    response = staff.patch(f"/api/plans/{plan_id}/", {"annual_quota": 2, "reason": "增补"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200 and response.json()["annual_quota"] == 2


def test_similar_endpoint(api_client_for, users, candidate):
    response = api_client_for(users["vice_chair"]).get("/api/topics/similar/", {"title": "县城停车难问题"})
    assert response.status_code == 200 and response.json()[0]["id"] == candidate.pk


def test_filters_and_search(api_client_for, users, plan, committee, candidate):
    make_candidate(plan, users["staff"], committee=committee, title="关于发展农村电商的建议", domain="agriculture")
    client = api_client_for(users["supervisor"])
    assert client.get("/api/topics/", {"domain": "agriculture"}).json()["count"] == 1
    assert client.get("/api/topics/", {"q": "停车"}).json()["count"] == 1
    assert client.get("/api/topics/", {"year": 2026, "status": "candidate"}).json()["count"] == 2
    assert client.get("/api/topics/", {"year": 2025}).json()["count"] == 0


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_list_endpoints_query_count_is_the_same_at_1_and_50_rows(api_client_for, users, plan, committee):
    client = api_client_for(users["staff"])
    make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"], title="课题0")
    one = (_count_queries(client, "/api/topics/"), _count_queries(client, "/api/plans/"))
    for i in range(1, 50):
        make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"], title=f"课题{i}")
    assert client.get("/api/topics/").json()["count"] == 50
    fifty = (_count_queries(client, "/api/topics/"), _count_queries(client, "/api/plans/"))
    assert one == fifty


@pytest.mark.parametrize("step", ["shortlist", "adopt", "reject", "merge", "feedback"])
def test_wrong_role_is_refused_before_its_input_is_read(api_client_for, users, candidate, step):
    before = snapshot(candidate)
    response = post(api_client_for(users["vice_chair2"]), f"/api/topics/{candidate.pk}/{step}/", {"junk": "x"})
    assert response.status_code == 403
    assert post(api_client_for(users["supervisor"]), "/api/plans/", {"year": "bad"}).status_code == 403
    assert snapshot(candidate) == before


def test_steps_on_a_decided_topic_are_409_and_merging_an_unknown_topic_is_404(
    api_client_for, users, candidate, member_group
):
    staff = api_client_for(users["staff"])
    assert post(staff, f"/api/topics/{candidate.pk}/merge/", {"other": 999999}).status_code == 404
    post(staff, f"/api/topics/{candidate.pk}/reject/", {"reason": "与去年课题重复"})
    before = snapshot(candidate)
    opinions = TopicOpinion.objects.count()
    assert post(staff, f"/api/topics/{candidate.pk}/shortlist/", {"meeting_date": "2026-03-05"}).status_code == 409
    response = post(staff, f"/api/topics/{candidate.pk}/feedback/",
                    {"stance": "support", "member_group": member_group.pk})
    assert response.status_code == 409
    assert snapshot(candidate) == before and TopicOpinion.objects.count() == opinions
