"""The year's proposal figures (委员提案统计) from a fixed number of GROUP BY queries, cached until a proposal,
a member's sector or a department changes.

Only the review half exists: received (submitted or later), accepted and the accepted rate, not accepted,
merged, awaiting review; by category (accepted), by kind, by session, by the proposer's sector, per suggested
department, and the key proposals. Replies, 办理 classes and satisfaction come with the handling half.
"""
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
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

    for model in (Proposal, Member, Sector, Department, HistoryEntry):
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"proposal-figures-save-{model._meta.label}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"proposal-figures-delete-{model._meta.label}")
    m2m_changed.connect(figures_changed, sender=Proposal.suggested_departments.through,
                        dispatch_uid="proposal-figures-departments")
