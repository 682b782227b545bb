"""Keys-first paging gives the same pages as Django's paginator, in two queries whatever the page size."""
import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.test.utils import CaptureQueriesContext

from chengwu_cppcc.pagination import KeysFirstPaginator
from directory.models import Department, User

pytestmark = pytest.mark.django_db


def departments(n):
    Department.objects.bulk_create([Department(name=f"县第{i:03d}局") for i in range(n)])
    # Sorted on a derived value first, as the assignment list sorts overdue first.
    return Department.objects.annotate(
        odd=Case(When(id__regex=r"[13579]$", then=Value(1)), default=Value(0), output_field=IntegerField())
    ).select_related("leader_in_charge").order_by("-odd", "name", "id")


def test_same_pages_as_the_plain_paginator():
    qs = departments(22)  # 5, 5, 5 and 7 (the last two join the fourth page)
    plain, keys_first = Paginator(qs, 5, orphans=2), KeysFirstPaginator(qs, 5, orphans=2)
    assert keys_first.num_pages == plain.num_pages == 4
    for number in plain.page_range:
        assert [d.pk for d in keys_first.page(number)] == [d.pk for d in plain.page(number)]
    assert list(keys_first.get_page(99)) == list(plain.get_page(99))  # beyond the end: the last page
    assert keys_first.page(1)[0].odd in (0, 1)  # the rows keep their annotations


def test_two_queries_and_a_count():
    qs = departments(60)
    with CaptureQueriesContext(connection) as ctx:
        page = KeysFirstPaginator(qs, 50).page(1)
        names = [d.name for d in page]
    assert len(names) == 50 and len(ctx.captured_queries) == 2  # keys with the count, rows


def test_an_empty_list_has_one_empty_page():
    page = KeysFirstPaginator(Department.objects.order_by("id"), 50).get_page(1)
    assert list(page) == [] and page.number == 1


def test_a_page_beyond_the_end_and_a_distinct_list_count_on_their_own():
    qs = departments(7)
    with CaptureQueriesContext(connection) as ctx:
        page = KeysFirstPaginator(qs, 5).get_page(9)  # no key comes back: count, then the last page
    assert page.number == 2 and len(page) == 2 and len(ctx.captured_queries) == 4
    for department in Department.objects.all()[:3]:
        User.objects.create(username=f"officer-{department.pk}-a", department=department)
        User.objects.create(username=f"officer-{department.pk}-b", department=department)
    # two officers each: without DISTINCT the join doubles the rows; a window count would count them twice
    distinct = Department.objects.filter(officers__isnull=False).distinct().order_by("id")
    paginator = KeysFirstPaginator(distinct, 2)
    assert paginator.page(1).paginator.count == 3 == paginator.num_pages + 1
    assert [d.pk for p in paginator.page_range for d in paginator.page(p)] == list(distinct.values_list("pk", flat=True))


def test_the_pages_get_page_asks_two_queries():
    qs = departments(60)
    with CaptureQueriesContext(connection) as ctx:
        page = KeysFirstPaginator(qs, 50).get_page("2")
        names = [d.name for d in page]
    assert len(names) == 10 and page.paginator.count == 60 and len(ctx.captured_queries) == 2
