"""API of research groups: forming, status moves, members, the responsibility plan, activities and findings."""
import datetime

import pytest
from django.utils import timezone

from directory.models import Member
from research.models import Activity, Attendance, GroupMembership, GroupStatus, Milestone, ResearchGroup, VisitFinding

pytestmark = pytest.mark.django_db
GROUPS = "/api/research-groups/"


def group_url(group, suffix=""):
    return f"{GROUPS}{group.pk}/{suffix}"


# Forming a group --------------------------------------------------------------------------------


def test_staff_forms_the_group_of_an_adopted_topic(api_client_for, users, make_topic, members):
    topic = make_topic()
    response = api_client_for(users["staff"]).post(
        GROUPS,
        {"topic": topic.pk, "leader": users["vice_chair"].pk, "members": [m.pk for m in members], "formed_on": "2026-03-20"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "forming" and body["leader"] == users["vice_chair"].pk
    assert {m["member"] for m in body["memberships"]} == {m.pk for m in members}
    assert body["memberships"][0]["special_committees"] == ["经济委员会"]
    from history.selectors import history_for_topic

    assert history_for_topic(topic.pk).filter(action="group_formed").exists()


def test_leader_defaults_to_the_topics_vice_chair(api_client_for, users, make_topic):
    topic = make_topic(vice_chair=users["vice_chair2"])
    response = api_client_for(users["staff"]).post(GROUPS, {"topic": topic.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["leader"] == users["vice_chair2"].pk


@pytest.mark.parametrize("role", ["vice_chair", "supervisor", "leader_in_charge"])
def test_only_staff_form_groups(api_client_for, users, make_topic, role):
    topic = make_topic()
    response = api_client_for(users[role]).post(GROUPS, {"topic": topic.pk}, format="json")
    assert response.status_code == 403
    assert not ResearchGroup.objects.exists()


def test_department_gets_403_on_the_list_and_404_on_a_group(api_client_for, users, group):
    client = api_client_for(users["department"])
    assert client.get(GROUPS).status_code == 403
    assert client.post(GROUPS, {"topic": group.topic_id}, format="json").status_code == 403
    assert client.get(group_url(group)).status_code == 404
    assert client.post(group_url(group, "advance/"), {"to_state": "reporting"}, format="json").status_code == 404
    group.refresh_from_db()
    assert group.status == "researching"


def test_no_group_for_a_topic_that_is_not_adopted(api_client_for, users, make_topic):
    topic = make_topic(adopt=False)
    response = api_client_for(users["staff"]).post(GROUPS, {"topic": topic.pk}, format="json")
    assert response.status_code == 409
    assert "已确定" in response.json()["detail"]
    assert not ResearchGroup.objects.exists()


def test_second_group_for_the_same_topic_is_refused(api_client_for, users, group):
    response = api_client_for(users["staff"]).post(GROUPS, {"topic": group.topic_id}, format="json")
    assert response.status_code == 409
    assert ResearchGroup.objects.count() == 1


def test_one_group_per_topic_is_a_database_constraint(users, group):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ResearchGroup.objects.create(
            topic=group.topic, leader=users["vice_chair"], formed_on=datetime.date(2026, 1, 1), created_by=users["staff"]
        )


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"topic": 999999}, "topic"),
        ({"leader": "staff"}, "leader"),
        ({"members": [999999]}, "members"),
        ({"formed_on": "not-a-date"}, "formed_on"),
    ],
)
def test_forming_with_bad_input_is_400(api_client_for, users, make_topic, payload, field):
    topic = make_topic()
    data = {"topic": topic.pk, **payload}
    if data.get("leader") == "staff":
        data["leader"] = users["staff"].pk  # not a vice-chair
    response = api_client_for(users["staff"]).post(GROUPS, data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ResearchGroup.objects.exists()


# Status moves -----------------------------------------------------------------------------------


def test_leader_moves_the_group_forward(api_client_for, users, make_group):
    group = make_group()
    client = api_client_for(users["vice_chair"])
    response = client.post(group_url(group, "advance/"), {"to_state": "studying"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "studying"


def test_another_vice_chair_cannot_move_the_group(api_client_for, users, make_group):
    group = make_group()
    client = api_client_for(users["vice_chair2"])
    assert client.get(group_url(group)).status_code == 200  # sees every group
    response = client.post(group_url(group, "advance/"), {"to_state": "studying"}, format="json")
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.status == "forming"


@pytest.mark.parametrize("target", ["reporting", "approved", "closed"])
def test_skipping_states_or_approving_by_hand_is_409(api_client_for, users, make_group, target):
    group = make_group(status="studying") if target != "reporting" else make_group()
    response = api_client_for(users["staff"]).post(group_url(group, "advance/"), {"to_state": target}, format="json")
    assert response.status_code == 409
    before = group.status
    group.refresh_from_db()
    assert group.status == before


def test_advancing_to_an_unknown_state_is_400(api_client_for, users, make_group):
    group = make_group()
    response = api_client_for(users["staff"]).post(group_url(group, "advance/"), {"to_state": "flying"}, format="json")
    assert response.status_code == 400 and "to_state" in response.json()


# Members ---------------------------------------------------------------------------------------


def test_staff_add_a_member_and_duplicates_are_refused(api_client_for, users, group, members):
    newcomer = Member.objects.create(name="冯志刚", expertise="金融服务", employer="县农村商业银行")
    client = api_client_for(users["staff"])
    response = client.post(group_url(group, "members/"), {"member": newcomer.pk, "responsibility": "金融政策"}, format="json")
    assert response.status_code == 201 and response.json()["responsibility"] == "金融政策"
    response = client.post(group_url(group, "members/"), {"member": members[0].pk}, format="json")
    assert response.status_code == 400 and "member" in response.json()
    assert GroupMembership.objects.filter(group=group).count() == 4


def test_another_vice_chair_cannot_add_members(api_client_for, users, group):
    newcomer = Member.objects.create(name="冯志刚", employer="县农村商业银行")
    response = api_client_for(users["vice_chair2"]).post(group_url(group, "members/"), {"member": newcomer.pk}, format="json")
    assert response.status_code == 403
    assert GroupMembership.objects.filter(group=group).count() == 3


# Milestones ------------------------------------------------------------------------------------


def test_leader_plans_and_completes_a_milestone(api_client_for, users, group):
    client = api_client_for(users["vice_chair"])
    response = client.post(
        group_url(group, "milestones/"), {"kind": "study_done", "due_on": "2026-04-30"}, format="json"
    )
    assert response.status_code == 201, response.json()
    milestone = response.json()
    assert milestone["title"] and milestone["owner"] == users["vice_chair"].pk
    response = client.post(group_url(group, f"milestones/{milestone['id']}/complete/"), {}, format="json")
    assert response.status_code == 200 and response.json()["done_on"] == timezone.localdate().isoformat()
    # Done twice is a state error, and nothing changes.
    response = client.post(group_url(group, f"milestones/{milestone['id']}/complete/"), {"done_on": "2026-01-01"}, format="json")
    assert response.status_code == 409
    assert Milestone.objects.get().done_on == timezone.localdate()


def test_overdue_milestones_are_derived(api_client_for, users, group):
    client = api_client_for(users["staff"])
    client.post(group_url(group, "milestones/"), {"kind": "study_done", "due_on": "2020-01-01"}, format="json")
    client.post(group_url(group, "milestones/"), {"kind": "report_draft", "due_on": "2099-01-01"}, format="json")
    rows = client.get(group_url(group, "milestones/")).json()
    assert [m["overdue"] for m in rows] == [True, False]
    assert client.get(group_url(group)).json()["overdue_count"] == 1


def test_milestone_steps_refuse_other_vice_chair_and_bad_input(api_client_for, users, group):
    other = api_client_for(users["vice_chair2"])
    assert other.post(group_url(group, "milestones/"), {"kind": "study_done", "due_on": "2026-04-30"}, format="json").status_code == 403
    staff = api_client_for(users["staff"])
    assert staff.post(group_url(group, "milestones/"), {"kind": "nap", "due_on": "2026-04-30"}, format="json").status_code == 400
    assert staff.post(group_url(group, "milestones/"), {"kind": "study_done", "due_on": "x"}, format="json").status_code == 400
    assert staff.post(group_url(group, "milestones/"), {"kind": "study_done", "due_on": "2026-04-30", "owner": 999999}, format="json").status_code == 400
    milestone_id = staff.post(group_url(group, "milestones/"), {"kind": "study_done", "due_on": "2026-04-30"}, format="json").json()["id"]
    assert other.post(group_url(group, f"milestones/{milestone_id}/complete/"), {}, format="json").status_code == 403
    assert staff.post(group_url(group, f"milestones/{milestone_id}/complete/"), {"done_on": "2099-01-01"}, format="json").status_code == 400
    assert Milestone.objects.get().done_on is None


# Activities -------------------------------------------------------------------------------------


def test_staff_record_a_lecture_with_attendance(api_client_for, users, group, members):
    response = api_client_for(users["staff"]).post(
        group_url(group, "activities/"),
        {"kind": "expert_lecture", "title": "设施农业政策专家讲座", "held_on": "2026-04-02", "place": "县政协三楼会议室",
         "content": "邀请省农科院专家解读政策。", "present_members": [members[0].pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["present_members"] == [members[0].pk]
    assert sorted(body["absent_members"]) == sorted([members[1].pk, members[2].pk])
    assert Attendance.objects.filter(activity_id=body["id"]).count() == 3


def test_leader_records_an_external_visit_with_findings(api_client_for, users, group, members):
    response = api_client_for(users["vice_chair"]).post(
        group_url(group, "activities/"),
        {"kind": "external_visit", "title": "赴曹县考察电商产业", "held_on": "2026-05-08", "ends_on": "2026-05-09",
         "destination": "曹县", "hosts": "曹县政协", "present_members": [m.pk for m in members],
         "findings": [{"title": "曹县“淘宝村”孵化模式", "description": "政府搭台，龙头带动。"}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    activity = response.json()
    assert activity["findings"][0]["title"] == "曹县“淘宝村”孵化模式"
    response = api_client_for(users["staff"]).post(
        group_url(group, f"activities/{activity['id']}/findings/"), {"title": "直播基地共享"}, format="json"
    )
    assert response.status_code == 201
    assert VisitFinding.objects.filter(activity_id=activity["id"]).count() == 2
    listed = api_client_for(users["supervisor"]).get(group_url(group, "activities/?kind=external_visit")).json()
    assert [a["id"] for a in listed] == [activity["id"]]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"kind": "external_visit", "destination": ""}, "destination"),
        ({"kind": "expert_lecture", "findings": [{"title": "不该有"}]}, "findings"),
        ({"held_on": "2026-05-08", "ends_on": "2026-05-01"}, "ends_on"),
        ({"present_members": [999999]}, "present_members"),
        ({"title": ""}, "title"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_activity_bad_input_is_400(api_client_for, users, group, payload, field):
    data = {"kind": "collective_study", "title": "集体学习", "held_on": "2026-04-02", **payload}
    response = api_client_for(users["staff"]).post(group_url(group, "activities/"), data, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not Activity.objects.exists()


def test_activity_refused_for_other_vice_chair_and_closed_group(api_client_for, users, group, members):
    data = {"kind": "collective_study", "title": "集体学习", "held_on": "2026-04-02"}
    assert api_client_for(users["vice_chair2"]).post(group_url(group, "activities/"), data, format="json").status_code == 403
    ResearchGroup.objects.filter(pk=group.pk).update(status=GroupStatus.CLOSED)
    assert api_client_for(users["staff"]).post(group_url(group, "activities/"), data, format="json").status_code == 409
    assert not Activity.objects.exists()


def test_finding_on_a_lecture_is_409(api_client_for, users, group):
    client = api_client_for(users["staff"])
    lecture = client.post(
        group_url(group, "activities/"), {"kind": "expert_lecture", "title": "讲座", "held_on": "2026-04-02"}, format="json"
    ).json()
    response = client.post(group_url(group, f"activities/{lecture['id']}/findings/"), {"title": "x"}, format="json")
    assert response.status_code == 409
    assert not VisitFinding.objects.exists()


def test_group_detail_shows_members_plan_activities_and_reports(api_client_for, users, group, visit, submitted_report):
    body = api_client_for(users["principal_leader"]).get(group_url(group)).json()
    assert len(body["memberships"]) == 3
    assert body["activities"][0]["destination"] == "寿光市"
    assert body["reports"][0]["status"] == "submitted"
    assert body["visit_count"] == 1


def test_milestone_owner_is_staff_or_a_vice_chair_and_a_closed_plan_stays_as_it_was(api_client_for, users, group):
    from research.models import ResearchGroup

    staff = api_client_for(users["staff"])
    milestones = group_url(group, "milestones/")
    for outsider in ("department", "supervisor"):
        response = staff.post(milestones, {"kind": "study_done", "due_on": "2026-04-30", "owner": users[outsider].pk},
                              format="json")
        assert response.status_code == 400 and "owner" in response.json()
    assert not Milestone.objects.exists()
    milestone_id = staff.post(milestones, {"kind": "study_done", "due_on": "2026-04-30",
                                           "owner": users["vice_chair"].pk}, format="json").json()["id"]
    ResearchGroup.objects.filter(pk=group.pk).update(status="closed")
    assert staff.post(group_url(group, f"milestones/{milestone_id}/complete/"), {}, format="json").status_code == 409
    assert Milestone.objects.get().done_on is None


def test_a_finished_group_takes_no_member_or_milestone(api_client_for, users, group, members):
    newcomer = Member.objects.create(name="冯志刚", employer="县农村商业银行")
    ResearchGroup.objects.filter(pk=group.pk).update(status=GroupStatus.CLOSED)
    staff = api_client_for(users["staff"])
    before = (GroupMembership.objects.count(), Milestone.objects.count())
    assert staff.post(group_url(group, "members/"), {"member": newcomer.pk}, format="json").status_code == 409
    assert staff.post(group_url(group, "milestones/"), {"kind": "study_done", "due_on": "2026-04-30"},
                      format="json").status_code == 409
    assert (GroupMembership.objects.count(), Milestone.objects.count()) == before


def test_a_milestone_or_activity_of_another_group_is_404_and_a_finding_needs_a_title(
    api_client_for, users, group, visit, make_group
):
    other = make_group(status="researching")
    staff = api_client_for(users["staff"])
    milestone_id = staff.post(group_url(group, "milestones/"), {"kind": "study_done", "due_on": "2026-04-30"},
                              format="json").json()["id"]
    assert staff.post(group_url(other, f"milestones/{milestone_id}/complete/"), {}, format="json").status_code == 404
    assert Milestone.objects.get(pk=milestone_id).done_on is None
    findings = VisitFinding.objects.count()
    response = staff.post(group_url(other, f"activities/{visit.pk}/findings/"), {"title": "x"}, format="json")
    assert response.status_code == 404
    response = staff.post(group_url(group, f"activities/{visit.pk}/findings/"), {"title": "  "}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    assert VisitFinding.objects.count() == findings
