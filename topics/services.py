"""Writes and workflow steps of topic selection; views, API and admin actions all call these."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from chengwu_cppcc.validation import (
    locked,
    repeated_create,
    require_choice,
    require_date,
    require_date_in_years,
    require_int,
    require_staff,
    require_text,
)
from directory.models import MemberGroup, SpecialCommittee, User
from directory.roles import Role, has_role
from history.services import history_record

from .models import (
    ConsultationType,
    Domain,
    Origin,
    Plan,
    PlanAmendment,
    Source,
    Stance,
    Topic,
    TopicOpinion,
    TopicStatus,
    Track,
    track_for_source,
)
from .steps import PLAN_STEPS, SCREENING, TOPIC_STEPS

# Which steps exist, from which states, for whom and under which guard: topics/steps.py.
PLAN_AMENDABLE_FIELDS = ("title", "party_quota", "annual_quota", "candidate_target", "notes")
# The plan's numbers (forms and API take their bounds from here).
QUOTA_RANGES = {"party_quota": (0, 50), "annual_quota": (1, 100), "candidate_target": (1, 200)}


def quota_bounds(field: str) -> dict:
    """min_value/max_value of a plan number, for a form or serializer field."""
    low, high = QUOTA_RANGES[field]
    return {"min_value": low, "max_value": high}
TOPIC_EDITABLE_FIELDS = (
    "title",
    "origin",
    "origin_reference",
    "domain",
    "consultation_type",
    "committee",
    "vice_chair",
    "rationale",
)


def may_take(actor: User, step: str, topic: Topic) -> bool:
    """Whether the actor's role allows `step` on `topic` (whether its state does is the step's own check: 409)."""
    return TOPIC_STEPS[step].permits(actor, topic)


def _require(step: str, actor: User, topic: Topic) -> None:
    """403 before anything else for a role that may never take the step on this topic."""
    if not may_take(actor, step, topic):
        raise NotAllowed(TOPIC_STEPS[step].refusal)


# Plans ---------------------------------------------------------------------------------------


def _check_quotas(values: dict) -> None:
    for field, (low, high) in QUOTA_RANGES.items():
        if field in values:
            values[field] = require_int(values[field], field, minimum=low, maximum=high)


def plan_create(*, actor: User, year: int, title: str = "", **quotas) -> Plan:
    require_staff(actor)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput(_("Enter a year between 2000 and 2100."), field_errors={"year": [_("Invalid year.")]})
    _check_quotas(quotas)
    with transaction.atomic():
        if Plan.objects.filter(year=year).exists():
            message = _("A plan for %(year)s already exists.") % {"year": year}
            raise InvalidInput(message, field_errors={"year": [message]})
        plan = Plan.objects.create(
            year=year,
            title=title.strip() or _("%(year)s annual consultation plan") % {"year": year},
            **{k: v for k, v in quotas.items() if k in PLAN_AMENDABLE_FIELDS},
        )
        history_record(subject=plan, actor=actor, action="plan_created", to_state=plan.status)
    return plan


def plan_adopt(*, actor: User, plan_id: int, adopted_on) -> Plan:
    """The standing committee adopts the plan: the annual quota must be filled exactly."""
    require_staff(actor)
    adopted_on = require_date(adopted_on, "adopted_on")
    with transaction.atomic():
        plan = locked(Plan, plan_id)
        PLAN_STEPS.check("adopt", actor, plan)
        counts = plan.topics.filter(status=TopicStatus.ADOPTED).aggregate(
            annual=Count("id", filter=Q(track=Track.ANNUAL)),
            party=Count("id", filter=Q(track=Track.PARTY_GOVERNMENT)),
        )
        if counts["annual"] != plan.annual_quota:
            raise InvalidState(
                _("The plan needs exactly %(quota)s adopted annual topics; it has %(count)s.")
                % {"quota": plan.annual_quota, "count": counts["annual"]}
            )
        # Candidates the standing committee did not take are closed, not left hanging.
        leftovers = list(
            plan.topics.select_for_update().filter(
                track=Track.ANNUAL, status__in=SCREENING
            )
        )
        reason = _("Not included in the adopted annual plan.")
        for topic in leftovers:
            topic.rejection_reason = reason
            TOPIC_STEPS.move(topic, TopicStatus.REJECTED, actor=actor, action="rejected", note=reason,
                             fields=["rejection_reason"])
        plan.adopted_on = adopted_on
        plan.adopted_by = actor
        PLAN_STEPS.apply(
            "adopt", plan, actor=actor, fields=["adopted_on", "adopted_by"], action="plan_adopted", checked=True,
            changes={"adopted_on": adopted_on.isoformat(), "closed_candidates": [t.pk for t in leftovers]},
        )
    return plan


def plan_update(*, actor: User, plan_id: int, reason: str = "", **changes) -> Plan:
    """Edit a draft plan freely; an adopted plan only through an amendment with a reason."""
    require_staff(actor)
    unknown = set(changes) - set(PLAN_AMENDABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    _check_quotas(changes)
    with transaction.atomic():
        plan = locked(Plan, plan_id)
        if plan.is_locked:
            reason = require_text(reason, "reason", _("An adopted plan can only be amended with a reason."))
        before = {field: getattr(plan, field) for field in changes}
        diff = {f: [before[f], v] for f, v in changes.items() if before[f] != v}
        if not diff:
            return plan
        adopted = plan.topics.filter(status=TopicStatus.ADOPTED)
        for field, track in (("annual_quota", Track.ANNUAL), ("party_quota", Track.PARTY_GOVERNMENT)):
            if field in diff and adopted.filter(track=track).count() > diff[field][1]:
                message = _("The quota cannot be lower than the topics already adopted.")
                raise InvalidInput(message, field_errors={field: [message]})
        for field, (_old, new) in diff.items():
            setattr(plan, field, new)
        plan.save(update_fields=list(diff))
        if plan.is_locked:
            PlanAmendment.objects.create(plan=plan, reason=reason, changes=diff, actor=actor)
        history_record(
            subject=plan, actor=actor, action="plan_amended" if plan.is_locked else "plan_updated",
            note=reason, changes=diff,
        )
    return plan


# Topics --------------------------------------------------------------------------------------


def _clean_topic_data(data: dict) -> dict:
    errors = {}
    cleaned = {}
    for field, choices in (
        ("origin", Origin),
        ("domain", Domain),
        ("consultation_type", ConsultationType),
    ):
        if field in data:
            if data[field] not in choices.values:
                errors[field] = [_("Select a valid choice.")]
            cleaned[field] = data[field]
    for field in ("title", "rationale"):
        if field in data:
            value = (data[field] or "").strip()
            if not value:
                errors[field] = [_("This field is required.")]
            elif field == "title" and len(value) > 200:
                errors[field] = [_("At most 200 characters.")]
            cleaned[field] = value
    if "origin_reference" in data:
        cleaned["origin_reference"] = (data["origin_reference"] or "").strip()[:300]
    if "committee" in data:
        committee = data["committee"]
        if committee is not None and not isinstance(committee, SpecialCommittee):
            committee = SpecialCommittee.objects.filter(pk=committee).first()
            if committee is None:
                errors["committee"] = [_("Select a valid special committee.")]
        cleaned["committee"] = committee
    if "vice_chair" in data:
        vice_chair = data["vice_chair"]
        if vice_chair is not None and not isinstance(vice_chair, User):
            vice_chair = User.objects.filter(pk=vice_chair).first()
        if vice_chair is not None and not has_role(vice_chair, Role.VICE_CHAIR):
            errors["vice_chair"] = [_("The vice-chair in charge must hold the vice-chair role.")]
        cleaned["vice_chair"] = vice_chair
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), field_errors=errors)
    return cleaned


def topic_create(*, actor: User, plan_id: int, source: str, **data) -> Topic:
    """Draft a candidate (R2) or record a party/government topic (R1)."""
    require_staff(actor)
    require_choice(source, Source, "source")
    required = {"title", "origin", "domain", "consultation_type", "rationale"}
    missing = sorted(f for f in required if not data.get(f))
    if missing:
        raise InvalidInput(
            _("Please correct the marked fields."),
            field_errors={f: [_("This field is required.")] for f in missing},
        )
    cleaned = _clean_topic_data({k: v for k, v in data.items() if k in TOPIC_EDITABLE_FIELDS})
    track = track_for_source(source)
    if track == Track.ANNUAL and cleaned.get("committee") is None:
        message = _("A special-committee candidate needs its proposing committee.")
        raise InvalidInput(message, field_errors={"committee": [message]})
    with transaction.atomic():
        plan = locked(Plan, plan_id)
        if track == Track.ANNUAL:
            PLAN_STEPS.check("add_candidate", actor, plan)  # an adopted plan takes none (409)
        again = repeated_create(plan.topics.all(), created_by=actor, source=source, title=cleaned["title"])
        if again is not None:  # the same submission twice (a double click, a retry): one topic
            return again
        topic = Topic.objects.create(plan=plan, source=source, track=track, created_by=actor, **cleaned)
        history_record(
            subject=topic, actor=actor, action="created", to_state=topic.status, topic_id=topic.pk,
            note=topic.origin_reference,
        )
    return topic


def topic_update(*, actor: User, topic_id: int, **data) -> Topic:
    require_staff(actor)
    cleaned = _clean_topic_data({k: v for k, v in data.items() if k in TOPIC_EDITABLE_FIELDS})
    with transaction.atomic():
        topic = locked(Topic, topic_id)
        TOPIC_STEPS.check("edit", actor, topic)
        if topic.track == Track.ANNUAL and "committee" in cleaned and cleaned["committee"] is None:
            message = _("A special-committee candidate needs its proposing committee.")
            raise InvalidInput(message, field_errors={"committee": [message]})
        diff = {}
        for field, value in cleaned.items():
            old = getattr(topic, field)
            if old != value:
                diff[field] = [str(old) if old is not None else None, str(value) if value is not None else None]
                setattr(topic, field, value)
        if diff:
            topic.save(update_fields=[*cleaned.keys(), "updated_at"])
            history_record(subject=topic, actor=actor, action="edited", changes=diff, topic_id=topic.pk)
    return topic


def topic_record_opinion(
    *, actor: User, topic_id: int, member_group_id: int | None = None, stance: str, comment: str = "",
    held_on=None, member_id: int | None = None,
) -> TopicOpinion:
    """An opinion heard at the vice-chair's symposium (R3): a group's as a whole, or one member's, recorded on
    their behalf (one opinion per member per topic; the member's own is never overwritten here)."""
    from directory.models import Member

    with transaction.atomic():
        topic = locked(Topic, topic_id)
        _require("feedback", actor, topic)
        require_choice(stance, Stance, "stance")
        held_on = require_date(held_on, "held_on") if held_on else None
        member = None
        if member_id:
            member = Member.objects.select_related("group").filter(pk=member_id, is_active=True).first()
            if member is None:
                raise InvalidInput(_("Select a valid member."), field_errors={"member": [_("Select a valid member.")]})
        group = MemberGroup.objects.filter(pk=member_group_id).first() if member_group_id else None
        if group is None and member is not None:
            group = member.group
        if group is None:
            raise InvalidInput(
                _("Select a valid member activity group."),
                field_errors={"member_group": [_("Select a valid member activity group.")]},
            )
        TOPIC_STEPS.check("feedback", actor, topic)
        if member is not None and TopicOpinion.objects.filter(topic=topic, member=member).exists():
            raise InvalidState(_("%(member)s already has an opinion on this topic.") % {"member": member.name})
        opinion = TopicOpinion.objects.create(
            topic=topic, member_group=group, stance=stance, comment=(comment or "").strip(), held_on=held_on,
            recorded_by=actor, member=member, on_behalf=member is not None,
        )
        who = f"{group.name}·{member.name}" if member else group.name
        TOPIC_STEPS.apply(
            "feedback", topic, actor=actor, action="opinion_recorded", checked=True,
            note=f"{who}：{opinion.get_stance_display()} {opinion.comment}".strip(),
        )
    return opinion


def _in_plan_year(meeting_date, topic: Topic):
    """A chair or standing-committee meeting on a topic falls in its plan's year, or the year before, when the
    plan is drafted (probe finding 9: a topic adopted on 0001-01-01)."""
    year = topic.plan.year
    return require_date_in_years(meeting_date, "meeting_date", first_year=year - 1, last_year=year)


def topic_shortlist(*, actor: User, topic_id: int, meeting_date, note: str = "") -> Topic:
    """The chair meeting's recommendation (主席会议研究筛选)."""
    require_staff(actor)
    meeting_date = require_date(meeting_date, "meeting_date")
    with transaction.atomic():
        topic = locked(Topic, topic_id)
        TOPIC_STEPS.check("shortlist", actor, topic)
        meeting_date = _in_plan_year(meeting_date, topic)
        topic.shortlisted_on = meeting_date
        topic.shortlist_note = (note or "").strip()
        TOPIC_STEPS.apply(
            "shortlist", topic, actor=actor, fields=["shortlisted_on", "shortlist_note"], action="shortlisted",
            note=topic.shortlist_note, changes={"meeting_date": meeting_date.isoformat()}, checked=True,
        )
    return topic


def topic_adopt(*, actor: User, topic_id: int, meeting_date) -> Topic:
    """The standing committee's decision; the track's quota holds under concurrent requests."""
    require_staff(actor)
    meeting_date = require_date(meeting_date, "meeting_date")
    with transaction.atomic():
        try:
            plan_id = Topic.objects.values_list("plan_id", flat=True).get(pk=topic_id)
        except (Topic.DoesNotExist, ValueError, TypeError):
            raise NotFound() from None
        # Lock the plan first: every adoption in the plan queues here, so the count below is exact.
        plan = locked(Plan, plan_id)
        topic = locked(Topic, topic_id)
        topic.plan = plan
        TOPIC_STEPS.check("adopt", actor, topic)
        meeting_date = _in_plan_year(meeting_date, topic)
        taken = Topic.objects.filter(plan=plan, track=topic.track, status=TopicStatus.ADOPTED).count()
        quota = plan.quota_for(topic.track)
        if taken >= quota:
            raise InvalidState(
                _("The quota of %(quota)s %(track)s is already filled.")
                % {"quota": quota, "track": topic.get_track_display()},
                code="quota_full",
            )
        topic.adopted_on = meeting_date
        TOPIC_STEPS.apply(
            "adopt", topic, actor=actor, fields=["adopted_on"], action="adopted", checked=True,
            changes={"meeting_date": meeting_date.isoformat(), "quota": quota, "taken": taken + 1},
        )
    return topic


def topic_reject(*, actor: User, topic_id: int, reason: str) -> Topic:
    require_staff(actor)
    reason = require_text(reason, "reason", _("A rejection needs a reason."))
    with transaction.atomic():
        topic = locked(Topic, topic_id)
        TOPIC_STEPS.check("reject", actor, topic)
        topic.rejection_reason = reason
        TOPIC_STEPS.apply(
            "reject", topic, actor=actor, fields=["rejection_reason"], action="rejected", note=reason, checked=True
        )
    return topic


def topic_withdraw(*, actor: User, topic_id: int, reason: str = "") -> Topic:
    """Withdraw a candidate no meeting has decided on (a duplicate, a mistake): kept, with its history."""
    require_staff(actor)
    with transaction.atomic():
        topic = locked(Topic, topic_id)
        TOPIC_STEPS.check("withdraw", actor, topic)
        TOPIC_STEPS.apply("withdraw", topic, actor=actor, action="withdrawn", note=(reason or "").strip(), checked=True)
    return topic


def topic_merge(*, actor: User, topic_id: int, other_id: int, note: str = "") -> Topic:
    """Merge candidate `other` into `topic`: the kept topic takes over its rationale and origin."""
    require_staff(actor)
    if str(topic_id) == str(other_id):
        message = _("A topic cannot be merged into itself.")
        raise InvalidInput(message, field_errors={"other": [message]})
    with transaction.atomic():
        first, second = sorted([topic_id, other_id], key=lambda v: int(v) if str(v).isdigit() else 0)
        rows = {str(first): locked(Topic, first), str(second): locked(Topic, second)}  # fixed lock order
        topic, other = rows[str(topic_id)], rows[str(other_id)]
        if topic.plan_id != other.plan_id:
            message = _("Only topics of the same year's plan can be merged.")
            raise InvalidInput(message, field_errors={"other": [message]})
        if topic.track != other.track:
            message = _("Only topics of the same track can be merged.")
            raise InvalidInput(message, field_errors={"other": [message]})
        TOPIC_STEPS.check("merge", actor, topic)
        TOPIC_STEPS.check("merged", actor, other)
        other.merged_into = topic
        TOPIC_STEPS.apply(
            "merged", other, actor=actor, fields=["merged_into"], action="merged", note=note,
            changes={"merged_into": topic.pk}, checked=True,
        )
        addition = _("Merged from “%(title)s”: %(rationale)s") % {"title": other.title, "rationale": other.rationale}
        topic.rationale = f"{topic.rationale}\n\n{addition}"
        if other.origin_reference:
            topic.origin_reference = f"{topic.origin_reference}；{other.origin_reference}".strip("；")[:300]
        TOPIC_STEPS.apply(
            "merge", topic, actor=actor, fields=["rationale", "origin_reference"], action="absorbed", note=note,
            changes={"merged_from": other.pk}, checked=True,
        )
    return topic


# Meeting-day batches ---------------------------------------------------------------------------
# The chair meeting shortlists, and the standing committee adopts, many candidates in one sitting. A batch takes
# the same per-topic step for each selected topic inside one transaction: all or nothing. Every refusal is
# collected first, so the message names each topic that could not be taken and why; then nothing is kept.


def _batch_topics(actor: User, plan_id, topic_ids) -> tuple[Plan, list[int]]:
    require_staff(actor)
    try:
        ids = list(dict.fromkeys(int(pk) for pk in topic_ids or ()))
    except (TypeError, ValueError):
        raise InvalidInput(_("Select the topics from the list."), field_errors={"topics": [_("Select the topics from the list.")]}) from None
    if not ids:
        message = _("Select at least one topic.")
        raise InvalidInput(message, field_errors={"topics": [message]})
    plan = locked(Plan, plan_id)
    found = set(plan.topics.filter(pk__in=ids).values_list("pk", flat=True))
    if len(found) != len(ids):
        raise NotFound(_("A selected topic is not part of this plan."))
    return plan, ids


def _run_batch(ids: list[int], step, headline: str) -> list[Topic]:
    done, refused = [], []
    for pk in ids:
        try:
            with transaction.atomic():  # a savepoint: a refused topic leaves nothing behind, the others go on
                done.append(step(pk))
        except InvalidState as exc:
            refused.append((Topic.objects.values_list("title", flat=True).get(pk=pk), str(exc.message)))
    if refused:
        details = "；".join(f"《{title}》：{reason}" for title, reason in refused)
        raise InvalidState(
            headline % {"count": len(refused), "total": len(ids)} + " " + details,
            field_errors={"topics": [f"《{title}》：{reason}" for title, reason in refused]},
        )
    return done


def topics_shortlist_batch(*, actor: User, plan_id: int, topic_ids, meeting_date, note: str = "") -> list[Topic]:
    """One chair meeting's shortlist: `topic_shortlist` for each selected candidate, all or nothing."""
    meeting_date = require_date(meeting_date, "meeting_date")
    with transaction.atomic():
        plan, ids = _batch_topics(actor, plan_id, topic_ids)
        topics = _run_batch(
            ids,
            lambda pk: topic_shortlist(actor=actor, topic_id=pk, meeting_date=meeting_date, note=note),
            _("Nothing was shortlisted: %(count)s of the %(total)s selected topics cannot be."),
        )
        history_record(
            subject=plan, actor=actor, action="topics_shortlisted", note=", ".join(t.title for t in topics),
            changes={"meeting_date": meeting_date.isoformat(), "topics": [t.pk for t in topics]},
        )
        return topics


def topics_adopt_batch(*, actor: User, plan_id: int, topic_ids, meeting_date) -> list[Topic]:
    """One standing-committee sitting: `topic_adopt` for each selected topic within the quota, all or nothing."""
    meeting_date = require_date(meeting_date, "meeting_date")
    with transaction.atomic():
        plan, ids = _batch_topics(actor, plan_id, topic_ids)
        topics = _run_batch(
            ids,
            lambda pk: topic_adopt(actor=actor, topic_id=pk, meeting_date=meeting_date),
            _("Nothing was adopted: %(count)s of the %(total)s selected topics cannot be."),
        )
        history_record(
            subject=plan, actor=actor, action="topics_adopted", note=", ".join(t.title for t in topics),
            changes={"meeting_date": meeting_date.isoformat(), "topics": [t.pk for t in topics]},
        )
        return topics
