"""The API contract (docs/api.md): strict filters, one error shape, versions with If-Match, idempotent POSTs."""
import pytest

from chengwu_cppcc.errors import ERROR_CODES
from topics.models import Plan, Topic

pytestmark = pytest.mark.django_db


def error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"detail", "code", "fields"} and body["detail"], body
    assert body["code"] == code and code in ERROR_CODES, body
    return body


# Filters ------------------------------------------------------------------------------------------------------


def test_topics_filter_by_plan(api_client_for, users, plans):
    first, second = plans
    staff = api_client_for(users["staff"])
    rows = staff.get(f"/api/topics/?plan={first.pk}").json()["results"]
    assert [row["plan"] for row in rows] == [first.pk]
    assert staff.get("/api/topics/?plan=999999").json()["results"] == []  # an id that matches nothing: empty


@pytest.mark.parametrize("url,name", [
    ("/api/topics/?plna=1", "plna"),
    ("/api/plans/?yaer=2026", "yaer"),
    ("/api/research-groups/?topc=1", "topc"),
    ("/api/reports/?grup=1", "grup"),
    ("/api/outcomes/?departmnt=1", "departmnt"),
    ("/api/assignments/?outcom=1", "outcom"),
    ("/api/replies/?asignment=1", "asignment"),
    ("/api/suggestions/?x=1", "x"),
    ("/api/progress-reports/?x=1", "x"),
    ("/api/supervisions/?x=1", "x"),
    ("/api/departments/?x=1", "x"),
])
def test_unknown_parameter_is_400_naming_it(api_client_for, users, url, name):
    body = error(api_client_for(users["staff"]).get(url), 400, "unknown_parameter")
    assert name in body["detail"] and name in body["fields"]


@pytest.mark.parametrize("url,name", [
    ("/api/topics/?year=abc", "year"),
    ("/api/topics/?plan=abc", "plan"),
    ("/api/topics/?status=nonsense", "status"),
    ("/api/topics/?committee=x", "committee"),
    ("/api/research-groups/?topic=x", "topic"),
    ("/api/reports/?group=x", "group"),
    ("/api/outcomes/?topic=x", "topic"),
    ("/api/assignments/?department=x", "department"),
    ("/api/replies/?outcome=x", "outcome"),
    ("/api/topics/?ordering=rationale", "ordering"),
    ("/api/topics/?page=abc", "page"),
])
def test_wrong_type_is_400_naming_it(api_client_for, users, plans, url, name):
    response = api_client_for(users["staff"]).get(url)  # `page` too (a page past the last is 404: test below)
    body = error(response, 400, "invalid_parameter")
    assert name in body["detail"] and name in body["fields"]


def test_a_page_past_the_last_is_404_and_the_schema_says_so(api_client_for, users, plans):
    staff = api_client_for(users["staff"])
    error(staff.get("/api/topics/?page=9999"), 404, "not_found")
    error(staff.get("/api/topics/?page=0"), 400, "invalid_parameter")
    assert staff.get("/api/topics/?page=last").status_code == 200
    operation = staff.get("/api/schema/?format=json").json()["paths"]["/api/topics/"]["get"]
    assert "404" in operation["responses"]
    page = next(p for p in operation["parameters"] if p["name"] == "page")
    assert page["schema"]["minimum"] == 1


def test_an_unknown_api_path_answers_the_json_error_body(api_client_for, users):
    response = api_client_for(users["staff"]).post("/api/topics/abc/adopt/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert "text/html" in api_client_for(users["staff"]).get("/topics/abc/").get("Content-Type", "")


def test_known_parameters_are_accepted(api_client_for, users, plans):
    staff = api_client_for(users["staff"])
    response = staff.get("/api/topics/?page=1&page_size=5&ordering=-created_at&format=json&year=2026&q=停车")
    assert response.status_code == 200 and len(response.json()["results"]) == 1


def test_page_and_api_use_the_same_filterset(client_for, users, plans):
    first, _second = plans
    response = client_for(users["staff"]).get(f"/topics/?plan={first.pk}")
    assert response.status_code == 200
    assert "关于县城停车难问题的建议" in response.content.decode()
    assert "关于农村饮水安全的建议" not in response.content.decode()


# Step input vocabulary ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["meeting_date", "adopted_on"])
def test_plan_adoption_takes_meeting_date_and_the_old_name(api_client_for, users, committee, name):
    from tests.topics.conftest import make_adopted
    from topics import services

    plan = services.plan_create(actor=users["staff"], year=2026, annual_quota=1, party_quota=0)
    make_adopted(plan, users["staff"], committee=committee)
    response = api_client_for(users["staff"]).post(f"/api/plans/{plan.pk}/adopt/", {name: "2026-03-20"}, format="json")
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert plan.status == "adopted" and plan.adopted_on.isoformat() == "2026-03-20"


# Errors -------------------------------------------------------------------------------------------------------


def test_error_shape_for_each_refusal(api_client_for, users, plans, committee):
    from tests.topics.conftest import make_adopted

    first, _second = plans
    staff = api_client_for(users["staff"])
    topic = Topic.objects.get(plan=first)
    body = error(staff.post(f"/api/topics/{topic.pk}/shortlist/", {}, format="json"), 400, "invalid")
    assert "meeting_date" in body["fields"]
    error(api_client_for(users["vice_chair"]).post("/api/plans/", {"year": 2030}, format="json"), 403, "not_allowed")
    error(staff.get("/api/topics/999999/"), 404, "not_found")
    error(staff.post(f"/api/topics/{topic.pk}/adopt/", {"meeting_date": "2026-03-20"}, format="json"), 409,
          "conflict")  # a guard of the step: an annual candidate is shortlisted first
    assert staff.post(f"/api/topics/{topic.pk}/shortlist/", {"meeting_date": "2026-03-05"}, format="json").status_code == 200
    error(staff.post(f"/api/topics/{topic.pk}/shortlist/", {"meeting_date": "2026-03-05"}, format="json"), 409,
          "wrong_state")
    department = api_client_for(users["department"])
    error(department.post(f"/api/topics/{topic.pk}/reject/", {"reason": "x"}, format="json"), 404, "not_found")
    error(staff.post(f"/api/plans/{first.pk}/adopt/", {"meeting_date": "2026-03-20"}, format="json"), 409, "conflict")
    party = Plan.objects.get(pk=first.pk)
    make_adopted(party, users["staff"], committee=committee, track="party", source="party_committee",
                 title="党委交办一")
    extra = make_adopted.__globals__["make_candidate"](party, users["staff"], committee=committee, track="party",
                                                       source="party_committee", title="党委交办二")
    error(staff.post(f"/api/topics/{extra.pk}/adopt/", {"meeting_date": "2026-03-20"}, format="json"), 409,
          "quota_full")


def test_unauthenticated_and_bad_json_have_the_shape(client, api_client_for, users):
    from rest_framework.test import APIClient

    assert APIClient().get("/api/topics/").json()["code"] in ("not_authenticated", "authentication_failed")
    response = api_client_for(users["staff"]).post("/api/plans/", "{not json", content_type="application/json")
    error(response, 400, "parse_error")


# Versions ------------------------------------------------------------------------------------------------------


def test_if_match_missing_stale_and_current(api_client_for, users, plans):
    first, _second = plans
    topic = Topic.objects.get(plan=first)
    staff = api_client_for(users["staff"])
    url = f"/api/topics/{topic.pk}/"
    etag = staff.get(url)["ETag"]
    assert etag and etag.startswith('"')
    error(staff.patch(url, {"title": "改一"}, format="json"), 428, "precondition_required")
    response = staff.patch(url, {"title": "改一"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response.json()["title"] == "改一"
    new_etag = response["ETag"]
    assert new_etag != etag and staff.get(url)["ETag"] == new_etag
    body = error(staff.patch(url, {"title": "改二"}, format="json", HTTP_IF_MATCH=etag), 412, "precondition_failed")
    assert f'"{body["version"]}"' == new_etag
    topic.refresh_from_db()
    assert topic.title == "改一"  # the stale edit changed nothing


def test_a_stale_page_edit_is_refused_with_a_message(client_for, users, plans):
    first, _second = plans
    topic = Topic.objects.get(plan=first)
    client = client_for(users["staff"])
    page = client.get(f"/topics/{topic.pk}/edit/")
    assert 'name="version"' in page.content.decode()
    from chengwu_cppcc.api import object_version

    stale = object_version(topic)
    Topic.objects.filter(pk=topic.pk).update(title="别人改过")
    response = client.post(f"/topics/{topic.pk}/edit/", {
        "version": stale, "title": "我改的", "origin": topic.origin, "domain": topic.domain,
        "consultation_type": topic.consultation_type, "rationale": topic.rationale,
    })
    assert response.status_code == 200
    topic.refresh_from_db()
    assert topic.title == "别人改过"


# Idempotency ---------------------------------------------------------------------------------------------------


def test_idempotent_repeat_gives_the_same_answer_and_one_row(api_client_for, users):
    staff = api_client_for(users["staff"])
    body = {"year": 2031, "annual_quota": 2, "party_quota": 1}
    first = staff.post("/api/plans/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    again = staff.post("/api/plans/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Plan.objects.filter(year=2031).count() == 1
    error(staff.post("/api/plans/", {**body, "year": 2032}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"), 422,
          "idempotency_key_reused")
    assert not Plan.objects.filter(year=2032).exists()


def test_idempotent_step_repeat_does_not_act_twice(api_client_for, users, plans):
    first, _second = plans
    topic = Topic.objects.get(plan=first)
    staff = api_client_for(users["staff"])
    url = f"/api/topics/{topic.pk}/shortlist/"
    one = staff.post(url, {"meeting_date": "2026-03-05"}, format="json", HTTP_IDEMPOTENCY_KEY="step-1")
    two = staff.post(url, {"meeting_date": "2026-03-05"}, format="json", HTTP_IDEMPOTENCY_KEY="step-1")
    assert one.status_code == two.status_code == 200 and one.json() == two.json()
    assert topic.history.count() if hasattr(topic, "history") else True
    three = staff.post(url, {"meeting_date": "2026-03-05"}, format="json")  # no key: the step is taken again
    assert three.status_code == 409


def test_idempotency_keys_are_per_user(api_client_for, users):
    body = {"year": 2033, "annual_quota": 2, "party_quota": 1}
    assert api_client_for(users["staff"]).post("/api/plans/", body, format="json",
                                               HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    response = api_client_for(users["vice_chair"]).post("/api/plans/", body, format="json", HTTP_IDEMPOTENCY_KEY="same")
    error(response, 403, "not_allowed")  # not the staff member's stored answer


# Every error code is given by some request ----------------------------------------------------------------------

# Given elsewhere, with the set-up they need: locked_out (tests/security/test_accounts.py, test_login_and_headers.py),
# password_change_required (test_accounts.py), not_your_department and not_yours (tests/outcomes/test_api_contract.py,
# tests/research/test_api_contract.py); the rest above in this file.
ELSEWHERE = {"locked_out", "password_change_required", "not_your_department", "not_yours"}
ERROR_REQUESTS = [
    ("unknown_parameter", lambda c, t: c.get("/api/topics/?plna=1")),
    ("invalid_parameter", lambda c, t: c.get("/api/topics/?year=abc")),
    ("parse_error", lambda c, t: c.post("/api/plans/", "{not json", content_type="application/json")),
    ("too_deep", lambda c, t: c.post("/api/plans/", "[" * 500 + "]" * 500, content_type="application/json")),
    ("nul_byte", lambda c, t: c.post("/api/plans/", '{"title": "a\\u0000b", "year": 2040}',
                                     content_type="application/json")),
    ("not_acceptable", lambda c, t: c.get("/api/topics/", HTTP_ACCEPT="text/csv")),
    ("method_not_allowed", lambda c, t: c.delete(f"/api/topics/{t.pk}/")),
    ("unsupported_media_type", lambda c, t: c.post("/api/plans/", "year=2040", content_type="text/plain")),
    ("not_found", lambda c, t: c.get("/api/topics/abc/")),
    ("invalid", lambda c, t: c.post(f"/api/topics/{t.pk}/reject/", {}, format="json")),
    ("wrong_state", lambda c, t: [c.post(f"/api/topics/{t.pk}/withdraw/", {"reason": "撤回"}, format="json"),
                                  c.post(f"/api/topics/{t.pk}/withdraw/", {"reason": "撤回"}, format="json")][1]),
    ("precondition_required", lambda c, t: c.patch(f"/api/topics/{t.pk}/", {"title": "x"}, format="json")),
    ("precondition_failed", lambda c, t: c.patch(f"/api/topics/{t.pk}/", {"title": "x"}, format="json",
                                                 HTTP_IF_MATCH='"0"')),
]


@pytest.mark.parametrize("code,request_", ERROR_REQUESTS, ids=[code for code, _r in ERROR_REQUESTS])
def test_each_error_code_has_the_shape(api_client_for, users, plans, code, request_):
    topic = Topic.objects.get(plan=plans[0])
    response = request_(api_client_for(users["staff"]), topic)
    body = response.json()
    assert response["Content-Type"].startswith("application/json")
    assert body["code"] == code and body["detail"] and isinstance(body["fields"], dict), (response.status_code, body)


def test_the_codes_of_the_table_are_all_given_somewhere():
    above = {"not_allowed", "conflict", "quota_full", "not_authenticated", "authentication_failed",
             "idempotency_key_reused", "idempotency_key_in_use"}  # the tests before this section and the next one
    parametrized = {code for code, _request in ERROR_REQUESTS}
    assert set(ERROR_CODES) == above | parametrized | ELSEWHERE


def test_a_key_still_being_answered_is_409(api_client_for, users):
    import hashlib

    from django.core.cache import cache

    staff_id = users["staff"].pk
    lock = f"idempotency-lock:{hashlib.sha256(f'{staff_id}:busy'.encode()).hexdigest()}"  # as Idempotency keys it
    cache.add(lock, 1, timeout=60)
    response = api_client_for(users["staff"]).post("/api/plans/", {"year": 2041}, format="json",
                                                   HTTP_IDEMPOTENCY_KEY="busy")
    assert response.status_code == 409 and response.json()["code"] == "idempotency_key_in_use"
    assert not Plan.objects.filter(year=2041).exists()
