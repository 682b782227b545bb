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
    # The hand-off of the table's `submit` step (kind: <object type>_<step>).
    assert inbox(users[approver]).count("reply_submit") == 1
    assert "reply_submit" not in inbox(users[other])
    reply_services.reply_approve(actor=users[approver], reply_id=reply.pk, comments="同意")
    # Staff evaluate next (the hand-off); the department is told it went through; one notification each.
    assert inbox(users["staff"]).count("reply_approve") == 1 and "reply_approved" not in inbox(users["staff"])
    assert "reply_approved" in inbox(users["department"]) and "reply_approve" not in inbox(users["department"])
