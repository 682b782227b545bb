"""Profile one page (not a test): cProfile of N requests plus the time of each SQL query of one request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chengwu_bench_pages .venv/bin/python bench/profile_page.py staff /outcomes/assignments/
"""
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from directory.models import User  # noqa: E402


def main(login, url, n=10):
    client = Client()
    client.force_login(User.objects.get(username=login))
    client.get(url)
    timings = []

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - start) * 1000, sql))

    with connection.execute_wrapper(timer):
        client.get(url)
    total = sum(t for t, _s in timings)
    print(f"SQL: {len(timings)} queries, {total:.1f} ms")
    for ms, sql in sorted(timings, reverse=True)[:6]:
        print(f"  {ms:7.1f} ms  {sql[:700]}")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(n):
        client.get(url)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
