"""Reads of proposals, scoped by user in one selector (pages, API, to-do centre use it)."""
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value

from chengwu_cppcc.queries import subquery_count
from directory.roles import Role, has_role
from members.steps import member_of
from topics.selectors import similar_topics, similarity

from .models import CoSigner, CoSignerStatus, Proposal, ProposalStatus


def proposals_for(user) -> QuerySet[Proposal]:
    """Staff: every proposal but the members' drafts. A member: those they propose or were invited to co-sign (or
    merged into), and the published ones. A department: those forwarded to it; a leader in charge: those of its
    departments; a principal leader and the supervision office: every forwarded one. Nobody else: none.

    Each row carries what the step table's predicates read: the user's own co-signer status and the counts of
    confirmed and still-invited co-signers."""
    queryset = Proposal.objects.select_related("proposer", "rejection_reason", "merged_into", "key_leader", "matter")
    member = member_of(user)
    if member is not None:
        mine = CoSigner.objects.filter(proposal_id=OuterRef("pk"), member_id=member.pk).values("status")[:1]
        queryset = queryset.annotate(my_cosign_status=Subquery(mine, output_field=CharField()))
    else:
        queryset = queryset.annotate(my_cosign_status=Value(None, output_field=CharField()))
    # Correlated counts rather than Count() over a join: a join makes PostgreSQL group every proposal in scope
    # before it can sort and keep a page (24 → 12 ms of the decade's /api/proposals/, docs/performance.md).
    queryset = queryset.annotate(
        confirmed_count=subquery_count(CoSigner, "proposal", status=CoSignerStatus.CONFIRMED),
        invited_count=subquery_count(CoSigner, "proposal", status=CoSignerStatus.INVITED),
    )
    if has_role(user, Role.STAFF):  # a draft is its proposer's alone until it is sent (invited or submitted)
        if member is None:
            return queryset.exclude(status=ProposalStatus.DRAFT)
        return queryset.filter(~Q(status=ProposalStatus.DRAFT) | Q(proposer=member))
    if member is None:
        return queryset.filter(_handled_by(user)) if handles_proposals(user) else queryset.none()
    # A co-signer reads the proposal once invited: a draft is its proposer's alone. Every member reads the
    # published ones (Proposal.is_published).
    cosigned = CoSigner.objects.filter(proposal_id=OuterRef("pk"), member_id=member.pk)
    return queryset.filter(Q(proposer=member) | Exists(cosigned) & ~Q(status=ProposalStatus.DRAFT)
                           | Q(status=ProposalStatus.ACCEPTED, may_publish=True))


def handles_proposals(user) -> bool:
    """Departments and government leaders read the proposals forwarded to them."""
    return has_role(user, Role.DEPARTMENT, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER, Role.SUPERVISOR)


def _handled_by(user) -> Q:
    """The proposals forwarded to the user's department (a department officer), to the departments they are in
    charge of (a leader in charge); every forwarded one for a principal leader and the supervision office."""
    from outcomes.models import Assignment

    if has_role(user, Role.PRINCIPAL_LEADER, Role.SUPERVISOR):
        return Q(matter__isnull=False)
    condition = Q(pk__in=[])
    department_id = getattr(user, "department_id", None)
    if has_role(user, Role.DEPARTMENT) and department_id:
        condition |= Q(Exists(Assignment.objects.filter(matter_id=OuterRef("matter_id"), department_id=department_id)))
    if has_role(user, Role.LEADER_IN_CHARGE):
        condition |= Q(Exists(Assignment.objects.filter(matter_id=OuterRef("matter_id"),
                                                        department__leader_in_charge=user)))
    return condition


def listed_proposals(user) -> QuerySet[Proposal]:
    """The list page's and its export's rows in their order: this year's first; those still without a number
    (drafts, awaiting review) before the numbered ones."""
    return proposals_for(user).order_by("-year", F("number").asc(nulls_first=True), "-created_at", "-id")


def may_read_figures(user) -> bool:
    """The year's proposal figures are read by those who read the committee's statistics."""
    from stats.params import STATS_READERS

    return has_role(user, *STATS_READERS)


def merge_targets(proposal: Proposal) -> QuerySet[Proposal]:
    """Where a submitted proposal may be merged: another submitted or accepted proposal of the same year."""
    return (Proposal.objects.filter(year=proposal.year, status__in=(ProposalStatus.SUBMITTED, ProposalStatus.ACCEPTED))
            .exclude(pk=proposal.pk).order_by("number", "id"))


def similar_proposals(title: str, *, exclude_id: int | None = None, limit: int = 5, threshold: float = 0.25) -> list:
    """Earlier submitted proposals that look like `title`, most alike first (the bigram similarity of topics)."""
    if not title or len(title.strip()) < 2:
        return []
    rows = (Proposal.objects.exclude(pk=exclude_id)
            .exclude(status__in=(ProposalStatus.DRAFT, ProposalStatus.COSIGNING))
            .values_list("id", "title", "year", "number", "status"))
    labels = dict(ProposalStatus.choices)
    scored = [
        {"id": pk, "title": t, "year": year, "number": number, "status": status,
         "status_label": str(labels.get(status, status)), "score": round(similarity(title, t), 2)}
        for pk, t, year, number, status in rows
    ]
    scored = [row for row in scored if row["score"] >= threshold]
    scored.sort(key=lambda row: (-row["score"], -row["year"], row["id"]))
    return scored[:limit]


def similar_items(title: str, *, exclude_id: int | None = None) -> dict:
    """What a drafting member is shown: similar earlier proposals and topics."""
    return {"proposals": similar_proposals(title, exclude_id=exclude_id), "topics": similar_topics(title)}


def cosigners_of(proposal: Proposal) -> QuerySet[CoSigner]:
    return proposal.cosigners.select_related("member", "merged_from").order_by("id")


def reply_awaiting_evaluation(proposal: Proposal):
    """The lead department's approved reply to a forwarded proposal not evaluated yet (the newest), or None."""
    from outcomes.models import AssignmentRole, Reply, ReplyStatus

    if not proposal.matter_id:
        return None
    return (Reply.objects.filter(assignment__matter_id=proposal.matter_id, assignment__role=AssignmentRole.LEAD,
                                 status=ReplyStatus.APPROVED, evaluation="")
            .select_related("assignment__matter").order_by("-version").first())


def handling_of(user, proposal: Proposal) -> dict:
    """A forwarded proposal's handling as its page shows it: the departments' assignments with their deadlines,
    and the approved replies (a member who is not the proposer reads a reply only if the department agreed to its
    publication), each with the reply steps the user may take now (the proposer's evaluation), and its supervision
    cases."""
    from outcomes.models import Assignment, Reply, ReplyStatus
    from outcomes.selectors import assignments_for, cases_for, with_deadline_flags
    from outcomes.steps import REPLY_STEPS

    if not proposal.matter_id:
        return {}
    assignments = with_deadline_flags(
        Assignment.objects.filter(matter_id=proposal.matter_id).select_related("department")
    ).order_by("role", "id")
    replies = Reply.objects.filter(assignment__matter_id=proposal.matter_id, status=ReplyStatus.APPROVED).select_related(
        "assignment__matter", "assignment__department").order_by("-version")
    reads_all = has_role(user, Role.STAFF, Role.DEPARTMENT, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER,
                         Role.SUPERVISOR) or proposal.matter.evaluator_id == user.pk
    shown = [r for r in replies if reads_all or r.may_publish]
    # Which assignment pages the user may open: the outcomes' own scope, not a rule restated here.
    openable = set(assignments_for(user).filter(matter_id=proposal.matter_id).values_list("pk", flat=True))
    return {"assignments": [(a, a.pk in openable) for a in assignments],
            "replies": [(r, REPLY_STEPS.available(user, r)) for r in shown],
            # A key proposal's supervision case, for those who follow supervision (the outcomes' scope).
            "cases": list(cases_for(user).filter(matter_id=proposal.matter_id).select_related(None)
                          .only("pk", "title", "status", "opened_on"))}
