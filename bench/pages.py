"""Benchmark (not a test): server time and query count of the main pages and API lists, against baselines.

Run: `make bench-pages`. By hand, against any migrated database with the demo logins:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chengwu_bench_pages .venv/bin/python bench/pages.py --label decade
Each page is requested in-process with Django's test Client as its demo user (force_login): warm-up requests,
then --requests timed ones; median and p95 of the wall time around `client.get`, the query count of one request,
and the ratio of the median to the page's baseline (/bench/baseline/<name>/, see bench/baselines.py) measured
the same way in the same process. --label names the data set; results go to bench/results/pages-<label>.json;
--compare DEMO_JSON adds the demo data set's query counts and writes bench/results/pages-<date>.md.
"""
import argparse
import datetime
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

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.page_list import LIMIT, PAGES  # noqa: E402
from directory.models import User  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def timed(client, url, n, warmup):
    for _ in range(warmup):
        response = client.get(url)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)], 2),
        "bytes": len(response.content),
    }


def query_count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def run(label, n, warmup, only=""):
    clients = {}
    rows = []
    pages = [page for page in PAGES if not only or only in page[0]]
    for _name, login, url, _baseline, _kind in pages:
        if login not in clients:
            clients[login] = Client()
            clients[login].force_login(User.objects.get(username=login))
        clients[login].get(url)  # the process warmed up (templates loaded, URLs resolved) before "cold" timings
    for name, login, url, baseline, kind in pages:
        client = clients[login]
        cache.clear()  # the cold path (cached statistics computed), for its query count and time
        cold_start = time.perf_counter()
        queries, sql = query_count(client, url)
        cold_ms = round((time.perf_counter() - cold_start) * 1000, 2)
        page = timed(client, url, n, warmup)
        base_url = f"/bench/baseline/{baseline}/"
        base_queries, _sql = query_count(client, base_url)
        base = timed(client, base_url, n, warmup)
        row = {
            "name": name, "login": login, "url": url, "kind": kind, "baseline": baseline, "queries": queries,
            "cold_ms": cold_ms, "median_ms": page["median_ms"], "p95_ms": page["p95_ms"], "bytes": page["bytes"],
            "baseline_queries": base_queries, "baseline_median_ms": base["median_ms"],
            "ratio": round(page["median_ms"] / base["median_ms"], 2), "sql": sql,
        }
        rows.append(row)
        print(f"{name:<36} {queries:>3} q  cold {cold_ms:>6.1f} ms  median {row['median_ms']:>7.1f} ms  p95 {row['p95_ms']:>7.1f} ms  "
              f"baseline {row['baseline_median_ms']:>5.1f} ms  ratio {row['ratio']:>5.2f}", flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = {"label": label, "requests": n, "database": connection.settings_dict["NAME"], "rows": rows,
           "measured_at": datetime.datetime.now().isoformat(timespec="seconds")}
    (RESULTS / f"pages-{label}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1))
    return out


def markdown(decade, demo):
    demo_queries = {r["name"]: r["queries"] for r in demo["rows"]} if demo else {}
    lines = [
        f"# Page benchmark {datetime.date.today().isoformat()}",
        "",
        f"In-process (Django test Client, force_login), {decade['requests']} timed requests per page after warm-up, "
        f"database `{decade['database']}` ({decade['label']}); demo query counts from `{demo['database'] if demo else '-'}`.",
        "Ratio = page median / baseline median (baseline: same rows' query with .values() as JSON; bench/baselines.py).",
        "",
        "Queries and 'cold ms' are of the first request after the cache is cleared (statistics computed); median and",
        "p95 are of the requests after it (statistics from the cache until the data change).",
        "",
        "| page | queries (decade) | queries (demo) | same | cold ms | median ms | p95 ms | baseline ms | ratio | limit | ok |",
        "|---|---:|---:|:-:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for r in decade["rows"]:
        dq = demo_queries.get(r["name"], "-")
        same = "yes" if dq == r["queries"] else "NO"
        limit = LIMIT[r["kind"]]
        ok = "yes" if r["ratio"] <= limit else "NO"
        lines.append(f"| {r['name']} | {r['queries']} | {dq} | {same} | {r.get('cold_ms', '-')} | {r['median_ms']} | {r['p95_ms']} | "
                     f"{r['baseline_median_ms']} | {r['ratio']} | ≤{limit:g}× | {ok} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="decade")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="only the pages whose name contains this (a quick look)")
    parser.add_argument("--compare", help="JSON of the demo run, to compare query counts and write the .md")
    args = parser.parse_args()
    result = run(args.label, args.requests, args.warmup, args.only)
    if args.compare:
        demo = json.loads(Path(args.compare).read_text())
        text = markdown(result, demo)
        path = RESULTS / f"pages-{datetime.date.today().isoformat()}.md"
        path.write_text(text)
        print(text)
        print(f"Written {path}")


if __name__ == "__main__":
    main()
