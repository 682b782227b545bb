"""The steps of members' own work, declared once: opinions asked of their groups, participation in meetings
(confirm, leave, sign-in) and 社情民意信息; services, pages, API and the to-do centre ask these tables."""
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.links import pk_url
from chengwu_cppcc.workflow import Step, Steps
from directory.roles import Role, has_role
from topics.models import TopicOpinion, TopicStatus

from .models import (
    OpinionRequest,
    Participation,
    ParticipationStatus,
    PublicOpinion,
    PublicOpinionStatus,
)

MEMBER_ONLY = _("Only the member concerned may do this.")
STAFF_ONLY = _("Only committee office staff may do this.")


def member_of(user):
    """The member record behind a login (role member), read once per user object; None if there is none."""
    if user is None or not user.is_authenticated or not has_role(user, Role.MEMBER):
        return None
    if not hasattr(user, "_member_cache"):
        from directory.models import Member

        user._member_cache = Member.objects.select_related("group", "sector").filter(user=user, is_active=True).first()
    return user._member_cache


def _member_id(user):
    member = member_of(user)
    return member.pk if member else None


# Opinions asked of a member activity group (R3) -------------------------------------------------------------


def _in_group(actor, request: OpinionRequest) -> bool:
    member = member_of(actor)
    return member is not None and member.group_id == request.member_group_id


def _no_opinion_yet(actor, request: OpinionRequest) -> bool:
    given = getattr(request, "my_opinion_given", None)
    if given is None:
        given = TopicOpinion.objects.filter(topic_id=request.topic_id, member_id=_member_id(actor)).exists()
    return not given


def _request_todos(user, states):
    member = member_of(user)
    if member is None or member.group_id is None:
        return OpinionRequest.objects.none()
    mine = TopicOpinion.objects.filter(topic_id=OuterRef("topic_id"), member_id=member.pk)
    return (
        OpinionRequest.objects.filter(member_group_id=member.group_id, topic__status__in=states)
        .select_related("topic__plan", "member_group")
        .annotate(my_opinion_given=Exists(mine))
        .order_by("requested_at", "id")
    )


OPINION_STEPS = Steps(
    "opinion_request",
    [
        Step(
            "give_opinion", _("Give your opinion"), (TopicStatus.CANDIDATE,), roles=(Role.MEMBER,), who=_in_group,
            todo=True, pending=_no_opinion_yet,
            refusal=_("Only members of the activity group this candidate was taken to may give an opinion here."),
            conflict=_("The chair meeting has decided on this candidate; opinions can no longer be given or changed."),
        ),
    ],
    labels=dict(TopicStatus.choices),
    state="topic_status",
    model=OpinionRequest,
    todo_queryset=_request_todos,
    title=lambda r: r.topic.title,
    api_url=lambda r: "",
    context=lambda r: r.member_group.name,
)


# Participation in meetings and activities --------------------------------------------------------------------

P = ParticipationStatus


def _own(actor, participation) -> bool:
    return participation.member_id is not None and participation.member_id == _member_id(actor)


def _decides_leave(actor, participation) -> bool:
    """Staff, or the leader of the research group whose activity it is."""
    if has_role(actor, Role.STAFF):
        return True
    activity = participation.meeting.activity
    return activity is not None and activity.group.leader_id == actor.pk


def _before_start(participation):
    if participation.meeting.has_started:
        return _("The meeting has started; confirmations and leave requests are closed.")
    return None


def _not_ended(participation):
    if participation.meeting.has_ended:
        return _("The meeting is over.")
    return None


def _participation_todos(user, states):
    """A member's own participations to confirm; the leave requests staff (all) or a group leader (theirs) decide."""
    scope = Q(pk__in=[])
    member_id = _member_id(user)
    if member_id:
        scope |= Q(member_id=member_id)
    if has_role(user, Role.STAFF):
        scope |= Q(status=P.LEAVE_REQUESTED)
    elif has_role(user, Role.VICE_CHAIR):
        scope |= Q(status=P.LEAVE_REQUESTED, meeting__activity__group__leader=user)
    return (
        Participation.objects.filter(scope, status__in=states, meeting__ends_at__gte=timezone.now())
        .select_related("meeting__activity__group", "member")
        .order_by("meeting__starts_at", "id")
    )


def _participation_url(p):
    return p.get_absolute_url()


def _deciders(p):
    from directory.models import User

    ids = list(User.objects.filter(role_grants__role=Role.STAFF).values_list("pk", flat=True))
    if p.meeting.activity_id:
        ids.append(p.meeting.activity.group.leader_id)
    return ids


def _member_user(p):
    return [p.member.user_id] if p.member.user_id else []


PARTICIPATION_STEPS = Steps(
    "participation",
    [
        Step(
            "confirm", _("Confirm attendance"), (P.INVITED, P.LEAVE_REFUSED, P.LEAVE_REQUESTED), P.CONFIRMED,
            roles=(Role.MEMBER,), who=_own, guard=_before_start, todo=True, refusal=MEMBER_ONLY,
            pending=lambda actor, p: p.status != P.LEAVE_REQUESTED,
            conflict=_("This participation is already settled."),
        ),
        Step(
            "request_leave", _("Ask for leave"), (P.INVITED, P.CONFIRMED, P.LEAVE_REFUSED), P.LEAVE_REQUESTED,
            roles=(Role.MEMBER,), who=_own, guard=_before_start, refusal=MEMBER_ONLY, next_actors=_deciders,
            conflict=_("Leave is already requested or granted."),
        ),
        Step(
            "grant_leave", _("Grant leave"), (P.LEAVE_REQUESTED,), P.LEAVE_GRANTED, roles=(Role.STAFF, Role.VICE_CHAIR),
            who=_decides_leave, todo=True, next_actors=_member_user,
            refusal=_("Only staff or the research group's leader may decide on leave."),
            conflict=_("There is no leave request to decide."),
        ),
        Step(
            "refuse_leave", _("Refuse leave"), (P.LEAVE_REQUESTED,), P.LEAVE_REFUSED,
            roles=(Role.STAFF, Role.VICE_CHAIR), who=_decides_leave, next_actors=_member_user,
            refusal=_("Only staff or the research group's leader may decide on leave."),
            conflict=_("There is no leave request to decide."),
        ),
        Step(
            "record_attendance", _("Record attendance"), tuple(P.values), roles=(Role.STAFF, Role.VICE_CHAIR),
            who=_decides_leave, refusal=_("Only staff or the research group's leader may record attendance."),
        ),
    ],
    labels=dict(P.choices),
    model=Participation,
    todo_queryset=_participation_todos,
    title=lambda p: p.meeting.title,
    url=_participation_url,
    due_on=lambda p: timezone.localtime(p.meeting.starts_at).date(),
    context=lambda p: f"{p.member.name} · {timezone.localtime(p.meeting.starts_at):%Y-%m-%d %H:%M}",
)


# 社情民意信息 --------------------------------------------------------------------------------------------------

PO = PublicOpinionStatus


def _author(actor, opinion) -> bool:
    return opinion.author_id == _member_id(actor)


def _not_made_topic(opinion):
    if opinion.topic_id:
        return _("This report is already the origin of a candidate topic.")
    return None


def _public_opinion_todos(user, states):
    from .selectors import public_opinions_for

    return public_opinions_for(user).filter(status__in=states).order_by("created_at", "id")


def _author_user(opinion):
    return [opinion.author.user_id] if opinion.author.user_id else []


def _staff_users(_opinion):
    from directory.models import User

    return User.objects.filter(role_grants__role=Role.STAFF).values_list("pk", flat=True)


PUBLIC_OPINION_STEPS = Steps(
    "public_opinion",
    [
        Step("edit", _("Edit"), (PO.DRAFT, PO.RETURNED), roles=(Role.MEMBER,), who=_author, refusal=MEMBER_ONLY,
             conflict=_("Only a draft or a returned report can be edited.")),
        Step("submit", _("Submit"), (PO.DRAFT, PO.RETURNED), PO.SUBMITTED, roles=(Role.MEMBER,), who=_author,
             todo=True, refusal=MEMBER_ONLY, next_actors=_staff_users,
             conflict=_("Only a draft or a returned report can be submitted.")),
        Step("adopt", _("Adopt"), (PO.SUBMITTED,), PO.ADOPTED, roles=(Role.STAFF,), todo=True, refusal=STAFF_ONLY,
             next_actors=_author_user, conflict=_("Only a submitted report can be reviewed.")),
        Step("return", _("Return for revision"), (PO.SUBMITTED,), PO.RETURNED, roles=(Role.STAFF,),
             refusal=STAFF_ONLY, next_actors=_author_user, conflict=_("Only a submitted report can be reviewed.")),
        Step("reject", _("Do not adopt"), (PO.SUBMITTED,), PO.REJECTED, roles=(Role.STAFF,),
             refusal=STAFF_ONLY, next_actors=_author_user, conflict=_("Only a submitted report can be reviewed.")),
        Step("instruct", _("Record a leader's instruction"), (PO.SUBMITTED, PO.ADOPTED), roles=(Role.STAFF,),
             refusal=STAFF_ONLY, conflict=_("A leader's instruction is recorded on a submitted or adopted report.")),
        Step("make_topic", _("Make it a candidate topic"), (PO.ADOPTED,), roles=(Role.STAFF,), refusal=STAFF_ONLY,
             guard=_not_made_topic, conflict=_("Only an adopted report can become a candidate topic.")),
    ],
    labels=dict(PO.choices),
    model=PublicOpinion,
    todo_queryset=_public_opinion_todos,
    title=lambda o: o.title,
    api_url=lambda o: pk_url("public-opinion-detail", o.pk),
    context=lambda o: o.author.name,
)

ALL_TABLES = [OPINION_STEPS, PARTICIPATION_STEPS, PUBLIC_OPINION_STEPS]
