"""The to-do centre (我的待办): derived from the step tables, as a page, in the API, as a count and on the home."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.topics.conftest import MEETING, make_candidate
from topics import services

pytestmark = pytest.mark.django_db
FIELDS = {"step", "step_label", "object_type", "object_id", "title", "url", "api_url", "due_on", "overdue", "context"}


def _api_items(api_client_for, user, query=""):
    response = api_client_for(user).get(f"/api/todos/{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_api_lists_what_the_user_must_act_on_with_the_contract_fields(api_client_for, users, candidate):
    items = _api_items(api_client_for, users["staff"])
    assert [(i["step"], i["object_type"], i["object_id"]) for i in items] == [("shortlist", "topic", candidate.pk)]
    item = items[0]
    assert set(item) == FIELDS
    assert item["url"] == f"/topics/{candidate.pk}/" and item["api_url"] == f"/api/topics/{candidate.pk}/"
    assert item["title"] == candidate.title and item["due_on"] is None and item["overdue"] is False
    assert item["step_label"] == "筛选（主席会议）"
    vice_chair_items = _api_items(api_client_for, users["vice_chair"])
    assert [(i["step"], i["object_id"]) for i in vice_chair_items] == [("feedback", candidate.pk)]
    assert _api_items(api_client_for, users["vice_chair2"]) == []  # not in charge of it
    assert _api_items(api_client_for, users["department"]) == []


def test_the_next_actor_gains_the_item_and_the_previous_loses_it(api_client_for, users, candidate, member_group):
    services.topic_record_opinion(
        actor=users["vice_chair"], topic_id=candidate.pk, member_group_id=member_group.pk, stance="support"
    )
    assert _api_items(api_client_for, users["vice_chair"]) == []
    services.topic_shortlist(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING)
    assert [i["step"] for i in _api_items(api_client_for, users["staff"])] == ["adopt"]


def test_filter_by_object_type_and_unknown_type_is_400(api_client_for, users, candidate):
    assert len(_api_items(api_client_for, users["staff"], "?object_type=topic")) == 1
    assert _api_items(api_client_for, users["staff"], "?object_type=reply") == []
    response = api_client_for(users["staff"]).get("/api/todos/?object_type=nonsense")
    assert response.status_code == 400 and "object_type" in response.json()


def test_anonymous_gets_no_to_dos(client):
    assert client.get("/api/todos/").status_code in (401, 403)
    assert client.get("/todos/").status_code == 302


def test_done_lists_the_users_own_steps_from_history(api_client_for, client_for, users, candidate):
    services.topic_shortlist(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING)
    response = api_client_for(users["staff"]).get("/api/todos/done/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["action"] for r in rows] == ["shortlisted", "created", "plan_created"]
    assert rows[0]["url"] == f"/topics/{candidate.pk}/" and rows[0]["to_state"] == "shortlisted"
    assert api_client_for(users["vice_chair"]).get("/api/todos/done/").json()["results"] == []
    html = client_for(users["staff"]).get("/todos/?tab=done").content.decode()
    assert candidate.title in html and "筛选" in html


def test_page_lists_items_with_links_and_an_empty_state(client_for, users, candidate):
    html = client_for(users["staff"]).get("/todos/").content.decode()
    assert f'class="todo-link fw-semibold" href="/topics/{candidate.pk}/"' in html
    html = client_for(users["supervisor"]).get("/todos/").content.decode()
    assert 'id="todo-empty"' in html


def test_page_in_english(client_for, users, candidate):
    client = client_for(users["staff"])
    client.cookies["django_language"] = "en"
    html = client.get("/todos/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My to-dos" in html and "Shortlist (chair meeting)" in html


def test_header_count_and_home(client_for, users, candidate):
    client = client_for(users["staff"])
    assert 'hx-get="/todos/count/"' in client.get("/topics/").content.decode()
    badge = client.get("/todos/count/").content.decode()
    assert 'id="todo-count"' in badge and ">1<" in badge
    services.topic_shortlist(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING)
    assert ">1<" in client.get("/todos/count/").content.decode()  # the item changed step, the count is fresh
    assert client_for(users["supervisor"]).get("/todos/count/").content.decode() == ""
    home = client_for(users["staff"]).get("/").content.decode()
    assert 'id="home-todos"' in home and f'href="/topics/{candidate.pk}/"' in home


def _queries(fetch):
    fetch()  # warm the per-process caches (content types, translations) that do not depend on the rows
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return len(ctx)


def test_same_query_count_at_1_and_50_items(client_for, api_client_for, users, plan, committee):
    staff = users["staff"]
    make_candidate(plan, staff, committee=committee, title="关于第0件事情的建议", vice_chair=users["vice_chair"])
    page, api, done = (
        lambda: client_for(staff).get("/todos/"),
        lambda: api_client_for(staff).get("/api/todos/"),
        lambda: api_client_for(staff).get("/api/todos/done/?page_size=100"),  # the plan and the topics on one page
    )
    one = [_queries(page), _queries(api), _queries(done)]
    for n in range(1, 50):
        make_candidate(plan, staff, committee=committee, title=f"关于第{n}件不同事情的建议{n}", vice_chair=users["vice_chair"])
    assert len(_api_items(api_client_for, staff)) == 50
    assert [_queries(page), _queries(api), _queries(done)] == one
