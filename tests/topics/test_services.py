"""Topic-selection steps as services: the rules, whoever calls them."""
import datetime

import pytest

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from history.selectors import history_for
from topics import services
from topics.models import PlanAmendment, Topic
from topics.selectors import available_steps, similar_topics, similarity

from .conftest import MEETING, make_adopted, make_candidate

pytestmark = pytest.mark.django_db


def test_candidate_is_recorded_with_its_track_and_history(candidate, users):
    assert candidate.status == "candidate"
    assert candidate.track == "annual"
    entry = history_for(candidate).get()
    assert (entry.action, entry.actor, entry.to_state, entry.topic_id) == ("created", users["staff"], "candidate", candidate.pk)


def test_party_topic_is_its_own_track_and_may_be_adopted_directly(plan, users):
    topic = make_candidate(plan, users["staff"], source="party_committee", origin="party_government",
                           title="统筹推进疫情常态化防控和复工复产工作", consultation_type="special")
    assert topic.track == "party_government"
    services.topic_adopt(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)
    topic.refresh_from_db()
    assert topic.status == "adopted" and topic.adopted_on == MEETING


def test_annual_candidate_must_be_shortlisted_before_adoption(candidate, users):
    with pytest.raises(InvalidState):
        services.topic_adopt(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING)
    services.topic_shortlist(actor=users["staff"], topic_id=candidate.pk, meeting_date=MEETING, note="主席会议")
    services.topic_adopt(actor=users["staff"], topic_id=candidate.pk, meeting_date=datetime.date(2026, 3, 20))
    candidate.refresh_from_db()
    assert candidate.status == "adopted"
    assert candidate.shortlisted_on == MEETING  # the recommendation is kept beside the decision
    assert [e.action for e in history_for(candidate)] == ["created", "shortlisted", "adopted"]


def test_special_committee_candidate_needs_its_committee(plan, users):
    with pytest.raises(InvalidInput) as error:
        make_candidate(plan, users["staff"], committee=None)
    assert "committee" in error.value.field_errors


def test_missing_fields_are_reported_per_field(plan, users, committee):
    with pytest.raises(InvalidInput) as error:
        services.topic_create(actor=users["staff"], plan_id=plan.pk, source="special_committee", title="",
                              committee=committee)
    assert {"title", "origin", "domain", "consultation_type", "rationale"} <= set(error.value.field_errors)


def test_only_staff_record_topics(plan, users, committee):
    for role in ("vice_chair", "department", "leader_in_charge", "supervisor"):
        with pytest.raises(NotAllowed):
            make_candidate(plan, users[role], committee=committee)
    assert Topic.objects.count() == 0


def test_vice_chair_in_charge_records_opinions_but_another_does_not(candidate, users, member_group):
    services.topic_record_opinion(actor=users["vice_chair"], topic_id=candidate.pk, member_group_id=member_group.pk,
                                  stance="support", comment="切口小")
    with pytest.raises(NotAllowed):
        services.topic_record_opinion(actor=users["vice_chair2"], topic_id=candidate.pk,
                                      member_group_id=member_group.pk, stance="oppose")
    assert candidate.opinions.count() == 1


def test_quota_is_enforced_per_track(plan, users, committee):
    for i in range(3):
        make_adopted(plan, users["staff"], committee=committee, title=f"课题{i}")
    extra = make_candidate(plan, users["staff"], committee=committee, title="第四个课题")
    services.topic_shortlist(actor=users["staff"], topic_id=extra.pk, meeting_date=MEETING)
    with pytest.raises(InvalidState):
        services.topic_adopt(actor=users["staff"], topic_id=extra.pk, meeting_date=MEETING)
    extra.refresh_from_db()
    assert extra.status == "shortlisted"
    # The party track has its own quota.
    make_adopted(plan, users["staff"], committee=None, source="government", title="党政课题", origin="party_government")


def test_rejection_needs_a_reason(candidate, users):
    with pytest.raises(InvalidInput):
        services.topic_reject(actor=users["staff"], topic_id=candidate.pk, reason="  ")
    candidate.refresh_from_db()
    assert candidate.status == "candidate"
    services.topic_reject(actor=users["staff"], topic_id=candidate.pk, reason="与去年课题重复")
    candidate.refresh_from_db()
    assert candidate.status == "rejected" and candidate.rejection_reason == "与去年课题重复"


def test_adopted_topic_cannot_be_rejected(plan, users, committee):
    topic = make_adopted(plan, users["staff"], committee=committee)
    with pytest.raises(InvalidState):
        services.topic_reject(actor=users["staff"], topic_id=topic.pk, reason="x")


def test_merge_keeps_one_topic_and_marks_the_other(plan, users, committee, candidate):
    other = make_candidate(plan, users["staff"], committee=committee, title="关于解决县城停车乱问题的建议",
                           origin_reference="社情民意第5期")
    services.topic_merge(actor=users["staff"], topic_id=candidate.pk, other_id=other.pk, note="重复")
    candidate.refresh_from_db()
    other.refresh_from_db()
    assert other.status == "merged" and other.merged_into == candidate
    assert "社情民意第5期" in candidate.origin_reference and "关于解决县城停车乱问题的建议" in candidate.rationale
    with pytest.raises(InvalidInput):
        services.topic_merge(actor=users["staff"], topic_id=candidate.pk, other_id=candidate.pk)
    with pytest.raises(InvalidState):
        services.topic_merge(actor=users["staff"], topic_id=candidate.pk, other_id=other.pk)


def test_unknown_topic_is_not_found(users):
    with pytest.raises(NotFound):
        services.topic_reject(actor=users["staff"], topic_id=999999, reason="x")


def test_plan_adoption_needs_the_annual_quota_filled_and_locks_the_plan(plan, users, committee):
    with pytest.raises(InvalidState):
        services.plan_adopt(actor=users["staff"], plan_id=plan.pk, adopted_on=MEETING)
    for i in range(3):
        make_adopted(plan, users["staff"], committee=committee, title=f"年度课题{i}")
    leftover = make_candidate(plan, users["staff"], committee=committee, title="未入选课题")
    services.plan_adopt(actor=users["staff"], plan_id=plan.pk, adopted_on=MEETING)
    plan.refresh_from_db()
    leftover.refresh_from_db()
    assert plan.status == "adopted" and plan.is_locked
    assert leftover.status == "rejected"
    with pytest.raises(InvalidState):
        make_candidate(plan, users["staff"], committee=committee, title="迟到的课题")
    with pytest.raises(InvalidState):
        services.plan_adopt(actor=users["staff"], plan_id=plan.pk, adopted_on=MEETING)
    # A party/government topic still arrives during the year (R1: e.g. in May).
    make_adopted(plan, users["staff"], committee=None, source="party_committee", title="党委出题", origin="party_government")


def test_adopted_plan_changes_only_by_amendment_with_reason(plan, users, committee):
    for i in range(3):
        make_adopted(plan, users["staff"], committee=committee, title=f"年度课题{i}")
    services.plan_adopt(actor=users["staff"], plan_id=plan.pk, adopted_on=MEETING)
    with pytest.raises(InvalidInput):
        services.plan_update(actor=users["staff"], plan_id=plan.pk, annual_quota=4)
    plan.refresh_from_db()
    assert plan.annual_quota == 3
    services.plan_update(actor=users["staff"], plan_id=plan.pk, reason="常委会决定增加一个课题", annual_quota=4)
    plan.refresh_from_db()
    amendment = PlanAmendment.objects.get()
    assert plan.annual_quota == 4 and amendment.changes == {"annual_quota": [3, 4]}
    with pytest.raises(InvalidInput):
        services.plan_update(actor=users["staff"], plan_id=plan.pk, reason="减少", annual_quota=2)


def test_duplicate_plan_year_is_refused(plan, users):
    with pytest.raises(InvalidInput):
        services.plan_create(actor=users["staff"], year=2026)


def test_similar_topics_finds_earlier_alike_titles(plan, users, committee, candidate):
    make_candidate(plan, users["staff"], committee=committee, title="关于发展农村电商的建议")
    rows = similar_topics("关于解决县城停车难、停车乱问题的建议")
    assert rows[0]["id"] == candidate.pk and rows[0]["score"] > 0.5
    assert all(row["title"] != "关于发展农村电商的建议" for row in rows)
    assert similarity("县城停车", "县城停车") == 1.0
    assert similar_topics("") == []


def test_available_steps_follow_role_and_state(candidate, users):
    assert available_steps(users["staff"], candidate) >= {"feedback", "shortlist", "reject", "merge", "edit"}
    assert "adopt" not in available_steps(users["staff"], candidate)
    assert available_steps(users["vice_chair"], candidate) == {"feedback"}
    assert available_steps(users["vice_chair2"], candidate) == set()
    assert available_steps(users["supervisor"], candidate) == set()


def test_topic_update_records_what_changed(candidate, users):
    services.topic_update(actor=users["staff"], topic_id=candidate.pk, title="关于规范县城停车秩序的建议")
    entry = history_for(candidate).last()
    assert entry.action == "edited" and entry.changes["title"][1] == "关于规范县城停车秩序的建议"


def test_topic_update_refusals_change_nothing(candidate, users, plan, committee):
    def state():
        topic = Topic.objects.get(pk=candidate.pk)
        return topic.title, topic.committee_id, topic.status

    before = state()
    with pytest.raises(NotAllowed):
        services.topic_update(actor=users["vice_chair"], topic_id=candidate.pk, title="改")
    with pytest.raises(InvalidInput):  # an annual candidate keeps its proposing committee
        services.topic_update(actor=users["staff"], topic_id=candidate.pk, committee=None)
    with pytest.raises(InvalidInput):
        services.topic_update(actor=users["staff"], topic_id=candidate.pk, title="  ")
    assert state() == before
    rejected = make_candidate(plan, users["staff"], title="另一个候选", committee=committee)
    services.topic_reject(actor=users["staff"], topic_id=rejected.pk, reason="重复")
    with pytest.raises(InvalidState):
        services.topic_update(actor=users["staff"], topic_id=rejected.pk, title="改")


def test_plan_numbers_are_checked_by_the_service(users, plan):
    for changes in ({"annual_quota": 0}, {"party_quota": 51}, {"candidate_target": "twenty"}, {"annual_quota": True}):
        with pytest.raises(InvalidInput):
            services.plan_update(actor=users["staff"], plan_id=plan.pk, **changes)
    with pytest.raises(InvalidInput):
        services.plan_create(actor=users["staff"], year=2031, annual_quota=101)
    plan.refresh_from_db()
    assert (plan.annual_quota, plan.party_quota) == (3, 1)
