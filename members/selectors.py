"""Reads of members' own work, scoped by user in one selector per entity (pages, API, tasks use these)."""
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from directory.roles import Role, has_role
from topics.models import TopicOpinion

from .models import Meeting, OpinionRequest, Participation, PublicOpinion
from .steps import member_of

MEMBER_DESK_ROLES = (Role.MEMBER,)


def opinion_requests_for(user) -> QuerySet[OpinionRequest]:
    """A member: what their activity group is asked. Staff: every request; a vice-chair: their topics'."""
    queryset = OpinionRequest.objects.select_related("topic__plan", "member_group", "requested_by")
    if has_role(user, Role.STAFF):
        return queryset
    if has_role(user, Role.VICE_CHAIR):
        return queryset.filter(topic__vice_chair=user)
    member = member_of(user)
    if member is None or member.group_id is None:
        return queryset.none()
    mine = TopicOpinion.objects.filter(topic_id=OuterRef("topic_id"), member_id=member.pk)
    return queryset.filter(member_group_id=member.group_id).annotate(my_opinion_given=Exists(mine))


def own_opinion(user, request: OpinionRequest) -> TopicOpinion | None:
    member = member_of(user)
    if member is None:
        return None
    return TopicOpinion.objects.filter(topic_id=request.topic_id, member=member).first()


def meeting_scope(user) -> QuerySet[Meeting]:
    """Staff arrange every meeting; a vice-chair sees the activities of the research groups they lead."""
    if has_role(user, Role.STAFF):
        return Meeting.objects.all()
    if has_role(user, Role.VICE_CHAIR):
        return Meeting.objects.filter(activity__group__leader=user)
    return Meeting.objects.none()


def meetings_for(user) -> QuerySet[Meeting]:
    """The meetings a user arranges or leads, with their participant and attendance counts (list pages)."""
    return meeting_scope(user).select_related("activity__group__topic").annotate(
        participant_count=Count("participations", distinct=True),
        attended_count=Count("participations", filter=Q(participations__attended=True), distinct=True),
    )


def participations_for(user) -> QuerySet[Participation]:
    """A member: their own participations only. Staff: all; a group leader: their activities'."""
    queryset = Participation.objects.select_related("meeting__activity__group", "member", "decided_by")
    if has_role(user, Role.STAFF):
        return queryset
    scope = Q(pk__in=[])
    member = member_of(user)
    if member is not None:
        scope |= Q(member=member)
    if has_role(user, Role.VICE_CHAIR):
        scope |= Q(meeting__activity__group__leader=user)
    return queryset.filter(scope)


def public_opinions_for(user) -> QuerySet[PublicOpinion]:
    """A member lists only their own reports; staff list all; nobody else sees them."""
    queryset = PublicOpinion.objects.select_related("author__group", "topic", "reviewed_by")
    if has_role(user, Role.STAFF):
        return queryset
    member = member_of(user)
    if member is None:
        return queryset.none()
    return queryset.filter(author=member)
