"""Work queued by a request goes to a real Redis and a real Celery worker; with Redis down nothing is lost."""
import os
import signal
import subprocess
import sys
import time

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

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where nothing listens, as if Redis were stopped."""
    def reset_pools():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    old = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    reset_pools()
    yield
    celery_app.conf.broker_url = old
    reset_pools()


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


def _start_worker():
    db = connection.settings_dict
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "chengwu_cppcc.settings.test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    })
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "chengwu_cppcc", "worker", "--pool=solo", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
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
    from notifications.tasks import run_sweeps_task

    celery_app.control.purge()
    worker = _start_worker()
    try:
        for _ in range(3):  # the same sweep queued three times, as if beat ran twice and a task was redelivered
            run_sweeps_task.delay("2026-06-09")
        assert _wait_for(lambda: Reminder.objects.filter(kind="milestone_due_soon").exists())
        time.sleep(3)
        assert _wait_for(lambda: celery_app.connection().default_channel.client.llen("celery") == 0)
        time.sleep(2)
        assert Reminder.objects.filter(kind="milestone_due_soon").count() == 1
        assert Notification.objects.filter(kind="milestone_due_soon").count() == 2
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
