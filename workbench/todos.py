"""The to-do centre (我的待办): what a user must act on now, derived from the stages' step tables, never stored.

Each stage's `steps.py` exports `ALL_TABLES`; an item is an object of a table's `todo_queryset` (the user's
scoped objects in the states of the to-do steps) on which the user may take a `todo` step now. Done items (已办)
are the user's own recorded steps, from history.
"""
import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone, translation

from history.models import HistoryEntry
from members.steps import ALL_TABLES as MEMBER_TABLES
from outcomes.steps import ALL_TABLES as OUTCOME_TABLES
from proposals.steps import ALL_TABLES as PROPOSAL_TABLES
from research.steps import ALL_TABLES as RESEARCH_TABLES
from topics.steps import ALL_TABLES as TOPIC_TABLES

logger = logging.getLogger(__name__)
TABLES = [*TOPIC_TABLES, *RESEARCH_TABLES, *OUTCOME_TABLES, *MEMBER_TABLES, *PROPOSAL_TABLES]
OBJECT_TYPES = [table.object_type for table in TABLES]
COUNT_SECONDS = 60
SUMMARY_ITEMS = 5  # the home shows the first five


def tables_for(object_type: str | None = None):
    return [t for t in TABLES if object_type in (None, "", t.object_type)]


def todos_for(user, *, today: datetime.date | None = None, object_type: str | None = None) -> list:
    """Every item the user must act on now: overdue first, then by due date, then the undated ones."""
    today = today or timezone.localdate()
    items = [item for table in tables_for(object_type) for item in table.todos(user, today)]
    return sorted(items, key=lambda item: (not item.overdue, *item.sort_key))


def cached_todos(user, *, object_type: str | None = None) -> list:
    """todos_for, for the pages (home, to-do centre, the header's count): cached per user and language until a
    workflow step is recorded or anything the figures count changes (stats.cache's version), or a minute.

    Computing the list asks every step table (a staff user: nine queries and their planning, ~15 ms on the
    county decade) on every home page view; the count in the header was already cached this way."""
    return [item for item in _cached(user)[0] if object_type in (None, "", item.object_type)]


def cached_todo_summary(user) -> dict:
    """What the home and the header's count show of cached_todos: its first SUMMARY_ITEMS items, its length and
    how many are overdue. Cached beside the list, under the same version and for the same minute: a staff user's
    list on the county decade is 806 items (121 KB), which every home view fetched and unpickled to show five."""
    return _cached(user, summary=True)[1]


def _summary(items: list) -> dict:
    return {"first": items[:SUMMARY_ITEMS], "total": len(items), "overdue": sum(1 for item in items if item.overdue)}


def _cached(user, *, summary: bool = False) -> tuple[list | None, dict | None]:
    """(the list, None), or with `summary` (None, its summary) when the summary is cached; both are written
    together when the list is computed, so neither outlives the list's minute."""
    from stats.cache import _version

    today = timezone.localdate()
    try:
        suffix = f"{_version()}:{today.isoformat()}:{translation.get_language()}:{user.pk}"
        list_key, summary_key = f"todos:list:{suffix}", f"todos:summary:{suffix}"
        if summary:
            cached_summary = cache.get(summary_key)
            if cached_summary is not None:
                return None, cached_summary
        items = cache.get(list_key)
    except Exception:  # the cache server is down: compute on each request
        logger.warning("To-do cache unavailable; computing.", exc_info=True)
        items = todos_for(user, today=today)
        return items, _summary(items)
    if items is None:
        items = todos_for(user, today=today)
        try:
            cache.set_many({list_key: items, summary_key: _summary(items)}, timeout=COUNT_SECONDS)
        except Exception:
            logger.warning("Could not cache the to-do list.", exc_info=True)
    return items, _summary(items)


def todo_count(user) -> int:
    """The header's count: that of the cached list (cached_todo_summary)."""
    return cached_todo_summary(user)["total"]


def done_for(user) -> QuerySet[HistoryEntry]:
    """已办: the steps this user took, newest first."""
    return HistoryEntry.objects.filter(actor=user).select_related("content_type").order_by("-created_at", "-id")


def _table_of(model):
    return next((t for t in TABLES if t.model is model), None)


def done_rows(entries) -> list[dict]:
    """The done entries of one page with what the page shows: label, state, subject's title and link
    (one query per kind of object on the page, whatever the number of rows)."""
    entries = list(entries)
    by_type: dict[int, set[int]] = {}
    for entry in entries:
        by_type.setdefault(entry.content_type_id, set()).add(entry.object_id)
    subjects = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            subjects[(type_id, obj.pk)] = obj
    rows = []
    for entry in entries:
        obj = subjects.get((entry.content_type_id, entry.object_id))
        table = _table_of(type(obj)) if obj is not None else None
        if table is not None:
            title, url = str(table.title(obj)), table.url(obj)
        else:
            title = str(obj) if obj is not None else ""
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        rows.append({
            "entry": entry,
            "kind": str(obj._meta.verbose_name) if obj is not None else entry.content_type.model,
            "title": title,
            "url": url,
            "action": entry.action_label,
            "state": entry.to_state_label if entry.to_state else "",
            "note": entry.note,
            "at": timezone.localtime(entry.created_at),
        })
    return rows


def type_choices() -> list[tuple[str, str]]:
    """(object_type, readable name) of every table, for the page's filter."""
    return [(t.object_type, str(t.model._meta.verbose_name) if t.model else t.object_type) for t in TABLES]
