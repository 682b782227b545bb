"""The year's figures are cached: they change with the workflow, not with every page view.

A change to anything the figures count bumps a version number kept in the cache (on save or delete of those
models, and on every recorded workflow step, which covers the services' bulk inserts); cached figures are keyed
by that version, the day (overdue is derived from today), the language (labels are translated) and the
arguments, so a change is visible on the next request. The version is bumped once at the change, for the same
transaction, and again when it commits, so a reader that computed figures from the data before the commit
cannot leave them in the cache. Entries also expire after STATS_CACHE_SECONDS, in case something changes the
tables behind Django's back (a restore, a manual UPDATE). In production the cache is Redis (CACHE_URL), shared
by every worker; with the local-memory default each process keeps its own. If the cache server is down,
the figures are computed on each request and changes still succeed.
"""
import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from chengwu_cppcc.request_memo import forget, memoized

VERSION_KEY = "stats:figures:version"
logger = logging.getLogger(__name__)


def _version() -> int:
    """The figures' version, read once per request (chengwu_cppcc.request_memo)."""
    return memoized(VERSION_KEY, _read_version)


def _read_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    forget(VERSION_KEY)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (a fresh or cleared cache)
        cache.add(VERSION_KEY, 1, timeout=None)
    except Exception:  # the cache server is down: nothing cached can be served either (see cached())
        logger.warning("Could not mark the cached statistics stale.", exc_info=True)


def figures_changed(**_kwargs) -> None:
    """Signal receiver: the figures' data changed; now, and once more when the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def cached(compute, year: int, department_id: int | None, today: datetime.date):
    """compute(year, department_id, today), from the cache while nothing it counts has changed."""
    try:
        key = f"stats:figures:{_version()}:{translation.get_language()}:{today.isoformat()}:{year}:{department_id or 0}"
        figures = cache.get(key)
    except Exception:  # the cache server is down: the page still works, computing as before
        logger.warning("Statistics cache unavailable; computing the figures.", exc_info=True)
        return compute(year, department_id, today)
    if figures is None:
        figures = compute(year, department_id, today)
        try:
            cache.set(key, figures, timeout=getattr(settings, "STATS_CACHE_SECONDS", 300))
        except Exception:
            logger.warning("Could not cache the statistics.", exc_info=True)
    return figures


def connect() -> None:
    """Listen to every model the figures read (called from StatsConfig.ready)."""
    from directory.models import Department
    from history.models import HistoryEntry
    from outcomes.models import Assignment, DeadlinePolicy, Outcome, Reply, Suggestion, SupervisionCase
    from research.models import Activity, ResearchGroup
    from topics.models import Plan, Topic
    from workdays.models import CalendarDay

    for model in (Plan, Topic, ResearchGroup, Activity, Outcome, Suggestion, Assignment, Reply, SupervisionCase,
                  Department, DeadlinePolicy, CalendarDay, HistoryEntry):
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"stats-figures-save-{model._meta.label}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"stats-figures-delete-{model._meta.label}")
