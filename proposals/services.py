"""The steps of a proposal: each checks the actor and the state against proposals/steps.py, changes inside one
transaction, records history and tells whoever acts next (delivered after the commit)."""
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from chengwu_cppcc.validation import (
    invalid,
    optional_text,
    repeated_create,
    require_choice,
    require_staff,
    require_text,
)
from directory.models import Department, Member, User
from directory.roles import Role, has_role
from history.services import history_record
from members.steps import member_of
from workdays.services import add_working_days

from .models import (
    Conversion,
    CoSigner,
    CoSignerStatus,
    Proposal,
    ProposalCategory,
    ProposalKind,
    ProposalSession,
    RejectionReason,
)
from .selectors import merge_targets, proposals_for, reply_awaiting_evaluation
from .steps import PROPOSAL_STEPS

KEY_LEADER_ROLES = (Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)
# 社情民意 categories a not-accepted proposal converted into a public-opinion report takes, by proposal category.
PUBLIC_OPINION_CATEGORY = {"economy": "economy", "politics": "governance", "culture": "culture",
                           "society": "livelihood", "ecology": "environment"}


def cosign_working_days() -> int:
    return int(getattr(settings, "PROPOSAL_COSIGN_WORKING_DAYS", 5))


def cosign_deadline(day: datetime.date) -> datetime.date:
    """The last day a co-signer invited on `day` may answer: `day` plus N working days (the day itself not counted)."""
    return add_working_days(day, cosign_working_days())


def _require_member(actor) -> Member:
    member = member_of(actor)
    if member is None:
        raise NotAllowed(_("Only a committee member with a member record may do this."))
    return member


def _ids(values, field: str) -> list[int]:
    result = []
    for value in values or ():
        text = str(getattr(value, "pk", value)).strip()
        if not text.isdigit():
            raise invalid(field, _("Select valid entries."))
        result.append(int(text))
    return sorted(set(result))


PUBLICATION_FIELDS = ("may_publish", "no_publish_reason")


def _clean_publication(may_publish, no_publish_reason) -> dict:
    """The proposer's word on publication to all members; a refusal records why."""
    if not isinstance(may_publish, bool):
        raise invalid("may_publish", _("Say whether the proposal may be published."))
    reason = optional_text(no_publish_reason, "no_publish_reason", max_length=300)
    if not may_publish and not reason:
        raise invalid("no_publish_reason", _("Say why the proposal should not be published."))
    return {"may_publish": may_publish, "no_publish_reason": "" if may_publish else reason}


def _clean(*, proposer: Member, title, analysis, suggestions, kind, session, collective_body, department_ids,
           cosigner_ids, may_publish=True, no_publish_reason="") -> dict:
    errors: dict = {}
    cleaned: dict = {}
    try:
        cleaned.update(_clean_publication(may_publish, no_publish_reason))
    except InvalidInput as error:
        errors.update(error.field_errors)
    for field, value, limit in (("title", title, 200), ("analysis", analysis, 20000),
                                ("suggestions", suggestions, 20000)):
        try:
            cleaned[field] = require_text(value, field, max_length=limit)
        except InvalidInput as error:
            errors.update(error.field_errors)
    for field, value, choices in (("kind", kind, ProposalKind), ("session", session, ProposalSession)):
        try:
            cleaned[field] = require_choice(value, choices, field)
        except InvalidInput as error:
            errors.update(error.field_errors)
    try:
        # A draft may be incomplete: a collective one without its body, a joint one without co-signers yet. The
        # steps that send it on (invite, submit) ask for them (proposals/steps.py).
        cleaned["collective_body"] = optional_text(collective_body, "collective_body", max_length=100)
        if cleaned.get("kind") != ProposalKind.COLLECTIVE:
            cleaned["collective_body"] = ""
    except InvalidInput as error:
        errors.update(error.field_errors)
    try:
        ids = _ids(department_ids, "suggested_departments")
        departments = list(Department.objects.filter(pk__in=ids, is_active=True))
        if len(departments) != len(ids):
            raise invalid("suggested_departments", _("Select valid entries."))
        cleaned["departments"] = departments
    except InvalidInput as error:
        errors.update(error.field_errors)
    try:
        ids = [i for i in _ids(cosigner_ids, "cosigners")]
        if proposer.pk in ids:
            raise invalid("cosigners", _("The proposer cannot co-sign their own proposal."))
        members = list(Member.objects.filter(pk__in=ids, is_active=True))
        if len(members) != len(ids):
            raise invalid("cosigners", _("Select valid entries."))
        if members and cleaned.get("kind") != ProposalKind.JOINT:
            raise invalid("cosigners", _("Only a joint proposal has co-signers."))
        cleaned["cosigners"] = members
    except InvalidInput as error:
        errors.update(error.field_errors)
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), field_errors=errors)
    return cleaned


def _set_relations(proposal: Proposal, cleaned: dict) -> None:
    proposal.suggested_departments.set(cleaned["departments"])
    wanted = {m.pk for m in cleaned["cosigners"]}
    proposal.cosigners.exclude(member_id__in=wanted).delete()
    have = set(proposal.cosigners.values_list("member_id", flat=True))
    CoSigner.objects.bulk_create(CoSigner(proposal=proposal, member_id=pk) for pk in sorted(wanted - have))


def proposal_create(*, actor: User, title: str, analysis: str, suggestions: str, kind: str = ProposalKind.INDIVIDUAL,
                    session: str = ProposalSession.BETWEEN, collective_body: str = "", department_ids=(),
                    cosigner_ids=(), may_publish: bool = True, no_publish_reason: str = "") -> Proposal:
    """A member's draft proposal (this year's)."""
    member = _require_member(actor)
    cleaned = _clean(proposer=member, title=title, analysis=analysis, suggestions=suggestions, kind=kind,
                     session=session, collective_body=collective_body, department_ids=department_ids,
                     cosigner_ids=cosigner_ids, may_publish=may_publish, no_publish_reason=no_publish_reason)
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # serialises a member's creates
        again = repeated_create(Proposal.objects.all(), created_by=actor, title=cleaned["title"])
        if again is not None:
            return again
        proposal = Proposal.objects.create(
            year=timezone.localdate().year, proposer=member, created_by=actor,
            **{k: cleaned[k] for k in ("title", "analysis", "suggestions", "kind", "session", "collective_body",
                                       *PUBLICATION_FIELDS)},
        )
        _set_relations(proposal, cleaned)
        history_record(subject=proposal, actor=actor, action="proposal_created", to_state=proposal.status,
                       note=proposal.title)
    return proposal


def _locked(actor, proposal_id) -> Proposal:
    """The proposal, locked, as the actor's selector reads it (with what the step table's predicates read)."""
    scope = proposals_for(actor)
    try:
        if not scope.filter(pk=proposal_id).exists():
            raise NotFound()
    except (ValueError, TypeError):
        raise NotFound() from None
    Proposal.objects.select_for_update().filter(pk=proposal_id).first()
    return scope.get(pk=proposal_id)


def proposal_update(*, actor: User, proposal_id: int, title: str, analysis: str, suggestions: str, kind: str,
                    session: str, collective_body: str = "", department_ids=(), cosigner_ids=(),
                    may_publish: bool = True, no_publish_reason: str = "") -> Proposal:
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("edit", actor, proposal)
        cleaned = _clean(proposer=proposal.proposer, title=title, analysis=analysis, suggestions=suggestions,
                         kind=kind, session=session, collective_body=collective_body,
                         department_ids=department_ids, cosigner_ids=cosigner_ids, may_publish=may_publish,
                         no_publish_reason=no_publish_reason)
        fields = ("title", "analysis", "suggestions", "kind", "session", "collective_body", *PUBLICATION_FIELDS)
        changes = {k: [getattr(proposal, k), cleaned[k]] for k in fields if getattr(proposal, k) != cleaned[k]}
        for key in fields:
            setattr(proposal, key, cleaned[key])
        proposal.save(update_fields=[*fields, "updated_at"])
        _set_relations(proposal, cleaned)
        if changes:
            history_record(subject=proposal, actor=actor, action="proposal_edited", changes=changes)
    return proposal


def proposal_invite(*, actor: User, proposal_id: int) -> Proposal:
    """A joint proposal's co-signers are asked; they answer within PROPOSAL_COSIGN_WORKING_DAYS working days."""
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("invite", actor, proposal)
        now = timezone.now()
        proposal.cosign_deadline = cosign_deadline(timezone.localdate())
        proposal.cosigners.update(status=CoSignerStatus.INVITED, invited_at=now, responded_at=None)
        PROPOSAL_STEPS.apply("invite", proposal, actor=actor, checked=True, fields=["cosign_deadline"],
                             action="proposal_invited", changes={"deadline": proposal.cosign_deadline.isoformat()})
    return proposal


def proposal_reinvite(*, actor: User, proposal_id: int) -> Proposal:
    """The co-signing deadline passed with nobody confirmed: the co-signers who did not answer are asked again,
    with a new deadline from today (those who declined stay declined); they are told after the commit."""
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("reinvite", actor, proposal)
        lapsed = proposal.cosign_deadline
        proposal.cosign_deadline = cosign_deadline(timezone.localdate())
        silent = proposal.cosigners.filter(status=CoSignerStatus.INVITED)
        names = list(silent.order_by("id").values_list("member__name", flat=True))
        silent.update(invited_at=timezone.now())
        PROPOSAL_STEPS.apply("reinvite", proposal, actor=actor, checked=True, fields=["cosign_deadline"],
                             action="proposal_reinvited", note="、".join(names),
                             changes={"deadline": [lapsed.isoformat() if lapsed else None,
                                                   proposal.cosign_deadline.isoformat()]})
    return proposal


def proposal_redraft(*, actor: User, proposal_id: int) -> Proposal:
    """Nobody confirmed and nobody can still answer: the joint proposal is a draft again, as before its invitation,
    for the proposer to change its co-signers and invite them (the answers so far are kept in the history)."""
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("redraft", actor, proposal)
        lapsed, proposal.cosign_deadline = proposal.cosign_deadline, None
        answers = dict(proposal.cosigners.values_list("member__name", "status"))
        proposal.cosigners.update(status=CoSignerStatus.INVITED, invited_at=None, responded_at=None, note="")
        PROPOSAL_STEPS.apply("redraft", proposal, actor=actor, checked=True, fields=["cosign_deadline"],
                             action="proposal_redrafted",
                             changes={"deadline": lapsed.isoformat() if lapsed else None, "answers": answers})
    return proposal


def proposal_submit(*, actor: User, proposal_id: int) -> Proposal:
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("submit", actor, proposal)
        proposal.submitted_at = timezone.now()
        PROPOSAL_STEPS.apply("submit", proposal, actor=actor, checked=True, fields=["submitted_at"],
                             action="proposal_submitted")
    return proposal


ANSWER_ACTIONS = {"cosign": "proposal_cosigned", "decline": "proposal_declined"}


def _answer(actor, proposal_id, step: str, status: str, comment: str = "") -> Proposal:
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check(step, actor, proposal)
        comment = optional_text(comment, "comment", max_length=500)
        row = CoSigner.objects.select_for_update().get(proposal=proposal, member_id=member_of(actor).pk)
        row.status, row.responded_at, row.note = status, timezone.now(), comment
        row.save(update_fields=["status", "responded_at", "note"])
        PROPOSAL_STEPS.apply(step, proposal, actor=actor, checked=True, action=ANSWER_ACTIONS[step],
                             note=comment or row.member.name)
    return proposal


def proposal_cosign(*, actor: User, proposal_id: int) -> Proposal:
    return _answer(actor, proposal_id, "cosign", CoSignerStatus.CONFIRMED)


def proposal_decline(*, actor: User, proposal_id: int, comment: str = "") -> Proposal:
    return _answer(actor, proposal_id, "decline", CoSignerStatus.DECLINED, comment)


def _reviewed(proposal: Proposal, actor, comment) -> list[str]:
    proposal.review_note = optional_text(comment, "comment", max_length=2000)
    proposal.reviewed_by, proposal.reviewed_at = actor, timezone.now()
    return ["review_note", "reviewed_by", "reviewed_at"]


def proposal_accept(*, actor: User, proposal_id: int, category: str, suggested_handling: str = "",
                    comment: str = "") -> Proposal:
    """立案: the category, the office's suggested handling and the next number of the year."""
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("accept", actor, proposal)
        require_choice(category, ProposalCategory, "category")
        proposal.category = category
        proposal.suggested_handling = optional_text(suggested_handling, "suggested_handling", max_length=2000)
        fields = _reviewed(proposal, actor, comment)
        # The year's numbers under a lock: two acceptances at once take consecutive numbers (the unique
        # constraint is the last word).
        list(Proposal.objects.select_for_update().filter(year=proposal.year, number__isnull=False).values("pk"))
        last = Proposal.objects.filter(year=proposal.year).aggregate(last=Max("number"))["last"] or 0
        proposal.number = last + 1
        PROPOSAL_STEPS.apply("accept", proposal, actor=actor, checked=True, action="proposal_accepted",
                             fields=["category", "suggested_handling", "number", *fields],
                             note=proposal.number_label, changes={"number": proposal.number, "category": category})
    return proposal


def _convert_to_public_opinion(proposal: Proposal):
    from members.services import public_opinion_create

    user = proposal.proposer.user
    if user is None or member_of(user) is None:
        raise InvalidState(_("The proposer has no member login; the proposal cannot become their public-opinion "
                             "report."))
    return public_opinion_create(
        actor=user, title=proposal.title, category=PUBLIC_OPINION_CATEGORY.get(proposal.category, "other"),
        content=f"{proposal.analysis}\n\n{proposal.suggestions}",
    )


def proposal_reject(*, actor: User, proposal_id: int, reason, comment: str = "", convert_to: str = "") -> Proposal:
    """不予立案: a reason from the office's list and a note; optionally converted (a public-opinion draft for the
    proposer, or recorded as handled as a letter)."""
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("reject", actor, proposal)
        reason_id = str(getattr(reason, "pk", reason) or "").strip()
        found = RejectionReason.objects.filter(pk=int(reason_id), is_active=True).first() if reason_id.isdigit() else None
        if found is None:
            raise invalid("reason", _("Select a reason from the list."))
        convert_to = convert_to or ""
        if convert_to and convert_to not in Conversion.values:
            raise invalid("convert_to", _("Select a valid choice."))
        proposal.rejection_reason, proposal.converted_to = found, convert_to
        fields = ["rejection_reason", "converted_to", *_reviewed(proposal, actor, comment)]
        if convert_to == Conversion.PUBLIC_OPINION:
            proposal.public_opinion = _convert_to_public_opinion(proposal)
            fields.append("public_opinion")
        PROPOSAL_STEPS.apply("reject", proposal, actor=actor, checked=True, action="proposal_rejected", fields=fields,
                             note=proposal.review_note or found.name,
                             changes={"reason": found.name, **({"convert_to": convert_to} if convert_to else {})})
    return proposal


def proposal_merge(*, actor: User, proposal_id: int, into, comment: str = "") -> Proposal:
    """并案: the proposal joins another submitted or accepted one of the year; its proposer and confirmed co-signers
    become the target's co-proposer and co-signers."""
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("merge", actor, proposal)
        target_id = str(getattr(into, "pk", into) or "").strip()
        target = merge_targets(proposal).filter(pk=int(target_id)).first() if target_id.isdigit() else None
        if target is None:
            raise invalid("into", _("Select another submitted or accepted proposal of the same year."))
        target = Proposal.objects.select_for_update().get(pk=target.pk)
        on_target = {target.proposer_id, *target.cosigners.values_list("member_id", flat=True)}
        incoming = [(proposal.proposer_id, True)] + [
            (pk, False) for pk in proposal.cosigners.filter(status=CoSignerStatus.CONFIRMED)
            .values_list("member_id", flat=True)]
        now = timezone.now()
        CoSigner.objects.bulk_create(
            CoSigner(proposal=target, member_id=pk, status=CoSignerStatus.CONFIRMED, is_co_proposer=lead,
                     merged_from=proposal, invited_at=now, responded_at=now)
            for pk, lead in incoming if pk not in on_target)
        proposal.merged_into = target
        fields = ["merged_into", *_reviewed(proposal, actor, comment)]
        PROPOSAL_STEPS.apply("merge", proposal, actor=actor, checked=True, action="proposal_merged", fields=fields,
                             note=target.title, changes={"into": target.pk})
        history_record(subject=target, actor=actor, action="proposal_merged_in", note=proposal.title,
                       changes={"from": proposal.pk})
    return proposal


def proposal_mark_key(*, actor: User, proposal_id: int, leader, comment: str = "") -> Proposal:
    """重点提案: an accepted proposal a government leader supervises."""
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("mark_key", actor, proposal)
        leader_id = str(getattr(leader, "pk", leader) or "").strip()
        user = User.objects.filter(pk=int(leader_id), is_active=True).first() if leader_id.isdigit() else None
        if user is None or not has_role(user, *KEY_LEADER_ROLES):
            raise invalid("leader", _("Select a government leader."))
        proposal.is_key, proposal.key_leader = True, user
        note = optional_text(comment, "comment", max_length=2000)
        PROPOSAL_STEPS.apply("mark_key", proposal, actor=actor, checked=True, action="proposal_marked_key",
                             fields=["is_key", "key_leader"], note=note or user.display_name,
                             changes={"leader": user.pk})
        if proposal.matter_id:
            _open_key_case(proposal, actor, timezone.localdate())
    return proposal


def _open_key_case(proposal: Proposal, actor: User, opened_on: datetime.date):
    """领衔督办: a key proposal's forwarded matter is followed as a supervision case (the outcomes' own), with the
    leader who supervises it — opened when a forwarded proposal is marked key, or when a key one is forwarded."""
    from outcomes.services.supervision import open_matter_case

    return open_matter_case(proposal.matter, actor=actor, title=proposal.title,
                            committee_office=str(_("Proposals committee")), leader=proposal.key_leader,
                            opened_on=opened_on)


def _id_or_none(value):
    text = str(getattr(value, "pk", value) or "").strip()
    return int(text) if text.isdigit() else None


def proposal_make_topic(*, actor: User, proposal_id: int, plan_id, committee_id, domain: str,
                        consultation_type: str, title: str = "", vice_chair_id=None):
    """An accepted proposal becomes the origin of a candidate topic (R2), linked both ways."""
    from topics.models import Origin, Plan, Source
    from topics.services import topic_create

    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("make_topic", actor, proposal)
        plan_pk = _id_or_none(plan_id)
        if plan_pk is None or not Plan.objects.filter(pk=plan_pk).exists():
            raise invalid("plan", _("Select an annual consultation plan."))
        topic = topic_create(
            actor=actor, plan_id=plan_pk, source=Source.SPECIAL_COMMITTEE,
            title=(optional_text(title, "title", max_length=200) or proposal.title),
            origin=Origin.MEMBER_PROPOSAL, origin_reference=_("Proposal %(number)s “%(title)s”") % {
                "number": proposal.number_label, "title": proposal.title},
            domain=domain, consultation_type=consultation_type, committee=_id_or_none(committee_id),
            vice_chair=_id_or_none(vice_chair_id), rationale=f"{proposal.analysis}\n\n{proposal.suggestions}",
        )
        proposal.topic = topic
        PROPOSAL_STEPS.apply("make_topic", proposal, actor=actor, checked=True, fields=["topic"],
                             action="proposal_made_topic", note=topic.title, changes={"topic": topic.pk})
    return topic


def proposal_consult_in(*, actor: User, proposal_id: int, topic_id) -> Proposal:
    """提案协商 (R12): the proposal is one of those a proposal-consultation topic consults on."""
    from topics.models import ConsultationType, Topic, TopicStatus

    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("consult_in", actor, proposal)
        topic_pk = _id_or_none(topic_id)
        topic = Topic.objects.filter(pk=topic_pk).first() if topic_pk is not None else None
        if topic is None:
            raise invalid("topic", _("Select a topic."))
        if topic.consultation_type != ConsultationType.PROPOSAL:
            raise invalid("topic", _("Select a proposal-consultation (提案协商) topic."))
        if topic.status in (TopicStatus.REJECTED, TopicStatus.MERGED, TopicStatus.WITHDRAWN):
            raise invalid("topic", _("That topic is closed."))
        if proposal.consulted_in.filter(pk=topic.pk).exists():
            raise invalid("topic", _("This proposal is already consulted on in that topic."))
        proposal.consulted_in.add(topic)
        PROPOSAL_STEPS.apply("consult_in", proposal, actor=actor, checked=True, action="proposal_consulted_in",
                             note=topic.title, changes={"topic": topic.pk})
    return proposal


def proposal_forward(*, actor: User, proposal_id: int, lead_department_id, co_department_ids=(), forwarded_on=None,
                     instruction: str = "") -> Proposal:
    """交办: an accepted proposal goes to a lead department and any co-handlers exactly as an outcome does: one
    forwarded matter (outcomes.Matter, evaluated by the proposer), an assignment each with its due date by the
    proposals' deadline policy (3 calendar months unless the office changed it)."""
    from outcomes.matters import open_matter
    from outcomes.models import PROPOSAL_POLICY, MatterOwner
    from outcomes.services.outcomes import clean_forwarding, forward_matter, record_forwarded

    require_staff(actor)
    lead, co_departments, forwarded_on = clean_forwarding(
        lead_department_id, _ids(co_department_ids or [], "co_departments"), forwarded_on)
    instruction = optional_text(instruction, "instruction", max_length=300)
    with transaction.atomic():
        proposal = _locked(actor, proposal_id)
        PROPOSAL_STEPS.check("forward", actor, proposal)
        if proposal.reviewed_at and forwarded_on < timezone.localdate(proposal.reviewed_at):
            raise invalid("forwarded_on", _("The forwarding date cannot be before the proposal was accepted."))
        matter = open_matter(
            owner_kind=MatterOwner.PROPOSAL, owner_id=proposal.pk, title=proposal.title,
            policy_kind=PROPOSAL_POLICY, topic_id=proposal.topic_id, evaluator=proposal.proposer.user,
        )
        created = forward_matter(matter, lead=lead, co_departments=co_departments, start=forwarded_on)
        proposal.matter, proposal.forwarded_on, proposal.forwarding_note = matter, forwarded_on, instruction
        PROPOSAL_STEPS.apply(
            "forward", proposal, actor=actor, checked=True, action="proposal_forwarded", note=instruction,
            fields=["matter", "forwarded_on", "forwarding_note"],
            changes={"assignments": [{"department": a.department.name, "role": a.role, "due_on": a.due_on.isoformat()}
                                     for a in created]},
        )
        record_forwarded(created, actor=actor)
        if proposal.is_key:
            _open_key_case(proposal, actor, forwarded_on)
    return proposal


def proposal_evaluate(*, actor: User, proposal_id: int, evaluation: str, comments: str = "", contacted=None,
                      attitude: str = "", agreed=None) -> Proposal:
    """The proposer's evaluation of the approved reply (or the office's record of a paper one): the reply step
    `evaluate` of outcomes.steps.REPLY_STEPS, on the lead's reply awaiting it."""
    from outcomes.services.replies import reply_evaluate

    proposal = proposals_for(actor).filter(pk=proposal_id).first() if str(proposal_id).isdigit() else None
    if proposal is None:
        raise NotFound()
    reply = reply_awaiting_evaluation(proposal)
    if reply is None:
        raise InvalidState(_("No approved reply of this proposal is waiting for an evaluation."))
    reply_evaluate(actor=actor, reply_id=reply.pk, evaluation=evaluation, comments=comments, contacted=contacted,
                   attitude=attitude, agreed=agreed)
    return proposal
