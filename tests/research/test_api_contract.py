"""The API contract on the research steps (docs/api.md): returns take `reason`, free text `comment`, the old names
for one release; a refusal on someone else's group is `not_yours`."""
import pytest

from research.models import Report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["reason", "comments"])
def test_a_report_return_takes_reason(api_client_for, users, submitted_report, name):
    response = api_client_for(users["vice_chair"]).post(
        f"/api/reports/{submitted_report.pk}/return/", {name: "请补充调研数据"}, format="json")
    assert response.status_code == 200, response.json()
    assert Report.objects.get(pk=submitted_report.pk).status == "returned"


@pytest.mark.parametrize("name", ["reason", "comments"])
def test_a_blank_return_is_told_on_the_name_sent(api_client_for, users, submitted_report, name):
    response = api_client_for(users["vice_chair"]).post(
        f"/api/reports/{submitted_report.pk}/return/", {name: ""}, format="json")
    body = response.json()
    assert response.status_code == 400 and list(body["fields"]) == [name], body
    assert Report.objects.get(pk=submitted_report.pk).status == "submitted"


def test_another_vice_chairs_report_is_not_yours(api_client_for, users, group, make_report):
    report = make_report(group, n=0)
    response = api_client_for(users["vice_chair2"]).post(f"/api/reports/{report.pk}/submit/")
    body = response.json()
    assert response.status_code == 403 and body["code"] == "not_yours" and body["detail"], body
    assert Report.objects.get(pk=report.pk).status == "draft"
