"""Global search across topics, suggestions, outcomes and replies, each through its scoped selector."""
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from outcomes.selectors import outcomes_for, replies_for, suggestions_for
from topics.selectors import topics_for

SECTION_LIMIT = 20
MAX_QUERY_LENGTH = 100


def _topics(user, q: str, year: int | None) -> QuerySet:
    qs = topics_for(user).filter(Q(title__icontains=q) | Q(rationale__icontains=q))
    return (qs.filter(plan__year=year) if year else qs).order_by("-plan__year", "-id")


def _suggestions(user, q: str, year: int | None) -> QuerySet:
    qs = suggestions_for(user).filter(Q(title__icontains=q) | Q(content__icontains=q))
    return (qs.filter(outcome__topic__plan__year=year) if year else qs).order_by("-outcome__created_at", "number")


def _outcomes(user, q: str, year: int | None) -> QuerySet:
    qs = outcomes_for(user).filter(Q(title__icontains=q) | Q(body__icontains=q))
    return (qs.filter(topic__plan__year=year) if year else qs).order_by("-created_at", "-id")


def _replies(user, q: str, year: int | None) -> QuerySet:
    qs = replies_for(user).filter(text__icontains=q)
    return (qs.filter(assignment__outcome__topic__plan__year=year) if year else qs).order_by("-created_at", "-id")


# kind → (heading, finder); the order is the page's order.
KINDS = {
    "topics": (_("Topics"), _topics),
    "suggestions": (_("Suggestions"), _suggestions),
    "outcomes": (_("Outcome documents"), _outcomes),
    "replies": (_("Replies"), _replies),
}


def search_everything(user, q: str, *, year: int | None = None, kind: str | None = None) -> list[dict]:
    """[{"kind", "title", "count", "items"}]: at most SECTION_LIMIT items per section, two queries each."""
    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    if not q:
        return []
    sections = []
    for key, (title, finder) in KINDS.items():
        if kind and kind != key:
            continue
        qs = finder(user, q, year)
        count = qs.count()
        sections.append({"kind": key, "title": title, "count": count, "items": list(qs[:SECTION_LIMIT])})
    return sections
