"""A report draft is withdrawn by whoever may edit it: kept with its history, and a new version may follow."""
import pytest
from django.urls import reverse

from history.selectors import history_for
from research.models import Report

pytestmark = pytest.mark.django_db


def state():
    return list(Report.objects.order_by("pk").values_list("pk", "status", "version")), Report.objects.count()


@pytest.mark.parametrize("role", ["staff", "vice_chair"])
def test_an_editor_withdraws_a_draft_through_the_api(api_client_for, users, group, make_report, role):
    draft = make_report(group)
    response = api_client_for(users[role]).post(f"/api/reports/{draft.pk}/withdraw/", {"reason": "起草有误"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "withdrawn" and body["available_steps"] == []
    draft.refresh_from_db()
    assert draft.status == "withdrawn"  # kept, not deleted
    entry = history_for(draft).get(action="report_withdrawn")
    assert (entry.from_state, entry.to_state, entry.note, entry.actor) == ("draft", "withdrawn", "起草有误", users[role])
    # The group may draft again: the next version follows the withdrawn one.
    steps = api_client_for(users[role]).get(f"/api/research-groups/{group.pk}/").json()["available_steps"]
    assert "create_report" in steps
    again = api_client_for(users[role]).post("/api/reports/", {"group": group.pk, "title": "新报告", "body": "正文"}, format="json")
    assert again.status_code == 201 and again.json()["version"] == 2 and again.json()["previous"] == draft.pk


@pytest.mark.parametrize("role, code", [("vice_chair2", 403), ("supervisor", 403), ("leader_in_charge", 403),
                                        ("department", 404)])
def test_who_may_not_edit_may_not_withdraw(api_client_for, users, group, make_report, role, code):
    draft = make_report(group)
    before = state()
    response = api_client_for(users[role]).post(f"/api/reports/{draft.pk}/withdraw/", {"reason": ["x"]}, format="json")
    assert response.status_code == code
    assert state() == before


def test_only_a_draft_is_withdrawn(api_client_for, users, submitted_report):
    before = state()
    response = api_client_for(users["staff"]).post(f"/api/reports/{submitted_report.pk}/withdraw/", {}, format="json")
    assert response.status_code == 409 and response.json()["detail"]
    assert state() == before


def test_bad_input_is_400_and_changes_nothing(api_client_for, users, group, make_report):
    draft = make_report(group)
    before = state()
    response = api_client_for(users["staff"]).post(f"/api/reports/{draft.pk}/withdraw/", {"reason": {"a": 1}}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert state() == before


def test_withdraw_on_the_page_and_draft_again_from_what_was_written(client_for, users, group, make_report):
    draft = make_report(group)
    client = client_for(users["vice_chair"])
    response = client.post(reverse("research:report-withdraw", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url() + "#reports"
    draft.refresh_from_db()
    assert draft.status == "withdrawn"
    page = client.get(group.get_absolute_url()).content.decode()
    assert reverse("research:report-create", args=[group.pk]) in page
    create = client.get(reverse("research:report-create", args=[group.pk])).content.decode()
    assert draft.title in create and "建议1" in create  # the new version starts from the withdrawn text
    # Withdrawing again is refused with a message, and nothing changes.
    response = client.post(reverse("research:report-withdraw", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


def test_page_withdraw_refuses_a_wrong_role(client_for, users, group, make_report):
    draft = make_report(group)
    before = state()
    assert client_for(users["vice_chair2"]).post(reverse("research:report-withdraw", args=[draft.pk])).status_code == 403
    assert client_for(users["department"]).post(reverse("research:report-withdraw", args=[draft.pk])).status_code == 403
    assert state() == before


def test_create_page_is_not_offered_while_a_report_is_under_way(client_for, users, group, make_report):
    make_report(group)
    response = client_for(users["staff"]).get(reverse("research:report-create", args=[group.pk]))
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url() + "#reports"
