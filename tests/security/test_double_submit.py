"""A page form sent twice with the same one-time token (`_once`) runs once; the repeat is told so, not saved again."""
import threading
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from chengwu_cppcc.once import PENDING, once_key
from directory.roles import Role
from tests.conftest import is_postgres, make_user
from topics import services
from topics.models import Topic, TopicOpinion

pytestmark = pytest.mark.django_db

CREATE_URL = "/topics/new/?year=2026"
ALREADY = "该表单已经提交过，未重复保存。"


def topic_data(committee, token=None, **extra):
    data = {
        "source": "special_committee", "title": "关于发展农村电商的建议", "origin": "member_proposal",
        "domain": "agriculture", "consultation_type": "counterpart", "rationale": "依据", "committee": committee.pk,
    }
    if token is not None:
        data["_once"] = token
    data.update(extra)
    return data


def token() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def plan(users):
    return services.plan_create(actor=users["staff"], year=2026, annual_quota=3, party_quota=1)


@pytest.fixture
def candidate(plan, users, committee):
    return services.topic_create(
        actor=users["staff"], plan_id=plan.pk, source="special_committee", title="关于县城停车难问题的建议",
        origin="member_proposal", domain="urban", consultation_type="counterpart", rationale="切口小", committee=committee,
        vice_chair=users["vice_chair"],
    )


def test_same_token_twice_creates_one_topic_and_the_repeat_goes_to_it(client_for, users, plan, committee):
    client = client_for(users["staff"])
    once = token()
    first = client.post(CREATE_URL, topic_data(committee, once))
    assert first.status_code == 302
    topic = Topic.objects.get()
    assert first["Location"] == topic.get_absolute_url()

    repeat = client.post(CREATE_URL, topic_data(committee, once))
    assert repeat.status_code == 302 and repeat["Location"] == first["Location"]
    assert Topic.objects.count() == 1
    page = client.get(repeat["Location"]).content.decode()
    assert ALREADY in page


def test_the_repeat_message_is_translated_to_english_with_the_switch(client_for, users, plan, committee):
    client = client_for(users["staff"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    once = token()
    client.post(CREATE_URL, topic_data(committee, once))
    page = client.post(CREATE_URL, topic_data(committee, once), follow=True).content.decode()
    assert "This form was already submitted; it was not saved twice." in page
    assert Topic.objects.count() == 1


def test_form_error_frees_the_token_and_keeps_what_was_typed(client_for, users, plan, committee):
    client = client_for(users["staff"])
    once = token()
    refused = client.post(CREATE_URL, {**topic_data(committee, once, rationale="我的立题依据"), "committee": ""})
    assert refused.status_code == 200 and "我的立题依据" in refused.content.decode()  # no committee: form error
    assert Topic.objects.count() == 0
    assert cache.get(once_key(users["staff"].pk, once)) is None

    corrected = client.post(CREATE_URL, topic_data(committee, once, rationale="我的立题依据"))
    assert corrected.status_code == 302
    assert Topic.objects.get().rationale == "我的立题依据"


def test_step_form_400_frees_the_token_and_the_step_then_runs_once(client_for, users, candidate, member_group):
    client = client_for(users["vice_chair"])
    url = f"/topics/{candidate.pk}/feedback/"
    once = token()
    bad = client.post(url, {"feedback-stance": "support", "feedback-comment": "我的意见", "_once": once})
    assert bad.status_code == 400 and "我的意见" in bad.content.decode()  # no member group chosen
    assert TopicOpinion.objects.count() == 0

    data = {"feedback-member_group": member_group.pk, "feedback-stance": "support", "feedback-comment": "我的意见",
            "_once": once}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert TopicOpinion.objects.count() == 1


def test_refused_step_that_redirects_with_an_error_frees_the_token(client_for, users, plan):
    client = client_for(users["staff"])
    once = token()
    # No topic adopted yet: the plan cannot be adopted; the page redirects back with the reason.
    response = client.post(f"/topics/plan/{plan.year}/adopt/", {"adopted_on": "2026-03-20", "_once": once})
    assert response.status_code == 302
    assert cache.get(once_key(users["staff"].pk, once)) is None
    plan.refresh_from_db()
    assert plan.status != "adopted"
    repeat = client.post(f"/topics/plan/{plan.year}/adopt/", {"adopted_on": "2026-03-20", "_once": once}, follow=True)
    assert ALREADY not in repeat.content.decode()  # it was refused again, not "already saved"


def test_post_without_token_runs_as_before(client_for, users, plan, committee):
    client = client_for(users["staff"])
    assert client.post(CREATE_URL, topic_data(committee)).status_code == 302
    assert client.post(CREATE_URL, topic_data(committee, title="关于另一件事的建议")).status_code == 302
    assert Topic.objects.count() == 2
    # An identical create a moment later is the same topic (repeated_create), token or not.
    assert client.post(CREATE_URL, topic_data(committee)).status_code == 302
    assert Topic.objects.count() == 2


@pytest.mark.parametrize("value", ["", "short", "x" * 65, "<script>alert(1)</script>-padding-1234"])
def test_malformed_token_is_ignored(client_for, users, plan, committee, value):
    client = client_for(users["staff"])
    client.post(CREATE_URL, topic_data(committee, value))
    client.post(CREATE_URL, topic_data(committee, value, title="关于另一件事的建议"))
    assert Topic.objects.count() == 2


def test_repeat_while_the_first_is_still_running_gets_409_and_runs_nothing(client_for, users, plan, committee):
    client = client_for(users["staff"])
    once = token()
    cache.add(once_key(users["staff"].pk, once), PENDING)  # the first submission has not answered yet
    response = client.post(CREATE_URL, topic_data(committee, once), HTTP_REFERER="http://testserver/topics/new/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "该表单正在保存中" in html and 'href="http://testserver/topics/new/"' in html
    assert Topic.objects.count() == 0
    assert cache.get(once_key(users["staff"].pk, once)) == PENDING  # still the first one's


def test_409_page_links_home_for_a_foreign_referer(client_for, users, plan, committee):
    client = client_for(users["staff"])
    once = token()
    cache.add(once_key(users["staff"].pk, once), PENDING)
    response = client.post(CREATE_URL, topic_data(committee, once), HTTP_REFERER="https://evil.example/")
    assert response.status_code == 409
    assert "evil.example" not in response.content.decode()
    assert "返回首页" in response.content.decode() or 'href="/"' in response.content.decode()


def test_a_token_belongs_to_its_user(client, users, plan, committee):
    other_staff = make_user("staff2", Role.STAFF)
    once = token()
    client.force_login(users["staff"])
    client.post(CREATE_URL, topic_data(committee, once))
    client.force_login(other_staff)
    response = client.post(CREATE_URL, topic_data(committee, once, title="关于另一件事的建议"))
    assert response.status_code == 302
    assert sorted(Topic.objects.values_list("title", flat=True)) == ["关于发展农村电商的建议", "关于另一件事的建议"]


def test_refused_role_frees_the_token(client_for, users, plan, committee):
    once = token()
    assert client_for(users["vice_chair"]).post(CREATE_URL, topic_data(committee, once)).status_code == 403
    assert cache.get(once_key(users["vice_chair"].pk, once)) is None
    assert Topic.objects.count() == 0


def test_api_ignores_the_field(api_client_for, users, plan, committee):
    client = api_client_for(users["staff"])
    once = token()
    data = topic_data(committee, once, plan=plan.pk)
    assert client.post("/api/topics/", data).status_code == 201
    # The API's own rules decide, not this token: an identical create a moment later answers the same topic.
    repeat = client.post("/api/topics/", data)
    assert repeat.status_code == 200 and Topic.objects.count() == 1
    assert client.post("/api/topics/", {**data, "title": "关于另一件事的建议"}).status_code == 201
    assert cache.get(once_key(users["staff"].pk, once)) is None


def test_language_switch_is_never_answered_from_the_first_time(client_for, users):
    client = client_for(users["staff"])
    once = token()
    first = client.post("/i18n/setlang/", {"language": "en", "next": "/topics/", "_once": once})
    second = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/stats/", "_once": once})
    assert (first["Location"], second["Location"]) == ("/topics/", "/stats/")


def test_anonymous_post_is_not_claimed(client, users):
    once = token()
    response = client.post("/accounts/login/", {"username": "staff", "password": "pw", "_once": once})
    assert response.status_code == 302
    assert cache.get(once_key(None, once)) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_submissions_at_the_same_moment_create_one_topic(users, plan, committee):
    if not is_postgres():
        pytest.skip("real concurrent requests need PostgreSQL")
    statuses = []
    for round_number in range(3):
        once = token()
        barrier = threading.Barrier(2)

        def submit(once=once, barrier=barrier, title=f"并发提交的课题{round_number}"):
            client = Client()
            client.force_login(users["staff"])
            try:
                barrier.wait()
                statuses.append(client.post(CREATE_URL, topic_data(committee, once, title=title)).status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert Topic.objects.filter(title=f"并发提交的课题{round_number}").count() == 1
    assert set(statuses) <= {302, 409} and statuses.count(302) >= 3
