"""The audit trail (安全审计): one record per event with actor, address and result; append-only; a hash chain."""
import datetime
import gzip
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from audit.integrity import archive, verify
from audit.models import Action, Archive, AuditRecord, Result
from audit.services import append
from directory.models import Department
from directory.roles import Role
from tests.conftest import is_postgres, make_user

PASSWORD = "Chengwu-Audit-2026"
ADDRESS = "10.1.2.3"
AGENT = "Mozilla/5.0 audit-test"


@pytest.fixture
def people(db):
    staff = make_user("staff_a", Role.STAFF)
    auditor = make_user("auditor_a", Role.AUDITOR)
    secadmin = make_user("secadmin_a", Role.SECADMIN)
    sysadmin = make_user("sysadmin_a", Role.SYSADMIN)
    for user in (staff, auditor, secadmin, sysadmin):
        user.set_password(PASSWORD)
        user.save()
    return {"staff": staff, "auditor": auditor, "secadmin": secadmin, "sysadmin": sysadmin}


def _client(**extra):
    return Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, **extra)


def last(action=None) -> AuditRecord:
    qs = AuditRecord.objects.order_by("-seq")
    return (qs.filter(action=action) if action else qs).first()


def _assert_record(rec, *, action, username, result=Result.SUCCESS, status=None):
    assert rec is not None, action
    assert rec.action == action and rec.username == username and rec.result == result
    assert rec.ip == ADDRESS and rec.user_agent == AGENT
    if status is not None:
        assert rec.status == status


# ---- every event kind --------------------------------------------------------------------------------------


def test_login_success_failure_lockout_and_logout_are_recorded(people, settings):
    client = _client()
    client.post("/accounts/login/", {"username": "staff_a", "password": "wrong"})
    _assert_record(last(Action.LOGIN_FAILED), action=Action.LOGIN_FAILED, username="staff_a", result=Result.REFUSED)
    client.post("/accounts/login/", {"username": "staff_a", "password": PASSWORD})
    _assert_record(last(Action.LOGIN), action=Action.LOGIN, username="staff_a")
    assert last(Action.LOGIN).actor_id == people["staff"].pk
    client.post("/accounts/logout/")
    _assert_record(last(Action.LOGOUT), action=Action.LOGOUT, username="staff_a")
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT):
        client.post("/accounts/login/", {"username": "staff_a", "password": "wrong"})
    _assert_record(last(Action.LOCKOUT), action=Action.LOCKOUT, username="staff_a", result=Result.REFUSED, status=429)


def test_a_failed_login_for_an_unknown_username_keeps_the_attempted_name(db):
    _client().post("/accounts/login/", {"username": "nobody-here", "password": "x"})
    rec = last(Action.LOGIN_FAILED)
    assert rec.username == "nobody-here" and rec.actor_id is None and rec.result == Result.REFUSED


def test_password_change_and_reset_are_recorded(people):
    client = _client()
    client.force_login(people["staff"])
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Neu-Passwort-2027",
                                                   "new_password2": "Neu-Passwort-2027"})
    assert response.status_code == 302
    _assert_record(last(Action.PASSWORD_CHANGED), action=Action.PASSWORD_CHANGED, username="staff_a")
    client.force_login(people["secadmin"])
    assert client.post(f"/accounts/security/users/{people['staff'].pk}/reset-password/").status_code == 200
    rec = last(Action.PASSWORD_RESET)
    _assert_record(rec, action=Action.PASSWORD_RESET, username="secadmin_a")
    assert rec.object_type == "directory.user" and rec.object_id == str(people["staff"].pk)


def test_a_refused_password_change_is_recorded_as_refused(people):
    client = _client()
    client.force_login(people["staff"])
    response = client.post("/accounts/password/", {"old_password": "wrong", "new_password1": "x", "new_password2": "x"})
    assert response.status_code == 400
    rec = last(Action.PASSWORD_CHANGED)
    assert rec.result == Result.REFUSED and rec.status == 400


def test_token_issued_and_revoked_are_recorded(people):
    client = _client()
    token = client.post("/api/auth/token/", {"username": "staff_a", "password": PASSWORD}).json()["token"]
    _assert_record(last(Action.TOKEN_ISSUED), action=Action.TOKEN_ISSUED, username="staff_a")
    assert token not in json.dumps(list(AuditRecord.objects.values()), default=str)  # never the token itself
    api = APIClient(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.post("/api/auth/logout/").status_code == 204
    _assert_record(last(Action.TOKEN_REVOKED), action=Action.TOKEN_REVOKED, username="staff_a")


def test_page_api_and_admin_writes_are_recorded_with_their_object(people):
    from topics.models import Plan

    client = _client()
    client.force_login(people["staff"])
    before = AuditRecord.objects.count()
    response = client.post("/topics/plan/new/", {"year": 2031, "title": "2031年度协商计划", "party_quota": 2,
                                                   "annual_quota": 10, "candidate_target": 20})
    rec = last()
    assert rec.action == Action.CREATE and rec.username == "staff_a" and rec.status == response.status_code
    assert rec.method == "POST" and rec.path == "/topics/plan/new/" and rec.result == Result.SUCCESS
    plan = Plan.objects.get(year=2031)
    response = client.post(f"/api/plans/{plan.pk}/adopt/", {}, content_type="application/json")
    rec = last()
    assert rec.object_type == "topics.plan" and rec.object_id == str(plan.pk) and rec.status == response.status_code
    client.force_login(people["sysadmin"])
    department = Department.objects.create(name="县审计局")
    client.post(f"/admin/directory/department/{department.pk}/change/", {"name": "县审计局（改）", "is_active": "on"})
    rec = last()
    assert rec.action == Action.CREATE and rec.username == "sysadmin_a" and rec.path.startswith("/admin/")
    assert rec.object_type == "directory.department" and rec.object_id == str(department.pk)
    assert AuditRecord.objects.count() > before


def test_a_refused_write_is_recorded_with_its_status(people):
    client = _client()
    client.force_login(people["auditor"])
    response = client.post("/api/plans/", {"year": 2030}, content_type="application/json")
    assert response.status_code == 403
    rec = last()
    assert rec.result == Result.REFUSED and rec.status == 403 and rec.username == "auditor_a"
    anonymous = _client().post("/api/plans/", {"year": 2030}, content_type="application/json")
    assert anonymous.status_code == 403 and last().username == "" and last().result == Result.REFUSED


def test_exports_and_file_downloads_are_recorded(settings, tmp_path, db):
    from tests.security.conftest import build_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    demo = build_demo()
    client = _client()
    client.force_login(demo.users["staff"])
    assert client.get("/stats/export.xlsx").status_code == 200
    rec = last(Action.EXPORT)
    _assert_record(rec, action=Action.EXPORT, username="staff")
    assert rec.summary.startswith("stats:export-xlsx")
    client.force_login(demo.civil_officer)
    reply = demo.objects["reply_foreign"]
    assert client.get(f"/outcomes/replies/{reply.pk}/file/").status_code == 200
    rec = last(Action.DOWNLOAD)
    _assert_record(rec, action=Action.DOWNLOAD, username="civil_officer")
    assert rec.summary.endswith(".pdf")


def test_a_task_run_is_recorded(db):
    from celery import signals

    class Task:
        name = "notifications.tasks.sweep_reminders"

    signals.task_success.send(sender=Task(), result=3)
    rec = last(Action.TASK)
    assert rec.object_id == Task.name and rec.username == "celery" and rec.result == Result.SUCCESS


def test_reading_and_exporting_the_audit_trail_is_audited_too(people):
    client = _client()
    client.force_login(people["auditor"])
    assert client.get("/audit/", {"action": "login"}).status_code == 200
    _assert_record(last(Action.AUDIT_READ), action=Action.AUDIT_READ, username="auditor_a")
    response = client.get("/audit/export/", {"action": "login"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    _assert_record(last(Action.EXPORT), action=Action.EXPORT, username="auditor_a")


# ---- nobody changes or deletes a record ---------------------------------------------------------------------


@pytest.fixture
def some_records(db):
    for n in range(3):
        append(action=Action.LOGIN, username=f"user{n}", ip="10.0.0.1", status=200)
    return list(AuditRecord.objects.order_by("seq"))


@pytest.mark.parametrize("role", ["auditor", "secadmin", "sysadmin", "staff"])
def test_no_role_changes_or_deletes_a_record_through_the_api(people, some_records, role):
    client = APIClient()
    client.force_authenticate(people[role])
    rec = some_records[0]
    expected = 405 if role == "auditor" else 403
    assert client.post("/api/audit-log/", {"action": "login"}, format="json").status_code == expected
    assert client.patch(f"/api/audit-log/{rec.pk}/", {"summary": "x"}, format="json").status_code == expected
    assert client.put(f"/api/audit-log/{rec.pk}/", {"summary": "x"}, format="json").status_code == expected
    assert client.delete(f"/api/audit-log/{rec.pk}/").status_code == expected
    assert AuditRecord.objects.get(pk=rec.pk).summary == rec.summary
    verify_ok()


@pytest.mark.parametrize("role", ["auditor", "secadmin", "sysadmin", "staff"])
def test_no_role_changes_or_deletes_a_record_through_the_admin(people, some_records, role):
    client = Client()
    client.force_login(people[role])
    rec = some_records[0]
    for path in (f"/admin/audit/auditrecord/{rec.pk}/change/", f"/admin/audit/auditrecord/{rec.pk}/delete/",
                 "/admin/audit/auditrecord/add/"):
        response = client.post(path, {"post": "yes", "summary": "changed"})
        assert response.status_code in (302, 403), (role, path, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
    changelist = client.post("/admin/audit/auditrecord/", {"action": "delete_selected", "_selected_action": [rec.pk]})
    assert changelist.status_code in (302, 403)
    assert AuditRecord.objects.filter(pk=rec.pk, summary=rec.summary).exists()


def test_pages_offer_no_way_to_change_a_record(people, some_records):
    client = Client()
    client.force_login(people["auditor"])
    before = list(AuditRecord.objects.order_by("seq").values_list("seq", "hash"))
    for path in ("/audit/", "/audit/export/"):
        client.post(path, {"seq": some_records[0].seq, "summary": "changed"})
    after = list(AuditRecord.objects.order_by("seq").values_list("seq", "hash"))
    assert after[: len(before)] == before  # only new records (the refused POSTs themselves) were added


def test_the_model_refuses_changes_and_deletes(some_records):
    rec = some_records[0]
    rec.summary = "changed"
    with pytest.raises(PermissionError):
        rec.save()
    with pytest.raises(PermissionError):
        rec.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=rec.pk).update(summary="changed")
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().delete()


def test_the_database_refuses_an_update_even_in_plain_sql(some_records):
    table = AuditRecord._meta.db_table
    with pytest.raises(Exception) as refused, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET summary = 'changed' WHERE seq = %s", [some_records[0].seq])
    assert "append-only" in str(refused.value)


def test_the_database_refuses_a_delete_on_postgresql(some_records):
    if not is_postgres():
        pytest.skip("SQLite keeps DELETE for the test runner's table flush; the model refuses it")
    with pytest.raises(Exception) as refused, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table}")
    assert "append-only" in str(refused.value)


# ---- the chain -----------------------------------------------------------------------------------------------


def verify_ok():
    checked, broken = verify()
    assert broken is None, broken
    return checked


def test_each_record_carries_the_previous_records_hash(some_records):
    for before, after in zip(some_records, some_records[1:], strict=False):
        assert after.prev_hash == before.hash and after.seq == before.seq + 1
    assert verify_ok() == len(some_records)
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()


def _tamper(sql, params):
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
        cursor.execute(sql, params)


def test_audit_verify_detects_a_record_changed_in_the_database(some_records):
    _tamper("UPDATE audit_auditrecord SET summary = 'nothing happened' WHERE seq = %s", [some_records[1].seq])
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify", stdout=StringIO())
    assert f"record {some_records[1].seq}" in str(broken.value) and "changed" in str(broken.value)


def test_audit_verify_detects_a_record_changed_with_its_hash_recomputed(some_records):
    forged = some_records[1]
    forged.username = "someone-else"
    new_hash = forged.compute_hash()
    _tamper("UPDATE audit_auditrecord SET username = %s, hash = %s WHERE seq = %s",
            ["someone-else", new_hash, forged.seq])
    checked, broken = verify()
    assert broken.seq == some_records[2].seq  # the next record no longer links to it


def test_audit_verify_detects_a_deleted_record(some_records):
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_append_only")
        cursor.execute("DELETE FROM audit_auditrecord WHERE seq = %s", [some_records[1].seq])
    checked, broken = verify()
    assert broken.seq == some_records[2].seq and "missing" in broken.reason


# ---- retention and archive -----------------------------------------------------------------------------------


def test_old_records_are_archived_to_a_file_never_dropped(some_records, tmp_path, settings):
    settings.AUDIT_RETENTION_DAYS = 10  # below the minimum: 180 applies
    old = timezone.now() - datetime.timedelta(days=200)
    recent = timezone.now() - datetime.timedelta(days=100)
    _tamper("UPDATE audit_auditrecord SET at = %s WHERE seq <= %s", [old, some_records[1].seq])
    _tamper("UPDATE audit_auditrecord SET at = %s WHERE seq = %s", [recent, some_records[2].seq])
    # Rehash as the records would have been written then (the tamper above is only the test's time machine).
    entry = archive(days=10, directory=tmp_path)
    assert entry is not None and entry.count == 2 and entry.upto_seq == some_records[1].seq
    with gzip.open(entry.file, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    assert [r["seq"] for r in rows] == [some_records[0].seq, some_records[1].seq]
    assert rows[-1]["hash"] == some_records[1].hash == Archive.objects.get().last_hash
    assert AuditRecord.objects.filter(seq=some_records[2].seq).exists()  # 100 days old: kept (minimum 180)
    assert not AuditRecord.objects.filter(seq__lte=some_records[1].seq).exists()
    assert last(Action.ARCHIVE) is not None


def test_the_retention_cannot_be_set_below_180_days(settings):
    assert settings.AUDIT_RETENTION_DAYS >= settings.AUDIT_MIN_RETENTION_DAYS == 180


def test_the_chain_stays_verifiable_after_an_archive(some_records, tmp_path):
    old = timezone.now() - datetime.timedelta(days=400)
    with connection.cursor() as cursor:
        if not is_postgres():
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
        else:
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_append_only")
    # Rewrite the records as if written 400 days ago, with a valid chain (archive reads the chain as it is).
    prev = "0" * 64
    for rec in AuditRecord.objects.order_by("seq"):
        rec.at, rec.prev_hash = old, prev
        rec.hash = rec.compute_hash()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditrecord SET at = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                           [rec.at, rec.prev_hash, rec.hash, rec.seq])
        prev = rec.hash
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_chainhead SET hash = %s", [prev])
    archive(directory=tmp_path)
    append(action=Action.LOGIN, username="after", status=200)
    checked, broken = verify()
    assert broken is None and checked >= 1


# ---- cheap and readable ----------------------------------------------------------------------------------------


def test_one_event_is_one_insert(db, django_assert_max_num_queries):
    append(action=Action.LOGIN, username="warm-up", status=200)
    with django_assert_max_num_queries(5) as captured:  # savepoint, head update, insert, head hash, release
        append(action=Action.LOGIN, username="one", status=200)
    inserts = [q for q in captured.captured_queries if q["sql"].upper().startswith("INSERT")]
    assert len(inserts) == 1


def _count(client, url, django_assert_num_queries):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/audit/", "/api/audit-log/"])
def test_the_audit_lists_cost_the_same_at_1_and_50_records(people, url, django_assert_num_queries):
    client = Client()
    client.force_login(people["auditor"])
    AuditRecord.objects.count()
    one = _count(client, url, django_assert_num_queries)
    for n in range(50):
        append(action=Action.CREATE, username=f"u{n}", status=201, object_type="topics.topic", object_id=n)
    fifty = _count(client, url, django_assert_num_queries)
    assert one == fifty


def test_the_api_filters_by_actor_action_result_dates_and_object_type(people):
    append(action=Action.LOGIN_FAILED, username="mallory", result=Result.REFUSED, status=401)
    append(action=Action.CREATE, username="staff_a", status=201, object_type="topics.topic", object_id=7)
    client = APIClient()
    client.force_authenticate(people["auditor"])
    today = timezone.localdate().isoformat()

    def seqs(**query):
        response = client.get("/api/audit-log/", query)
        assert response.status_code == 200, response.content
        return [row["actor"] for row in response.json()["results"]]

    assert seqs(actor="mallory") == ["mallory"]
    assert set(seqs(result="refused")) >= {"mallory"}
    assert seqs(action="create", object_type="topics.topic") == ["staff_a"]
    assert "mallory" in seqs(since=today, until=today)
    assert seqs(until="2000-01-01") == []
    row = client.get("/api/audit-log/", {"actor": "mallory"}).json()["results"][0]
    assert {"at", "actor", "ip", "user_agent", "action", "object_type", "object_id", "result", "status", "summary",
            "hash", "prev_hash"} <= set(row)


def test_the_audit_page_filters_and_exports(people):
    append(action=Action.LOGIN_FAILED, username="mallory", result=Result.REFUSED, status=401)
    client = Client()
    client.force_login(people["auditor"])
    page = client.get("/audit/", {"actor": "mallory"})
    assert page.status_code == 200 and [r.username for r in page.context["records"]] == ["mallory"]
    export = client.get("/audit/export/", {"actor": "mallory"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["mallory"]


def test_an_upload_through_the_api_is_recorded_as_a_refused_write(people, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = _client()
    client.force_login(people["staff"])
    status = client.post("/api/replies/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}).status_code
    assert status == 403 and last().method == "POST" and last().path == "/api/replies/" and last().status == 403
