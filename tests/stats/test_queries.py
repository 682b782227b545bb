"""The statistics API and page use the same number of queries at 1 and at 50 assignments."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import User
from outcomes.services import replies as reply_services
from outcomes.services import supervision as supervision_services

from .conftest import days_ago


def count(client, url):
    cache.clear()  # the cold path: figures computed, not read from the cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def grow(users, make_assignment, approved_reply):
    def build(n):
        for i in range(n):
            assignment = make_assignment(forwarded_on=days_ago(i % 3 * 30))
            if i % 2:
                reply = approved_reply(assignment)
                reply_services.reply_evaluate(actor=users["staff"], reply_id=reply.pk, evaluation="satisfied")
            supervision_services.case_open(
                actor=users["staff"], outcome_id=assignment.outcome_id, title=f"督办{i}", committee_office="城建委"
            )

    return build


@pytest.mark.django_db
def test_stats_query_counts_do_not_grow_with_assignments(users, plan, grow, api_client_for, client_for):
    grow(1)
    year = plan.year

    def fresh(role):
        return User.objects.get(pk=users[role].pk)

    def measure():
        return (
            count(api_client_for(fresh("supervisor")), f"/api/stats/?year={year}"),
            count(client_for(fresh("staff")), reverse("stats:overview") + f"?year={year}"),
            count(client_for(fresh("staff")), reverse("stats:export-xlsx") + f"?year={year}"),
            count(client_for(fresh("staff")), reverse("stats:search") + "?q=纪要"),
        )

    before = measure()
    grow(49)
    data = api_client_for(users["staff"]).get(f"/api/stats/?year={year}").json()
    assert data["assignments"]["total"] == 50
    assert measure() == before
