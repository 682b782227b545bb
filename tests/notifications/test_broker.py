"""Work queued by a request goes to a real Redis and a real Celery worker; with Redis down nothing is lost."""
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from chengwu_cppcc.celery import app as celery_app
from notifications.models import Delivery, Notification, Reminder
from notifications.services import deliver_pending
from tests.conftest import is_postgres
from tests.topics.conftest import MEETING, make_candidate
from topics import services as topic_services

# One real worker and one Redis database: these tests run on one xdist process, one after another.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("broker")]
WORKER_LOG = os.path.join(settings.BASE_DIR, "test-artifacts", "celery-worker.log")
os.makedirs(os.path.dirname(WORKER_LOG), exist_ok=True)


def _worker_log() -> str:
    with open(WORKER_LOG, errors="replace") as handle:
        return handle.read()[-3000:]


def _reset_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def own_broker():
    """Each pytest-xdist process runs these tests on its own Redis database: a worker started by one process must
    not take the tasks of the other process's tests (they run against another test database), nor wait behind
    the deliveries the other tests queue. (pytest-xdist's `loadgroup` does not keep the group on one process
    under this pytest, so the tests are made safe to run side by side.)"""
    number = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    old = celery_app.conf.broker_url
    parts = urlsplit(old)
    celery_app.conf.broker_url = urlunsplit(parts._replace(path=f"/{14 - number % 8}"))
    _reset_pools()
    celery_app.connection().default_channel.client.flushdb()
    yield celery_app.conf.broker_url
    celery_app.conf.broker_url = old
    _reset_pools()


@pytest.fixture
def broker_down(own_broker):
    """Point the Celery app at a port where nothing listens, as if Redis were stopped."""
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    _reset_pools()
    yield
    celery_app.conf.broker_url = own_broker
    _reset_pools()


def test_request_succeeds_with_redis_down_and_a_later_sweep_delivers(api_client_for, users, committee, broker_down):
    users["vice_chair"].email = "vc@example.org"
    users["vice_chair"].save()
    plan = topic_services.plan_create(actor=users["staff"], year=2026)
    topic = make_candidate(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
    topic_services.topic_shortlist(actor=users["staff"], topic_id=topic.pk, meeting_date=MEETING)
    started = time.monotonic()
    response = api_client_for(users["staff"]).post(f"/api/topics/{topic.pk}/adopt/", {"meeting_date": "2026-03-20"},
                                                    format="json")
    assert response.status_code == 200
    assert time.monotonic() - started < 10
    notification = Notification.objects.get(recipient=users["vice_chair"])  # in the centre at once
    assert not Delivery.objects.exists() and not mail.outbox
    deliver_pending()  # what the next sweep does
    assert [m.to for m in mail.outbox] == [["vc@example.org"]]
    assert notification.deliveries.get().sent_at is not None


def _start_worker(visibility_timeout: int = 3600):
    db = connection.settings_dict
    env = dict(os.environ)
    env.update({
        "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
        "DJANGO_SETTINGS_MODULE": "chengwu_cppcc.settings.test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_URL": celery_app.conf.broker_url,  # this process's own database (own_broker)
    })
    # A file, not a pipe: a worker writing to a pipe nobody reads would block once the pipe is full.
    log = open(WORKER_LOG, "ab")  # noqa: SIM115 - the worker process owns it
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "chengwu_cppcc", "worker", "--pool=solo", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


def _wait_for(predicate, timeout=40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.worker
def test_due_reminder_goes_through_a_real_worker_once(users, committee):
    if not is_postgres():
        pytest.skip("the worker process needs a shared database server (PostgreSQL run)")
    import datetime

    from research.models import Milestone, ResearchGroup
    from tests.topics.conftest import make_adopted

    plan = topic_services.plan_create(actor=users["staff"], year=2026)
    topic = make_adopted(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
    group = ResearchGroup.objects.create(topic=topic, leader=users["vice_chair"], formed_on=datetime.date(2026, 1, 5),
                                         created_by=users["staff"])
    Milestone.objects.create(group=group, kind="other", title="完成调研", due_on=datetime.date(2026, 6, 10),
                             owner=users["staff"])
    sweep_three_times_in_a_worker("2026-06-09", first_kind="milestone_due_soon")
    assert Reminder.objects.filter(kind="milestone_due_soon").count() == 1
    assert Notification.objects.filter(kind="milestone_due_soon").count() == 2


def sweep_three_times_in_a_worker(day: str, *, first_kind: str) -> None:
    """The same sweep queued three times to a real worker, as if beat ran twice and a task was redelivered; returns
    once a `first_kind` reminder exists and the queue has drained, the worker stopped."""
    from chengwu_cppcc.celery import app as celery_app
    from notifications.tasks import run_sweeps_task

    celery_app.control.purge()
    worker = _start_worker()
    try:
        for _ in range(3):
            run_sweeps_task.delay(day)
        assert _wait_for(lambda: Reminder.objects.filter(kind=first_kind).exists())
        time.sleep(3)
        assert _wait_for(lambda: celery_app.connection().default_channel.client.llen("celery") == 0)
        time.sleep(2)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def _milestone_due(users, committee):
    import datetime

    from research.models import Milestone, ResearchGroup
    from tests.topics.conftest import make_adopted

    plan = topic_services.plan_create(actor=users["staff"], year=2026)
    topic = make_adopted(plan, users["staff"], committee=committee, vice_chair=users["vice_chair"])
    group = ResearchGroup.objects.create(topic=topic, leader=users["vice_chair"], formed_on=datetime.date(2026, 1, 5),
                                         created_by=users["staff"])
    return Milestone.objects.create(group=group, kind="other", title="完成调研", due_on=datetime.date(2026, 6, 10),
                                    owner=users["staff"])


@pytest.mark.postgres
def test_two_sweeps_at_the_same_moment_send_each_reminder_once(users, committee):
    if not is_postgres():
        pytest.skip("concurrent writers need PostgreSQL")
    import datetime
    import threading

    from notifications.services import run_sweeps

    _milestone_due(users, committee)
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            run_sweeps(today=datetime.date(2026, 6, 9))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Reminder.objects.filter(kind="milestone_due_soon").count() == 1
    assert Notification.objects.filter(kind="milestone_due_soon").count() == 2


@pytest.mark.worker
def test_worker_killed_in_the_middle_of_a_task_loses_nothing_and_duplicates_nothing(users, committee):
    """The worker is killed while its sweep waits inside its transaction; the task is delivered again."""
    if not is_postgres():
        pytest.skip("the worker process needs a shared database server (PostgreSQL run)")
    import psycopg2
    from django.contrib.contenttypes.models import ContentType

    from notifications.tasks import run_sweeps_task

    milestone = _milestone_due(users, committee)
    db = connection.settings_dict
    blocker = psycopg2.connect(dbname=db["NAME"], user=db["USER"] or "postgres", host=db["HOST"] or "127.0.0.1",
                               port=db["PORT"] or 5432)
    cursor = blocker.cursor()
    # An uncommitted ledger row with the same key: the worker's insert waits on it, mid-task.
    cursor.execute(
        "INSERT INTO notifications_reminder (content_type_id, object_id, kind, period, created_at) "
        "VALUES (%s, %s, 'milestone_due_soon', '2026-06-10', now())",
        [ContentType.objects.get_for_model(milestone).pk, milestone.pk],
    )
    celery_app.control.purge()
    # A worker stopped by an earlier test may have left Kombu's restore mutex behind (it expires after 300 s).
    celery_app.connection().default_channel.client.delete("unacked_mutex")
    worker = _start_worker(visibility_timeout=3)
    try:
        run_sweeps_task.delay("2026-06-09")
        if not _wait_for(_waiting_on_lock, timeout=60):
            worker.kill()
            pytest.fail("the sweep never reached the ledger insert: " + _worker_log())
        worker.kill()  # SIGKILL: no warm shutdown, the message is not acknowledged
        worker.wait(timeout=10)
        blocker.rollback()  # the blocking row never existed
        assert not Reminder.objects.exists() and not Notification.objects.filter(reminder__isnull=False).exists()
        worker = _start_worker(visibility_timeout=3)
        if not _wait_for(lambda: Notification.objects.filter(kind="milestone_due_soon").count() == 2, timeout=120):
            pytest.fail("the task was not delivered again: " + _worker_log())
        time.sleep(4)  # a second redelivery, if any, would have run by now
        assert Reminder.objects.filter(kind="milestone_due_soon").count() == 1
        assert Notification.objects.filter(kind="milestone_due_soon").count() == 2
    finally:
        blocker.close()
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()


def _waiting_on_lock() -> bool:
    # Asked on the test's own autocommit connection: pg_stat_activity is a snapshot per transaction.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0
