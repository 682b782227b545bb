"""Reminder sweep for members (each sent once through the ledger): opinions asked, participants who have not
confirmed 2 working days before, and — in the last quarter — members below the pass line (to staff)."""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Member, User
from directory.roles import Role
from notifications.services import ReminderDue, send_reminders
from topics.models import TopicStatus
from workdays.services import add_working_days

from .models import OpinionRequest, Participation, ParticipationStatus
from .records import records_for_year
from .services import remind_opinion_requests

CONFIRM_DAYS_BEFORE = 2
LAST_QUARTER_FROM_MONTH = 10


def _unconfirmed_dues(today: datetime.date) -> list[ReminderDue]:
    until = add_working_days(today, CONFIRM_DAYS_BEFORE)
    tz = timezone.get_current_timezone()
    rows = Participation.objects.filter(
        status=ParticipationStatus.INVITED, member__user__isnull=False, meeting__starts_at__gte=timezone.now(),
        meeting__starts_at__lt=datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time(), tz),
    ).select_related("meeting", "member")
    rows = list(rows)
    if not rows:
        return []
    content_type_id = ContentType.objects.get_for_model(Participation).pk
    return [
        ReminderDue(
            content_type_id=content_type_id, object_id=p.pk, kind="participation_unconfirmed",
            period=timezone.localtime(p.meeting.starts_at).date().isoformat(),
            title=_("Please confirm: %(title)s") % {"title": p.meeting.title},
            body=_("%(title)s starts at %(time)s. Confirm that you will attend, or ask for leave.") % {
                "title": p.meeting.title, "time": timezone.localtime(p.meeting.starts_at).strftime("%Y-%m-%d %H:%M")},
            url=p.get_absolute_url(), recipient_ids=(p.member.user_id,),
        )
        for p in rows
    ]


def _digest(dues):
    return ("record_below_pass_line", _("%(count)s members are below the pass line") % {"count": len(dues)},
            "；".join(d.title for d in dues[:20]), reverse("members:record-ranking"))


def _below_pass_line_dues(today: datetime.date) -> list[ReminderDue]:
    # The records are read every day (a handful of queries, the same in every month), told only in the last quarter.
    records = [r for r in records_for_year(today.year) if r.below_pass_line]
    staff = tuple(User.objects.filter(role_grants__role=Role.STAFF, is_active=True).values_list("pk", flat=True))
    if today.month < LAST_QUARTER_FROM_MONTH or not staff:
        return []
    content_type_id = ContentType.objects.get_for_model(Member).pk
    return [
        ReminderDue(
            content_type_id=content_type_id, object_id=r.member.pk, kind="record_below_pass_line",
            period=str(today.year),
            title=_("%(member)s is below the pass line (%(points)s points in %(year)s)") % {
                "member": r.member.name, "points": r.points, "year": today.year},
            body=_("The yearly record of %(member)s is below the pass line in the last quarter.") % {
                "member": r.member.name},
            url=reverse("members:record-member", args=[r.member.pk]) + f"?year={today.year}",
            recipient_ids=staff, digest=_digest,
        )
        for r in records
    ]


def sweep_members(*, today, policy) -> int:
    open_requests = OpinionRequest.objects.filter(topic__status=TopicStatus.CANDIDATE).select_related(
        "topic", "member_group")
    sent = remind_opinion_requests(list(open_requests))
    dues = _unconfirmed_dues(today) + _below_pass_line_dues(today)
    return sent + (send_reminders(dues) if dues else 0)
