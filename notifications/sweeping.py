"""Helpers every sweep uses: batches by primary key, so memory stays bounded and queries per batch constant."""
from collections.abc import Iterator

from django.db.models import QuerySet


def batches(queryset: QuerySet, size: int) -> Iterator[list]:
    """Yield lists of at most `size` rows, walking the primary key (keyset, no OFFSET)."""
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk
