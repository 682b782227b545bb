"""List endpoints and list pages use the same number of queries at 1 row and at 50 rows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import User
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services

from .conftest import days_ago


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def grow(users, make_assignment, make_reply):
    """Add n complete matters: an overdue assignment with a reply awaiting the principal leader and a case."""

    def build(n):
        for i in range(n):
            assignment = make_assignment("special", kind="special_minutes", co=True, forwarded_on=days_ago(40 + i % 3))
            reply = make_reply(assignment)
            reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk)
            reply_services.reply_submit(actor=users["department"], reply_id=reply.pk)
            supervision_services.case_open(
                actor=users["staff"], outcome_id=assignment.outcome_id, title=f"督办{i}", committee_office="城建委"
            )

    return build


API = [
    ("department", "/api/assignments/"),
    ("supervisor", "/api/assignments/?overdue=true"),
    ("department", "/api/replies/"),
    ("principal_leader", "/api/replies/"),
    ("staff", "/api/outcomes/"),
    ("staff", "/api/suggestions/"),
    ("supervisor", "/api/supervisions/"),
    ("department", "/api/progress-reports/"),
    ("staff", "/api/departments/"),
]
PAGES = [
    ("department", "outcomes:assignment-list"),
    ("staff", "outcomes:assignment-list"),
    ("staff", "outcomes:outcome-list"),
    ("principal_leader", "outcomes:approval-queue"),
    ("supervisor", "outcomes:supervision-board"),
    ("staff", "outcomes:evaluation-queue"),
]


@pytest.mark.django_db
def test_list_query_counts_do_not_grow_with_rows(users, grow, api_client_for, client_for):
    grow(1)

    def fresh(role):  # a new user object each time, so the per-object role cache does not skew the counts
        return User.objects.get(pk=users[role].pk)

    def measure():
        api = {(role, url): count(api_client_for(fresh(role)), url) for role, url in API}
        pages = {(role, name): count(client_for(fresh(role)), reverse(name)) for role, name in PAGES}
        return api, pages

    before_api, before_pages = measure()
    grow(49)
    assert api_client_for(users["department"]).get("/api/assignments/").json()["count"] == 50
    after_api, after_pages = measure()
    assert after_api == before_api
    assert after_pages == before_pages
