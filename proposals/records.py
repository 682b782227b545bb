"""委员提案 in the member's yearly record (履职档案, R14): submitted, accepted and key proposals as record entries
for the proposer and every confirmed co-signer, scored by the members' points table. Registered in
members.records.SOURCES by ProposalsConfig.ready (members does not import proposals)."""
from django.db.models import Prefetch, Q

from members.models import PointsKind
from members.records import Entry, _local_date, _year_bounds

from .models import CoSigner, CoSignerStatus, Proposal, ProposalStatus

NOT_SUBMITTED = (ProposalStatus.DRAFT, ProposalStatus.COSIGNING)


def proposal_events(year: int, member_ids, now=None) -> list[tuple[int, Entry]]:
    """The year's proposal entries, in two queries (the proposals, their confirmed co-signers).

    Submitted: by `submitted_at` in the year, drafts never. Accepted (立案, it has a number) and key: by the
    acceptance date (`reviewed_at`). A proposal merged into another keeps its own submitted entry for its proposer
    and co-signers; on the target they are co-signers with `merged_from` set and count only its acceptance."""
    start, end = _year_bounds(year)
    submitted = Q(submitted_at__gte=start, submitted_at__lt=end)
    accepted = Q(number__isnull=False, reviewed_at__gte=start, reviewed_at__lt=end)
    rows = Proposal.objects.filter(submitted | accepted).exclude(status__in=NOT_SUBMITTED)
    if member_ids is not None:
        rows = rows.filter(Q(proposer_id__in=member_ids) | Q(
            cosigners__member_id__in=member_ids, cosigners__status=CoSignerStatus.CONFIRMED)).distinct()
    confirmed = CoSigner.objects.filter(status=CoSignerStatus.CONFIRMED).only("proposal_id", "member_id",
                                                                               "merged_from_id")
    rows = rows.order_by("id").only("id", "title", "proposer_id", "submitted_at", "reviewed_at", "number", "is_key")
    rows = rows.prefetch_related(Prefetch("cosigners", queryset=confirmed, to_attr="confirmed_cosigners"))
    wanted = None if member_ids is None else set(member_ids)
    events = []
    for p in rows:
        base = {"object_type": "proposal", "object_id": p.pk, "title": p.title, "url": p.get_absolute_url()}
        signers = p.confirmed_cosigners
        kinds = []
        if p.submitted_at and start <= p.submitted_at < end:
            day = _local_date(p.submitted_at)
            own = [p.proposer_id, *(c.member_id for c in signers if c.merged_from_id is None)]
            kinds.append((PointsKind.PROPOSAL_SUBMITTED, day, own))
        if p.number and p.reviewed_at and start <= p.reviewed_at < end:
            day = _local_date(p.reviewed_at)
            everyone = [p.proposer_id, *(c.member_id for c in signers)]
            kinds.append((PointsKind.PROPOSAL_ACCEPTED, day, everyone))
            if p.is_key:
                kinds.append((PointsKind.KEY_PROPOSAL, day, everyone))
        for kind, day, people in kinds:
            for member_id in dict.fromkeys(people):
                if wanted is None or member_id in wanted:
                    events.append((member_id, Entry(kind=kind, date=day, **base)))
    return events
