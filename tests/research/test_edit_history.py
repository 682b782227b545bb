"""Editing a draft report replaces its itemised list; the history keeps the list before and after."""
import pytest

from history.selectors import history_for


@pytest.mark.django_db
def test_dropping_a_drafts_suggestion_is_recorded_before_and_after(users, group, make_report, api_client_for):
    report = make_report(group, n=2)
    response = api_client_for(users["vice_chair"]).patch(
        f"/api/reports/{report.pk}/", {"suggestions": [{"title": "建议1", "content": "具体措施1"}]}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200, response.content
    entry = history_for(report).filter(action="report_edited").get()
    assert entry.actor == users["vice_chair"]
    assert entry.changes["suggestions"] == [["1. 建议1", "2. 建议2"], ["1. 建议1"]]
