"""Topic selection asks one step table (topics/steps.py): API, pages, notifications and to-dos follow it."""
import datetime

import pytest

from history.models import HistoryEntry
from notifications.models import Notification
from topics import services
from topics.models import Topic, TopicStatus
from topics.steps import PLAN_STEPS, TOPIC_STEPS

from .conftest import MEETING, make_candidate
from .test_api import post, snapshot

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


def _steps(api_client_for, user, topic):
    response = api_client_for(user).get(f"/api/topics/{topic.pk}/")
    assert response.status_code == 200
    return response.json()["available_steps"]


def test_available_steps_per_role_and_state(api_client_for, users, candidate):
    assert _steps(api_client_for, users["staff"], candidate) == [
        "feedback", "edit", "shortlist", "reject", "merge", "withdraw",
    ]
    assert _steps(api_client_for, users["vice_chair"], candidate) == ["feedback"]  # in charge of it
    assert _steps(api_client_for, users["vice_chair2"], candidate) == []  # not in charge
    assert _steps(api_client_for, users["supervisor"], candidate) == []  # reads, never acts
    services.topic_shortlist(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING)
    assert _steps(api_client_for, users["staff"], candidate) == ["feedback", "edit", "adopt", "reject", "merge"]
    services.topic_adopt(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING)
    assert _steps(api_client_for, users["staff"], candidate) == []  # decided: nothing is left to take


def test_plan_detail_lists_adopt_only_when_the_quota_is_filled(api_client_for, users, plan):
    staff = api_client_for(users["staff"])
    assert staff.get(f"/api/plans/{plan.pk}/").json()["available_steps"] == []
    assert api_client_for(users["vice_chair"]).get(f"/api/plans/{plan.pk}/").json()["available_steps"] == []


def test_page_shows_a_step_form_exactly_when_the_table_lists_it(client_for, users, candidate):
    for role in ("staff", "vice_chair", "vice_chair2", "supervisor"):
        html = client_for(users[role]).get(f"/topics/{candidate.pk}/").content.decode()
        offered = set(TOPIC_STEPS.available(users[role], candidate))
        for step in ("feedback", "shortlist", "adopt", "reject", "merge", "withdraw"):
            assert (f"/topics/{candidate.pk}/{step}/" in html) == (step in offered), (role, step)


def test_withdraw_happy_path_keeps_the_topic_and_its_history(api_client_for, users, candidate):
    response = post(api_client_for(users["staff"]), f"/api/topics/{candidate.pk}/withdraw/", {"reason": "重复提交"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    entry = HistoryEntry.objects.filter(object_id=candidate.pk, action="withdrawn").get()
    assert (entry.from_state, entry.to_state, entry.note) == ("candidate", "withdrawn", "重复提交")
    assert Topic.objects.filter(pk=candidate.pk).exists()


def test_withdraw_refusals_change_nothing(api_client_for, users, candidate, plan):
    before = snapshot(candidate)
    url = f"/api/topics/{candidate.pk}/withdraw/"
    assert post(api_client_for(users["vice_chair"]), url).status_code == 403
    assert post(api_client_for(users["department"]), url).status_code == 404  # outside a department's scope
    assert post(api_client_for(users["staff"]), url, {"reason": "x" * 2001}).status_code == 400
    assert snapshot(candidate) == before
    services.topic_shortlist(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING)
    before = snapshot(candidate)
    response = post(api_client_for(users["staff"]), url)
    assert response.status_code == 409 and response.json()["detail"]
    assert snapshot(candidate) == before


def test_withdraw_from_the_page(client_for, users, candidate):
    response = client_for(users["staff"]).post(f"/topics/{candidate.pk}/withdraw/", {"withdraw-reason": "误录"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == TopicStatus.WITHDRAWN


def test_adoption_tells_the_vice_chair_in_charge_and_the_to_dos_move(users, candidate):
    staff, vice_chair = users["staff"], users["vice_chair"]
    assert [(i.step, i.object_id) for i in TOPIC_STEPS.todos(staff, TODAY)] == [("shortlist", candidate.pk)]
    assert [i.step for i in TOPIC_STEPS.todos(vice_chair, TODAY)] == ["feedback"]
    services.topic_shortlist(actor=staff, topic_id=candidate.pk, meeting_date=MEETING)
    assert not Notification.objects.filter(recipient=vice_chair).exists()  # staff act next, not the vice-chair
    assert [i.step for i in TOPIC_STEPS.todos(staff, TODAY)] == ["adopt"]
    services.topic_adopt(actor=staff, topic_id=candidate.pk, meeting_date=MEETING)
    note = Notification.objects.get(recipient=vice_chair, kind="topic_adopt")  # they form the research group next
    assert note.url == candidate.get_absolute_url() and "课题已确定" in note.title
    assert TOPIC_STEPS.todos(staff, TODAY) == []


def test_an_opinion_takes_the_topic_off_the_vice_chairs_to_dos(users, candidate, member_group):
    vice_chair = users["vice_chair"]
    services.topic_record_opinion(
        actor=vice_chair, topic_id=candidate.pk, member_group_id=member_group.pk, stance="support"
    )
    assert TOPIC_STEPS.todos(vice_chair, TODAY) == []


def test_plan_adoption_is_a_to_do_once_the_quota_is_filled(users, plan, committee):
    staff = users["staff"]
    assert PLAN_STEPS.todos(staff, TODAY) == []
    from .conftest import make_adopted

    for n in range(plan.annual_quota):
        make_adopted(plan, staff, committee=committee, title=f"第{n}个课题：关于提升乡村治理水平的建议{n}")
    assert [(i.step, i.object_id) for i in PLAN_STEPS.todos(staff, TODAY)] == [("adopt", plan.pk)]


def test_every_declared_move_is_reachable_and_no_service_writes_outside_the_table(users, plan, committee):
    """Walk the table: take every move through its service; every recorded move is one the table declares."""
    staff = users["staff"]
    made = [make_candidate(plan, staff, committee=committee, title=f"关于第{n}件事情的建议{n}") for n in range(6)]
    party = make_candidate(plan, staff, source="government", title="关于统筹推进复工复产工作的意见")
    services.topic_shortlist(actor=staff, topic_id=made[0].pk, meeting_date=MEETING)  # candidate → shortlisted
    services.topic_adopt(actor=staff, topic_id=made[0].pk, meeting_date=MEETING)  # shortlisted → adopted
    services.topic_adopt(actor=staff, topic_id=party.pk, meeting_date=MEETING)  # candidate → adopted (R1)
    services.topic_reject(actor=staff, topic_id=made[1].pk, reason="不宜")  # candidate → rejected
    services.topic_shortlist(actor=staff, topic_id=made[2].pk, meeting_date=MEETING)
    services.topic_reject(actor=staff, topic_id=made[2].pk, reason="不宜")  # shortlisted → rejected
    services.topic_merge(actor=staff, topic_id=made[3].pk, other_id=made[4].pk)  # candidate → merged
    services.topic_shortlist(actor=staff, topic_id=made[5].pk, meeting_date=MEETING)
    services.topic_merge(actor=staff, topic_id=made[3].pk, other_id=made[5].pk)  # shortlisted → merged
    extra = make_candidate(plan, staff, committee=committee, title="关于另一件完全不同的事务的建议")
    services.topic_withdraw(actor=staff, topic_id=extra.pk)  # candidate → withdrawn
    for n in range(2):
        t = make_candidate(plan, staff, committee=committee, title=f"关于补足年度名额的第{n}个课题{n}")
        services.topic_shortlist(actor=staff, topic_id=t.pk, meeting_date=MEETING)
        services.topic_adopt(actor=staff, topic_id=t.pk, meeting_date=MEETING)
    services.plan_adopt(actor=staff, plan_id=plan.pk, adopted_on=MEETING)  # draft → adopted
    declared = {(source, step.target) for step in TOPIC_STEPS for source in step.sources if step.target}
    recorded = set(
        HistoryEntry.objects.filter(content_type__model="topic").exclude(from_state="").values_list("from_state", "to_state")
    )
    assert recorded == declared
    assert set(
        HistoryEntry.objects.filter(content_type__model="plan").exclude(from_state="").values_list("from_state", "to_state")
    ) == {("draft", "adopted")}


def test_an_identical_create_a_moment_later_is_the_same_topic(api_client_for, users, plan, committee):
    data = {
        "plan": plan.pk, "source": "special_committee", "title": "关于推进城乡供水一体化的建议", "origin": "plenary",
        "domain": "livelihood", "consultation_type": "counterpart", "committee": committee.pk,
        "rationale": "城乡供水差距大",
    }
    staff = api_client_for(users["staff"])
    first, second = post(staff, "/api/topics/", data), post(staff, "/api/topics/", data)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and Topic.objects.count() == 1
    other = post(api_client_for(users["staff"]), "/api/topics/", {**data, "title": "关于另一件事情的建议"})
    assert other.status_code == 201 and Topic.objects.count() == 2
