"""Lineage between proposals and topics (issue 15): an accepted proposal becomes the origin of a candidate topic
(R2), and 提案协商 topics list the proposals they consult on (R12); through the API and the pages, with every
refusal leaving nothing changed."""
import pytest
from django.urls import reverse
from django.utils import timezone

from history.models import HistoryEntry
from proposals import services
from proposals.models import Proposal
from tests.topics.conftest import make_candidate
from topics import services as topic_services
from topics.models import Topic

from .conftest import draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(users):
    return topic_services.plan_create(actor=users["staff"], year=timezone.localdate().year)


@pytest.fixture
def accepted(member_users, users):
    proposal = submitted(member_users["member"])
    return services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")


@pytest.fixture
def consultation(plan, users, committee):
    """A 提案协商 topic of the current plan."""
    return make_candidate(plan, users["staff"], title="重点提案办理协商", committee=committee,
                          consultation_type="proposal")


@pytest.fixture
def counterpart(plan, users, committee):
    return make_candidate(plan, users["staff"], title="县城停车难对口协商", committee=committee)


def make_topic_body(plan, committee, **extra):
    return {"plan": plan.pk, "committee": committee.pk, "domain": "agriculture", "consultation_type": "proposal",
            **extra}


def snapshot():
    return (Topic.objects.count(), HistoryEntry.objects.count(),
            sorted(Proposal.objects.values_list("pk", "status", "topic_id")),
            sorted(Proposal.consulted_in.through.objects.values_list("proposal_id", "topic_id")))


# API -----------------------------------------------------------------------------------------------------------


def test_api_make_topic_links_both_ways(accepted, plan, committee, users, api_client_for):
    staff = api_client_for(users["staff"])
    assert "make_topic" in staff.get(f"/api/proposals/{accepted.pk}/").json()["available_steps"]
    response = staff.post(f"/api/proposals/{accepted.pk}/make_topic/", make_topic_body(plan, committee),
                          format="json")
    assert response.status_code == 201, response.json()
    accepted.refresh_from_db()
    topic = accepted.topic
    assert response.json()["topic"] == topic.pk
    assert (topic.origin, topic.plan_id, topic.title, topic.status) == (
        "member_proposal", plan.pk, accepted.title, "candidate")
    assert accepted.number_label in topic.origin_reference and accepted.title in topic.origin_reference
    assert accepted.analysis in topic.rationale and accepted.suggestions in topic.rationale
    assert list(topic.origin_proposals.all()) == [accepted]
    assert HistoryEntry.objects.filter(action="proposal_made_topic", object_id=accepted.pk).count() == 1
    assert "make_topic" not in staff.get(f"/api/proposals/{accepted.pk}/").json()["available_steps"]
    # A second time: the proposal is already the origin of a topic (the step's guard), nothing more is made.
    before = snapshot()
    again = staff.post(f"/api/proposals/{accepted.pk}/make_topic/", make_topic_body(plan, committee, title="另一个"),
                       format="json")
    assert again.status_code == 409
    assert snapshot() == before


def test_api_consult_in(accepted, consultation, users, api_client_for):
    staff = api_client_for(users["staff"])
    response = staff.post(f"/api/proposals/{accepted.pk}/consult_in/", {"topic": consultation.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["consulted_in"] == [consultation.pk]
    assert list(consultation.consulted_proposals.all()) == [accepted]
    assert HistoryEntry.objects.filter(action="proposal_consulted_in", object_id=accepted.pk).count() == 1
    before = snapshot()  # the same topic twice: refused on `topic`
    again = staff.post(f"/api/proposals/{accepted.pk}/consult_in/", {"topic": consultation.pk}, format="json")
    assert again.status_code == 400 and "topic" in str(again.json())
    assert snapshot() == before


def test_api_refusals_change_nothing(accepted, plan, committee, consultation, counterpart, users, member_users,
                                     api_client_for):
    staff = api_client_for(users["staff"])
    waiting = submitted(member_users["member"], title="关于完善县城停车设施的建议")
    hidden = draft(member_users["member"], title="关于加强青少年心理健康教育的建议")
    before = snapshot()
    cases = [
        # 403: a role that may not take the steps (a member, even the proposer; a department).
        (api_client_for(member_users["member"]), accepted, "make_topic", make_topic_body(plan, committee), 403),
        (api_client_for(member_users["member"]), accepted, "consult_in", {"topic": consultation.pk}, 403),
        (api_client_for(users["vice_chair"]), accepted, "make_topic", make_topic_body(plan, committee), 403),
        (api_client_for(users["vice_chair"]), accepted, "consult_in", {"topic": consultation.pk}, 403),
        # 404: a proposal the user cannot see (staff do not read members' drafts; another member's draft).
        (staff, hidden, "make_topic", make_topic_body(plan, committee), 404),
        (staff, hidden, "consult_in", {"topic": consultation.pk}, 404),
        (api_client_for(member_users["member3"]), hidden, "consult_in", {"topic": consultation.pk}, 404),
        # 409: submitted, not accepted.
        (staff, waiting, "make_topic", make_topic_body(plan, committee), 409),
        (staff, waiting, "consult_in", {"topic": consultation.pk}, 409),
        # 400: a topic of another consultation type; a missing topic; a missing or unknown plan.
        (staff, accepted, "consult_in", {"topic": counterpart.pk}, 400),
        (staff, accepted, "consult_in", {"topic": 999999}, 400),
        (staff, accepted, "consult_in", {}, 400),
        (staff, accepted, "make_topic", {k: v for k, v in make_topic_body(plan, committee).items() if k != "plan"},
         400),
        (staff, accepted, "make_topic", {**make_topic_body(plan, committee), "plan": 999999}, 400),
        (staff, accepted, "make_topic", make_topic_body(plan, committee, domain="nope"), 400),
    ]
    for client, proposal, step, body, expected in cases:
        response = client.post(f"/api/proposals/{proposal.pk}/{step}/", body, format="json")
        assert response.status_code == expected, (step, proposal.title, body, response.content)
        if expected == 400:
            field = "topic" if step == "consult_in" else "domain" if body.get("domain") == "nope" else "plan"
            assert field in str(response.json()), response.json()
    assert snapshot() == before


def test_services_check_the_consultation_type_on_topic(accepted, counterpart, users):
    from chengwu_cppcc.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        services.proposal_consult_in(actor=users["staff"], proposal_id=accepted.pk, topic_id=counterpart.pk)
    assert set(error.value.field_errors) == {"topic"}
    assert not accepted.consulted_in.exists()


# Pages ---------------------------------------------------------------------------------------------------------


def test_pages_make_topic_and_consult_in_then_the_topic_shows_its_lineage(accepted, plan, committee, consultation,
                                                                       users, client_for):
    client = client_for(users["staff"])
    body = client.get(accepted.get_absolute_url()).content.decode()
    for step in ("make_topic", "consult_in"):
        assert reverse("proposals:step", args=[accepted.pk, step]) in body
    url = reverse("proposals:step", args=[accepted.pk, "make_topic"])
    before = snapshot()
    bad = client.post(url, {"make_topic-title": "x", "make_topic-committee": committee.pk,
                            "make_topic-domain": "agriculture", "make_topic-consultation_type": "proposal"})
    assert bad.status_code == 400 and snapshot() == before  # no plan chosen
    response = client.post(url, {"make_topic-plan": plan.pk, "make_topic-title": "县域冷链物流体系建设",
                                 "make_topic-committee": committee.pk, "make_topic-domain": "agriculture",
                                 "make_topic-consultation_type": "special"})
    assert response.status_code == 302 and response["Location"] == accepted.get_absolute_url()
    accepted.refresh_from_db()
    origin = accepted.topic
    assert origin.title == "县域冷链物流体系建设" and origin.origin == "member_proposal"
    response = client.post(reverse("proposals:step", args=[accepted.pk, "consult_in"]),
                           {"consult_in-topic": consultation.pk})
    assert response.status_code == 302
    body = client.get(accepted.get_absolute_url()).content.decode()
    assert origin.get_absolute_url() in body and consultation.get_absolute_url() in body
    assert reverse("proposals:step", args=[accepted.pk, "make_topic"]) not in body
    for topic, block in ((origin, 'id="origin-proposals"'), (consultation, 'id="consulted-proposals"')):
        page = client.get(topic.get_absolute_url())
        text = page.content.decode()
        assert page.status_code == 200 and block in text
        assert accepted.get_absolute_url() in text and accepted.number_label in text and accepted.title in text


def test_pages_refuse_other_roles_and_hidden_proposals(accepted, plan, committee, consultation, users,
                                                      member_users, client_for):
    hidden = draft(member_users["member"], title="关于加强青少年心理健康教育的建议")
    before = snapshot()
    body = {"consult_in-topic": consultation.pk}
    assert client_for(member_users["member"]).post(
        reverse("proposals:step", args=[accepted.pk, "consult_in"]), body).status_code == 403
    assert client_for(users["staff"]).post(
        reverse("proposals:step", args=[hidden.pk, "consult_in"]), body).status_code == 404
    assert snapshot() == before


def test_the_topics_lifecycle_starts_from_its_origin_proposal(accepted, plan, committee, users, client_for):
    from workbench.timeline import topic_lifecycle

    topic = services.proposal_make_topic(actor=users["staff"], proposal_id=accepted.pk, plan_id=plan.pk,
                                         committee_id=committee.pk, domain="agriculture",
                                         consultation_type="proposal")
    proposal = Proposal.objects.get(pk=accepted.pk)
    items = topic_lifecycle(topic, users["staff"]).items
    origin = [i for i in items if i.url == proposal.get_absolute_url()]
    # The proposal opens the timeline: submitted, accepted, then the topic it became.
    assert [i.label for i in items[:2]] == ["提交提案", "提案立案"] and items[0] in origin
    assert [i.label for i in origin] == ["提交提案", "提案立案", "已转为备选课题"]
    assert {i.phase for i in origin} == {"origin"}
    assert all(i.subject == f"{proposal.number_label} {proposal.title}" for i in origin)
    page = client_for(users["staff"]).get(reverse("workbench:topic-lifecycle", args=[topic.pk]))
    assert page.status_code == 200 and proposal.get_absolute_url() in page.content.decode()
