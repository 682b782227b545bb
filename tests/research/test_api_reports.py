"""API of reports: draft, submit, rate, return (next version) and approve, with every refusal."""
import pytest

from history.selectors import history_for_topic
from research.models import Milestone, Report, ReportSuggestion, ResearchGroup

from .conftest import rate_all

pytestmark = pytest.mark.django_db
REPORTS = "/api/reports/"


def url(report, suffix=""):
    return f"{REPORTS}{report.pk}/{suffix}"


def ratings_for(report, score=4):
    return {
        "ratings": [
            {"suggestion": s.pk, "scientific": score, "forward_looking": score, "feasible": score}
            for s in report.suggestions.all()
        ]
    }


def snapshot(report):
    report.refresh_from_db()
    return (
        report.status, report.title, report.body, report.review_comments, report.reviewer_id,
        list(report.suggestions.values_list("number", "title", "score_scientific", "score_forward_looking", "score_feasible")),
        Report.objects.count(),
    )


# Drafting ---------------------------------------------------------------------------------------


def test_leader_drafts_a_report_citing_a_visit_finding(api_client_for, users, group, visit):
    finding = visit.findings.get()
    response = api_client_for(users["vice_chair"]).post(
        REPORTS,
        {"group": group.pk, "title": "调研报告", "body": "正文",
         "suggestions": [{"title": "推广大棚物联网", "content": "借鉴寿光经验。", "finding": finding.pk},
                         {"title": "培育电商主体", "content": "扶持合作社。"}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1 and body["status"] == "draft"
    assert [s["number"] for s in body["suggestions"]] == [1, 2]
    assert body["suggestions"][0]["finding_title"] == "寿光蔬菜大棚智能化管理"


def test_drafting_refusals(api_client_for, users, group, make_group, visit, make_report):
    data = {"group": group.pk, "title": "调研报告", "body": "正文"}
    assert api_client_for(users["vice_chair2"]).post(REPORTS, data, format="json").status_code == 403
    assert api_client_for(users["department"]).post(REPORTS, data, format="json").status_code == 403
    assert api_client_for(users["staff"]).post(REPORTS, {**data, "body": ""}, format="json").status_code == 400
    other = make_group(status="researching")
    other_finding = {"title": "x", "content": "y", "finding": visit.findings.get().pk}
    response = api_client_for(users["staff"]).post(REPORTS, {**data, "group": other.pk, "suggestions": [other_finding]}, format="json")
    assert response.status_code == 400 and "suggestions" in response.json()
    forming = make_group()
    assert api_client_for(users["staff"]).post(REPORTS, {**data, "group": forming.pk}, format="json").status_code == 409
    make_report(group)
    assert api_client_for(users["staff"]).post(REPORTS, data, format="json").status_code == 409
    assert Report.objects.count() == 1


def test_editing_a_draft_replaces_suggestions(api_client_for, users, group, make_report):
    report = make_report(group, n=3)
    response = api_client_for(users["vice_chair"]).patch(
        url(report), {"body": "新正文", "suggestions": [{"title": "唯一建议", "content": "内容"}]}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200
    assert response.json()["body"] == "新正文"
    assert [s["title"] for s in response.json()["suggestions"]] == ["唯一建议"]


def test_editing_refusals(api_client_for, users, group, make_report, submitted_report):
    before = snapshot(submitted_report)
    assert api_client_for(users["staff"]).patch(url(submitted_report), {"body": "x"}, format="json", HTTP_IF_MATCH="*").status_code == 409
    assert snapshot(submitted_report) == before
    assert api_client_for(users["vice_chair2"]).patch(url(submitted_report), {"body": "x"}, format="json", HTTP_IF_MATCH="*").status_code == 403
    assert api_client_for(users["department"]).patch(url(submitted_report), {"body": "x"}, format="json", HTTP_IF_MATCH="*").status_code == 404
    assert snapshot(submitted_report) == before


# Submitting -------------------------------------------------------------------------------------


def test_submit_moves_the_group_to_reporting_and_ticks_the_draft_milestone(api_client_for, users, group, make_report):
    from research.services import milestone_create

    milestone_create(actor=users["staff"], group_id=group.pk, kind="report_draft", due_on="2026-06-30")
    report = make_report(group)
    response = api_client_for(users["staff"]).post(url(report, "submit/"))
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    group.refresh_from_db()
    assert group.status == "reporting"
    assert Milestone.objects.get().done_on is not None
    actions = list(history_for_topic(group.topic_id).values_list("action", flat=True))
    assert "report_submitted" in actions and "group_status_changed" in actions


def test_submit_refusals(api_client_for, users, group, make_report):
    report = make_report(group, n=0)
    before = snapshot(report)
    assert api_client_for(users["vice_chair2"]).post(url(report, "submit/")).status_code == 403
    assert api_client_for(users["department"]).post(url(report, "submit/")).status_code == 404
    response = api_client_for(users["staff"]).post(url(report, "submit/"))
    assert response.status_code == 400 and "suggestions" in response.json()
    assert snapshot(report) == before
    ReportSuggestion.objects.create(report=report, number=1, title="建议", content="内容")
    assert api_client_for(users["staff"]).post(url(report, "submit/")).status_code == 200
    assert api_client_for(users["staff"]).post(url(report, "submit/")).status_code == 409


# Rating and review ------------------------------------------------------------------------------


def test_leader_rates_each_suggestion(api_client_for, users, submitted_report):
    response = api_client_for(users["vice_chair"]).post(url(submitted_report, "rate/"), ratings_for(submitted_report, 5), format="json")
    assert response.status_code == 200
    assert all(s["is_rated"] and s["score_feasible"] == 5 for s in response.json()["suggestions"])
    assert response.json()["unrated_count"] == 0


@pytest.mark.parametrize("role, code", [("staff", 403), ("vice_chair2", 403), ("supervisor", 403), ("department", 404)])
def test_only_the_leader_rates(api_client_for, users, submitted_report, role, code):
    before = snapshot(submitted_report)
    response = api_client_for(users[role]).post(url(submitted_report, "rate/"), ratings_for(submitted_report), format="json")
    assert response.status_code == code
    assert snapshot(submitted_report) == before


@pytest.mark.parametrize("score", [0, 6, "good", None])
def test_scores_must_be_1_to_5(api_client_for, users, submitted_report, score):
    before = snapshot(submitted_report)
    payload = ratings_for(submitted_report)
    payload["ratings"][0]["feasible"] = score
    response = api_client_for(users["vice_chair"]).post(url(submitted_report, "rate/"), payload, format="json")
    assert response.status_code == 400
    assert snapshot(submitted_report) == before


def test_rating_a_suggestion_of_another_report_is_400(api_client_for, users, submitted_report, make_group, make_report):
    other = make_report(make_group(status="researching"))
    payload = ratings_for(submitted_report)
    payload["ratings"][0]["suggestion"] = other.suggestions.first().pk
    before = snapshot(submitted_report)
    assert api_client_for(users["vice_chair"]).post(url(submitted_report, "rate/"), payload, format="json").status_code == 400
    assert snapshot(submitted_report) == before


def test_rating_a_draft_is_409(api_client_for, users, group, make_report):
    report = make_report(group)
    response = api_client_for(users["vice_chair"]).post(url(report, "rate/"), ratings_for(report), format="json")
    assert response.status_code == 409


def test_approval_is_refused_while_a_suggestion_is_unrated(api_client_for, users, submitted_report):
    first = submitted_report.suggestions.first()
    from research.services import report_rate_suggestion

    report_rate_suggestion(actor=users["vice_chair"], suggestion_id=first.pk, scientific=4, forward_looking=4, feasible=4)
    before = snapshot(submitted_report)
    response = api_client_for(users["vice_chair"]).post(url(submitted_report, "approve/"), {}, format="json")
    assert response.status_code == 409
    assert "2" in response.json()["detail"]
    assert snapshot(submitted_report) == before
    assert ResearchGroup.objects.get().status == "reporting"


def test_leader_approves_a_rated_report(api_client_for, users, submitted_report):
    rate_all(submitted_report, users["vice_chair"])
    response = api_client_for(users["vice_chair"]).post(url(submitted_report, "approve/"), {"comments": "同意报送。"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "approved" and body["reviewer"] == users["vice_chair"].pk
    assert ResearchGroup.objects.get().status == "approved"
    assert api_client_for(users["vice_chair"]).post(url(submitted_report, "approve/"), {}, format="json").status_code == 409


@pytest.mark.parametrize("role, code", [("staff", 403), ("vice_chair2", 403), ("department", 404)])
def test_only_the_leader_approves_or_returns(api_client_for, users, submitted_report, role, code):
    rate_all(submitted_report, users["vice_chair"])
    before = snapshot(submitted_report)
    client = api_client_for(users[role])
    assert client.post(url(submitted_report, "approve/"), {}, format="json").status_code == code
    assert client.post(url(submitted_report, "return/"), {"comments": "再改"}, format="json").status_code == code
    assert snapshot(submitted_report) == before


def test_return_needs_comments_and_a_submitted_report(api_client_for, users, group, make_report, submitted_report):
    client = api_client_for(users["vice_chair"])
    before = snapshot(submitted_report)
    response = client.post(url(submitted_report, "return/"), {"comments": "  "}, format="json")
    assert response.status_code == 400 and "comments" in response.json()
    assert snapshot(submitted_report) == before


def test_return_starts_the_next_version_and_it_can_be_approved(api_client_for, users, submitted_report):
    leader = api_client_for(users["vice_chair"])
    leader.post(url(submitted_report, "rate/"), ratings_for(submitted_report, 3), format="json")
    response = leader.post(url(submitted_report, "return/"), {"comments": "建议部分可操作性不强，请细化。"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "returned" and body["review_comments"].startswith("建议部分")
    following = Report.objects.get(pk=body["next_version"])
    assert following.version == 2 and following.status == "draft" and following.previous_id == submitted_report.pk
    assert following.body == submitted_report.body
    copied = list(following.suggestions.values_list("number", "title", "finding_id", "score_feasible"))
    original = list(submitted_report.suggestions.values_list("number", "title", "finding_id"))
    assert [c[:3] for c in copied] == original and all(c[3] is None for c in copied)
    # The returned version is closed; the new draft is edited, submitted, rated and approved.
    assert leader.patch(url(submitted_report), {"body": "x"}, format="json", HTTP_IF_MATCH="*").status_code == 409
    staff = api_client_for(users["staff"])
    assert staff.patch(url(following), {"body": following.body + "\n三、对策建议（已细化）"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert staff.post(url(following, "submit/")).status_code == 200
    assert leader.post(url(following, "rate/"), ratings_for(following, 5), format="json").status_code == 200
    assert leader.post(url(following, "approve/"), {}, format="json").status_code == 200
    assert ResearchGroup.objects.get().status == "approved"
    versions = api_client_for(users["supervisor"]).get(REPORTS, {"group": following.group_id}).json()["results"]
    assert [(r["version"], r["status"]) for r in versions] == [(2, "approved"), (1, "returned")]


def test_review_queue_filter(api_client_for, users, submitted_report):
    queue = api_client_for(users["vice_chair"]).get(REPORTS, {"to_review": "true"}).json()["results"]
    assert [r["id"] for r in queue] == [submitted_report.pk]
    assert api_client_for(users["vice_chair2"]).get(REPORTS, {"to_review": "true"}).json()["results"] == []
    assert api_client_for(users["department"]).get(REPORTS).status_code == 403


def test_return_of_a_draft_is_409(api_client_for, users, group, make_report):
    draft = make_report(group)
    before = snapshot(draft)
    response = api_client_for(users["vice_chair"]).post(url(draft, "return/"), {"comments": "再改"}, format="json")
    assert response.status_code == 409
    assert snapshot(draft) == before


def test_a_refused_review_keeps_no_rating(users, submitted_report, make_group, make_report):
    from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed
    from research.services import report_review

    other = make_report(make_group(status="researching")).suggestions.first()
    first = submitted_report.suggestions.order_by("number").first()
    rating = {"suggestion": first.pk, "scientific": 4, "forward_looking": 4, "feasible": 4}
    before = snapshot(submitted_report)
    with pytest.raises(InvalidState):  # approval refused: the other suggestion is unrated
        report_review(actor=users["vice_chair"], report_id=submitted_report.pk, ratings=[rating], decision="approve")
    assert snapshot(submitted_report) == before
    with pytest.raises(InvalidInput):  # a suggestion of another report
        report_review(actor=users["vice_chair"], report_id=submitted_report.pk,
                      ratings=[rating, {**rating, "suggestion": other.pk}])
    with pytest.raises(InvalidInput):
        report_review(actor=users["vice_chair"], report_id=submitted_report.pk, decision="publish")
    with pytest.raises(NotAllowed):
        report_review(actor=users["vice_chair2"], report_id=submitted_report.pk, ratings=[rating])
    assert snapshot(submitted_report) == before
