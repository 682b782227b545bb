"""Members' step tables (members/steps.py): every declared move is reachable through its service, no service
records a move the tables do not declare, and the API's available_steps follow the table."""
import pytest
from django.utils import timezone

from history.models import HistoryEntry
from members import services
from members.models import Participation, PublicOpinion
from members.steps import PARTICIPATION_STEPS, PUBLIC_OPINION_STEPS

from .conftest import participation

pytestmark = pytest.mark.django_db


def _moves(model):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(model)
    return {(e.from_state, e.to_state) for e in HistoryEntry.objects.filter(content_type=ct).exclude(to_state="").exclude(from_state="")}


def _declared(table):
    return {(source, target) for source, targets in table.flow.moves.items() for target in targets}


def test_every_participation_move_is_reachable_and_declared(users, members, member_users):
    from .conftest import at

    def fresh():
        m = services.meeting_create(actor=users["staff"], kind="plenary", title=f"会议{Participation.objects.count()}",
                                    starts_at=at(600), ends_at=at(700), member_ids=[members["member"].pk])
        return participation(m, members["member"]).pk

    actor, staff = member_users["member"], users["staff"]
    confirm, leave, grant, refuse = (services.participation_confirm, services.participation_request_leave,
                                     services.participation_decide_leave, services.participation_decide_leave)
    p = fresh()
    confirm(actor=actor, participation_id=p)                                   # invited → confirmed
    leave(actor=actor, participation_id=p, reason="出差")                       # confirmed → leave_requested
    refuse(actor=staff, participation_id=p, grant=False)                       # leave_requested → leave_refused
    confirm(actor=actor, participation_id=p)                                   # leave_refused → confirmed
    p = fresh()
    leave(actor=actor, participation_id=p, reason="出差")                       # invited → leave_requested
    confirm(actor=actor, participation_id=p)                                   # leave_requested → confirmed
    p = fresh()
    leave(actor=actor, participation_id=p, reason="出差")
    grant(actor=staff, participation_id=p, grant=True)                         # leave_requested → leave_granted
    p = fresh()
    leave(actor=actor, participation_id=p, reason="出差")
    refuse(actor=staff, participation_id=p, grant=False)
    leave(actor=actor, participation_id=p, reason="改期")                       # leave_refused → leave_requested
    assert _moves(Participation) == _declared(PARTICIPATION_STEPS)


def test_every_public_opinion_move_is_reachable_and_declared(users, member_users):
    actor, staff = member_users["member"], users["staff"]
    today = timezone.localdate()

    def fresh(title):
        report = services.public_opinion_create(actor=actor, title=title, content="c", category="other")
        services.public_opinion_submit(actor=actor, opinion_id=report.pk)       # draft → submitted
        return report.pk

    a = fresh("一")
    services.public_opinion_return(actor=staff, opinion_id=a, comment="补充")  # submitted → returned
    services.public_opinion_submit(actor=actor, opinion_id=a)                  # returned → submitted
    services.public_opinion_adopt(actor=staff, opinion_id=a, level="county", date=today)  # → adopted
    services.public_opinion_reject(actor=staff, opinion_id=fresh("二"), reason="重复")      # → rejected
    assert _moves(PublicOpinion) == _declared(PUBLIC_OPINION_STEPS)


def test_available_steps_follow_the_table(users, member_users, api_client_for):
    report = services.public_opinion_create(actor=member_users["member"], title="t", content="c", category="other")
    url = f"/api/public-opinions/{report.pk}/"
    assert api_client_for(member_users["member"]).get(url).json()["available_steps"] == ["edit", "submit"]
    assert api_client_for(users["staff"]).get(url).json()["available_steps"] == []
    services.public_opinion_submit(actor=member_users["member"], opinion_id=report.pk)
    assert api_client_for(users["staff"]).get(url).json()["available_steps"] == [
        "adopt", "return", "reject", "instruct"]
    assert api_client_for(member_users["member"]).get(url).json()["available_steps"] == []
