"""R3 from the member's side: members of the groups a candidate was taken to give their own opinion."""
import pytest

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from members import services
from members.selectors import opinion_requests_for
from notifications.models import Notification
from topics import services as topic_services
from topics.models import TopicOpinion
from topics.selectors import opinion_summary

pytestmark = pytest.mark.django_db


def _request_for(asked, member):
    return asked[member.group_id]


def test_asking_groups_tells_their_members_once(asked, members, member_users, users, candidate, groups):
    told = set(Notification.objects.filter(kind="opinion_requested").values_list("recipient_id", flat=True))
    assert told == {member_users["member"].pk, member_users["member2"].pk, member_users["member3"].pk}
    from members.reminders import sweep_members
    from notifications.models import ReminderPolicy

    sweep_members(today=candidate.created_at.date(), policy=ReminderPolicy.current())
    assert Notification.objects.filter(kind="opinion_requested").count() == 3  # the ledger: sent once


def test_asking_twice_is_a_conflict_and_changes_nothing(asked, users, candidate, groups):
    with pytest.raises(InvalidState):
        services.opinion_request_create(actor=users["vice_chair"], topic_id=candidate.pk, group_ids=[groups[0].pk])
    assert candidate.opinion_requests.count() == 2


def test_only_staff_or_vice_chair_in_charge_may_ask(candidate, users, groups, member_users):
    for actor in (users["vice_chair2"], member_users["member"], users["department"]):
        with pytest.raises(NotAllowed):
            services.opinion_request_create(actor=actor, topic_id=candidate.pk, group_ids=[groups[0].pk])
    with pytest.raises(InvalidInput):
        services.opinion_request_create(actor=users["staff"], topic_id=candidate.pk, group_ids=[])
    assert candidate.opinion_requests.count() == 0


def test_member_gives_and_changes_their_own_opinion(asked, members, member_users, candidate):
    user = member_users["member"]
    request = _request_for(asked, members["member"])
    services.member_opinion_give(actor=user, request_id=request.pk, stance="support", comment="切口小")
    services.member_opinion_give(actor=user, request_id=request.pk, stance="oppose", comment="再考虑")
    opinion = TopicOpinion.objects.get(topic=candidate, member=members["member"])
    assert (opinion.stance, opinion.comment, opinion.on_behalf) == ("oppose", "再考虑", False)
    assert TopicOpinion.objects.filter(topic=candidate).count() == 1


def test_two_members_opinions_are_counted_once_each(asked, members, member_users, candidate, groups):
    for key, stance in (("member", "support"), ("member3", "oppose"), ("member2", "support")):
        request = _request_for(asked, members[key])
        services.member_opinion_give(actor=member_users[key], request_id=request.pk, stance=stance, comment=key)
        services.member_opinion_give(actor=member_users[key], request_id=request.pk, stance=stance, comment=key)
    summary = {row["group"].pk: row for row in opinion_summary(candidate)}
    assert summary[groups[0].pk]["counts"] == {"support": 1, "neutral": 0, "oppose": 1}
    assert summary[groups[0].pk]["total"] == 2
    assert summary[groups[1].pk]["counts"] == {"support": 1, "neutral": 0, "oppose": 0}


def test_a_member_of_another_group_cannot_see_or_answer(asked, members, member_users, candidate, groups):
    other_groups_request = asked[groups[1].pk]
    assert not opinion_requests_for(member_users["member"]).filter(pk=other_groups_request.pk).exists()
    with pytest.raises(NotFound):
        services.member_opinion_give(actor=member_users["member"], request_id=other_groups_request.pk,
                                     stance="support")
    assert not TopicOpinion.objects.filter(topic=candidate).exists()


def test_non_member_is_refused(asked, users, groups):
    with pytest.raises(NotAllowed):
        services.member_opinion_give(actor=users["staff"], request_id=asked[groups[0].pk].pk, stance="support")


def test_bad_stance_is_400_and_nothing_is_saved(asked, members, member_users, candidate):
    with pytest.raises(InvalidInput):
        services.member_opinion_give(actor=member_users["member"], request_id=_request_for(asked, members["member"]).pk,
                                     stance="maybe")
    assert not TopicOpinion.objects.filter(topic=candidate).exists()


def test_opinions_close_when_the_chair_meeting_decides(asked, members, member_users, candidate, users):
    request = _request_for(asked, members["member"])
    services.member_opinion_give(actor=member_users["member"], request_id=request.pk, stance="support")
    topic_services.topic_shortlist(actor=users["staff"], topic_id=candidate.pk, meeting_date="2026-11-24")
    with pytest.raises(InvalidState):
        services.member_opinion_give(actor=member_users["member"], request_id=request.pk, stance="oppose")
    assert TopicOpinion.objects.get(topic=candidate, member=members["member"]).stance == "support"


def test_staff_record_on_a_members_behalf_once(candidate, users, members):
    opinion = topic_services.topic_record_opinion(actor=users["vice_chair"], topic_id=candidate.pk,
                                                  member_id=members["offline"].pk, stance="neutral", comment="座谈会上")
    assert opinion.on_behalf and opinion.member_group_id == members["offline"].group_id
    with pytest.raises(InvalidState):
        topic_services.topic_record_opinion(actor=users["staff"], topic_id=candidate.pk,
                                            member_id=members["offline"].pk, stance="support")
    assert TopicOpinion.objects.filter(topic=candidate, member=members["offline"]).count() == 1


def test_member_may_overwrite_an_opinion_recorded_on_their_behalf(asked, candidate, users, members, member_users):
    topic_services.topic_record_opinion(actor=users["staff"], topic_id=candidate.pk, member_id=members["member"].pk,
                                        stance="neutral")
    services.member_opinion_give(actor=member_users["member"], request_id=_request_for(asked, members["member"]).pk,
                                 stance="support")
    opinion = TopicOpinion.objects.get(topic=candidate, member=members["member"])
    assert (opinion.stance, opinion.on_behalf) == ("support", False)
