"""Meeting-day batches on the plan board: one chair-meeting shortlist or one standing-committee adoption of many
topics, all or nothing, within the quota; the page asks the step table (and the plan's state) what to offer."""
import pytest

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from history.models import HistoryEntry
from notifications.models import Notification
from topics import services
from topics.models import Topic, TopicStatus

from .conftest import MEETING, make_candidate

TITLES = [
    "关于县城停车难问题的建议",
    "关于推进农村生活污水治理的建议",
    "关于加强县域物流体系建设的建议",
    "关于发展预制菜产业的建议",
]


@pytest.fixture
def candidates(plan, users, committee):
    return [
        make_candidate(plan, users["staff"], title=t, committee=committee, vice_chair=users["vice_chair"])
        for t in TITLES
    ]


def _shortlist_all(users, plan, topics):
    services.topics_shortlist_batch(
        actor=users["staff"], plan_id=plan.pk, topic_ids=[t.pk for t in topics], meeting_date=MEETING
    )


def _snapshot(plan):
    return (
        list(Topic.objects.filter(plan=plan).order_by("pk").values_list("pk", "status", "shortlisted_on", "adopted_on")),
        HistoryEntry.objects.count(),
        Notification.objects.count(),
    )


# Services ------------------------------------------------------------------------------------------


def test_batch_shortlist_takes_every_selected_candidate(users, plan, candidates):
    done = services.topics_shortlist_batch(
        actor=users["staff"], plan_id=plan.pk, topic_ids=[t.pk for t in candidates[:3]], meeting_date=MEETING,
        note="主席会议研究",
    )
    assert [t.pk for t in done] == [t.pk for t in candidates[:3]]
    rows = Topic.objects.filter(pk__in=[t.pk for t in candidates]).order_by("pk")
    assert [t.status for t in rows] == ["shortlisted"] * 3 + ["candidate"]
    assert all(t.shortlist_note == "主席会议研究" and t.shortlisted_on == MEETING for t in rows[:3])
    # each topic records its own step, and the plan one line for the sitting
    assert HistoryEntry.objects.filter(action="shortlisted").count() == 3
    assert HistoryEntry.objects.filter(action="topics_shortlisted", object_id=plan.pk).count() == 1


def test_batch_adoption_within_the_quota(users, plan, candidates):
    _shortlist_all(users, plan, candidates[:3])
    done = services.topics_adopt_batch(
        actor=users["staff"], plan_id=plan.pk, topic_ids=[t.pk for t in candidates[:3]], meeting_date=MEETING
    )
    assert len(done) == 3
    assert Topic.objects.filter(plan=plan, status=TopicStatus.ADOPTED).count() == 3  # the quota is 3
    assert Notification.objects.filter(kind="topic_adopt", recipient=users["vice_chair"]).count() == 3


def test_batch_adoption_exceeding_the_quota_changes_nothing(users, plan, candidates):
    _shortlist_all(users, plan, candidates)
    before = _snapshot(plan)
    with pytest.raises(InvalidState) as refused:
        services.topics_adopt_batch(
            actor=users["staff"], plan_id=plan.pk, topic_ids=[t.pk for t in candidates], meeting_date=MEETING
        )
    assert _snapshot(plan) == before  # no topic adopted, no history, no notification
    message = str(refused.value.message)
    assert TITLES[3] in message  # names the topic that could not be taken (the fourth: quota 3)
    assert all(title not in message for title in TITLES[:3])


def test_one_refused_topic_rolls_the_whole_shortlist_back(users, plan, candidates):
    services.topic_withdraw(actor=users["staff"], topic_id=candidates[1].pk)
    before = _snapshot(plan)
    with pytest.raises(InvalidState) as refused:
        services.topics_shortlist_batch(
            actor=users["staff"], plan_id=plan.pk, topic_ids=[t.pk for t in candidates], meeting_date=MEETING
        )
    assert _snapshot(plan) == before
    assert TITLES[1] in str(refused.value.message)


def test_batch_refuses_other_roles_topics_of_another_plan_and_bad_input(users, plan, candidates):
    ids = [t.pk for t in candidates]
    other = services.plan_create(actor=users["staff"], year=2027)
    before = _snapshot(plan)
    with pytest.raises(NotAllowed):
        services.topics_shortlist_batch(actor=users["vice_chair"], plan_id=plan.pk, topic_ids=ids, meeting_date=MEETING)
    with pytest.raises(NotFound):
        services.topics_shortlist_batch(actor=users["staff"], plan_id=other.pk, topic_ids=ids, meeting_date=MEETING)
    with pytest.raises(InvalidInput):
        services.topics_shortlist_batch(actor=users["staff"], plan_id=plan.pk, topic_ids=[], meeting_date=MEETING)
    with pytest.raises(InvalidInput):
        services.topics_shortlist_batch(actor=users["staff"], plan_id=plan.pk, topic_ids=["x"], meeting_date=MEETING)
    with pytest.raises(InvalidInput):
        services.topics_shortlist_batch(actor=users["staff"], plan_id=plan.pk, topic_ids=ids, meeting_date="someday")
    assert _snapshot(plan) == before


# The page ------------------------------------------------------------------------------------------


def _post(client, plan, step, ids, **extra):
    data = {"topics": [str(pk) for pk in ids], "batch-meeting_date": "2026-03-05", "batch-note": "", **extra}
    return client.post(f"/topics/plan/{plan.year}/batch/{step}/", data)


def test_board_offers_the_batch_and_shortlists(client_for, users, plan, candidates):
    client = client_for(users["staff"])
    page = client.get(f"/topics/plan/{plan.year}/").content.decode()
    assert 'id="batch-form"' in page and 'id="batch-shortlist"' in page
    assert page.count('name="topics"') == len(candidates)
    response = _post(client, plan, "shortlist", [t.pk for t in candidates[:2]])
    assert response.status_code == 302
    assert Topic.objects.filter(plan=plan, status="shortlisted").count() == 2


def test_board_batch_refusals_are_403_404_409_400(client_for, users, plan, candidates):
    ids = [t.pk for t in candidates]
    other = services.plan_create(actor=users["staff"], year=2027)
    before = _snapshot(plan)
    assert _post(client_for(users["vice_chair"]), plan, "shortlist", ids).status_code == 403
    client = client_for(users["staff"])
    assert client.post("/topics/plan/1999/batch/shortlist/", {}).status_code == 404  # no such plan
    assert _post(client, plan, "publish", ids).status_code == 404  # no such step
    assert _post(client, other, "shortlist", ids).status_code == 404  # topics of another plan
    assert _post(client, plan, "shortlist", []).status_code == 400
    bad_date = _post(client, plan, "shortlist", ids, **{"batch-meeting_date": "not a date"})
    assert bad_date.status_code == 400
    response = _post(client, plan, "adopt", ids)  # candidates not yet shortlisted: every one refused
    assert response.status_code == 409
    page = response.content.decode()
    assert all(title in page for title in TITLES)  # the message names them
    assert page.count("checked") >= len(ids)  # the selection is kept
    assert _snapshot(plan)[0] == before[0]


def test_board_batch_adoption_beyond_the_quota_changes_nothing(client_for, users, plan, candidates):
    _shortlist_all(users, plan, candidates)
    before = _snapshot(plan)
    response = _post(client_for(users["staff"]), plan, "adopt", [t.pk for t in candidates])
    assert response.status_code == 409
    assert TITLES[3] in response.content.decode()
    assert _snapshot(plan) == before


def test_near_duplicate_is_flagged_before_adoption(client_for, users, plan, committee):
    staff = users["staff"]
    first = make_candidate(plan, staff, title="关于推动中小企业数字化转型的建议", committee=committee)
    twin = make_candidate(plan, staff, title="关于推动中小企业数字化转型升级的建议", committee=committee)
    _shortlist_all(users, plan, [first, twin])
    services.topic_adopt(actor=staff, topic_id=first.pk, meeting_date=MEETING)
    client = client_for(staff)
    board = client.get(f"/topics/plan/{plan.year}/").content.decode()
    assert "near-duplicate" in board  # the card warns before anyone adopts it
    response = _post(client, plan, "adopt", [twin.pk])
    assert response.status_code == 200  # a warning, not an adoption
    assert Topic.objects.get(pk=twin.pk).status == "shortlisted"
    assert 'name="batch-confirm_similar"' in response.content.decode()
    confirmed = _post(client, plan, "adopt", [twin.pk], **{"batch-confirm_similar": "1"})
    assert confirmed.status_code == 302
    assert Topic.objects.get(pk=twin.pk).status == "adopted"


def test_start_next_plan_and_new_topic_follow_the_plan_state(client_for, users, plan, candidates):
    client = client_for(users["staff"])
    page = client.get(f"/topics/plan/{plan.year}/").content.decode()
    assert f'href="/topics/plan/{plan.year + 1}/"' in page and 'id="start-next-plan"' in page
    assert 'id="new-topic"' in page
    plan.status = "adopted"  # the step table's answer changes with the plan's state
    plan.save(update_fields=["status"])
    page = client.get(f"/topics/plan/{plan.year}/").content.decode()
    assert 'id="new-topic"' not in page and 'id="new-party-topic"' in page
    assert 'id="batch-form"' not in page  # an adopted plan's annual topics take no batch
