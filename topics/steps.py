"""The steps of topic selection, declared once: services, pages, API, notifications and to-dos ask these tables."""
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.links import pk_url
from chengwu_cppcc.workflow import Step, Steps
from directory.roles import Role

from .models import Plan, PlanStatus, Topic, TopicStatus, Track

S = TopicStatus
SCREENING = (S.CANDIDATE, S.SHORTLISTED)
STAFF_ONLY = _("Only committee office staff may do this.")


def _in_charge(actor, topic: Topic) -> bool:
    """Staff, or the vice-chair in charge of this topic (R3: they take it to the member activity groups)."""
    from directory.roles import has_role

    return has_role(actor, Role.STAFF) or topic.vice_chair_id == actor.pk


def _annual_locked(topic: Topic) -> bool:
    return topic.track == Track.ANNUAL and topic.plan.is_locked


def _plan_open_for_decision(topic: Topic):
    if _annual_locked(topic):
        return _("The plan is adopted; its annual topics can only change through an amendment.")
    return None


def _adoption_guard(topic: Topic):
    if topic.track == Track.ANNUAL and topic.status == S.CANDIDATE:
        return _("An annual candidate is adopted only after the chair meeting has shortlisted it.")
    return _plan_open_for_decision(topic)


def _not_party_topic(topic: Topic):
    if topic.track == Track.PARTY_GOVERNMENT:
        return _("Party and government topics are not merged.")
    return None


def _vice_chair(topic: Topic):
    return [topic.vice_chair_id] if topic.vice_chair_id else []


def _adopted_message(topic: Topic):
    return (
        _("Topic adopted: %(title)s") % {"title": topic.title},
        _("The standing committee adopted a topic in your charge; a research group can now be formed."),
    )


def _awaiting_opinion(actor, topic: Topic) -> bool:
    """The vice-chair's to-do (not staff's, who may also record): a topic in their charge that no member activity
    group has given an opinion on yet."""
    return topic.vice_chair_id == actor.pk and getattr(topic, "opinion_count", 0) == 0


def _topic_todos(user, states):
    from django.db.models import Count

    from .selectors import topics_for

    return (
        topics_for(user).filter(status__in=states).annotate(opinion_count=Count("opinions")).order_by("plan__year", "id")
    )


TOPIC_STEPS = Steps(
    "topic",
    [
        Step(
            "feedback", _("Record the activity groups' opinion"), SCREENING, roles=(Role.STAFF, Role.VICE_CHAIR),
            who=_in_charge, todo=True, pending=_awaiting_opinion,
            refusal=_("Only staff or the vice-chair in charge of this topic may record opinions."),
            conflict=_("Opinions can only be recorded while the topic is being screened."),
        ),
        Step(
            "edit", _("Edit"), SCREENING, roles=(Role.STAFF,), refusal=STAFF_ONLY,
            conflict=_("Only a candidate or shortlisted topic can be edited."),
        ),
        Step(
            "shortlist", _("Shortlist (chair meeting)"), (S.CANDIDATE,), S.SHORTLISTED, roles=(Role.STAFF,),
            guard=_plan_open_for_decision, refusal=STAFF_ONLY, todo=True,  # next: staff, at the standing committee
        ),
        Step(
            "adopt", _("Adopt (standing committee)"), SCREENING, S.ADOPTED, roles=(Role.STAFF,),
            guard=_adoption_guard, refusal=STAFF_ONLY, todo=True, next_actors=_vice_chair, message=_adopted_message,
        ),
        Step(
            "reject", _("Reject"), SCREENING, S.REJECTED, roles=(Role.STAFF,), refusal=STAFF_ONLY,
            next_actors=None,
        ),
        Step(
            "merge", _("Merge a duplicate into this topic"), SCREENING, None, roles=(Role.STAFF,),
            guard=_not_party_topic, refusal=STAFF_ONLY,
            conflict=_("The kept topic must still be under screening."),
        ),
        # The move of the merged (other) topic; taken only through `merge` of the kept one.
        Step("merged", _("Merged into another topic"), SCREENING, S.MERGED, roles=(Role.STAFF,),
             guard=_not_party_topic, refusal=STAFF_ONLY, offered=False),
        Step(
            "withdraw", _("Withdraw"), (S.CANDIDATE,), S.WITHDRAWN, roles=(Role.STAFF,), refusal=STAFF_ONLY,
            conflict=_("Only a candidate that no meeting has decided on can be withdrawn."),
        ),
    ],
    labels=dict(TopicStatus.choices),
    model=Topic,
    todo_queryset=_topic_todos,
    title=lambda t: t.title,
    api_url=lambda t: pk_url("topic-detail", t.pk),
    context=lambda t: _("%(year)s plan") % {"year": t.plan.year},
    topic_id=lambda t: t.pk,
)


def _plan_quota_filled(plan: Plan):
    adopted = getattr(plan, "adopted_annual", None)
    if adopted is not None and adopted != plan.annual_quota:
        return _("The plan needs exactly %(quota)s adopted annual topics; it has %(count)s.") % {
            "quota": plan.annual_quota, "count": adopted,
        }
    return None


def _plan_todos(user, states):
    from .selectors import plans_for

    return plans_for(user).filter(status__in=states).order_by("year")


PLAN_STEPS = Steps(
    "plan",
    [
        Step(
            "adopt", _("Adopt the annual plan"), (PlanStatus.DRAFT,), PlanStatus.ADOPTED, roles=(Role.STAFF,),
            guard=_plan_quota_filled, refusal=STAFF_ONLY, todo=True,
        ),
        # Whether the plan takes a new special-committee candidate (pages ask it before offering 新增课题);
        # party/government topics may still be recorded on an adopted plan. Not an API action: never offered.
        Step(
            "add_candidate", _("New candidate topic"), (PlanStatus.DRAFT,), roles=(Role.STAFF,), refusal=STAFF_ONLY,
            offered=False, conflict=_("The plan is adopted; a new annual candidate needs a plan amendment first."),
        ),
    ],
    labels=dict(PlanStatus.choices),
    model=Plan,
    todo_queryset=_plan_todos,
    title=lambda p: p.title,
    api_url=lambda p: pk_url("plan-detail", p.pk),
)

ALL_TABLES = [PLAN_STEPS, TOPIC_STEPS]
