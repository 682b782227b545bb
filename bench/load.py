"""Load benchmark (not a test): gunicorn with 2 workers on 127.0.0.1, a mixed traffic of the six roles and a member.

Run: `make bench-load` (after `make bench-pages` built chengwu_bench_pages). It starts gunicorn
(bench.settings, DATABASE_URL from the environment) on 127.0.0.1:$BENCH_PORT, logs in once per role through
the login form (django-axes is on: one correct login each), then runs closed-loop threads for --duration
seconds on the pages and again for --duration seconds on the same mix of baseline views
(/bench/baseline/<name>/). Reports throughput, p50/p95/p99 and errors overall and per page;
writes bench/results/load-<date>.md. Everything is bounded: the generator stops at the deadline, gunicorn is
stopped at the end (its own process group), each request times out after 10 s.
"""
import argparse
import datetime
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"
# role → [(url, baseline, weight)]: what each role opens in a working day, roughly how often.
MIX = {
    "staff": [("/", "home_staff", 3), ("/topics/", "topics", 1), ("/topics/plan/", "plan_board", 1),
              ("/outcomes/assignments/", "assignments_all", 3), ("/stats/", "stats", 1),
              ("/notifications/", "notifications", 1), ("/api/assignments/", "assignments_all", 1),
              ("/api/stats/", "stats", 1), ("/api/topics/", "topics", 1), ("/api/notifications/", "notifications", 1),
              ("/todos/", "todos_staff", 1)],
    "vice_chair": [("/", "home_vice_chair", 3), ("/topics/", "topics", 1)],
    "department": [("/", "home_department", 3), ("/outcomes/assignments/", "assignments_department", 3),
                   ("/api/assignments/", "assignments_department", 1), ("/notifications/", "notifications", 1)],
    "leader_in_charge": [("/", "home_leader", 3), ("/outcomes/approvals/", "approvals", 2)],
    "principal_leader": [("/", "home_leader", 3), ("/outcomes/approvals/", "approvals", 2)],
    "supervisor": [("/", "home_supervisor", 3), ("/outcomes/assignments/", "assignments_all", 2)],
    "member": [("/members/", "member_home", 1)],
}
# How many of the office's users are of each role (the traffic share): many departments, a few leaders.
ROLE_WEIGHTS = {"staff": 3, "vice_chair": 1, "department": 4, "leader_in_charge": 1, "principal_leader": 1,
                "supervisor": 1, "member": 1}


def request(port, method, path, cookies, body=None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Host": f"{HOST}:{port}"}
        hdrs.update(headers or {})
        conn.request(method, path, body=body, headers=hdrs)
        response = conn.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data
    finally:
        conn.close()


def set_cookies(headers, cookies):
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            k, _, v = pair.partition("=")
            cookies[k.strip()] = v.strip()


def login(port, username, password):
    cookies = {}
    status, headers, body = request(port, "GET", "/accounts/login/", cookies)
    set_cookies(headers, cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    status, headers, _ = request(port, "POST", "/accounts/login/", cookies, body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{port}/accounts/login/"})
    set_cookies(headers, cookies)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login of {username} failed: HTTP {status}")
    return {"sessionid": cookies["sessionid"]}


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, int(round(q * len(sorted_values))) - 1))]


def run_phase(port, sessions, concurrency, duration, baseline, seed):
    deadline = time.monotonic() + duration
    samples, errors, lock = [], [], threading.Lock()
    roles, weights = list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values())

    def worker(index):
        rng = random.Random(seed * 100 + index)
        while time.monotonic() < deadline:
            role = rng.choices(roles, weights)[0]
            url, base, _w = rng.choices(MIX[role], [w for _u, _b, w in MIX[role]])[0]
            path = f"/bench/baseline/{base}/" if baseline else url
            label = f"{base} (baseline)" if baseline else f"{url} · {role}"
            start = time.perf_counter()
            try:
                status, _h, _b = request(port, "GET", path, sessions[role])
                error = None if status == 200 else f"HTTP {status}"
            except Exception as exc:  # a timeout or a reset counts as an error, the run goes on
                error = type(exc).__name__
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                samples.append((label, elapsed))
                if error:
                    errors.append((label, error))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 15)
    wall = time.monotonic() - started
    return summarise(samples, errors, wall)


def summarise(samples, errors, wall):
    def stats(values):
        values = sorted(values)
        return {"n": len(values), "p50": percentile(values, 0.5), "p95": percentile(values, 0.95),
                "p99": percentile(values, 0.99)}

    per_label = {}
    for label, ms in samples:
        per_label.setdefault(label, []).append(ms)
    return {"overall": {**stats([ms for _l, ms in samples]), "rps": len(samples) / wall, "errors": len(errors)},
            "per_label": {label: stats(values) for label, values in sorted(per_label.items())},
            "error_kinds": sorted({f"{label}: {e}" for label, e in errors})[:20]}


def wait_ready(port, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited early")
        try:
            request(port, "GET", "/accounts/login/", {})
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def table(title, result):
    o = result["overall"]
    lines = [f"### {title}", "",
             f"{o['n']} requests, {o['rps']:.1f} req/s, p50 {o['p50']:.1f} ms, p95 {o['p95']:.1f} ms, "
             f"p99 {o['p99']:.1f} ms, errors {o['errors']}", "",
             "| request | n | p50 ms | p95 ms | p99 ms | p95 < 100 ms |", "|---|---:|---:|---:|---:|:-:|"]
    for label, s in result["per_label"].items():
        lines.append(f"| {label} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} | "
                     f"{'yes' if s['p95'] < 100 else 'NO'} |")
    if result["error_kinds"]:
        lines += ["", "Errors: " + "; ".join(result["error_kinds"])]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=30, help="seconds per phase (pages, then baseline)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8765")))
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "chengwu2026"))
    args = parser.parse_args()
    if args.duration > 60:
        raise SystemExit("--duration is bounded to 60 s per phase")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    log = open(RESULTS / "gunicorn.log", "w") if RESULTS.mkdir(exist_ok=True) is None else None
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "chengwu_cppcc.wsgi:application", "--bind", f"{HOST}:{args.port}",
         "--workers", str(args.workers), "--timeout", "30", "--access-logfile", "-"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        wait_ready(args.port, proc)
        sessions = {role: login(args.port, role, args.password) for role in ROLE_WEIGHTS}
        for role in ROLE_WEIGHTS:  # warm both workers' caches and connections
            for url, _b, _w in MIX[role]:
                for _ in range(2):
                    request(args.port, "GET", url, sessions[role])
        pages = run_phase(args.port, sessions, args.concurrency, args.duration, baseline=False, seed=1)
        base = run_phase(args.port, sessions, args.concurrency, args.duration, baseline=True, seed=1)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    header = (f"# Load benchmark {datetime.date.today().isoformat()}\n\n"
              f"gunicorn {args.workers} sync workers on {HOST}:{args.port} (bench.settings), database "
              f"`{os.environ.get('DATABASE_URL', 'sqlite')}`; {args.concurrency} closed-loop client threads on the same "
              f"machine, {args.duration} s per phase; role mix {ROLE_WEIGHTS}.\n\n")
    text = header + table("Pages (mixed traffic of the six roles and a member)", pages) + "\n" + table(
        "Baseline views (same mix, each page replaced by its baseline)", base)
    path = RESULTS / f"load-{datetime.date.today().isoformat()}.md"
    path.write_text(text)
    print(text)
    print(f"Written {path}")


if __name__ == "__main__":
    main()
