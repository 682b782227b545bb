"""Query pieces shared by the apps' selectors."""
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def subquery_count(model, fk: str, **filters):
    """The number of `model` rows whose `fk` is the outer row, as a correlated subquery (0 when none).

    Unlike Count() over a join, it needs no GROUP BY of the outer query: PostgreSQL can sort and keep a page of
    the outer rows before counting, and plans it in a fraction of the time (docs/performance.md)."""
    rows = model.objects.filter(**{fk: OuterRef("pk")}, **filters).order_by().values(fk)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0, output_field=IntegerField())
