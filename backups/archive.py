"""What one backup is: a PostgreSQL custom-format dump, a tar of MEDIA_ROOT and of the audit archives, a manifest."""
import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

DUMP, MEDIA, AUDIT, MANIFEST = "database.dump", "media.tar.gz", "audit-archive.tar.gz", "manifest.json"


def pg_args(params: dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore/createdb; the password only in the environment."""
    args = ["-h", params.get("HOST") or "127.0.0.1", "-p", str(params.get("PORT") or 5432), "-U",
            params.get("USER") or "postgres"]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return args, env


def file_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root, by relative path."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def backup(target: Path) -> Path:
    """Write one backup into a new folder under target; the database first, the files right after."""
    if connection.vendor != "postgresql":
        raise RuntimeError("backup needs PostgreSQL (pg_dump); the SQLite development database is one file to copy")
    folder = Path(target) / timezone.localtime().strftime("chengwu-%Y%m%d-%H%M%S")
    folder.mkdir(parents=True)
    params = connection.settings_dict
    args, env = pg_args(params)
    subprocess.run(["pg_dump", *args, "-Fc", "-f", str(folder / DUMP), params["NAME"]], check=True, env=env)
    media, audit = Path(settings.MEDIA_ROOT), Path(settings.AUDIT_ARCHIVE_DIR)
    for name, root in ((MEDIA, media), (AUDIT, audit)):
        with tarfile.open(folder / name, "w:gz") as tar:
            if root.exists():
                tar.add(root, arcname=".")
    manifest = {
        "created": timezone.now().isoformat(), "database": params["NAME"],
        "media": file_digests(media), "audit_archive": file_digests(audit),
        "dump_sha256": hashlib.sha256((folder / DUMP).read_bytes()).hexdigest(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def restore(source: Path, *, database: str, media_root: Path, audit_root: Path | None = None) -> dict:
    """Restore a backup folder into a NEW database and new folders; check the files against the manifest."""
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    if hashlib.sha256((source / DUMP).read_bytes()).hexdigest() != manifest["dump_sha256"]:
        raise RuntimeError("the database dump does not match its manifest: the backup is damaged")
    params = connection.settings_dict
    if database == params["NAME"]:
        raise RuntimeError("restore into a new database, never over the one in use")
    args, env = pg_args(params)
    subprocess.run(["createdb", *args, database], check=True, env=env)
    subprocess.run(["pg_restore", *args, "--no-owner", "--exit-on-error", "-d", database, str(source / DUMP)],
                   check=True, env=env)
    for name, root, key in ((MEDIA, Path(media_root), "media"),
                            (AUDIT, Path(audit_root) if audit_root else None, "audit_archive")):
        if root is None:
            continue
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / name) as tar:
            tar.extractall(root, filter="data")
        if file_digests(root) != manifest[key]:
            raise RuntimeError(f"the restored {key} files do not match the manifest")
    return manifest
