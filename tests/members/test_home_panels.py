"""The member home's panels read only what they show: the saved pass line once (with the record), the coming
meetings with their meeting, the latest reports without their author, reviewer or topic."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import services
from members.models import RecordPolicy

pytestmark = pytest.mark.django_db


def _home(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("members:home"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_the_home_shows_the_saved_pass_line_read_once(member_users, client_for):
    policy = RecordPolicy.current()
    policy.pass_line = 37
    policy.save()
    body, queries = _home(client_for(member_users["member"]))
    assert "37" in body.split('id="home-points"')[1].split("</p>")[0]
    assert sum('FROM "members_recordpolicy"' in sql for sql in queries) == 1


def test_the_panels_show_their_rows_without_extra_joins(meeting, member_users, client_for):
    services.public_opinion_create(actor=member_users["member"], title="农村饮水安全的建议", content="c",
                                   category="other")
    body, queries = _home(client_for(member_users["member"]))
    assert meeting.title in body and meeting.place in body and "农村饮水安全的建议" in body
    upcoming = next(sql for sql in queries if 'FROM "members_participation"' in sql and "LIMIT 5" in sql)
    assert 'JOIN "members_meeting"' in upcoming and "directory_member" not in upcoming
    reports = next(sql for sql in queries if 'FROM "members_publicopinion"' in sql and "LIMIT 3" in sql)
    assert "JOIN" not in reports


def test_a_new_to_do_shows_at_once_although_the_list_is_cached(users, member_users, client_for, candidate, groups):
    client = client_for(member_users["member"])
    body, _queries = _home(client)  # the list is now cached
    assert candidate.title not in body.split('id="member-todos"')[1].split("</ul>")[0]
    services.opinion_request_create(actor=users["staff"], topic_id=candidate.pk, group_ids=[groups[0].pk])
    body, queries = _home(client)
    assert candidate.title in body.split('id="member-todos"')[1].split("</ul>")[0]
    _home(client)
    body, warm = _home(client)
    assert len(warm) < len(queries)  # computed once, then read from the cache
