"""Keys-first paging gives the same pages as Django's paginator, in two queries whatever the page size."""
import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.test.utils import CaptureQueriesContext

from chengwu_cppcc.pagination import KeysFirstPaginator
from directory.models import Department

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
    assert len(names) == 50 and len(ctx.captured_queries) == 3  # count, keys, rows


def test_an_empty_list_has_one_empty_page():
    page = KeysFirstPaginator(Department.objects.order_by("id"), 50).get_page(1)
    assert list(page) == [] and page.number == 1
