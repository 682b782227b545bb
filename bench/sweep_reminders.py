"""Benchmark (not a test): one reminder sweep over 100,000 open assignments, then the repeat sweep.

Run: `make bench-sweep` (PostgreSQL; creates the database `chengwu_bench` afresh).
Reports wall time, queries, peak Python allocation (tracemalloc) and RSS growth of each sweep.
"""
import datetime
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengwu_cppcc.settings.local")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from directory.models import Department, RoleGrant, User  # noqa: E402
from notifications.models import Notification, Reminder, ReminderPolicy  # noqa: E402
from outcomes.models import Assignment, Matter, Outcome  # noqa: E402
from outcomes.reminders import sweep_reply_deadlines  # noqa: E402
from topics.models import Plan, Topic  # noqa: E402

N_ASSIGNMENTS = int(os.environ.get("BENCH_ASSIGNMENTS", "100000"))
N_DEPARTMENTS = 200
TODAY = datetime.date(2026, 6, 15)


def fill():
    if Assignment.objects.count() >= N_ASSIGNMENTS:
        return
    with transaction.atomic():
        staff = User.objects.create(username="bench_staff", full_name="督办员")
        RoleGrant.objects.create(user=staff, role="staff")
        supervisor = User.objects.create(username="bench_supervisor", full_name="督查室")
        RoleGrant.objects.create(user=supervisor, role="supervisor")
        departments = Department.objects.bulk_create([Department(name=f"县第{i}局") for i in range(N_DEPARTMENTS)])
        officers = User.objects.bulk_create(
            [User(username=f"bench_dept_{d.pk}", full_name=f"{d.name}办公室", department=d) for d in departments]
        )
        RoleGrant.objects.bulk_create([RoleGrant(user=u, role="department") for u in officers])
        plan = Plan.objects.create(year=2026, title="基准计划")
        topics = Topic.objects.bulk_create(
            [
                Topic(plan=plan, title=f"基准课题{i}", source="special_committee", track="annual", origin="other",
                      domain="other", consultation_type="counterpart", rationale="基准", status="adopted",
                      created_by=staff)
                for i in range(100)
            ]
        )
        outcomes = Outcome.objects.bulk_create(
            [
                Outcome(topic=topics[i % 100], kind="work_minutes", title=f"基准纪要{i}", consultation_type="counterpart",
                        status="forwarded", forwarded_on=TODAY - datetime.timedelta(days=60), created_by=staff)
                for i in range(1000)
            ]
        )
        matters = Matter.objects.bulk_create(
            [Matter(owner_kind="outcome", owner_id=o.pk, title=o.title, policy_kind=o.kind, topic_id=o.topic_id)
             for o in outcomes]
        )
        rows = []
        for i in range(N_ASSIGNMENTS):
            rows.append(
                Assignment(
                    matter=matters[i % 1000], outcome=outcomes[i % 1000], department=departments[i % N_DEPARTMENTS],
                    role="lead" if i % 4 == 0 else "co", status="in_progress",
                    forwarded_on=TODAY - datetime.timedelta(days=40), working_days=20,
                    due_on=TODAY + datetime.timedelta(days=(i % 70) - 60),
                )
            )
        Assignment.objects.bulk_create(rows, batch_size=5000)


class QueryCounter:
    """Counts queries without keeping their SQL (the debug cursor would hold megabytes of it)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(label, *, trace_memory=False):
    policy = ReminderPolicy.current()
    reverse_warm_up()
    rss_before = _rss_kb("VmRSS")
    _reset_peak_rss()
    if trace_memory:
        tracemalloc.start()
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        sent = sweep_reply_deadlines(today=TODAY, policy=policy)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
    if trace_memory:
        tracemalloc.stop()
    rss_after = _rss_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{label}: {elapsed:.2f} s, {counter.count} queries, reminders sent {sent}, "
        f"peak RSS growth {(rss_after - rss_before) / 1024:.1f} MB"
        + (f", peak Python allocation {peak / 1e6:.1f} MB (traced run)" if trace_memory else "")
    )
    return sent


def _rss_kb(field: str) -> int:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process in kB, from /proc (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak_rss() -> None:
    """Start VmHWM again from the current RSS (Linux: "5" to /proc/self/clear_refs), so the growth is the sweep's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def reverse_warm_up():
    from django.urls import reverse

    reverse("home")


def main():
    if "--sweep" not in sys.argv:
        fill()
        print(f"open assignments: {Assignment.objects.count()}, departments: {Department.objects.count()}")
        # The sweeps run in a fresh process, so its peak RSS is the sweep's own, not the fill's.
        import subprocess

        subprocess.run([sys.executable, __file__, "--sweep"], check=True)
        return
    first = measure("first sweep ")
    print(f"notifications written: {Notification.objects.count()}")
    repeat = measure("repeat sweep")
    assert repeat == 0, "the repeat sweep must send nothing"
    measure("repeat sweep", trace_memory=True)
    print(f"ledger rows: {Reminder.objects.count()} (first sweep sent {first})")
    # The first sweep once more with tracemalloc on (slower), for its peak Python allocation.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_delivery, notifications_notification, notifications_reminder")
    measure("first sweep ", trace_memory=True)


if __name__ == "__main__":
    main()
