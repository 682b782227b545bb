"""The year's proposal figures (委员提案统计) from a fixed number of GROUP BY queries, cached until a proposal,
a member's sector or a department changes.

The review half: received (submitted or later), accepted and the accepted rate, not accepted, merged, awaiting
review; by category (accepted), by kind, by session, by the proposer's sector, per suggested department, and the
key proposals.

The handling half (forwarded proposals, ``outcomes`` Matter / Assignment / Reply): forwarded; per lead department
forwarded, replied (an approved reply), replied on time (an approved reply whose approval's local date is on or
before the lead assignment's due date) and the A/B/C classes; the A/B/C shares of the latest approved lead reply of
each forwarded proposal; the on-time reply rate (replied on time / forwarded); the proposers' evaluations of those
latest replies (satisfied / basically satisfied / unsatisfied shares of the evaluated ones, how many were recorded
from paper) and how many approved replies still wait for their evaluation. Withdrawn (wrongly sent) lead
assignments are left out. Percentages have one decimal, None when there is nothing to divide by.
"""
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Proposal, ProposalCategory, ProposalKind, ProposalSession, ProposalStatus

RECEIVED = (ProposalStatus.SUBMITTED, ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.MERGED)
VERSION_KEY = "proposals:figures:version"
CACHE_SECONDS = 300
logger = logging.getLogger(__name__)


def _rows(counts: dict, choices) -> list[dict]:
    """Every choice in its order (zeros included), with its count."""
    return [{"key": value, "label": str(label), "count": counts.get(value, 0)} for value, label in choices]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


CLASSES = ("A", "B", "C")
EVALUATIONS = ("satisfied", "basically_satisfied", "unsatisfied")


def handling_figures(year: int) -> dict:
    """The handling half: three GROUP BY queries whatever the number of proposals."""
    from outcomes.models import Assignment, AssignmentRole, AssignmentStatus, MatterOwner, Reply, ReplyStatus

    forwarded_ids = Proposal.objects.filter(year=year, matter__isnull=False).values("id")
    forwarded = Proposal.objects.filter(year=year, matter__isnull=False).count()
    leads = (Assignment.objects.filter(matter__owner_kind=MatterOwner.PROPOSAL, matter__owner_id__in=forwarded_ids,
                                       role=AssignmentRole.LEAD)
             .exclude(status=AssignmentStatus.WITHDRAWN).order_by())
    approved = Q(replies__status=ReplyStatus.APPROVED)
    counts = (leads.values("department_id", "department__name")
              .annotate(forwarded=Count("id", distinct=True),
                        replied=Count("id", distinct=True, filter=approved),
                        on_time=Count("id", distinct=True,
                                      filter=approved & Q(replies__approved_at__date__lte=F("due_on"))))
              .order_by("-forwarded", "department__name"))
    latest = Reply.objects.filter(assignment_id=OuterRef("pk"), status=ReplyStatus.APPROVED).order_by("-version", "-id")
    classed = leads.annotate(
        latest_class=Subquery(latest.values("result_class")[:1]),
        latest_evaluation=Subquery(latest.values("evaluation")[:1]),
        latest_paper=Subquery(latest.values("evaluation_on_paper")[:1]),
    )
    aggregates = {f"class_{c}": Count("id", filter=Q(latest_class=c)) for c in CLASSES}
    aggregates.update({f"evaluation_{e}": Count("id", filter=Q(latest_evaluation=e)) for e in EVALUATIONS})
    aggregates["paper"] = Count("id", filter=Q(latest_paper=True) & ~Q(latest_evaluation=""))
    aggregates["pending"] = Count("id", filter=Q(latest_evaluation=""))
    by_department = {row.pop("department_id"): row for row in classed.values("department_id").annotate(**aggregates)}
    departments, totals = [], dict.fromkeys(list(aggregates) + ["replied", "on_time"], 0)
    for row in counts:
        extra = by_department.get(row["department_id"], {})
        entry = {"name": row["department__name"], "forwarded": row["forwarded"], "replied": row["replied"],
                 "on_time": row["on_time"], **{c: extra.get(f"class_{c}", 0) for c in CLASSES}}
        departments.append(entry)
        for name in totals:
            totals[name] += extra.get(name, 0) if name in aggregates else row[name]
    classed_total = sum(totals[f"class_{c}"] for c in CLASSES)
    evaluated = sum(totals[f"evaluation_{e}"] for e in EVALUATIONS)
    return {
        "forwarded": forwarded,
        "replied": totals["replied"],
        "replied_on_time": totals["on_time"],
        "on_time_rate": _share(totals["on_time"], forwarded),
        "handling_by_department": departments,
        "classes": {c: totals[f"class_{c}"] for c in CLASSES},
        "classed": classed_total,
        "class_shares": {c: _share(totals[f"class_{c}"], classed_total) for c in CLASSES},
        "evaluated": evaluated,
        "evaluations": {e: totals[f"evaluation_{e}"] for e in EVALUATIONS},
        "satisfaction": {e: _share(totals[f"evaluation_{e}"], evaluated) for e in EVALUATIONS},
        "paper_evaluations": totals["paper"],
        "evaluations_pending": totals["pending"],
    }


def compute_figures(year: int) -> dict:
    received = Proposal.objects.filter(year=year, status__in=RECEIVED)
    by_status = dict(received.order_by().values_list("status").annotate(n=Count("id")))
    total = sum(by_status.values())
    accepted = by_status.get(ProposalStatus.ACCEPTED, 0)
    by_category = dict(received.filter(status=ProposalStatus.ACCEPTED).order_by()
                       .values_list("category").annotate(n=Count("id")))
    by_kind = dict(received.order_by().values_list("kind").annotate(n=Count("id")))
    by_session = dict(received.order_by().values_list("session").annotate(n=Count("id")))
    sectors = (received.order_by().values_list("proposer__sector__name").annotate(n=Count("id"))
               .order_by("-n", "proposer__sector__name"))
    through = Proposal.suggested_departments.through
    departments = (through.objects.filter(proposal__year=year, proposal__status__in=RECEIVED).order_by()
                   .values_list("department__name").annotate(n=Count("proposal_id", distinct=True))
                   .order_by("-n", "department__name"))
    key = list(received.filter(is_key=True).select_related("key_leader")
               .order_by("number", "id").only("id", "year", "number", "title", "key_leader__full_name",
                                               "key_leader__username"))
    return {
        "year": year,
        "received": total,
        "accepted": accepted,
        "accepted_rate": round(100 * accepted / total, 1) if total else None,
        "rejected": by_status.get(ProposalStatus.REJECTED, 0),
        "merged": by_status.get(ProposalStatus.MERGED, 0),
        "awaiting": by_status.get(ProposalStatus.SUBMITTED, 0),
        "by_category": _rows(by_category, ProposalCategory.choices),
        "by_kind": _rows(by_kind, ProposalKind.choices),
        "by_session": _rows(by_session, ProposalSession.choices),
        "by_sector": [{"label": name or _("No sector"), "count": n} for name, n in sectors],
        "by_department": [{"label": name, "count": n} for name, n in departments],
        "key": [{"id": p.pk, "number": p.number_label, "title": p.title,
                 "leader": p.key_leader.display_name if p.key_leader else ""} for p in key],
        **handling_figures(year),
    }


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet
        cache.add(VERSION_KEY, 1, timeout=None)
    except Exception:
        logger.warning("Could not mark the cached proposal figures stale.", exc_info=True)


def figures_changed(**_kwargs) -> None:
    """Signal receiver: now, and once more when the transaction commits (as stats.cache does)."""
    _bump()
    transaction.on_commit(_bump)


def year_figures(year: int) -> dict:
    """compute_figures(year), from the cache while nothing it counts has changed."""
    try:
        key = f"proposals:figures:{_version()}:{translation.get_language()}:{year}"
        figures = cache.get(key)
    except Exception:
        logger.warning("Proposal figures cache unavailable; computing them.", exc_info=True)
        return compute_figures(year)
    if figures is None:
        figures = compute_figures(year)
        try:
            cache.set(key, figures, timeout=CACHE_SECONDS)
        except Exception:
            logger.warning("Could not cache the proposal figures.", exc_info=True)
    return figures


def connect() -> None:
    """Listen to what the figures read (called from ProposalsConfig.ready)."""
    from directory.models import Department, Member, Sector
    from history.models import HistoryEntry
    from outcomes.models import Assignment, Matter, Reply

    for model in (Proposal, Member, Sector, Department, HistoryEntry, Matter, Assignment, Reply):
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"proposal-figures-save-{model._meta.label}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"proposal-figures-delete-{model._meta.label}")
    m2m_changed.connect(figures_changed, sender=Proposal.suggested_departments.through,
                        dispatch_uid="proposal-figures-departments")
