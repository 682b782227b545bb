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
