"""The review page with a partly rated row: saving keeps it, returning works, approving says what is missing.

The defect: a vice-chair who picked one score on one suggestion could no longer approve, return or save — each
attempt answered "请输入整数。" with no field marked.
"""
import pytest
from django.urls import reverse

from research.models import Report, ReportSuggestion

pytestmark = pytest.mark.django_db


def scores(report):
    return list(
        ReportSuggestion.objects.filter(report=report).order_by("number")
        .values_list("score_scientific", "score_forward_looking", "score_feasible")
    )


def one_score_post(report, decision, comments=""):
    """The review form as the browser sends it: every select, all blank but one score on the first suggestion."""
    data = {"decision": decision, "comments": comments}
    for s in report.suggestions.all():
        for axis in ("scientific", "forward_looking", "feasible"):
            data[f"s{s.pk}_{axis}"] = ""
    first = report.suggestions.order_by("number").first()
    data[f"s{first.pk}_scientific"] = "4"
    return data


def test_saving_a_partly_rated_row_keeps_the_one_score(client_for, users, submitted_report):
    url = reverse("research:report-review", args=[submitted_report.pk])
    response = client_for(users["vice_chair"]).post(url, one_score_post(submitted_report, "rate"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert scores(submitted_report) == [(4, None, None), (None, None, None)]
    submitted_report.refresh_from_db()
    assert submitted_report.status == "submitted"


def test_returning_works_with_a_partly_rated_row(client_for, users, submitted_report):
    url = reverse("research:report-review", args=[submitted_report.pk])
    response = client_for(users["vice_chair"]).post(url, one_score_post(submitted_report, "return", "请补充数据。"))
    assert response.status_code == 302, response.content.decode()[:3000]
    submitted_report.refresh_from_db()
    assert submitted_report.status == "returned"
    assert Report.objects.filter(previous=submitted_report, status="draft").exists()


def test_approving_a_partly_rated_report_marks_each_missing_score(client_for, users, submitted_report):
    url = reverse("research:report-review", args=[submitted_report.pk])
    response = client_for(users["vice_chair"]).post(url, one_score_post(submitted_report, "approve", "同意"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "请输入整数" not in page
    first, second = submitted_report.suggestions.order_by("number")
    form = response.context["form"]
    # The fields left blank are marked; the one score given is not.
    assert form.has_error(f"s{first.pk}_forward_looking") and form.has_error(f"s{first.pk}_feasible")
    assert not form.has_error(f"s{first.pk}_scientific")
    assert all(form.has_error(f"s{second.pk}_{axis}") for axis in ("scientific", "forward_looking", "feasible"))
    # The summary names the suggestion and the score it lacks, and what was typed is kept.
    summary = " ".join(form.non_field_errors())
    assert "1" in summary and "2" in summary and "前瞻性" in summary
    assert 'is-invalid' in page
    assert f'name="s{first.pk}_scientific"' in page and '<option value="4" selected>' in page
    # Nothing changed.
    submitted_report.refresh_from_db()
    assert submitted_report.status == "submitted"
    assert scores(submitted_report) == [(None, None, None), (None, None, None)]


def test_approving_a_fully_rated_form_still_works(client_for, users, submitted_report):
    url = reverse("research:report-review", args=[submitted_report.pk])
    data = one_score_post(submitted_report, "approve")
    for key in data:
        if key.startswith("s"):
            data[key] = "5"
    response = client_for(users["vice_chair"]).post(url, data)
    assert response.status_code == 302
    submitted_report.refresh_from_db()
    assert submitted_report.status == "approved"


def test_the_api_says_which_suggestion_lacks_which_score(api_client_for, users, submitted_report):
    from research import services

    first = submitted_report.suggestions.order_by("number").first()
    services.report_review(
        actor=users["vice_chair"], report_id=submitted_report.pk,
        ratings=[{"suggestion": first.pk, "scientific": 4, "forward_looking": 4, "feasible": None}],
    )
    response = api_client_for(users["vice_chair"]).post(f"/api/reports/{submitted_report.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert "1" in body["detail"] and "可行性" in body["detail"] and "2" in body["detail"]
    assert body["ratings"]


def test_saving_shows_what_is_stored_a_score_emptied_is_cleared(client_for, users, submitted_report):
    from .conftest import rate_all

    rate_all(submitted_report, users["vice_chair"], score=3)
    url = reverse("research:report-review", args=[submitted_report.pk])
    data = one_score_post(submitted_report, "rate")
    first, second = submitted_report.suggestions.order_by("number")
    data.update({f"s{second.pk}_{axis}": "3" for axis in ("scientific", "forward_looking", "feasible")})
    data[f"s{first.pk}_scientific"] = "5"  # first: 5, –, – (two scores emptied); second untouched
    response = client_for(users["vice_chair"]).post(url, data)
    assert response.status_code == 302
    assert scores(submitted_report) == [(5, None, None), (3, 3, 3)]
    page = client_for(users["vice_chair"]).get(url).content.decode()
    assert '<option value="5" selected>' in page


def test_a_bad_score_marks_its_field_and_keeps_the_rest(client_for, users, submitted_report):
    url = reverse("research:report-review", args=[submitted_report.pk])
    data = one_score_post(submitted_report, "rate")
    first = submitted_report.suggestions.order_by("number").first()
    data[f"s{first.pk}_feasible"] = "9"
    response = client_for(users["vice_chair"]).post(url, data)
    assert response.status_code == 400
    assert response.context["form"].has_error(f"s{first.pk}_feasible")
    assert scores(submitted_report) == [(None, None, None), (None, None, None)]
