"""The API contract on the outcome steps (docs/api.md): the one input vocabulary, the old names for one release,
and the error codes of refusals on another department's object."""
import datetime

import pytest
from django.utils import timezone

from outcomes.models import Contact, Reply

pytestmark = pytest.mark.django_db


def contacts_url(assignment):
    return f"/api/assignments/{assignment.pk}/contacts/"


@pytest.mark.parametrize("name", ["date", "held_on"])
def test_a_contact_takes_date_and_for_one_release_held_on(api_client_for, users, make_assignment, name):
    assignment = make_assignment()
    today = timezone.localdate().isoformat()
    response = api_client_for(users["department"]).post(
        contacts_url(assignment), {"kind": "before_reply", name: today, "summary": "电话沟通"}, format="json")
    assert response.status_code == 201, response.json()
    assert Contact.objects.get(assignment=assignment).held_on.isoformat() == today


@pytest.mark.parametrize("name", ["date", "held_on"])
def test_a_refused_input_is_told_on_the_name_the_client_sent(api_client_for, users, make_assignment, name):
    assignment = make_assignment()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = api_client_for(users["department"]).post(
        contacts_url(assignment), {"kind": "before_reply", name: future, "summary": "电话沟通"}, format="json")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid" and list(body["fields"]) == [name], body
    assert not Contact.objects.filter(assignment=assignment).exists()


@pytest.mark.parametrize("name", ["reason", "comments"])
def test_sending_a_reply_back_takes_reason(api_client_for, users, submitted_reply, name):
    reply = submitted_reply()
    response = api_client_for(users["leader_in_charge"]).post(
        f"/api/replies/{reply.pk}/send_back/", {name: "请补充办理时限"}, format="json")
    assert response.status_code == 200, response.json()
    reply.refresh_from_db()
    assert reply.status == "sent_back" and reply.approval_comments == "请补充办理时限"


def test_approval_takes_comment(api_client_for, users, submitted_reply):
    reply = submitted_reply()
    response = api_client_for(users["leader_in_charge"]).post(
        f"/api/replies/{reply.pk}/approve/", {"comment": "同意"}, format="json")
    assert response.status_code == 200, response.json()
    assert Reply.objects.get(pk=reply.pk).approval_comments == "同意"


def test_another_departments_reply_is_not_your_department(api_client_for, users, make_assignment, make_reply):
    lead = make_assignment(co=True)
    reply = make_reply(lead)
    co_department = api_client_for(users["department2"])
    url = f"/api/replies/{reply.pk}/"
    etag = co_department.get(url)["ETag"]  # a co-handler reads the lead's reply to countersign it
    response = co_department.patch(url, {"text": "改写"}, format="json", HTTP_IF_MATCH=etag)
    body = response.json()
    assert response.status_code == 403 and body["code"] == "not_your_department" and body["detail"], body
    assert Reply.objects.get(pk=reply.pk).text == "答复正文"
