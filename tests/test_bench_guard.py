"""CI guard of the page benchmark (docs/performance.md): every page and API list of bench/page_list.py issues the
same number of queries on the demo data (a row or a few per list) as with a benchmark year added (50 rows and
more per list). No timings: only query counts, which do not depend on the machine.
"""
import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.page_list import PAGES
from directory.models import User
from proposals.selectors import listed_proposals

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    clients: dict[str, Client] = {}
    counts = {}
    for name, login, url, _baseline, _kind in PAGES:
        if login not in clients:
            clients[login] = Client()
            clients[login].force_login(User.objects.get(username=login))
        cache.clear()  # the cold path, as the benchmark counts it
        with CaptureQueriesContext(connection) as ctx:
            response = clients[login].get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


def _add_a_benchmark_year():
    """One year of generate_bench_data (a past year, beside the demo's plans): 30 topics, 600 assignments,
    6,000 notifications, ~100 proposals, the demo logins' shares of them."""
    from stats.management.commands import generate_bench_data as bench_data

    builder = bench_data.Builder(years=1, seed=1, today=datetime.date(2023, 12, 1), stdout=io.StringIO())
    models = (bench_data.Plan, bench_data.Topic, bench_data.ResearchGroup, bench_data.Activity, bench_data.Report,
              bench_data.Outcome, bench_data.Assignment, bench_data.Contact, bench_data.AssignmentRequest,
              bench_data.Reply, bench_data.Countersignature, bench_data.SupervisionCase,
              bench_data.SupervisionEvent, bench_data.Notification, bench_data.Proposal)
    with bench_data.explicit_timestamps(*models):
        builder.directory("bench-guard-2026")
        builder.year(2023)


def test_query_counts_do_not_grow_with_the_rows():
    call_command("seed_demo", password="bench-guard-2026", verbosity=0)
    few = _counts()
    _add_a_benchmark_year()
    for login in ("staff", "member"):  # more rows than a page of the proposal list (30) and of the API (50)
        assert listed_proposals(User.objects.get(username=login)).count() > 50, login
    many = _counts()
    differ = {name: (few[name], many[name]) for name in few if few[name] != many[name]}
    assert not differ, f"query count (demo data, with a benchmark year) differs: {differ}"
