"""A connection lost in the middle of a step leaves nothing half done: one transaction per step."""
from unittest import mock

import psycopg2
import pytest
from django.db import InterfaceError, OperationalError, connection

from history.models import HistoryEntry
from outcomes.models import Assignment, Reply
from outcomes.services import replies as reply_services
from tests.conftest import is_postgres
from tests.security.conftest import build_demo


def _state(reply_id):
    reply = Reply.objects.get(pk=reply_id)
    assignment = Assignment.objects.get(pk=reply.assignment_id)
    adoption = sorted(assignment.outcome.suggestions.values_list("pk", "adoption_status"))
    return reply.status, reply.approved_by_id, reply.approved_at, assignment.status, adoption, HistoryEntry.objects.count()


def _fail_after_the_first_write(kill):
    """Break the connection at the reply's history record: by then the step has saved the reply, the suggestions'
    adoption and the assignment's move (with its own history), all inside the step's one transaction.
    (The step tables of outcomes.steps record history through history.services, as every service does.)"""
    import history.services

    original = history.services.history_record

    def broken(**kwargs):
        if kwargs["subject"].__class__ is Reply:
            kill()
        return original(**kwargs)

    return mock.patch.object(history.services, "history_record", side_effect=broken)


@pytest.mark.django_db
def test_a_database_error_mid_step_rolls_the_whole_step_back(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo = build_demo()
    reply = demo.objects["reply_own"]
    before = _state(reply.pk)

    def kill():
        raise OperationalError("server closed the connection unexpectedly")

    with _fail_after_the_first_write(kill), pytest.raises(OperationalError):
        reply_services.reply_approve(actor=demo.users["leader_in_charge"], reply_id=reply.pk, comments="同意。")
    assert _state(reply.pk) == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_connection_killed_mid_step_leaves_no_half_done_change(settings, tmp_path):
    if not is_postgres():
        pytest.skip("needs a PostgreSQL server to kill the backend")
    settings.MEDIA_ROOT = tmp_path
    demo = build_demo()
    reply = demo.objects["reply_own"]
    before = _state(reply.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    def kill():
        # From another connection, as an administrator or a failing network would.
        params = connection.get_connection_params()
        other = psycopg2.connect(**params)
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        other.close()

    with _fail_after_the_first_write(kill), pytest.raises((OperationalError, InterfaceError)):
        reply_services.reply_approve(actor=demo.users["leader_in_charge"], reply_id=reply.pk, comments="同意。")
    connection.close()  # the next query reconnects
    assert _state(reply.pk) == before
    # And the step succeeds once the database is back.
    reply_services.reply_approve(actor=demo.users["leader_in_charge"], reply_id=reply.pk, comments="同意。")
    assert Reply.objects.get(pk=reply.pk).status == "approved"
