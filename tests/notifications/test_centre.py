"""The notification centre: own notifications only, unread count, mark read, email preference."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_api_lists_only_own_notifications_and_marks_read(api_client_for, users):
    notify(recipients=[users["department"]], kind="info", title="您有新的交办事项", url="/")
    notify(recipients=[users["department2"]], kind="info", title="别的部门")
    client = api_client_for(users["department"])
    data = client.get("/api/notifications/").json()
    assert [n["title"] for n in data["results"]] == ["您有新的交办事项"]
    own = data["results"][0]["id"]
    other = Notification.objects.get(recipient=users["department2"]).pk
    assert client.post(f"/api/notifications/{other}/read/").status_code == 404
    assert Notification.objects.get(pk=other).read_at is None
    response = client.post(f"/api/notifications/{own}/read/")
    assert response.status_code == 200 and response.json()["is_read"]
    assert client.get("/api/notifications/", {"unread": True}).json()["count"] == 0


def test_header_shows_unread_count_and_page_marks_read(client_for, users):
    notify(recipients=[users["supervisor"]], kind="info", title="逾期提醒", url="/notifications/")
    client = client_for(users["supervisor"])
    html = client.get("/notifications/").content.decode()
    assert 'id="unread-count">1<' in html and "逾期提醒" in html
    pk = Notification.objects.get().pk
    assert client.post(f"/notifications/{pk}/open/").status_code == 302
    assert 'id="unread-count"' not in client.get("/notifications/").content.decode()


def test_user_turns_email_off(client_for, users):
    client = client_for(users["staff"])
    client.post("/notifications/email/", {})
    users["staff"].refresh_from_db()
    assert users["staff"].email_notifications is False


def test_notification_lists_query_count_same_at_1_and_50(api_client_for, client_for, users):
    def counts():
        api = api_client_for(users["staff"])
        with CaptureQueriesContext(connection) as a:
            api.get("/api/notifications/")
        page = client_for(users["staff"])
        with CaptureQueriesContext(connection) as b:
            page.get("/notifications/")
        return len(a), len(b)

    notify(recipients=[users["staff"]], kind="info", title="1")
    one = counts()
    for i in range(49):
        notify(recipients=[users["staff"]], kind="info", title=str(i))
    assert counts() == one
