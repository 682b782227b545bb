"""The handling half of the year's proposal figures: forwarded, per lead department (replied, on time, A/B/C),
the class shares, the on-time rate, satisfaction and pending evaluations; shown on the figures page; the page's
query count does not grow with forwarded proposals; the printable proposal with its approved reply."""
import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Assignment, ContactKind, Reply
from outcomes.services import assignments as assignment_services
from outcomes.services import replies as reply_services
from proposals import services
from proposals.figures import compute_figures
from proposals.models import Proposal
from tests.outcomes.conftest import pdf_file

from .conftest import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


EVALUATION = {"evaluation": "satisfied", "contacted": True, "attitude": "satisfied", "agreed": True,
              "comment": "已落实。"}


def _accepted(users, member_users, title):
    proposal = submitted(member_users["member"], title=title)
    return services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")


def _forward(users, departments, proposal, lead=0):
    return services.proposal_forward(
        actor=users["staff"], proposal_id=proposal.pk, lead_department_id=departments[lead].pk,
        co_department_ids=[], instruction="请于三个月内答复委员。")


def _lead(proposal):
    return Assignment.objects.get(matter_id=Proposal.objects.get(pk=proposal.pk).matter_id, role="lead")


def _approved(users, proposal, result_class="B", officer="department"):
    lead = _lead(proposal)
    officer = users[officer]
    assignment_services.assignment_log_contact(
        actor=officer, assignment_id=lead.pk, kind=ContactKind.BEFORE_REPLY, held_on=timezone.localdate(),
        summary="与提案者当面沟通办理意见")
    reply = reply_services.reply_create(actor=officer, assignment_id=lead.pk, text="已列入明年计划，分步实施。",
                                        file=pdf_file(), result_class=result_class)
    reply_services.reply_submit(actor=officer, reply_id=reply.pk)
    return reply_services.reply_approve(actor=lead.department.leader_in_charge, reply_id=reply.pk, comments="同意")


@pytest.fixture
def handled_year(users, member_users, departments, api_client_for):
    """Four forwarded proposals: a (dept 0) A, evaluated satisfied; b (dept 0) B, approved after its due date,
    evaluated on paper basically satisfied; c (dept 1) C, not evaluated; d (dept 1) not replied. One accepted,
    not forwarded."""
    titles = ["关于甲的建议", "关于乙的建议", "关于丙的建议", "关于丁的建议", "关于戊的建议"]
    a, b, c, d, e = (_accepted(users, member_users, t) for t in titles)
    for proposal, lead in ((a, 0), (b, 0), (c, 1), (d, 1)):
        _forward(users, departments, proposal, lead)
    _approved(users, a, "A")
    proposer = api_client_for(member_users["member"])
    assert proposer.post(f"/api/proposals/{a.pk}/evaluate/", EVALUATION, format="json").status_code == 200
    reply_b = _approved(users, b, "B")
    late = timezone.localdate() + datetime.timedelta(days=-1)
    Assignment.objects.filter(pk=_lead(b).pk).update(due_on=late)
    Reply.objects.filter(pk=reply_b.pk).update(evaluation="basically_satisfied", evaluation_on_paper=True,
                                               evaluated_at=timezone.now())
    _approved(users, c, "C", officer="department2")
    cache.clear()
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_the_handling_figures(handled_year, departments):
    data = compute_figures(timezone.localdate().year)
    assert data["accepted"] == 5 and data["forwarded"] == 4
    assert (data["replied"], data["replied_on_time"], data["on_time_rate"]) == (3, 2, 50.0)
    assert data["handling_by_department"] == [
        {"name": departments[0].name, "forwarded": 2, "replied": 2, "on_time": 1, "A": 1, "B": 1, "C": 0},
        {"name": departments[1].name, "forwarded": 2, "replied": 1, "on_time": 1, "A": 0, "B": 0, "C": 1},
    ]
    assert data["classes"] == {"A": 1, "B": 1, "C": 1} and data["classed"] == 3
    assert data["class_shares"] == {"A": 33.3, "B": 33.3, "C": 33.3}
    assert data["evaluated"] == 2 and data["paper_evaluations"] == 1 and data["evaluations_pending"] == 1
    assert data["satisfaction"] == {"satisfied": 50.0, "basically_satisfied": 50.0, "unsatisfied": 0.0}


def test_a_handled_again_proposal_counts_its_latest_reply(users, member_users, departments, api_client_for):
    proposal = _accepted(users, member_users, "关于己的建议")
    _forward(users, departments, proposal)
    _approved(users, proposal, "C")
    proposer = api_client_for(member_users["member"])
    unsatisfied = {**EVALUATION, "evaluation": "unsatisfied", "comment": "未见具体时间表"}
    assert proposer.post(f"/api/proposals/{proposal.pk}/evaluate/", unsatisfied, format="json").status_code == 200
    assert compute_figures(proposal.year)["evaluations"]["unsatisfied"] == 1
    _approved(users, proposal, "A")
    data = compute_figures(proposal.year)
    assert data["classes"] == {"A": 1, "B": 0, "C": 0} and data["evaluations_pending"] == 1
    assert data["evaluated"] == 0 and data["satisfaction"]["unsatisfied"] is None
    assert data["handling_by_department"][0]["replied"] == 1


def test_an_empty_year_has_no_shares(db):
    data = compute_figures(1999)
    assert (data["forwarded"], data["on_time_rate"], data["handling_by_department"]) == (0, None, [])
    assert data["class_shares"] == {"A": None, "B": None, "C": None}
    assert data["satisfaction"] == {"satisfied": None, "basically_satisfied": None, "unsatisfied": None}


def test_the_page_shows_the_handling(handled_year, users, departments, client_for):
    client = client_for(users["staff"])
    body = client.get(reverse("proposals:figures")).content.decode()
    assert 'id="handling-figures"' in body and 'id="table-handling-department"' in body
    assert 'id="figure-forwarded">4<' in body and 'id="figure-on-time-rate">50.0%<' in body
    assert 'id="share-A">33.3%<' in body and 'id="satisfaction-satisfied">50.0%<' in body
    assert departments[0].name in body and departments[1].name in body
    assert 'class="table-responsive"><table class="table table-sm" id="table-handling-department"' in body
    assert reverse("proposals:figures-report") in body
    empty = client.get(reverse("proposals:figures"), {"year": timezone.localdate().year - 1}).content.decode()
    assert 'id="handling-empty"' in empty and 'id="table-handling-department"' not in empty


def test_a_change_in_handling_is_seen_at_once(handled_year, users, client_for):
    client = client_for(users["staff"])
    year = timezone.localdate().year
    assert client.get(reverse("proposals:figures"), {"year": year}).context["data"]["replied"] == 3
    _approved(users, handled_year["d"], "A", officer="department2")
    assert client.get(reverse("proposals:figures"), {"year": year}).context["data"]["replied"] == 4


def _count(client):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("proposals:figures")).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_forwarded_proposals(users, member_users, departments, client_for):
    client = client_for(users["staff"])

    def many(start, n):
        for i in range(start, start + n):
            proposal = _accepted(users, member_users, f"关于第{i}项工作的建议")
            _forward(users, departments, proposal, i % 2)
            _approved(users, proposal, "ABC"[i % 3], officer="department" if i % 2 == 0 else "department2")

    many(0, 1)
    _count(client)
    one = _count(client)
    many(1, 4)
    five = _count(client)
    assert one == five, (one, five)
    cache.clear()
    assert client.get(reverse("proposals:figures")).context["data"]["replied"] == 5


# ---- the printable proposal with its approved reply

def test_the_print_page_shows_the_approved_reply_to_its_readers(handled_year, users, member_users, departments,
                                                                 client_for):
    a = handled_year["a"]
    url = reverse("proposals:print", args=[a.pk])
    for user in (member_users["member"], users["staff"], users["department"]):
        body = client_for(user).get(url).content.decode()
        assert 'id="print-reply"' in body and "已列入明年计划，分步实施。" in body, user
        assert departments[0].name in body and timezone.localdate().strftime("%Y-%m-%d") in body
    # Another member reads the published proposal, and its reply only while the department lets it be published.
    other = client_for(member_users["member2"])
    assert 'id="print-reply"' in other.get(url).content.decode()
    Reply.objects.filter(assignment__matter_id=Proposal.objects.get(pk=a.pk).matter_id).update(may_publish=False)
    body = other.get(url).content.decode()
    assert a.title in body and 'id="print-reply"' not in body
    # Not forwarded: no reply section.
    assert 'id="print-reply"' not in client_for(users["staff"]).get(
        reverse("proposals:print", args=[handled_year["e"].pk])).content.decode()
