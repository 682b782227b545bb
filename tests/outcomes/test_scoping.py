"""A department sees only its own department's assignments: another's is 404 everywhere, files included."""
import pytest
from django.urls import reverse

from outcomes.models import Assignment

from .conftest import pdf_file


@pytest.fixture
def other_department_reply(users, departments, make_assignment, make_reply):
    """A reply of department 0 (the `department` login); `department2` must not reach it."""
    return make_reply(make_assignment())


@pytest.mark.django_db
def test_lists_hold_only_own_department(users, other_department_reply, api_client_for):
    dept2 = api_client_for(users["department2"])
    for url in ("/api/assignments/", "/api/replies/", "/api/outcomes/", "/api/suggestions/", "/api/progress-reports/",
                "/api/supervisions/"):
        response = dept2.get(url)
        assert response.status_code == 200 and response.json()["count"] == 0, url
    assert api_client_for(users["department"]).get("/api/assignments/").json()["count"] == 1


@pytest.mark.django_db
def test_every_detail_action_and_file_of_another_department_is_404(
    users, other_department_reply, api_client_for, client_for
):
    reply = other_department_reply
    assignment = reply.assignment
    outcome = assignment.outcome
    dept2 = api_client_for(users["department2"])
    gets = [
        f"/api/assignments/{assignment.pk}/", f"/api/assignments/{assignment.pk}/contacts/",
        f"/api/assignments/{assignment.pk}/requests/", f"/api/replies/{reply.pk}/", f"/api/outcomes/{outcome.pk}/",
        f"/api/suggestions/{outcome.suggestions.first().pk}/",
    ]
    for url in gets:
        assert dept2.get(url).status_code == 404, url
    posts = {
        f"/api/assignments/{assignment.pk}/contacts/": {"kind": "before_reply", "held_on": "2026-01-01", "summary": "x"},
        f"/api/assignments/{assignment.pk}/return/": {"reason": "x"},
        f"/api/assignments/{assignment.pk}/extend/": {"reason": "x", "extra_working_days": 3},
        f"/api/assignments/{assignment.pk}/input/": {"text": "x"},
        f"/api/replies/{reply.pk}/submit/": {},
        f"/api/replies/{reply.pk}/countersign/": {},
    }
    for url, body in posts.items():
        assert dept2.post(url, body, format="json").status_code == 404, url
    assert dept2.patch(f"/api/replies/{reply.pk}/", {"text": "改"}, format="json", HTTP_IF_MATCH="*").status_code == 404
    assert dept2.post("/api/replies/", {"assignment": assignment.pk, "text": "x"}, format="json").status_code == 404

    page = client_for(users["department2"])
    for name, pk in (
        ("outcomes:reply-file", reply.pk), ("outcomes:reply-detail", reply.pk), ("outcomes:reply-edit", reply.pk),
        ("outcomes:assignment-detail", assignment.pk), ("outcomes:reply-create", assignment.pk),
        ("outcomes:outcome-detail", outcome.pk), ("outcomes:minutes-docx", outcome.pk),
        ("outcomes:forwarding-letter", outcome.pk),
    ):
        assert page.get(reverse(name, args=[pk])).status_code == 404, name
    assert Assignment.objects.get(pk=assignment.pk).status == "in_progress"


@pytest.mark.django_db
def test_reply_file_served_only_to_those_who_may_see_it(users, other_department_reply, client_for):
    reply = other_department_reply
    url = reverse("outcomes:reply-file", args=[reply.pk])
    response = client_for(users["department"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    # Staff see a reply only once it is approved.
    assert client_for(users["staff"]).get(url).status_code == 404
    assert not reply.file.url.startswith("/media/")


@pytest.mark.django_db
def test_co_handler_sees_the_lead_reply_it_countersigns(users, make_assignment, make_reply, api_client_for):
    reply = make_reply(make_assignment(co=True))
    assert api_client_for(users["department2"]).get(f"/api/replies/{reply.pk}/").status_code == 200


@pytest.mark.django_db
def test_supervisor_sees_all_assignments_and_overdue(users, make_assignment, api_client_for):
    from .conftest import days_ago

    make_assignment(forwarded_on=days_ago(60))
    response = api_client_for(users["supervisor"]).get("/api/assignments/?very_overdue=true")
    assert response.json()["count"] == 1
    row = response.json()["results"][0]
    assert row["is_overdue"] and row["is_very_overdue"]


@pytest.mark.django_db
def test_leader_sees_only_own_departments(users, make_assignment, api_client_for):
    from directory.roles import Role
    from tests.conftest import make_user

    make_assignment()
    assert api_client_for(users["leader_in_charge"]).get("/api/assignments/").json()["count"] == 1
    assert api_client_for(make_user("other_leader", Role.LEADER_IN_CHARGE)).get("/api/assignments/").json()["count"] == 0


def test_pdf_fixture_is_a_pdf():
    assert pdf_file().read().startswith(b"%PDF")
