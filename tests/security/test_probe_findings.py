"""The ten findings of the last security probe (issue 16), each with the test that failed before its fix.

Findings 1, 5, 7 and 8 (replies, downloads, supervision scope, progress reports) are in
tests/outcomes/test_probe_findings.py, on the outcome fixtures.
"""
import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from outcomes.models import ProgressReport
from tests.conftest import is_postgres

# ---- 2. deep JSON, NUL and impossible dates are 400 ------------------------------------------------------------


def _deep(depth=1000):
    return "[" * depth + "]" * depth


def test_deep_json_is_400_even_anonymously_on_the_token_endpoint(db):
    client = Client()
    response = client.post("/api/auth/token/", _deep(), content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]
    nested = '{"a":' * 40 + "1" + "}" * 40  # deeper than 32, shallow enough for Python's own parser
    assert client.post("/api/auth/token/", nested, content_type="application/json").status_code == 400


def test_deep_json_is_400_on_an_authenticated_endpoint(users):
    client = APIClient()
    client.force_authenticate(users["staff"])
    response = client.post("/api/plans/", _deep(), content_type="application/json")
    assert response.status_code == 400


def test_a_nul_in_json_is_400(users):
    client = APIClient()
    client.force_authenticate(users["staff"])
    response = client.post("/api/plans/", '{"year": 2030, "title": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400


def test_a_nul_byte_in_the_search_is_400(users, client):
    client.force_login(users["staff"])
    assert client.get("/stats/search/", {"q": "政协\x00"}).status_code == 400
    assert client.get("/stats/search/?q=%00").status_code == 400
    assert client.get("/stats/search/", {"q": "政协"}).status_code == 200


def test_a_nul_byte_in_a_form_is_400(users, client):
    client.force_login(users["staff"])
    assert client.post("/topics/plan/new/", {"year": "2031", "title": "a\x00b"}).status_code == 400


@pytest.mark.parametrize("start", ["0001-01-01", "0001-01-02", "9999-12-31", "9999-12-20"])
def test_a_due_date_near_year_1_or_9999_is_400_with_a_clear_message(users, client, start):
    api = APIClient()
    api.force_authenticate(users["staff"])
    response = api.get("/api/calendar/due-date/", {"start": start, "working_days": 20})
    assert response.status_code == 400
    assert "1990-01-01" in str(response.json())
    client.force_login(users["staff"])
    page = client.get("/calendar/", {"start": start, "working_days": 20})
    assert page.status_code == 400 and "1990-01-01" in page.content.decode()


def test_a_topic_adopted_on_year_1_is_refused(users):
    from tests.topics.conftest import make_candidate
    from topics import services as topic_services

    committee = __import__("directory.models", fromlist=["SpecialCommittee"]).SpecialCommittee.objects.create(name="经委")
    the_plan = topic_services.plan_create(actor=users["staff"], year=2026)
    topic = make_candidate(the_plan, users["staff"], committee=committee)
    client = APIClient()
    client.force_authenticate(users["staff"])
    for day in ("0001-01-01", "2099-06-01", "2020-03-01"):
        response = client.post(f"/api/topics/{topic.pk}/shortlist/", {"meeting_date": day}, format="json")
        assert response.status_code == 400, (day, response.content)
        assert response.json()["detail"]
    topic.refresh_from_db()
    assert topic.shortlisted_on is None
    response = client.post(f"/api/topics/{topic.pk}/shortlist/", {"meeting_date": "2025-11-20"}, format="json")
    assert response.status_code == 200  # the year before the plan's: when the plan is drafted
    response = client.post(f"/api/topics/{topic.pk}/adopt/", {"meeting_date": "0001-01-01"}, format="json")
    assert response.status_code == 400 and "1990-01-01" in response.json()["detail"]


# ---- 3. lockout 429 everywhere: tests/security/test_accounts.py::test_lockout_answers_429_on_the_page_the_admin_and_the_api
# ---- 4. tokens hashed, expiring, revoked: tests/security/test_accounts.py (token section)
# ---- 10. lockout behind the proxy: tests/security/test_accounts.py (proxy section)


# ---- 6. the schema and the docs need a login ---------------------------------------------------------------------


def test_the_schema_and_docs_need_a_login(users, client):
    assert client.get("/api/schema/").status_code == 403
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    client.force_login(users["department"])
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


# ---- 8. identical progress reports sent at the same moment are one report ----------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_identical_progress_reports_at_the_same_moment_are_one_report(settings, tmp_path):
    if not is_postgres():
        pytest.skip("row locks need PostgreSQL")
    from tests.security.conftest import build_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    demo = build_demo()
    from outcomes.models import Assignment

    lead = Assignment.objects.filter(role="lead", outcome__kind__in=["special_minutes", "recommendation"],
                                     department=demo.users["department"].department,
                                     status__in=["assigned", "in_progress", "replied", "accepted"]).first()
    if lead is None:
        pytest.skip("no reporting matter in the demo for this department")
    before = ProgressReport.objects.filter(assignment=lead).count()
    barrier = threading.Barrier(3)
    statuses = []

    def send():
        client = APIClient()
        client.force_authenticate(demo.users["department"])
        try:
            barrier.wait()
            statuses.append(client.post("/api/progress-reports/", {"assignment": lead.pk, "text": "同时发出的通报"},
                                        format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = ProgressReport.objects.filter(assignment=lead).count() - before
    assert created <= 1 and 500 not in statuses, statuses
