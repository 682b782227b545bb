"""Nothing in the workflow is hard-deleted: a draft's suggestion is withdrawn with a reason; edits keep before/after."""
import pytest

from history.selectors import history_for
from outcomes.models import Suggestion
from outcomes.services import replies as reply_services


@pytest.mark.django_db
def test_delete_of_a_suggestion_is_refused(users, make_outcome, api_client_for):
    outcome = make_outcome(submit=False)
    suggestion = outcome.suggestions.first()
    assert api_client_for(users["staff"]).delete(f"/api/suggestions/{suggestion.pk}/").status_code == 405
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()


@pytest.mark.django_db
def test_staff_withdraw_a_drafts_suggestion_with_a_reason(users, make_outcome, api_client_for):
    outcome = make_outcome(suggestions=3, submit=False)
    first, second, third = outcome.suggestions.order_by("number")
    response = api_client_for(users["staff"]).post(
        f"/api/suggestions/{second.pk}/withdraw/", {"reason": "与第一条重复"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert [s["title"] for s in response.json()["suggestions"]] == [first.title, third.title]
    # Kept on record, out of the document and the counts; the later suggestion moves up.
    kept = Suggestion.all_objects.get(pk=second.pk)
    assert kept.withdrawn_at is not None and kept.number == 2
    assert list(outcome.suggestions.values_list("pk", "number")) == [(first.pk, 1), (third.pk, 2)]
    assert not Suggestion.objects.filter(pk=second.pk).exists()
    entry = history_for(kept).get()
    assert entry.actor == users["staff"] and entry.note == "与第一条重复" and entry.topic_id == outcome.topic_id
    assert entry.changes["withdrawn"] == [False, True]
    assert history_for(outcome).filter(action="suggestion_withdrawn").exists()
    # A new suggestion takes the next free number.
    created = api_client_for(users["staff"]).post(
        "/api/suggestions/", {"outcome": outcome.pk, "title": "新增", "content": "内容"}, format="json"
    )
    assert created.status_code == 201 and created.json()["number"] == 3


@pytest.mark.django_db
def test_withdraw_refusals_change_nothing(users, make_outcome, api_client_for):
    draft = make_outcome(submit=False)
    suggestion = draft.suggestions.first()
    staff = api_client_for(users["staff"])
    url = f"/api/suggestions/{suggestion.pk}/withdraw/"
    response = staff.post(url, {"reason": " "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert api_client_for(users["supervisor"]).post(url, {"reason": "x"}, format="json").status_code == 404  # a draft
    submitted = make_outcome()
    sent = submitted.suggestions.first()
    assert api_client_for(users["supervisor"]).post(
        f"/api/suggestions/{sent.pk}/withdraw/", {"reason": "x"}, format="json"
    ).status_code == 403
    assert staff.post(f"/api/suggestions/{sent.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 409
    assert Suggestion.objects.filter(withdrawn_at__isnull=False).count() == 0
    assert Suggestion.all_objects.filter(withdrawn_at__isnull=False).count() == 0
    assert not history_for(suggestion).exists() and not history_for(sent).exists()


@pytest.mark.django_db
def test_editing_a_reply_records_stances_and_countersignatures_before_and_after(
    users, make_assignment, make_reply, api_client_for
):
    assignment = make_assignment(co=True)
    reply = make_reply(assignment)
    reply_services.reply_countersign(actor=users["department2"], reply_id=reply.pk)
    first, second = assignment.outcome.suggestions.order_by("number")
    response = api_client_for(users["department"]).patch(f"/api/replies/{reply.pk}/", {
        "text": "修改后的答复",
        "stances": [
            {"suggestion": first.pk, "stance": "adopted"},
            {"suggestion": second.pk, "stance": "not_adopted", "reason": "财力不足"},
        ],
    }, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    entry = history_for(reply).filter(action="reply_edited").get()
    changes = entry.changes
    assert changes["text"] == ["答复正文", "修改后的答复"]
    assert changes["stances"] == [
        {str(first): "adopted", str(second): "adopted"},
        {str(first): "adopted", str(second): "not_adopted"},
    ]
    assert changes["reasons"] == [{}, {str(second): "财力不足"}]
    assert changes["countersignatures"] == [[str(assignment.outcome.assignments.get(role="co").department)], []]
    assert reply.countersignatures.count() == 0
