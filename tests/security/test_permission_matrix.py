"""Every route × every role × each method answers what the permission matrix says; no route is left out."""
import pytest
from django.test import Client

from tests.security.conftest import ROLES
from tests.security.permission_matrix import INPUT_BEFORE_ROLE, MATRIX, entry_for
from tests.security.routes import all_routes, url_for

ADMIN_SAMPLE = {"app_label": "directory", "object_id": 1, "content_type_id": 1, "id": 1}


def test_every_route_has_a_matrix_entry():
    missing = [route.key for route in all_routes() if entry_for(route.key) is None]
    assert not missing, f"routes without a permission-matrix entry (add them to permission_matrix.py): {missing}"


def test_matrix_has_no_stale_entries():
    keys = {route.key for route in all_routes()}
    stale = [key for key in MATRIX if key != "admin:*" and key not in keys]
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def _kwargs(route, entry, objects) -> dict:
    values = {}
    for param in route.params:
        name = entry.kwargs.get(param)
        if name is None:
            values[param] = ADMIN_SAMPLE.get(param, 1) if route.key.startswith("admin") else pytest.fail(
                f"{route.key}: the matrix entry names no object for <{param}>"
            )
            continue
        obj = objects.get(name, name)
        assert obj is not None, f"{route.key}: demo object {name!r} was not found"
        values[param] = getattr(obj, "pk", obj)
    return values


def _client(demo, role) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(demo.users[role])
    return client


def _call(client, method, url):
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, data={})
    return getattr(client, method)(url, data="{}", content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_the_role_as_the_matrix_says(demo, role):
    client = _client(demo, role)
    mismatches, checked = [], 0
    routes = [r for r in all_routes() if not (r.key.startswith("admin") and "(?P<url>" in r.pattern)]
    # Reads first, then writes, so a write that was allowed cannot change what a later read sees.
    for method in ("get", "patch", "post", "delete"):
        for route in routes:
            entry = entry_for(route.key)
            expected = entry.expected(method) if entry else None
            if not expected or expected[role] is None:
                continue
            url = url_for(route, _kwargs(route, entry, demo.objects))
            status = _call(client, method, url).status_code
            checked += 1
            if method == "post" and status in (302, 400) and expected[role] in (403, 404) and route.key in INPUT_BEFORE_ROLE:
                continue  # refused on the empty input before the role check (a page redirects with the error)
            if status != expected[role]:
                mismatches.append(f"{method.upper()} {url} ({route.key}): expected {expected[role]}, got {status}")
    assert checked > 100
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)
