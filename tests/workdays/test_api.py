"""The due-date API: its shape, its 400s, its access rule and its schema."""
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.urls import include, path, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

URL = "/api/calendar/due-date/"


def test_route_is_named_calendar_due_date():
    assert reverse("calendar-due-date") == URL


def test_any_signed_in_user_gets_a_due_date_with_its_explanation(users, api_client_for):
    response = api_client_for(users["department"]).get(URL, {"start": "2026-02-12", "working_days": 20})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "start", "working_days", "due_on", "provisional", "skipped", "worked_weekend_days", "explanation",
    }
    expected, remaining = date(2026, 2, 12), 20
    while remaining:
        expected += timedelta(days=1)
        remaining -= chinese_calendar.is_workday(expected)
    assert body["start"] == "2026-02-12"
    assert body["working_days"] == 20
    assert body["due_on"] == expected.isoformat()
    assert body["provisional"] is False
    assert "2026-02-17" in body["skipped"]
    assert body["worked_weekend_days"] == ["2026-02-14", "2026-02-28"]
    assert "春节" in body["explanation"]


def test_explanation_follows_the_requested_language(users, api_client_for):
    response = api_client_for(users["staff"]).get(
        URL, {"start": "2026-12-15", "working_days": 20}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.json()["provisional"] is True
    assert "Provisional" in response.json()["explanation"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "2026-13-01", "working_days": 20}, "start"),
        ({"start": "tomorrow", "working_days": 20}, "start"),
        ({"start": "2026-02-12", "working_days": -1}, "working_days"),
        ({"start": "2026-02-12", "working_days": "ten"}, "working_days"),
        ({"working_days": 20}, "start"),
        ({"start": "2026-02-12"}, "working_days"),
    ],
)
def test_bad_or_missing_parameters_give_400_with_field_messages(users, api_client_for, params, field):
    response = api_client_for(users["supervisor"]).get(URL, params)

    assert response.status_code == 400
    body = response.json()
    assert "detail" in body
    assert isinstance(body[field], list) and body[field]


def test_anonymous_callers_are_refused():
    response = APIClient().get(URL, {"start": "2026-02-12", "working_days": 20})

    assert response.status_code in (401, 403)


def test_schema_documents_the_due_date_endpoint():
    # Generated for this app's routes alone, so work in progress elsewhere cannot break it;
    # /api/schema/ is built from the same annotations.
    generator = SchemaGenerator(patterns=[path("api/", include("workdays.api"))])
    schema = generator.get_schema(request=None, public=True)

    operation = schema["paths"][URL]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"start", "working_days"}
    assert set(operation["responses"]) == {"200", "400", "401", "403", "429"}  # errors of every operation (docs/api.md)
    properties = schema["components"]["schemas"]["DueDate"]["properties"]
    assert set(properties) == {
        "start", "working_days", "due_on", "provisional", "skipped", "worked_weekend_days", "explanation",
    }
