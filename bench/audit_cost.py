"""Benchmark (not a test): what the audit trail costs a request, against the same requests without it.

Run on the demo data (made by `make bench-pages`), e.g.:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chengwu_bench_demo .venv/bin/python bench/audit_cost.py
In one process, alternating rounds with and without `audit.middleware.AuditMiddleware`: pages read (GET, which
the trail does not record except the auditor's own reading) and one write (POST /notifications/read-all/, which
leaves one audit record each time). Medians of --requests timed requests per round, --rounds rounds each.
Results go to bench/results/audit-cost.json.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from audit.models import AuditRecord  # noqa: E402
from directory.models import User  # noqa: E402

AUDIT = "audit.middleware.AuditMiddleware"
REQUESTS = [("home · staff", "GET", "/"), ("topic list · staff", "GET", "/topics/"),
            ("assignment list · staff", "GET", "/outcomes/assignments/"),
            ("mark all read · staff (a write)", "POST", "/notifications/read-all/")]


def _client(with_audit: bool) -> Client:
    middleware = [m for m in settings.MIDDLEWARE if with_audit or m != AUDIT]
    with override_settings(MIDDLEWARE=middleware):
        client = Client(enforce_csrf_checks=False)
        client.force_login(User.objects.get(username="staff"))
        client.get("/")  # loads this middleware chain now, under the override
    return client


def _median(client, method, url, n):
    call = client.get if method == "GET" else client.post
    for _ in range(3):
        call(url)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = call(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), (url, response.status_code)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    clients = {True: _client(True), False: _client(False)}
    rows = []
    for name, method, url in REQUESTS:
        times = {True: [], False: []}
        before = AuditRecord.objects.count()
        for _ in range(args.rounds):
            for with_audit in (False, True):
                times[with_audit].append(_median(clients[with_audit], method, url, args.requests))
        written = AuditRecord.objects.count() - before
        off, on = statistics.median(times[False]), statistics.median(times[True])
        spread = max(times[False]) - min(times[False])
        rows.append({"request": name, "without_audit_ms": round(off, 2), "with_audit_ms": round(on, 2),
                     "difference_ms": round(on - off, 2), "noise_ms": round(spread, 2),
                     "audit_records_written": written})
    out = ROOT / "bench" / "results" / "audit-cost.json"
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{'request':40} {'without':>9} {'with':>9} {'diff':>8} {'noise':>8} records")
    for r in rows:
        print(f"{r['request']:40} {r['without_audit_ms']:>9} {r['with_audit_ms']:>9} {r['difference_ms']:>8} "
              f"{r['noise_ms']:>8} {r['audit_records_written']}")


if __name__ == "__main__":
    main()
