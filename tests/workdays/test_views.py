"""The due-date calculator page and the admin of calendar corrections."""
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import User
from workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_calculator_requires_login(client):
    response = client.get(reverse("workdays:calculator"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_calculator_shows_the_due_date_and_its_explanation(users, client_for):
    response = client_for(users["department"]).get(
        reverse("workdays:calculator"), {"start": "2026-02-12", "working_days": "20"}
    )

    assert response.status_code == 200
    result = response.context["result"]
    assert result.due_on == date(2026, 3, 18)
    page = response.content.decode()
    assert "2026-03-18" in page and "春节" in page and "2026-02-14" in page


def test_calculator_marks_a_result_running_into_an_unknown_year_as_provisional(users, client_for):
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")

    response = client_for(users["staff"]).get(
        reverse("workdays:calculator"), {"start": "2026-12-15", "working_days": "20"}
    )

    assert response.context["result"].provisional
    page = response.content.decode()
    assert "暂定" in page
    assert "元旦" in page  # the corrections list
    assert reverse("office:calendar") in page  # staff manage corrections in 机关管理, not the developer admin


def test_calculator_shows_form_errors_without_a_result(users, client_for):
    response = client_for(users["vice_chair"]).get(
        reverse("workdays:calculator"), {"start": "not a date", "working_days": "-3"}
    )

    assert response.status_code == 400  # refused input answers 400 with the form's messages (issue 16)
    assert response.context["result"] is None
    assert set(response.context["form"].errors) == {"start", "working_days"}


def test_calculator_without_parameters_shows_an_empty_form(users, client_for):
    response = client_for(users["supervisor"]).get(reverse("workdays:calculator"))

    assert response.status_code == 200
    assert response.context["result"] is None
    assert not response.context["form"].is_bound


def test_admin_lists_corrections_filtered_by_kind_and_year(client):
    admin = User.objects.create_superuser(username="root", password="pw", full_name="root",
                                          password_changed_at=timezone.now())  # not forced to change (issue 16)
    CalendarDay.objects.create(date=date(2027, 2, 8), kind=CalendarDay.Kind.HOLIDAY, name="春节")
    CalendarDay.objects.create(date=date(2028, 1, 29), kind=CalendarDay.Kind.WORKDAY, name="春节调休")
    client.force_login(admin)
    url = reverse("admin:workdays_calendarday_changelist")

    assert client.get(url).status_code == 200
    by_year = client.get(url, {"year": "2027"})
    assert list(by_year.context["cl"].queryset) == list(CalendarDay.objects.filter(date__year=2027))
    by_kind = client.get(url, {"kind__exact": "workday"})
    assert [day.date for day in by_kind.context["cl"].queryset] == [date(2028, 1, 29)]
    assert client.get(url, {"date__year": "2028"}).status_code == 200
