"""Members' own steps: each checks the actor and the state against members/steps.py, changes inside one
transaction, records history and tells whoever acts next."""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from chengwu_cppcc.validation import (
    invalid,
    locked,
    optional_text,
    repeated_create,
    require_choice,
    require_date,
    require_staff,
    require_text,
)
from directory.models import Member, MemberGroup, User
from directory.roles import has_role
from history.services import history_record
from notifications.services import ReminderDue, send_reminders
from topics.models import Stance, Topic, TopicOpinion, TopicStatus
from topics.steps import TOPIC_STEPS

from .models import (
    AdoptionLevel,
    AttendanceSource,
    LeaderInstruction,
    Meeting,
    MeetingKind,
    OpinionCategory,
    OpinionRequest,
    Participation,
    PublicOpinion,
    RecordPolicy,
)
from .selectors import meeting_scope, opinion_requests_for, participations_for, public_opinions_for
from .steps import OPINION_STEPS, PARTICIPATION_STEPS, PUBLIC_OPINION_STEPS, member_of


def _require_member(actor) -> Member:
    member = member_of(actor)
    if member is None:
        raise NotAllowed(_("Only a committee member with a member record may do this."))
    return member


# Opinions on candidates (R3) --------------------------------------------------------------------------------


def opinion_request_create(*, actor: User, topic_id: int, group_ids, note: str = "") -> list[OpinionRequest]:
    """Take a candidate to member activity groups: their members are asked for their own opinion (and told once)."""
    if not has_role(actor, *TOPIC_STEPS["feedback"].roles):
        raise NotAllowed(TOPIC_STEPS["feedback"].refusal)
    ids = sorted({int(i) for i in group_ids or () if str(i).isdigit()})
    if not ids:
        raise invalid("groups", _("Select at least one member activity group."))
    groups = list(MemberGroup.objects.filter(pk__in=ids))
    if len(groups) != len(ids):
        raise invalid("groups", _("Select valid member activity groups."))
    note = optional_text(note, "note", max_length=2000)
    with transaction.atomic():
        try:
            topic = Topic.objects.select_for_update(of=("self",)).get(pk=topic_id)
        except (Topic.DoesNotExist, ValueError, TypeError):
            raise NotFound() from None
        TOPIC_STEPS.check("feedback", actor, topic)
        if topic.status != TopicStatus.CANDIDATE:
            raise InvalidState(_("Members are asked only while the topic is a candidate, before the chair meeting."))
        existing = set(OpinionRequest.objects.filter(topic=topic).values_list("member_group_id", flat=True))
        created = [
            OpinionRequest.objects.create(topic=topic, member_group=g, note=note, requested_by=actor)
            for g in groups if g.pk not in existing
        ]
        if not created:
            raise InvalidState(_("These groups have already been asked."))
        history_record(
            subject=topic, actor=actor, action="opinion_requested", topic_id=topic.pk,
            note="、".join(r.member_group.name for r in created),
        )
        remind_opinion_requests(created)
    return created


def remind_opinion_requests(requests) -> int:
    """'Members asked for an opinion': each request told once to its group's members with a login (the ledger)."""
    requests = list(requests)
    if not requests:
        return 0
    content_type_id = ContentType.objects.get_for_model(OpinionRequest).pk
    dues = []
    for request in requests:
        recipients = tuple(
            Member.objects.filter(group_id=request.member_group_id, is_active=True, user__isnull=False)
            .exclude(topic_opinions__topic_id=request.topic_id)
            .values_list("user_id", flat=True)
        )
        if not recipients:
            continue
        dues.append(ReminderDue(
            content_type_id=content_type_id, object_id=request.pk, kind="opinion_requested", period="asked",
            title=_("Your opinion is asked: %(title)s") % {"title": request.topic.title},
            body=_("The candidate topic was taken to %(group)s; give your opinion before the chair meeting.")
            % {"group": request.member_group.name},
            url=reverse("members:opinion-detail", args=[request.pk]), recipient_ids=recipients,
        ))
    return send_reminders(dues) if dues else 0


def member_opinion_give(*, actor: User, request_id: int, stance: str, comment: str = "") -> TopicOpinion:
    """A member's own opinion on a candidate their group was asked about: one per member per topic, editable
    until the chair meeting decides."""
    member = _require_member(actor)
    require_choice(stance, Stance, "stance")
    comment = optional_text(comment, "comment", max_length=2000)
    with transaction.atomic():
        request = opinion_requests_for(actor).filter(pk=request_id).first() if str(request_id).isdigit() else None
        if request is None:
            raise NotFound()
        topic = locked(Topic, request.topic_id)  # serialises two submissions of one member
        request.topic = topic
        OPINION_STEPS.check("give_opinion", actor, request)
        opinion = TopicOpinion.objects.filter(topic=topic, member=member).first()
        if opinion is None:
            opinion = TopicOpinion.objects.create(
                topic=topic, member=member, member_group=request.member_group, stance=stance, comment=comment,
                recorded_by=actor, on_behalf=False,
            )
            action = "member_opinion_given"
        else:
            if (opinion.stance, opinion.comment, opinion.on_behalf) == (stance, comment, False):
                return opinion  # the same form sent twice: nothing to change
            opinion.stance, opinion.comment, opinion.on_behalf = stance, comment, False
            opinion.recorded_by, opinion.updated_at = actor, timezone.now()
            opinion.save(update_fields=["stance", "comment", "on_behalf", "recorded_by", "updated_at"])
            action = "member_opinion_changed"
        history_record(
            subject=topic, actor=actor, action=action, topic_id=topic.pk,
            note=f"{request.member_group.name}·{member.name}：{opinion.get_stance_display()} {comment}".strip(),
        )
    return opinion


# Meetings and activities --------------------------------------------------------------------------------------


def _moment(value, field: str) -> datetime.datetime:
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise invalid(field, _("Enter a valid date and time.")) from None
    if not isinstance(value, datetime.datetime):
        raise invalid(field, _("This field is required."))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def meeting_create(
    *, actor: User, kind: str, title: str, starts_at, ends_at, place: str = "", member_ids=(), group_ids=(),
    research_group_id: int | None = None, activity_kind: str = "",
) -> Meeting:
    """Arrange a meeting or a research activity with its expected participants (staff).

    A research activity is recorded in the research stage too (its group's members are expected), so the group's
    attendance rates keep coming from one set of records."""
    from research.models import ActivityKind, ResearchGroup
    from research.services import activity_record

    require_staff(actor)
    require_choice(kind, MeetingKind, "kind")
    title = require_text(title, "title", max_length=200)
    starts_at, ends_at = _moment(starts_at, "starts_at"), _moment(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise invalid("ends_at", _("The end must be after the start."))
    place = optional_text(place, "place", max_length=200)
    with transaction.atomic():
        activity = None
        if kind == MeetingKind.RESEARCH_ACTIVITY:
            group = ResearchGroup.objects.filter(pk=research_group_id).first() if research_group_id else None
            if group is None:
                raise invalid("research_group", _("A research activity needs its research group."))
            require_choice(activity_kind, ActivityKind, "activity_kind")
            activity = activity_record(
                actor=actor, group_id=group.pk, kind=activity_kind, title=title,
                held_on=timezone.localtime(starts_at).date(), place=place,
                destination=place if activity_kind == ActivityKind.EXTERNAL_VISIT else "",
            )
            members = list(group.memberships.values_list("member_id", flat=True))
        else:
            members = set(Member.objects.filter(pk__in=[int(i) for i in member_ids or ()], is_active=True)
                          .values_list("pk", flat=True))
            members |= set(Member.objects.filter(group_id__in=[int(i) for i in group_ids or ()], is_active=True)
                           .values_list("pk", flat=True))
            members = sorted(members)
        if not members:
            raise invalid("members", _("List the expected participants: members or member activity groups."))
        again = repeated_create(Meeting.objects.all(), created_by=actor, title=title, starts_at=starts_at)
        if again is not None:
            return again
        meeting = Meeting(kind=kind, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
                          activity=activity, created_by=actor)
        while Meeting.objects.filter(signin_code=meeting.signin_code).exists():
            from .models import new_signin_code

            meeting.signin_code = new_signin_code()
        meeting.save()
        Participation.objects.bulk_create(Participation(meeting=meeting, member_id=m) for m in members)
        history_record(subject=meeting, actor=actor, action="meeting_created",
                       note=f"{meeting.get_kind_display()}：{title}", changes={"participants": len(members)})
    return meeting


def _locked_participation(actor, participation_id) -> Participation:
    participation = locked(participations_for(actor), participation_id)
    return Participation.objects.select_related("meeting__activity__group", "member").get(pk=participation.pk)


def participation_confirm(*, actor: User, participation_id: int) -> Participation:
    with transaction.atomic():
        participation = _locked_participation(actor, participation_id)
        PARTICIPATION_STEPS.apply("confirm", participation, actor=actor, action="participation_confirmed")
    return participation


def participation_request_leave(*, actor: User, participation_id: int, reason: str) -> Participation:
    with transaction.atomic():
        participation = _locked_participation(actor, participation_id)
        PARTICIPATION_STEPS.check("request_leave", actor, participation)
        participation.leave_reason = require_text(reason, "reason", _("Give the reason for your leave."),
                                                  max_length=1000)
        participation.decision_note, participation.decided_by = "", None
        PARTICIPATION_STEPS.apply("request_leave", participation, actor=actor, checked=True, action="leave_requested",
                                  fields=["leave_reason", "decision_note", "decided_by"], note=participation.leave_reason)
    return participation


def participation_decide_leave(*, actor: User, participation_id: int, grant: bool, note: str = "") -> Participation:
    step = "grant_leave" if grant else "refuse_leave"
    with transaction.atomic():
        participation = _locked_participation(actor, participation_id)
        PARTICIPATION_STEPS.check(step, actor, participation)
        participation.decision_note = optional_text(note, "note", max_length=1000)
        participation.decided_by = actor
        PARTICIPATION_STEPS.apply(step, participation, actor=actor, checked=True,
                                  action="leave_granted" if grant else "leave_refused",
                                  fields=["decision_note", "decided_by"], note=participation.decision_note)
    return participation


def signin_window(meeting: Meeting) -> tuple[datetime.datetime, datetime.datetime]:
    opens = meeting.starts_at - datetime.timedelta(minutes=RecordPolicy.current().signin_opens_minutes)
    return opens, meeting.ends_at


def _sync_research_attendance(participation: Participation) -> None:
    """A research activity's attendance row follows the participation (research's rates read those rows)."""
    from research.models import Attendance

    activity_id = participation.meeting.activity_id
    if activity_id:
        Attendance.objects.update_or_create(activity_id=activity_id, member_id=participation.member_id,
                                            defaults={"present": bool(participation.attended)})


def participation_sign_in(*, actor: User, code: str) -> Participation:
    """A member enters the code shown at the venue: valid only in the event's window, once per member."""
    member = _require_member(actor)
    code = (code or "").strip().upper().replace(" ", "")
    if not code:
        raise invalid("code", _("Enter the sign-in code shown at the venue."))
    meeting = Meeting.objects.filter(signin_code=code).first()
    if meeting is None:
        raise invalid("code", _("This sign-in code is not valid. Check the code shown at the venue."))
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update(of=("self",)).filter(meeting=meeting, member=member).first()
        )
        if participation is None:
            raise NotAllowed(_("You are not on the list of participants of “%(title)s”.") % {"title": meeting.title})
        participation = Participation.objects.select_related("meeting__activity__group", "member").get(
            pk=participation.pk)
        opens, closes = signin_window(meeting)
        now = timezone.now()
        if now < opens:
            raise InvalidState(_("Sign-in for “%(title)s” opens at %(time)s.") % {
                "title": meeting.title, "time": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M")})
        if now > closes:
            raise InvalidState(_("This sign-in code has expired: “%(title)s” ended at %(time)s.") % {
                "title": meeting.title, "time": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")})
        if participation.attended:
            raise InvalidState(_("You have already signed in to “%(title)s” at %(time)s.") % {
                "title": meeting.title, "time": timezone.localtime(participation.attended_at).strftime("%H:%M")})
        participation.attended, participation.attended_at = True, now
        participation.attendance_source = AttendanceSource.CODE
        participation.save(update_fields=["attended", "attended_at", "attendance_source", "updated_at"])
        _sync_research_attendance(participation)
        history_record(subject=participation, actor=actor, action="signed_in", note=meeting.title)
    return participation


def attendance_record(*, actor: User, meeting_id: int, present_ids=(), spoke_ids=()) -> Meeting:
    """Staff (or the research group's leader) take the attendance: who was there and who spoke."""
    with transaction.atomic():
        meeting = locked(meeting_scope(actor), meeting_id)
        rows = list(meeting.participations.select_related("meeting__activity__group", "member").order_by("id"))
        if not rows:
            raise InvalidState(_("This meeting has no participants."))
        PARTICIPATION_STEPS.check("record_attendance", actor, rows[0])
        if not meeting.has_started:
            raise InvalidState(_("Attendance is taken once the meeting has started."))
        ids = {row.member_id for row in rows}
        present = {int(i) for i in present_ids or ()}
        spoke = {int(i) for i in spoke_ids or ()}
        if not (present | spoke) <= ids:
            raise invalid("present", _("Only listed participants can attend."))
        changed = 0
        for row in rows:
            attended, did_speak = row.member_id in present, row.member_id in spoke
            if row.attended == attended and row.spoke == did_speak:
                continue
            if row.attended != attended:
                row.attended = attended
                row.attended_at = timezone.now() if attended else None
                row.attendance_source = AttendanceSource.STAFF if attended else ""
            row.spoke = did_speak
            row.save(update_fields=["attended", "attended_at", "attendance_source", "spoke", "updated_at"])
            _sync_research_attendance(row)
            changed += 1
        history_record(subject=meeting, actor=actor, action="attendance_recorded",
                       changes={"present": len(present), "spoke": len(spoke), "changed": changed})
    return meeting


# 社情民意信息 -------------------------------------------------------------------------------------------------


def _clean_opinion(title, content, category) -> dict:
    errors = {}
    cleaned = {}
    for field, value, limit in (("title", title, 200), ("content", content, 20000)):
        try:
            cleaned[field] = require_text(value, field, max_length=limit)
        except InvalidInput as error:
            errors.update(error.field_errors)
    if category not in OpinionCategory.values:
        errors["category"] = [_("Select a valid choice.")]
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), field_errors=errors)
    cleaned["category"] = category
    return cleaned


def _attach(opinion: PublicOpinion, upload) -> None:
    from outcomes.services.files import checked_upload

    content, original, mime, _size = checked_upload(upload, "attachment")
    opinion.attachment.save(content.name, content, save=False)
    opinion.attachment_name, opinion.attachment_type = original, mime


def public_opinion_create(*, actor: User, title: str, content: str, category: str, attachment=None) -> PublicOpinion:
    member = _require_member(actor)
    cleaned = _clean_opinion(title, content, category)
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # serialises a member's creates
        again = repeated_create(PublicOpinion.objects.all(), created_by=actor, title=cleaned["title"])
        if again is not None:
            return again
        opinion = PublicOpinion(author=member, created_by=actor, **cleaned)
        if attachment:
            _attach(opinion, attachment)
        opinion.save()
        history_record(subject=opinion, actor=actor, action="po_created", to_state=opinion.status, note=opinion.title)
    return opinion


def _locked_opinion(actor, opinion_id) -> PublicOpinion:
    opinion = locked(public_opinions_for(actor), opinion_id)
    return PublicOpinion.objects.select_related("author").get(pk=opinion.pk)


def public_opinion_update(*, actor: User, opinion_id: int, title: str, content: str, category: str,
                          attachment=None) -> PublicOpinion:
    with transaction.atomic():
        opinion = _locked_opinion(actor, opinion_id)
        PUBLIC_OPINION_STEPS.check("edit", actor, opinion)
        cleaned = _clean_opinion(title, content, category)
        changes = {k: [getattr(opinion, k), v] for k, v in cleaned.items() if getattr(opinion, k) != v}
        for key, value in cleaned.items():
            setattr(opinion, key, value)
        if attachment:
            _attach(opinion, attachment)
            changes["attachment"] = [None, opinion.attachment_name]
        opinion.save()
        if changes:
            history_record(subject=opinion, actor=actor, action="po_edited", changes=changes)
    return opinion


def public_opinion_submit(*, actor: User, opinion_id: int) -> PublicOpinion:
    with transaction.atomic():
        opinion = _locked_opinion(actor, opinion_id)
        PUBLIC_OPINION_STEPS.check("submit", actor, opinion)
        opinion.submitted_at = timezone.now()
        PUBLIC_OPINION_STEPS.apply("submit", opinion, actor=actor, checked=True, fields=["submitted_at"],
                                   action="po_submitted")
    return opinion


def public_opinion_return(*, actor: User, opinion_id: int, comment: str) -> PublicOpinion:
    with transaction.atomic():
        opinion = _locked_opinion(actor, opinion_id)
        PUBLIC_OPINION_STEPS.check("return", actor, opinion)
        opinion.review_comment = require_text(comment, "comment", _("Say what should be revised."), max_length=2000)
        opinion.reviewed_by = actor
        PUBLIC_OPINION_STEPS.apply("return", opinion, actor=actor, checked=True, action="po_returned",
                                   fields=["review_comment", "reviewed_by"], note=opinion.review_comment)
    return opinion


def public_opinion_reject(*, actor: User, opinion_id: int, reason: str) -> PublicOpinion:
    with transaction.atomic():
        opinion = _locked_opinion(actor, opinion_id)
        PUBLIC_OPINION_STEPS.check("reject", actor, opinion)
        opinion.rejection_reason = require_text(reason, "reason", _("Give the reason."), max_length=2000)
        opinion.reviewed_by = actor
        PUBLIC_OPINION_STEPS.apply("reject", opinion, actor=actor, checked=True, action="po_rejected",
                                   fields=["rejection_reason", "reviewed_by"], note=opinion.rejection_reason)
    return opinion


def public_opinion_adopt(*, actor: User, opinion_id: int, level: str, date) -> PublicOpinion:
    with transaction.atomic():
        opinion = _locked_opinion(actor, opinion_id)
        PUBLIC_OPINION_STEPS.check("adopt", actor, opinion)
        require_choice(level, AdoptionLevel, "level")
        opinion.adopted_level = level
        opinion.adopted_on = require_date(date, "date", not_after_today=True)
        opinion.reviewed_by = actor
        PUBLIC_OPINION_STEPS.apply(
            "adopt", opinion, actor=actor, checked=True, action="po_adopted",
            fields=["adopted_level", "adopted_on", "reviewed_by"],
            changes={"level": level, "date": opinion.adopted_on.isoformat()}, note=opinion.get_adopted_level_display(),
        )
    return opinion


def public_opinion_instruct(*, actor: User, opinion_id: int, leader: str, date, text: str) -> LeaderInstruction:
    with transaction.atomic():
        opinion = _locked_opinion(actor, opinion_id)
        PUBLIC_OPINION_STEPS.check("instruct", actor, opinion)
        errors = {}
        values = {}
        for field, value, limit in (("leader", leader, 100), ("text", text, 4000)):
            try:
                values[field] = require_text(value, field, max_length=limit)
            except InvalidInput as error:
                errors.update(error.field_errors)
        try:
            values["date"] = require_date(date, "date", not_after_today=True)
        except InvalidInput as error:
            errors.update(error.field_errors)
        if errors:
            raise InvalidInput(_("Please correct the marked fields."), field_errors=errors)
        instruction = LeaderInstruction.objects.create(
            opinion=opinion, leader=values["leader"], instructed_on=values["date"], text=values["text"],
            recorded_by=actor,
        )
        PUBLIC_OPINION_STEPS.apply("instruct", opinion, actor=actor, checked=True, action="po_instructed",
                                   note=f"{instruction.leader}：{instruction.text}")
    return instruction


def public_opinion_make_topic(*, actor: User, opinion_id: int, plan_id: int, committee_id: int, domain: str,
                              consultation_type: str, title: str = "", vice_chair_id: int | None = None) -> Topic:
    """An adopted report becomes the origin of a candidate topic (R2), linked both ways."""
    from topics.models import Origin, Source
    from topics.services import topic_create

    require_staff(actor)
    with transaction.atomic():
        opinion = _locked_opinion(actor, opinion_id)
        PUBLIC_OPINION_STEPS.check("make_topic", actor, opinion)
        topic = topic_create(
            actor=actor, plan_id=plan_id, source=Source.SPECIAL_COMMITTEE, title=(title or opinion.title).strip(),
            origin=Origin.PUBLIC_OPINION, origin_reference=_("Public-opinion report “%(title)s” by %(member)s") % {
                "title": opinion.title, "member": opinion.author.name},
            domain=domain, consultation_type=consultation_type, committee=committee_id, vice_chair=vice_chair_id,
            rationale=opinion.content,
        )
        opinion.topic = topic
        PUBLIC_OPINION_STEPS.apply("make_topic", opinion, actor=actor, checked=True, fields=["topic"],
                                   action="po_made_topic", note=topic.title)
    return topic
