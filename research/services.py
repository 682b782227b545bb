"""Writes and workflow steps of the research stage (R4–R7); pages, API, admin and demo all call these."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed
from chengwu_cppcc.validation import (
    invalid,
    locked,
    optional_date,
    optional_text,
    require_choice,
    require_date,
    require_int,
    require_staff,
    require_text,
)
from directory.models import Member, User
from directory.roles import Role, has_role
from directory.selectors import users_with_role
from history.services import history_record
from topics.models import Topic, TopicStatus

from .models import (
    Activity,
    ActivityKind,
    Attendance,
    GroupMembership,
    GroupStatus,
    Milestone,
    MilestoneKind,
    Report,
    ReportSuggestion,
    ResearchGroup,
    VisitFinding,
)
from .selectors import can_read
from .steps import ADVANCE_STEPS, EDITORS_ONLY, GROUP_STEPS, REPORT_STEPS, is_editor

# Committee staff or a vice-chair answer for a milestone (and receive its reminders).
MILESTONE_OWNER_ROLES = (Role.STAFF, Role.VICE_CHAIR)
SCORE_FIELDS = {
    "scientific": "score_scientific",
    "forward_looking": "score_forward_looking",
    "feasible": "score_feasible",
}


# Checks shared by the steps --------------------------------------------------------------------


def _require_reader(actor: User) -> None:
    if not can_read(actor):
        raise NotAllowed()


def _ids(values, field: str) -> list[int]:
    try:
        return sorted({int(v) for v in (values or [])})
    except (TypeError, ValueError):
        raise invalid(field, _("Enter a list of valid ids.")) from None


def _reader_group(actor: User, group_id) -> ResearchGroup:
    _require_reader(actor)
    return locked(ResearchGroup, group_id)


# Groups -----------------------------------------------------------------------------------------


def group_form(
    *,
    actor: User,
    topic_id: int,
    leader_id: int | None = None,
    member_ids=(),
    formed_on=None,
    notes: str = "",
    responsibilities: dict | None = None,
) -> ResearchGroup:
    """一课题一个调研组: form the one group of an adopted topic, led by a vice-chair (R4)."""
    require_staff(actor)
    formed_on = optional_date(formed_on, "formed_on") or timezone.localdate()
    member_ids = _ids(member_ids, "members")
    members = list(Member.objects.filter(pk__in=member_ids, is_active=True))
    if len(members) != len(member_ids):
        raise invalid("members", _("Select valid, active members."))
    if topic_id in (None, ""):
        raise invalid("topic", _("This field is required."))
    responsibilities = {str(k): v for k, v in (responsibilities or {}).items()}
    try:
        with transaction.atomic():
            # Lock the topic: a second request for the same topic waits here, then sees the group.
            try:
                topic = Topic.objects.select_for_update().get(pk=topic_id)
            except (Topic.DoesNotExist, ValueError, TypeError):
                raise invalid("topic", _("Select a valid topic.")) from None
            if topic.status != TopicStatus.ADOPTED:
                raise InvalidState(_("A research group can only be formed for an adopted topic."))
            if ResearchGroup.objects.filter(topic=topic).exists():
                raise InvalidState(_("This topic already has its research group."))
            leader_id = leader_id or topic.vice_chair_id
            leader = User.objects.filter(pk=leader_id, is_active=True).first() if leader_id else None
            if leader is None or not has_role(leader, Role.VICE_CHAIR):
                raise invalid("leader", _("The group leader must be a vice-chair."))
            group = ResearchGroup.objects.create(
                topic=topic, leader=leader, formed_on=formed_on, notes=optional_text(notes, "notes"), created_by=actor
            )
            GroupMembership.objects.bulk_create(
                GroupMembership(
                    group=group, member=m, joined_on=formed_on,
                    responsibility=(responsibilities.get(str(m.pk)) or "").strip()[:200],
                )
                for m in members
            )
            history_record(
                subject=group, actor=actor, action="group_formed", to_state=group.status,
                changes={"leader": leader.display_name, "members": [m.name for m in members]},
                topic_id=topic.pk,
            )
    except IntegrityError:
        # The one-to-one constraint is the last word when the topic lock was not enough.
        raise InvalidState(_("This topic already has its research group.")) from None
    return group


def group_advance(*, actor: User, group_id: int, to_state: str, note: str = "") -> ResearchGroup:
    """Move the group along forming → studying → researching → reporting; approved → closed (the `advance:` steps)."""
    require_choice(to_state, GroupStatus, "to_state")
    note = optional_text(note, "note")
    with transaction.atomic():
        group = _reader_group(actor, group_id)
        name = ADVANCE_STEPS.get(to_state)
        if name is None:
            if not is_editor(actor, group):
                raise NotAllowed(EDITORS_ONLY)
            raise InvalidState(
                _("A group cannot be moved to “%(state)s” by hand; it is approved by approving its report.")
                % {"state": GroupStatus(to_state).label}
            )
        GROUP_STEPS.apply(name, group, actor=actor, action="group_status_changed", note=note)
    return group


def group_add_member(*, actor: User, group_id: int, member_id: int, responsibility: str = "") -> GroupMembership:
    responsibility = optional_text(responsibility, "responsibility", max_length=200)
    with transaction.atomic():
        group = _reader_group(actor, group_id)
        GROUP_STEPS.check("add_member", actor, group)
        member = Member.objects.filter(pk=member_id, is_active=True).first() if str(member_id).isdigit() else None
        if member is None:
            raise invalid("member", _("Select a valid, active member."))
        if group.memberships.filter(member=member).exists():
            raise invalid("member", _("This member is already in the group."))
        membership = GroupMembership.objects.create(
            group=group, member=member, responsibility=responsibility, joined_on=timezone.localdate()
        )
        history_record(
            subject=group, actor=actor, action="member_added", note=f"{member.name} {responsibility}".strip(),
            topic_id=group.topic_id,
        )
    return membership


# The responsibility plan ------------------------------------------------------------------------


def milestone_create(
    *, actor: User, group_id: int, kind: str, due_on, title: str = "", owner_id: int | None = None
) -> Milestone:
    """A dated commitment of the annual responsibility system (年度调研工作责任制)."""
    require_choice(kind, MilestoneKind, "kind")
    due_on = require_date(due_on, "due_on")
    title = optional_text(title, "title", max_length=200) or str(MilestoneKind(kind).label)
    with transaction.atomic():
        group = _reader_group(actor, group_id)
        GROUP_STEPS.check("add_milestone", actor, group)
        owner = group.leader
        if owner_id not in (None, ""):
            owners = users_with_role(*MILESTONE_OWNER_ROLES)
            owner = owners.filter(pk=owner_id).first() if str(owner_id).isdigit() else None
            if owner is None:
                raise invalid("owner", _("Select a valid person."))
        milestone = Milestone.objects.create(group=group, kind=kind, title=title, due_on=due_on, owner=owner)
        history_record(
            subject=group, actor=actor, action="milestone_created",
            note=f"{title} · {due_on.isoformat()} · {owner.display_name}", topic_id=group.topic_id,
        )
    return milestone


def milestone_complete(*, actor: User, milestone_id: int, done_on=None) -> Milestone:
    done_on = optional_date(done_on, "done_on") or timezone.localdate()
    if done_on > timezone.localdate():
        raise invalid("done_on", _("A milestone cannot be done in the future."))
    with transaction.atomic():
        _require_reader(actor)
        milestone = locked(Milestone, milestone_id)
        group = milestone.group
        GROUP_STEPS.check("complete_milestone", actor, group)
        if milestone.done_on is not None:
            raise InvalidState(_("This milestone is already done."))
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        history_record(
            subject=milestone, actor=actor, action="milestone_done", note=milestone.title,
            changes={"done_on": done_on.isoformat(), "due_on": milestone.due_on.isoformat()},
            topic_id=group.topic_id,
        )
    return milestone


def _complete_milestones_of_kind(group: ResearchGroup, kind: str, actor: User) -> None:
    today = timezone.localdate()
    for milestone in group.milestones.select_for_update().filter(kind=kind, done_on__isnull=True):
        milestone.done_on = today
        milestone.save(update_fields=["done_on"])
        history_record(
            subject=milestone, actor=actor, action="milestone_done", note=milestone.title,
            changes={"done_on": today.isoformat(), "due_on": milestone.due_on.isoformat()},
            topic_id=group.topic_id,
        )


# Activities ------------------------------------------------------------------------------------


def _clean_findings(findings) -> list[dict]:
    cleaned = []
    for index, finding in enumerate(findings or []):
        title = (finding.get("title") or "").strip() if isinstance(finding, dict) else ""
        if not title:
            raise InvalidInput(
                _("Each finding needs a title."), field_errors={"findings": [_("Finding %(n)s needs a title.") % {"n": index + 1}]}
            )
        if len(title) > 200:
            raise invalid("findings", _("At most %(count)d characters.") % {"count": 200})
        cleaned.append({"title": title, "description": (finding.get("description") or "").strip()})
    return cleaned


def activity_record(
    *,
    actor: User,
    group_id: int,
    kind: str,
    title: str,
    held_on,
    ends_on=None,
    place: str = "",
    content: str = "",
    destination: str = "",
    hosts: str = "",
    present_member_ids=(),
    findings=(),
) -> Activity:
    """Record a lecture, study session, frontline visit (R5) or external study visit with findings (R6).

    Every group member gets an attendance row: present if listed, absent otherwise, so
    each member's attendance rate is exact.
    """
    require_choice(kind, ActivityKind, "kind")
    title = require_text(title, "title", max_length=200)
    held_on = require_date(held_on, "held_on")
    ends_on = optional_date(ends_on, "ends_on")
    if ends_on and ends_on < held_on:
        raise invalid("ends_on", _("The end date cannot be before the start date."))
    destination = optional_text(destination, "destination", max_length=100)
    hosts = optional_text(hosts, "hosts", max_length=200)
    place = optional_text(place, "place", max_length=200)
    is_visit = kind == ActivityKind.EXTERNAL_VISIT
    if is_visit and not destination:
        raise invalid("destination", _("An external study visit needs its destination county or city."))
    findings = _clean_findings(findings)
    if findings and not is_visit:
        raise invalid("findings", _("Only an external study visit records findings."))
    present_ids = set(_ids(present_member_ids, "present_members"))
    with transaction.atomic():
        group = _reader_group(actor, group_id)
        GROUP_STEPS.check("record_activity", actor, group)
        member_ids = set(group.memberships.values_list("member_id", flat=True))
        if not present_ids <= member_ids:
            raise invalid("present_members", _("Only members of the group can attend its activities."))
        activity = Activity.objects.create(
            group=group, kind=kind, title=title, held_on=held_on, ends_on=ends_on, place=place,
            content=(content or "").strip(), destination=destination if is_visit else "",
            hosts=hosts, created_by=actor,
        )
        Attendance.objects.bulk_create(
            Attendance(activity=activity, member_id=mid, present=mid in present_ids) for mid in sorted(member_ids)
        )
        VisitFinding.objects.bulk_create(VisitFinding(activity=activity, **f) for f in findings)
        history_record(
            subject=activity, actor=actor, action="activity_recorded",
            note=f"{activity.get_kind_display()}：{title}",
            changes={"held_on": held_on.isoformat(), "present": len(present_ids), "members": len(member_ids)},
            topic_id=group.topic_id,
        )
    return activity


def activity_add_finding(*, actor: User, activity_id: int, title: str, description: str = "") -> VisitFinding:
    """Add an innovation or practice seen on an external visit."""
    (cleaned,) = _clean_findings([{"title": title, "description": description}])
    with transaction.atomic():
        _require_reader(actor)
        activity = locked(Activity, activity_id)
        group = activity.group
        GROUP_STEPS.check("add_finding", actor, group)
        if activity.kind != ActivityKind.EXTERNAL_VISIT:
            raise InvalidState(_("Only an external study visit records findings."))
        finding = VisitFinding.objects.create(activity=activity, **cleaned)
        history_record(
            subject=activity, actor=actor, action="finding_added", note=finding.title, topic_id=group.topic_id
        )
    return finding


# Reports ---------------------------------------------------------------------------------------


def _clean_suggestions(group: ResearchGroup, suggestions) -> list[dict]:
    """Number the suggestions 1..n; a cited finding must come from this group's own visits."""
    cleaned = []
    finding_ids = set()
    for index, item in enumerate(suggestions or []):
        if not isinstance(item, dict):
            raise invalid("suggestions", _("Enter a list of suggestions."))
        title = (item.get("title") or "").strip()
        content = (item.get("content") or "").strip()
        if not title or not content:
            raise InvalidInput(
                _("Each suggestion needs a title and content."),
                field_errors={"suggestions": [_("Suggestion %(n)s needs a title and content.") % {"n": index + 1}]},
            )
        if len(title) > 200:
            raise invalid("suggestions", _("At most %(count)d characters.") % {"count": 200})
        finding_id = item.get("finding") or item.get("finding_id") or None
        if finding_id is not None:
            try:
                finding_id = int(finding_id)
            except (TypeError, ValueError):
                raise invalid("suggestions", _("Select a valid visit finding.")) from None
            finding_ids.add(finding_id)
        cleaned.append({"number": index + 1, "title": title, "content": content, "finding_id": finding_id})
    if finding_ids:
        own = set(VisitFinding.objects.filter(pk__in=finding_ids, activity__group=group).values_list("pk", flat=True))
        if own != finding_ids:
            raise invalid("suggestions", _("A suggestion can only cite a finding of this group's visits."))
    return cleaned


def _write_suggestions(report: Report, suggestions: list[dict]) -> None:
    """Update suggestions in place by number (ids stay stable), add new ones, drop the surplus."""
    existing = {s.number: s for s in report.suggestions.all()}
    for item in suggestions:
        current = existing.pop(item["number"], None)
        if current is None:
            ReportSuggestion.objects.create(report=report, **item)
            continue
        changed = [f for f in ("title", "content", "finding_id") if getattr(current, f) != item[f]]
        if changed:
            for field in changed:
                setattr(current, field, item[field])
            current.save(update_fields=changed)
    if existing:
        ReportSuggestion.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()


def report_create_draft(*, actor: User, group_id: int, title: str, body: str, suggestions=()) -> Report:
    """Start the group's report: version 1, or the next version after a withdrawn draft (a return starts its own)."""
    title = require_text(title, "title", max_length=200)
    body = require_text(body, "body")
    with transaction.atomic():
        group = _reader_group(actor, group_id)
        GROUP_STEPS.check("create_report", actor, group)
        cleaned = _clean_suggestions(group, suggestions)
        latest = group.reports.order_by("-version").first()
        version = latest.version + 1 if latest else 1
        report = Report.objects.create(
            group=group, version=version, previous=latest, title=title, body=body, created_by=actor
        )
        _write_suggestions(report, cleaned)
        history_record(
            subject=report, actor=actor, action="report_drafted", to_state=report.status,
            changes={"version": version, "suggestions": len(cleaned), **({"previous": latest.pk} if latest else {})},
            topic_id=group.topic_id,
        )
    return report


def _locked_report(actor: User, report_id) -> Report:
    _require_reader(actor)
    report = locked(Report, report_id)
    # Lock the group too, so a status move of the group and a review never interleave.
    report.group = ResearchGroup.objects.select_for_update().get(pk=report.group_id)
    return report


def report_update(
    *, actor: User, report_id: int, title=None, body=None, suggestions=None, submit: bool = False
) -> Report:
    """Edit a draft; `suggestions`, when given, replaces the itemised list.

    With `submit`, the edited draft is also submitted, in the same transaction: if the submission is refused,
    the edit is not kept either.
    """
    with transaction.atomic():
        report = _locked_report(actor, report_id)
        group = report.group
        REPORT_STEPS.check("edit", actor, report)
        fields = []
        if title is not None:
            report.title = require_text(title, "title", max_length=200)
            fields.append("title")
        if body is not None:
            report.body = require_text(body, "body")
            fields.append("body")
        if fields:
            report.save(update_fields=fields)
        changes = {"fields": fields + (["suggestions"] if suggestions is not None else [])}
        if suggestions is not None:
            # The draft's itemised list is replaced (surplus rows go): the history keeps the list before and after.
            cleaned = _clean_suggestions(group, suggestions)
            before = [f"{s.number}. {s.title}" for s in report.suggestions.order_by("number")]
            _write_suggestions(report, cleaned)
            after = [f"{s['number']}. {s['title']}" for s in cleaned]
            if before != after:
                changes["suggestions"] = [before, after]
        REPORT_STEPS.apply("edit", report, actor=actor, action="report_edited", changes=changes, checked=True)
        if submit:
            report = report_submit(actor=actor, report_id=report.pk)
    return report


def report_submit(*, actor: User, report_id: int) -> Report:
    """Submit a draft to the leading vice-chair (who is told); the group moves to `reporting`."""
    with transaction.atomic():
        report = _locked_report(actor, report_id)
        group = report.group
        REPORT_STEPS.check("submit", actor, report)
        if not report.suggestions.exists():
            raise invalid("suggestions", _("A report needs at least one itemised suggestion before it is submitted."))
        report.submitted_at = timezone.now()
        REPORT_STEPS.apply(
            "submit", report, actor=actor, fields=["submitted_at"], action="report_submitted",
            changes={"version": report.version}, checked=True,
        )
        if group.status != GroupStatus.REPORTING:
            GROUP_STEPS.move(group, GroupStatus.REPORTING, actor=actor, action="group_status_changed")
        _complete_milestones_of_kind(group, MilestoneKind.REPORT_DRAFT, actor)
    return report


def report_withdraw(*, actor: User, report_id: int, reason: str = "") -> Report:
    """Withdraw a draft nobody will submit: it is kept, with its history, and a new version may be drafted."""
    reason = optional_text(reason, "reason")
    with transaction.atomic():
        report = _locked_report(actor, report_id)
        REPORT_STEPS.apply(
            "withdraw", report, actor=actor, action="report_withdrawn", note=reason,
            changes={"version": report.version},
        )
    return report


def _score(value, field: str, *, partial: bool):
    if partial and value in (None, ""):
        return None
    return require_int(value, field, minimum=1, maximum=5)


def report_rate_suggestion(
    *, actor: User, suggestion_id: int, scientific, forward_looking, feasible, partial: bool = False
) -> ReportSuggestion:
    """The reviewer rates a suggestion on 科学性、前瞻性、可行性 (R7), 1–5 each.

    With `partial`, a score may be left empty (a row being rated; approval will ask for it).
    """
    scores = {
        "scientific": _score(scientific, "scientific", partial=partial),
        "forward_looking": _score(forward_looking, "forward_looking", partial=partial),
        "feasible": _score(feasible, "feasible", partial=partial),
    }
    with transaction.atomic():
        _require_reader(actor)
        suggestion = locked(ReportSuggestion, suggestion_id)
        report = _locked_report(actor, suggestion.report_id)
        REPORT_STEPS.check("rate", actor, report)
        for key, value in scores.items():
            setattr(suggestion, SCORE_FIELDS[key], value)
        suggestion.save(update_fields=list(SCORE_FIELDS.values()))
        REPORT_STEPS.apply(
            "rate", report, actor=actor, action="suggestion_rated", note=str(suggestion),
            changes={"suggestion": suggestion.number, **scores}, checked=True,
        )
    return suggestion


def score_label(axis: str) -> str:
    return str(ReportSuggestion._meta.get_field(SCORE_FIELDS[axis]).verbose_name)


def missing_scores(rows) -> list[tuple[int, list[str]]]:
    """(number, [axes]) of each suggestion that lacks a score; `rows` are (number, {axis: score})."""
    out = []
    for number, values in rows:
        missing = [axis for axis in SCORE_FIELDS if values.get(axis) in (None, "")]
        if missing:
            out.append((number, missing))
    return out


def missing_scores_lines(missing) -> list[str]:
    """One readable line per suggestion that lacks scores: which suggestion, which scores."""
    return [
        _("Suggestion %(number)s lacks: %(scores)s.")
        % {"number": number, "scores": "、".join(score_label(axis) for axis in axes)}
        for number, axes in missing
    ]


def missing_scores_message(missing) -> str:
    return _("Rate every suggestion before approving. %(details)s") % {"details": " ".join(missing_scores_lines(missing))}


def report_approve(*, actor: User, report_id: int, comments: str = "") -> Report:
    """The leading vice-chair approves; every suggestion must be rated first; the group is approved, staff told."""
    comments = optional_text(comments, "comments")
    with transaction.atomic():
        report = _locked_report(actor, report_id)
        group = report.group
        REPORT_STEPS.check("approve", actor, report)
        missing = missing_scores(
            (s.number, {axis: getattr(s, field) for axis, field in SCORE_FIELDS.items()})
            for s in report.suggestions.order_by("number")
        )
        if missing:
            raise InvalidState(missing_scores_message(missing), field_errors={"ratings": missing_scores_lines(missing)})
        report.reviewer = actor
        report.reviewed_at = timezone.now()
        report.review_comments = comments
        REPORT_STEPS.apply(
            "approve", report, actor=actor, fields=["reviewer", "reviewed_at", "review_comments"],
            action="report_approved", note=comments, changes={"version": report.version}, checked=True,
        )
        GROUP_STEPS.follow("report_approved", group, actor=actor, action="group_status_changed")
        _complete_milestones_of_kind(group, MilestoneKind.REPORT_APPROVED, actor)
    return report


REVIEW_DECISIONS = ("rate", "approve", "return")


def report_review(*, actor: User, report_id: int, ratings=(), decision: str = "rate", comments: str = "") -> Report:
    """The leading vice-chair's review as one step: rate this report's suggestions (each rating a dict with
    `suggestion` id, `scientific`, `forward_looking`, `feasible`; a score may be left empty while rating), then,
    if decided, approve (every score given) or return (whatever is rated). Ratings and decision are kept
    together or not at all."""
    with transaction.atomic():
        report = _locked_report(actor, report_id)
        REPORT_STEPS.check("rate", actor, report)
        if decision not in REVIEW_DECISIONS:
            raise invalid("decision", _("Select a valid choice."))
        own = set(report.suggestions.values_list("pk", flat=True))
        for rating in ratings:
            if rating["suggestion"] not in own:
                raise invalid("ratings", _("Rate only the suggestions of this report."))
            report_rate_suggestion(
                actor=actor, suggestion_id=rating["suggestion"], scientific=rating.get("scientific"),
                forward_looking=rating.get("forward_looking"), feasible=rating.get("feasible"), partial=True,
            )
        if decision == "approve":
            report = report_approve(actor=actor, report_id=report.pk, comments=comments)
        elif decision == "return":
            report = report_return(actor=actor, report_id=report.pk, comments=comments)
    return report


def report_return(*, actor: User, report_id: int, comments: str) -> Report:
    """Return with comments; the next version starts as a draft copied from this one; staff are told."""
    comments = require_text(comments, "comments")
    with transaction.atomic():
        report = _locked_report(actor, report_id)
        group = report.group
        REPORT_STEPS.check("return", actor, report)
        report.reviewer = actor
        report.reviewed_at = timezone.now()
        report.review_comments = comments
        following = Report.objects.create(
            group=group, version=report.version + 1, previous=report, title=report.title, body=report.body,
            created_by=actor,
        )
        ReportSuggestion.objects.bulk_create(
            ReportSuggestion(report=following, number=s.number, title=s.title, content=s.content, finding_id=s.finding_id)
            for s in report.suggestions.all()
        )
        REPORT_STEPS.apply(
            "return", report, actor=actor, fields=["reviewer", "reviewed_at", "review_comments"],
            action="report_returned", note=comments,
            changes={"version": report.version, "next_version": following.version}, checked=True,
        )
        history_record(
            subject=following, actor=actor, action="report_drafted", to_state=following.status,
            changes={"version": following.version, "previous": report.pk}, topic_id=group.topic_id,
        )
    return report
