"""The proposer's evaluation of an approved reply is reminded: a few working days before it is due, and once it
is overdue (the proposer, and the committee staff who may record a paper evaluation, as one digest when many);
each reminder once, none for an evaluated reply, and a sweep's queries do not grow with the replies."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, Reminder, ReminderPolicy
from notifications.services import DIGEST_AFTER, run_sweeps
from outcomes.models import Reply
from outcomes.reminders import EVALUATION_DAYS_BEFORE_DUE, sweep_evaluations
from outcomes.services import replies as reply_services
from proposals import services as proposal_services
from tests.conftest import is_postgres
from tests.notifications import test_broker as broker
from tests.proposals import test_proposal_handling as handling
from tests.proposals.conftest import groups, member_users, members, submitted  # noqa: F401
from workdays.services import add_working_days

pytestmark = pytest.mark.django_db
KINDS = ("evaluation_due_soon", "evaluation_overdue", "evaluation_overdue_staff", "evaluation_overdue_digest")


def _forwarded(users, departments, member_users, title="关于加强县域冷链物流体系建设的建议"):  # noqa: F811
    proposal = submitted(member_users["member"], title=title)
    proposal_services.proposal_accept(actor=users["staff"], proposal_id=proposal.pk, category="economy")
    return handling._forward(users, departments, proposal, co=False)


@pytest.fixture
def approved(users, departments, member_users):  # noqa: F811
    """The department's reply to member's proposal, approved: the proposer's evaluation is due."""
    reply = handling._approved(users, _forwarded(users, departments, member_users))
    assert reply.evaluation_due_on is not None
    Notification.objects.all().delete()  # the hand-offs so far; only reminders are counted below
    return reply


def sweep(day):
    return sweep_evaluations(today=day, policy=ReminderPolicy.current())


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_the_proposer_is_reminded_a_few_working_days_before_the_evaluation_is_due(approved, member_users):  # noqa: F811
    due = approved.evaluation_due_on
    assert sweep(add_working_days(due, -EVALUATION_DAYS_BEFORE_DUE - 1)) == 0  # not yet
    assert sweep(add_working_days(due, -EVALUATION_DAYS_BEFORE_DUE)) == 1
    assert told("evaluation_due_soon") == {member_users["member"].username}
    notification = Notification.objects.get(kind="evaluation_due_soon")
    assert approved.assignment.matter.title in notification.title
    assert notification.url == approved.get_absolute_url() + "#evaluate"
    assert sweep(add_working_days(due, -1)) == 0 and sweep(due) == 0  # the same reminder, once
    assert not Notification.objects.exclude(kind="evaluation_due_soon").exists()


def test_an_overdue_evaluation_reminds_the_proposer_and_the_staff(approved, users, member_users):  # noqa: F811
    overdue = approved.evaluation_due_on + datetime.timedelta(days=1)
    assert sweep(overdue) == 2
    assert told("evaluation_overdue") == {member_users["member"].username}
    assert told("evaluation_overdue_staff") == {users["staff"].username}
    staff_note = Notification.objects.get(kind="evaluation_overdue_staff")
    assert member_users["member"].display_name in staff_note.title
    assert staff_note.url == approved.get_absolute_url()


def test_a_second_sweep_sends_nothing(approved):
    overdue = add_working_days(approved.evaluation_due_on, 1)
    first = run_sweeps(today=overdue)  # registered in REMINDER_SWEEPS
    assert first["sweep_evaluations"] == 2
    notifications, reminders = Notification.objects.count(), Reminder.objects.count()
    assert run_sweeps(today=overdue)["sweep_evaluations"] == 0
    assert sweep(overdue + datetime.timedelta(days=7)) == 0  # overdue is told once, not every day
    assert (Notification.objects.count(), Reminder.objects.count()) == (notifications, reminders)


def test_an_evaluated_reply_is_not_reminded(approved, member_users):  # noqa: F811
    reply_services.reply_evaluate(actor=member_users["member"], reply_id=approved.pk, evaluation="satisfied",
                                  contacted=True, attitude="satisfied", agreed=True)
    Notification.objects.all().delete()
    due = approved.evaluation_due_on
    assert sweep(add_working_days(due, -1)) == 0
    assert sweep(due + datetime.timedelta(days=1)) == 0
    assert not Notification.objects.filter(kind__in=KINDS).exists()


def test_an_outcomes_evaluation_stays_the_offices_without_reminders(approved):
    """A matter without a named evaluator (an outcome) is evaluated by the office: no proposer to remind."""
    approved.assignment.matter.__class__.objects.filter(pk=approved.assignment.matter_id).update(evaluator=None)
    assert sweep(approved.evaluation_due_on + datetime.timedelta(days=1)) == 0


def _queries(day) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        sent = sweep(day)
    return sent, len(queries)


def test_the_sweeps_queries_do_not_grow_with_the_replies(approved, users):
    overdue = approved.evaluation_due_on + datetime.timedelta(days=1)
    sweep(overdue - datetime.timedelta(days=30))  # warm the content-type cache: nothing is due then
    one = _queries(overdue)
    # 49 more approved replies awaiting the proposer's evaluation, overdue on the same day.
    template = Reply.objects.get(pk=approved.pk)
    copies = []
    for version in range(2, 51):
        template.pk, template.version = None, version
        copies.append(Reply(**{f.attname: getattr(template, f.attname) for f in Reply._meta.concrete_fields}))
    Reply.objects.bulk_create(copies)
    fifty = _queries(overdue)
    assert one[0] == 2 and fifty[0] == 49 * 2
    assert fifty[1] == one[1], f"{one[1]} queries for 1 reply, {fifty[1]} for 50"
    # The staff are told the 49 at once, in one digest; the proposer once per reply.
    assert 49 > DIGEST_AFTER
    assert Notification.objects.filter(kind="evaluation_overdue_digest", recipient=users["staff"]).count() == 1
    assert Notification.objects.filter(kind="evaluation_overdue").count() == 50


@pytest.mark.worker
@pytest.mark.xdist_group("broker")
@pytest.mark.django_db(transaction=True)
class TestThroughARealWorker:
    """The sweep as beat runs it: the task on a real Celery worker, queued three times, reminds once."""

    @pytest.fixture(autouse=True)
    def own_broker(self):
        """This process's own Redis database, emptied, as tests/notifications/test_broker.py gives its tests."""
        yield from broker.own_broker.__wrapped__()

    def test_an_overdue_evaluation_goes_through_a_real_worker_once(self, users, departments, member_users):  # noqa: F811
        if not is_postgres():
            pytest.skip("the worker process needs a shared database server (PostgreSQL run)")
        reply = handling._approved(users, _forwarded(users, departments, member_users))
        overdue = (reply.evaluation_due_on + datetime.timedelta(days=1)).isoformat()
        broker.sweep_three_times_in_a_worker(overdue, first_kind="evaluation_overdue")
        assert Reminder.objects.filter(kind__startswith="evaluation_").count() == 2
        assert told("evaluation_overdue") == {member_users["member"].username}
        assert Notification.objects.filter(kind="evaluation_overdue").count() == 1
        assert Notification.objects.filter(kind="evaluation_overdue_staff").count() == 1
