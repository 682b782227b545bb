"""The steps of a proposal, declared once: drafting, inviting co-signers (again, once an invitation lapsed
unconfirmed), their answers, submission and the office's review (accept with a number, not accept, merge, mark
as key), then its lineage into topics (the origin of a candidate topic, R2; consulted on in a 提案协商 topic,
R12). Services, pages, the API and the to-do centre ask this table. Forwarding (交办) hands an accepted proposal
to the departments as an outcomes.Matter: from there its assignments, replies, approval and the proposer's
evaluation are the steps of outcomes.steps' tables."""
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.links import pk_url
from chengwu_cppcc.workflow import Step, Steps
from directory.roles import Role, has_role
from members.steps import member_of

from .models import CoSigner, CoSignerStatus, Proposal, ProposalKind, ProposalStatus

S = ProposalStatus
PROPOSER_ONLY = _("Only the proposer may do this.")
STAFF_ONLY = _("Only committee office staff may do this.")


def _member_id(user):
    member = member_of(user)
    return member.pk if member else None


def _proposer(actor, proposal) -> bool:
    return proposal.proposer_id is not None and proposal.proposer_id == _member_id(actor)


def my_cosign_status(actor, proposal) -> str:
    """The actor's co-signer status on this proposal ("" if not invited): annotated by `proposals_for(actor)` (for
    the user who reads it), else read."""
    if hasattr(proposal, "my_cosign_status"):
        return proposal.my_cosign_status or ""
    member_id = _member_id(actor)
    if member_id is None:
        return ""
    return CoSigner.objects.filter(proposal_id=proposal.pk, member_id=member_id).values_list(
        "status", flat=True).first() or ""


def _invited(actor, proposal) -> bool:
    return my_cosign_status(actor, proposal) == CoSignerStatus.INVITED


def _counts(proposal) -> tuple[int, int]:
    """(confirmed, still invited) co-signers: annotated by the selector, else counted."""
    confirmed = getattr(proposal, "confirmed_count", None)
    invited = getattr(proposal, "invited_count", None)
    if confirmed is None or invited is None:
        statuses = list(CoSigner.objects.filter(proposal_id=proposal.pk).values_list("status", flat=True))
        confirmed = statuses.count(CoSignerStatus.CONFIRMED)
        invited = statuses.count(CoSignerStatus.INVITED)
    return confirmed, invited


def cosigning_open(proposal) -> bool:
    """Co-signers may answer until the end of the deadline day (PROPOSAL_COSIGN_WORKING_DAYS working days)."""
    return proposal.cosign_deadline is not None and timezone.localdate() <= proposal.cosign_deadline


def _before_deadline(proposal):
    if not cosigning_open(proposal):
        return _("The co-signing deadline has passed.")
    return None


def _cosigning_lapsed(proposal):
    """Invite again only once the invitation lapsed without a confirmation, and somebody is left to ask: those who
    did not answer (a decline stands). Before the deadline they may still answer; after a confirmation the
    proposer submits."""
    if cosigning_open(proposal):
        return _("The co-signers may still answer; invite them again once the deadline has passed.")
    confirmed, invited = _counts(proposal)
    if confirmed:
        return _("A co-signer has confirmed: submit the proposal.")
    if not invited:
        return _("Every co-signer declined; nobody is left to invite again.")
    return None


def _nobody_to_wait_for(proposal):
    """Back to the draft (to change the co-signers) once nobody confirmed and nobody can still answer: the deadline
    passed, or everyone declined."""
    confirmed, invited = _counts(proposal)
    if confirmed:
        return _("A co-signer has confirmed: submit the proposal.")
    if invited and cosigning_open(proposal):
        return _("The co-signers may still answer; invite them again once the deadline has passed.")
    return None


def _joint_has_invitees(proposal):
    if proposal.kind != ProposalKind.JOINT:
        return _("Only a joint proposal invites co-signers.")
    if _counts(proposal) == (0, 0):
        return _("Name at least one co-signer first.")
    return None


def _ready_to_submit(proposal):
    """Individual and collective proposals go straight from the draft; a joint one only from co-signing, once at
    least one co-signer confirmed and nobody is still invited (or the deadline has passed: silence lapses)."""
    if proposal.kind == ProposalKind.JOINT:
        if proposal.status == S.DRAFT:
            return _("A joint proposal is submitted once its co-signers have answered: invite them first.")
        confirmed, invited = _counts(proposal)
        if invited and cosigning_open(proposal):
            return _("Some co-signers have not answered yet; wait for them or for the deadline.")
        if not confirmed:
            return _("No co-signer has confirmed; a joint proposal needs at least one.")
    elif proposal.status != S.DRAFT:
        return _("Only a draft can be submitted.")
    if proposal.kind == ProposalKind.COLLECTIVE and not proposal.collective_body:
        return _("Name the special committee, sector or party group proposing it.")
    return None


def _not_key(proposal):
    if proposal.is_key:
        return _("This proposal is already a key proposal.")
    return None


def _no_topic_yet(proposal):
    if proposal.topic_id:
        return _("This proposal is already the origin of a candidate topic.")
    return None


def _not_forwarded(proposal):
    if proposal.matter_id:
        return _("This proposal has already been forwarded to the departments.")
    return None


def _staff_users(_proposal):
    from directory.models import User

    return User.objects.filter(role_grants__role=Role.STAFF).values_list("pk", flat=True)


def _proposer_user(proposal):
    return [proposal.proposer.user_id] if proposal.proposer.user_id else []


def _invited_users(proposal):
    return CoSigner.objects.filter(proposal_id=proposal.pk, status=CoSignerStatus.INVITED,
                                   member__user__isnull=False).values_list("member__user_id", flat=True)


def _todo_queryset(user, states):
    """Staff: the submitted proposals to review. A member: the joint proposals waiting for their answer."""
    from .selectors import proposals_for

    scope = Q(pk__in=[])
    if has_role(user, Role.STAFF):
        scope |= Q(status=S.SUBMITTED) | Q(status=S.ACCEPTED, matter__isnull=True)
    member_id = _member_id(user)
    if member_id is not None:
        # EXISTS rather than a join and DISTINCT: the same rows, and PostgreSQL plans it in a tenth of the time
        # (4.0 → 0.3 ms of the member home's to-do list on a county decade, docs/performance.md).
        invited = CoSigner.objects.filter(proposal_id=OuterRef("pk"), member_id=member_id,
                                          status=CoSignerStatus.INVITED)
        scope |= Q(Exists(invited), status=S.COSIGNING, cosign_deadline__gte=timezone.localdate())
        # The proposer's own joint proposals awaiting co-signers: listed while `reinvite` or `redraft` is open
        # (the invitation lapsed, or everyone declined); the steps' guards decide.
        scope |= Q(status=S.COSIGNING, proposer_id=member_id)
    return (proposals_for(user).select_related(None).select_related("proposer").filter(scope, status__in=states)
            .order_by("submitted_at", "id"))


PROPOSAL_STEPS = Steps(
    "proposal",
    [
        Step("edit", _("Edit"), (S.DRAFT,), roles=(Role.MEMBER,), who=_proposer, refusal=PROPOSER_ONLY,
             conflict=_("Only a draft can be edited.")),
        Step("invite", _("Invite the co-signers"), (S.DRAFT,), S.COSIGNING, roles=(Role.MEMBER,), who=_proposer,
             guard=_joint_has_invitees, refusal=PROPOSER_ONLY, next_actors=_invited_users,
             conflict=_("Co-signers are invited from the draft.")),
        Step("submit", _("Submit"), (S.DRAFT, S.COSIGNING), S.SUBMITTED, roles=(Role.MEMBER,), who=_proposer,
             guard=_ready_to_submit, refusal=PROPOSER_ONLY, next_actors=_staff_users,
             conflict=_("This proposal has already been submitted.")),
        Step("cosign", _("Confirm co-signing"), (S.COSIGNING,), roles=(Role.MEMBER,), who=_invited,
             guard=_before_deadline, todo=True, next_actors=_proposer_user,
             refusal=_("Only a member invited to co-sign, who has not answered yet, may do this."),
             conflict=_("This proposal is not waiting for co-signers.")),
        Step("decline", _("Decline co-signing"), (S.COSIGNING,), roles=(Role.MEMBER,), who=_invited,
             guard=_before_deadline, next_actors=_proposer_user,
             refusal=_("Only a member invited to co-sign, who has not answered yet, may do this."),
             conflict=_("This proposal is not waiting for co-signers.")),
        # The invitation lapsed with nobody confirmed: those who did not answer get a new deadline. The proposal
        # stays in co-signing (no move back to the draft, whose `invite` would reset every answer).
        Step("reinvite", _("Invite the co-signers again"), (S.COSIGNING,), roles=(Role.MEMBER,), who=_proposer,
             guard=_cosigning_lapsed, todo=True, refusal=PROPOSER_ONLY, next_actors=_invited_users,
             conflict=_("Co-signers are invited again while the proposal awaits them.")),
        # Nobody confirmed and nobody can still answer: back to the draft to change the co-signers, then `invite`.
        Step("redraft", _("Back to the draft to change the co-signers"), (S.COSIGNING,), S.DRAFT,
             roles=(Role.MEMBER,), who=_proposer, guard=_nobody_to_wait_for, todo=True, refusal=PROPOSER_ONLY,
             conflict=_("Co-signers are invited again while the proposal awaits them.")),
        Step("accept", _("Accept (立案)"), (S.SUBMITTED,), S.ACCEPTED, roles=(Role.STAFF,), todo=True,
             refusal=STAFF_ONLY, next_actors=_proposer_user, conflict=_("Only a submitted proposal can be reviewed.")),
        Step("reject", _("Do not accept"), (S.SUBMITTED,), S.REJECTED, roles=(Role.STAFF,), refusal=STAFF_ONLY,
             next_actors=_proposer_user, conflict=_("Only a submitted proposal can be reviewed.")),
        Step("merge", _("Merge into another proposal"), (S.SUBMITTED,), S.MERGED, roles=(Role.STAFF,),
             refusal=STAFF_ONLY, next_actors=_proposer_user,
             conflict=_("Only a submitted proposal can be reviewed.")),
        Step("forward", _("Forward to the departments"), (S.ACCEPTED,), roles=(Role.STAFF,), guard=_not_forwarded,
             todo=True, refusal=STAFF_ONLY, next_actors=_proposer_user,
             conflict=_("Only an accepted proposal can be forwarded.")),
        Step("mark_key", _("Mark as a key proposal"), (S.ACCEPTED,), roles=(Role.STAFF,), guard=_not_key,
             refusal=STAFF_ONLY, conflict=_("Only an accepted proposal can be a key proposal.")),
        Step("make_topic", _("Make it a candidate topic"), (S.ACCEPTED,), roles=(Role.STAFF,), guard=_no_topic_yet,
             refusal=STAFF_ONLY, conflict=_("Only an accepted proposal can become a candidate topic.")),
        Step("consult_in", _("Consult on it in a proposal consultation"), (S.ACCEPTED,), roles=(Role.STAFF,),
             refusal=STAFF_ONLY, conflict=_("Only an accepted proposal can be consulted on.")),
    ],
    labels=dict(S.choices),
    model=Proposal,
    todo_queryset=_todo_queryset,
    title=lambda p: p.title,
    api_url=lambda p: pk_url("proposal-detail", p.pk),
    due_on=lambda p: p.cosign_deadline if p.status == S.COSIGNING else None,
    context=lambda p: p.proposer.name,
)

ALL_TABLES = [PROPOSAL_STEPS]
