"""Each step tells the people who must act next, in the notification centre."""
import pytest

from notifications.models import Notification
from outcomes.services import replies as reply_services

from .conftest import *  # noqa: F403 - fixtures

pytestmark = pytest.mark.django_db


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_forwarding_tells_the_department(users, make_assignment):  # noqa: F405
    make_assignment("counterpart")
    assert "assignment_created" in inbox(users["department"])
    assert "assignment_created" not in inbox(users["department2"])


@pytest.mark.parametrize("consultation_type,approver,other", [
    ("counterpart", "leader_in_charge", "principal_leader"),
    ("special", "principal_leader", "leader_in_charge"),
])
def test_submitted_reply_goes_to_the_approving_leader_then_to_staff(
    users, submitted_reply, consultation_type, approver, other  # noqa: F405
):
    reply = submitted_reply(consultation_type)
    assert "reply_submitted" in inbox(users[approver])
    assert "reply_submitted" not in inbox(users[other])
    reply_services.reply_approve(actor=users[approver], reply_id=reply.pk, comments="同意")
    assert "reply_approved" in inbox(users["staff"]) and "reply_approved" in inbox(users["department"])
