"""领衔督办: a key proposal's forwarded matter is followed as a supervision case — the outcomes' own case, its
steps, pages and API — with the government leader who supervises it; opened when a key proposal is forwarded or
when a forwarded one is marked key, and seen by those who see the matter's assignments."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chengwu_cppcc.errors import InvalidInput, InvalidState
from history.models import HistoryEntry
from notifications.models import Notification
from outcomes.models import CaseStatus, SupervisionCase
from proposals import services
from proposals.models import Proposal
from tests.conftest import make_user

from .conftest import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(users, member_users):
    proposal = submitted(member_users["member"])
    return services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")


def _forward(users, departments, proposal, day=None):
    return services.proposal_forward(actor=users["staff"], proposal_id=proposal.pk,
                                     lead_department_id=departments[0].pk, forwarded_on=day)


def _mark_key(users, proposal, leader=None):
    return services.proposal_mark_key(actor=users["staff"], proposal_id=proposal.pk,
                                      leader=(leader or users["leader_in_charge"]).pk, comment="县政府领导领衔督办")


def test_forwarding_a_key_proposal_opens_its_supervision_case(users, departments, accepted):
    _mark_key(users, accepted)
    assert not SupervisionCase.objects.exists()  # not forwarded yet: nothing to supervise
    day = datetime.date.today() - datetime.timedelta(days=3)
    Proposal.objects.filter(pk=accepted.pk).update(reviewed_at=timezone.now() - datetime.timedelta(days=10))
    proposal = _forward(users, departments, accepted, day=day)
    case = SupervisionCase.objects.get()
    assert (case.matter_id, case.outcome_id, case.suggestion_id) == (proposal.matter_id, None, None)
    assert (case.title, case.leader, case.committee_owner, case.status, case.opened_on) == (
        proposal.title, users["leader_in_charge"], users["staff"], CaseStatus.OPEN, day)
    assert case.committee_office == "提案委员会"
    assert HistoryEntry.objects.filter(object_id=case.pk, action="case_opened").exists()
    told = set(Notification.objects.filter(kind="case_opened").values_list("recipient__username", flat=True))
    assert told == {"supervisor", "leader"}  # the supervision office and the supervising leader
    assert case.get_absolute_url() == reverse("outcomes:case-detail", args=[case.pk])
    assert case.matter.get_absolute_url() == reverse("proposals:detail", args=[proposal.pk])


def test_marking_a_forwarded_proposal_key_opens_the_case_once(users, departments, accepted):
    proposal = _forward(users, departments, accepted)
    assert not SupervisionCase.objects.exists()
    _mark_key(users, proposal, leader=users["principal_leader"])
    case = SupervisionCase.objects.get()
    assert (case.matter_id, case.leader, case.opened_on) == (proposal.matter_id, users["principal_leader"],
                                                             datetime.date.today())
    with pytest.raises(InvalidState):  # already key: the step's guard (409) — no second case
        _mark_key(users, proposal)
    assert SupervisionCase.objects.count() == 1


def test_a_refused_forward_opens_no_case(users, departments, accepted):
    _mark_key(users, accepted)
    with pytest.raises(InvalidInput):
        services.proposal_forward(actor=users["staff"], proposal_id=accepted.pk, lead_department_id=999999)
    assert not SupervisionCase.objects.exists() and Proposal.objects.get(pk=accepted.pk).matter_id is None


def test_the_case_is_seen_by_those_who_see_the_matter_and_followed_with_the_outcomes_steps(
        users, departments, accepted, member_users, api_client_for):
    _mark_key(users, accepted)
    proposal = _forward(users, departments, accepted)
    case = SupervisionCase.objects.get()
    outsider_leader = make_user("leader2", "leader_in_charge")
    expected = {"staff": True, "supervisor": True, "principal_leader": True, "leader_in_charge": True,
                "department": True, "department2": False}
    for name, sees in expected.items():
        response = api_client_for(users[name]).get("/api/supervisions/", {"belongs_to": "proposal"})
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == ([case.pk] if sees else []), name
        detail = api_client_for(users[name]).get(f"/api/supervisions/{case.pk}/")
        assert detail.status_code == (200 if sees else 404), name
    assert api_client_for(outsider_leader).get(f"/api/supervisions/{case.pk}/").status_code == 404
    mine = api_client_for(member_users["member"]).get("/api/supervisions/")
    assert mine.status_code == 200 and mine.json()["count"] == 0  # a member follows no case
    row = api_client_for(users["staff"]).get(f"/api/supervisions/{case.pk}/").json()
    assert (row["belongs_to"], row["belongs_to_id"], row["matter"], row["matter_title"], row["outcome"],
            row["outcome_title"], row["leader"]) == (
        "proposal", proposal.pk, proposal.matter_id, proposal.title, None, None, users["leader_in_charge"].pk)
    assert api_client_for(users["staff"]).get("/api/supervisions/", {"belongs_to": "outcome"}).json()["count"] == 0

    supervisor = api_client_for(users["supervisor"])
    event = {"kind": "site_check", "happened_on": datetime.date.today().isoformat(), "title": "领导带队现场督办"}
    assert supervisor.post(f"/api/supervisions/{case.pk}/events/", event, format="json").status_code == 201
    # A department follows the case but does not take its steps: refused, nothing recorded.
    refused = api_client_for(users["department"]).post(f"/api/supervisions/{case.pk}/events/", event, format="json")
    assert refused.status_code == 403 and case.events.count() == 1
    closed = supervisor.post(f"/api/supervisions/{case.pk}/close/", {"result": "已落实"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == CaseStatus.CLOSED


def test_the_pages_link_the_case_and_the_proposal(users, departments, accepted, member_users, client_for):
    _mark_key(users, accepted)
    proposal = _forward(users, departments, accepted)
    case = SupervisionCase.objects.get()
    page = client_for(users["staff"]).get(reverse("proposals:detail", args=[proposal.pk]))
    assert page.status_code == 200 and case.get_absolute_url() in page.content.decode()
    # The proposer reads the proposal and its handling, not the government's supervision file.
    mine = client_for(member_users["member"]).get(reverse("proposals:detail", args=[proposal.pk]))
    assert mine.status_code == 200 and case.get_absolute_url() not in mine.content.decode()
    detail = client_for(users["supervisor"]).get(case.get_absolute_url())
    body = detail.content.decode()
    assert detail.status_code == 200
    assert reverse("proposals:detail", args=[proposal.pk]) in body and users["leader_in_charge"].display_name in body
    board = client_for(users["supervisor"]).get(reverse("outcomes:supervision-board"))
    assert case.title in board.content.decode()
    export = client_for(users["staff"]).get(reverse("outcomes:case-export"))
    assert export.status_code == 200
