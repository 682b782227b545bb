"""Backup and restore (docs/backup.md): pg_dump a populated database, restore it into a new one, find everything."""
import subprocess
import tarfile
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.db import connection

from outcomes.models import Reply
from tests.conftest import is_postgres
from tests.security.conftest import build_demo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _pg_args(params: dict) -> tuple[list[str], dict]:
    args = ["-h", params.get("HOST") or "127.0.0.1", "-p", str(params.get("PORT") or 5432), "-U", params["USER"]]
    env = {"PGPASSWORD": params.get("PASSWORD") or ""}
    return args, env


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_dump_and_restore_finds_every_row_and_every_uploaded_file(settings, tmp_path):
    if not is_postgres():
        pytest.skip("pg_dump/pg_restore need PostgreSQL")
    import os

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    build_demo()
    assert Reply.objects.exclude(file="").count() >= 3
    params = connection.settings_dict
    args, extra_env = _pg_args(params)
    env = {**os.environ, **extra_env}
    dump = tmp_path / "chengwu.dump"
    archive = tmp_path / "media.tar.gz"
    restored_db = f"chengwu_restore_{uuid.uuid4().hex[:10]}"

    # 1. Back up: the database (custom format) and the uploaded files.
    subprocess.run(["pg_dump", *args, "-Fc", "-f", str(dump), params["NAME"]], check=True, env=env)
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media, arcname="media")
    with connection.cursor() as cursor:
        expected = _counts(cursor)
    files = sorted(Reply.objects.exclude(file="").values_list("file", flat=True))

    # 2. Restore into a new, empty database and a new media directory.
    subprocess.run(["createdb", *args, restored_db], check=True, env=env)
    try:
        subprocess.run(["pg_restore", *args, "--no-owner", "--exit-on-error", "-d", restored_db, str(dump)],
                       check=True, env=env)
        restore_root = tmp_path / "restored"
        with tarfile.open(archive) as tar:
            tar.extractall(restore_root, filter="data")
        restored = psycopg2.connect(dbname=restored_db, host=args[1], port=args[3], user=args[5],
                                    password=extra_env["PGPASSWORD"] or None)
        try:
            with restored.cursor() as cursor:
                assert _counts(cursor) == expected
                cursor.execute("SELECT file FROM outcomes_reply WHERE file <> '' ORDER BY file")
                assert [row[0] for row in cursor.fetchall()] == files
        finally:
            restored.close()
        for name in files:
            original, copy = media / name, restore_root / "media" / name
            assert copy.is_file() and copy.read_bytes() == Path(original).read_bytes()
    finally:
        subprocess.run(["dropdb", *args, "--if-exists", restored_db], check=True, env=env)


def _rows(cursor) -> dict[str, list]:
    """Every row of every table, in a stable order (by all its columns, as text)."""
    rows = {}
    cursor.execute("SET TIME ZONE 'UTC'")  # the same text for every moment, in both connections
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        # Each row as PostgreSQL's own text of it: the same in both connections, whatever the drivers decode.
        cursor.execute(f'SELECT t::text FROM "{table}" AS t')
        rows[table] = sorted(row[0] for row in cursor.fetchall())
    return rows


def test_the_backup_and_restore_commands_bring_back_every_row_and_every_file(settings, tmp_path):
    """`manage.py backup` then `manage.py restore` into a fresh database: every row of every table, every file."""
    if not is_postgres():
        pytest.skip("pg_dump/pg_restore need PostgreSQL")
    from django.core.management import call_command

    from audit.models import AuditRecord
    from audit.services import append
    from backups.archive import file_digests

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "audit-archive"
    (tmp_path / "audit-archive").mkdir()
    (tmp_path / "audit-archive" / "audit-000000001-000000002.jsonl.gz").write_bytes(b"archived records")
    build_demo()
    append(action="login", username="staff", status=200)
    assert AuditRecord.objects.exists() and Reply.objects.exclude(file="").count() >= 3
    with connection.cursor() as cursor:
        expected = _rows(cursor)
    media_files = file_digests(settings.MEDIA_ROOT)
    assert len(media_files) >= 3

    call_command("backup", to=str(tmp_path / "backup"), verbosity=0)
    (folder,) = (tmp_path / "backup").iterdir()
    restored_db = f"chengwu_restore_{uuid.uuid4().hex[:10]}"
    params = connection.settings_dict
    args, extra_env = _pg_args(params)
    try:
        call_command("restore", source=str(folder), database=restored_db, media=str(tmp_path / "restored-media"),
                     audit_archive=str(tmp_path / "restored-audit"), verbosity=0)
        restored = psycopg2.connect(dbname=restored_db, host=args[1], port=args[3], user=args[5],
                                    password=extra_env["PGPASSWORD"] or None)
        try:
            with restored.cursor() as cursor:
                assert _rows(cursor) == expected
        finally:
            restored.close()
        assert file_digests(tmp_path / "restored-media") == media_files
        assert file_digests(tmp_path / "restored-audit") == file_digests(settings.AUDIT_ARCHIVE_DIR)
    finally:
        import os

        subprocess.run(["dropdb", *args, "--if-exists", restored_db], check=True, env={**os.environ, **extra_env})


def test_a_restore_refuses_to_overwrite_the_live_database(settings, tmp_path):
    if not is_postgres():
        pytest.skip("needs PostgreSQL")
    from django.core.management import CommandError, call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "audit"
    call_command("backup", to=str(tmp_path / "backup"), verbosity=0)
    (folder,) = (tmp_path / "backup").iterdir()
    with pytest.raises(CommandError):
        call_command("restore", source=str(folder), database=connection.settings_dict["NAME"],
                     media=str(tmp_path / "m"), verbosity=0)
