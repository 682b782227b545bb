"""The member (委员) column of the permission matrix: every route, what a `member` login gets."""
import pytest
from django.test import Client

from directory.models import User
from tests.security.conftest import demo  # noqa: F401  (the demo data set with member2's objects)
from tests.security.permission_matrix import MATRIX, MEMBER
from tests.security.routes import all_routes, url_for
from tests.security.test_permission_matrix import _call, _kwargs

METHODS = ("get", "post", "patch", "delete")
# API lists without a coarse role check: a member gets 200 and nothing in it.
EMPTY_FOR_A_MEMBER = ["/api/outcomes/", "/api/suggestions/", "/api/assignments/",
                      "/api/progress-reports/", "/api/supervisions/"]


def test_every_route_of_the_matrix_has_a_member_line():
    keys = {route.key for route in all_routes() if route.key in MATRIX}
    missing = sorted(k for k in keys if k not in MEMBER)
    assert not missing, f"add the member's codes to MEMBER in permission_matrix.py: {missing}"
    stale = sorted(k for k in MEMBER if k != "admin:*" and k not in keys)
    assert not stale, stale
    assert all(len(line.split()) == len(METHODS) for line in MEMBER.values())


def test_each_route_answers_a_member_as_the_matrix_says(demo):  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="member"))
    mismatches, checked = [], 0
    routes = [r for r in all_routes() if r.key in MEMBER and not r.key.startswith("admin")]
    for method_index, method in enumerate(METHODS):
        for route in routes:
            code = MEMBER[route.key].split()[method_index]
            if code in (".", "-"):
                continue
            url = url_for(route, _kwargs(route, MATRIX[route.key], demo.objects))
            status = _call(client, method, url).status_code
            checked += 1
            if status != int(code):
                mismatches.append(f"{method.upper()} {url} ({route.key}): expected {code}, got {status}")
    assert checked > 150
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("url", EMPTY_FOR_A_MEMBER)
def test_committee_api_lists_are_empty_for_a_member(demo, url):  # noqa: F811
    client = Client()
    client.force_login(User.objects.get(username="member"))
    response = client.get(url)
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert response.json()["count"] == 0


def test_a_member_lists_only_the_approved_replies_to_their_own_proposals(demo):  # noqa: F811
    from outcomes.models import Reply

    member = User.objects.get(username="member")
    client = Client()
    client.force_login(member)
    rows = client.get("/api/replies/").json()["results"]
    assert rows  # the demo's reply awaiting member's evaluation
    replies = Reply.objects.filter(pk__in=[row["id"] for row in rows]).select_related("assignment__matter")
    assert {(r.status, r.assignment.matter.evaluator_id) for r in replies} == {("approved", member.pk)}
