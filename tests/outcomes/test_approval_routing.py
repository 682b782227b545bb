"""R12: counterpart and sector replies go to the department's leader in charge; special and proposal to the
principal leader; anyone else is refused and nothing changes."""
import pytest

from directory.roles import Role
from outcomes.models import Reply
from outcomes.selectors import approval_queue
from tests.conftest import make_user

ROUTES = [
    ("counterpart", "leader_in_charge", "principal_leader"),
    ("sector", "leader_in_charge", "principal_leader"),
    ("special", "principal_leader", "leader_in_charge"),
    ("proposal", "principal_leader", "leader_in_charge"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("consultation_type,approver,other", ROUTES)
def test_reply_is_approved_by_the_leader_r12_names(
    consultation_type, approver, other, users, submitted_reply, api_client_for
):
    reply = submitted_reply(consultation_type)
    assert reply.approval_level == approver
    assert list(approval_queue(users[approver])) == [reply]
    assert reply not in approval_queue(users[other])

    r = api_client_for(users[other]).post(f"/api/replies/{reply.pk}/approve/", {}, format="json")
    assert r.status_code in (403, 404)
    reply.refresh_from_db()
    assert reply.status == "pending_approval"

    r = api_client_for(users[approver]).post(f"/api/replies/{reply.pk}/approve/", {}, format="json")
    assert r.status_code == 200, r.content
    assert Reply.objects.get(pk=reply.pk).status == "approved"


@pytest.mark.django_db
def test_leader_in_charge_of_another_department_cannot_approve(users, departments, submitted_reply, api_client_for):
    reply = submitted_reply("sector")
    other_leader = make_user("leader_other", Role.LEADER_IN_CHARGE)
    r = api_client_for(other_leader).post(f"/api/replies/{reply.pk}/approve/", {}, format="json")
    assert r.status_code == 404
    assert Reply.objects.get(pk=reply.pk).status == "pending_approval"


@pytest.mark.django_db
def test_department_without_leader_in_charge_cannot_submit_counterpart_reply(
    users, departments, make_assignment, make_reply, api_client_for
):
    departments[0].leader_in_charge = None
    departments[0].save()
    reply = make_reply(make_assignment("counterpart"))
    r = api_client_for(users["department"]).post(f"/api/replies/{reply.pk}/submit/")
    assert r.status_code == 409
    assert Reply.objects.get(pk=reply.pk).status == "draft"
