"""Checking the chain, and archiving old records to a file before they leave the table."""
import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import GENESIS, Action, Archive, AuditRecord
from .services import record


@dataclass
class Break:
    seq: int
    reason: str


def verify(batch: int = 2000) -> tuple[int, Break | None]:
    """Walk the chain in order; the number of records checked and the first break (None when intact)."""
    last_archive = Archive.objects.order_by("-upto_seq").first()
    expected_prev = last_archive.last_hash if last_archive else GENESIS
    expected_seq = last_archive.upto_seq + 1 if last_archive else None
    checked, after = 0, 0
    while True:
        chunk = list(AuditRecord.objects.filter(seq__gt=after).order_by("seq")[:batch])
        if not chunk:
            return checked, None
        for rec in chunk:
            if expected_seq is not None and rec.seq != expected_seq:
                return checked, Break(rec.seq, f"sequence jumps from {expected_seq - 1} to {rec.seq}: records missing")
            if rec.prev_hash != expected_prev:
                return checked, Break(rec.seq, "previous hash does not match the record before: a record was "
                                               "removed or changed")
            if rec.compute_hash() != rec.hash:
                return checked, Break(rec.seq, "content does not match its hash: the record was changed")
            checked += 1
            expected_prev, expected_seq, after = rec.hash, rec.seq + 1, rec.seq


def _allow_archive_delete(cursor):
    """The PostgreSQL trigger lets the archiving transaction delete records it has written to a file."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL audit.archiving = 'on'")


def archive(*, days: int | None = None, directory: Path | None = None) -> Archive | None:
    """Write records older than the retention to a gzip JSON-lines file, register it, then remove them."""
    days = max(days or settings.AUDIT_RETENTION_DAYS, settings.AUDIT_MIN_RETENTION_DAYS)
    directory = Path(directory or settings.AUDIT_ARCHIVE_DIR)
    cutoff = timezone.now() - timedelta(days=days)
    old = AuditRecord.objects.filter(at__lt=cutoff).order_by("seq")
    first = old.first()
    if first is None:
        return None
    with transaction.atomic():
        last = old.last()
        rows = list(AuditRecord.objects.filter(seq__lte=last.seq).order_by("seq").values())
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"audit-{rows[0]['seq']:09d}-{rows[-1]['seq']:09d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as out:
            for row in rows:
                row["at"] = row["at"].isoformat()
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entry = Archive.objects.create(file=str(path), first_seq=rows[0]["seq"], upto_seq=rows[-1]["seq"],
                                       count=len(rows), last_hash=rows[-1]["hash"], sha256=digest)
        with connection.cursor() as cursor:
            _allow_archive_delete(cursor)
            cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE seq <= %s", [entry.upto_seq])  # noqa: S608
    record(username="system", action=Action.ARCHIVE, object_type="audit.archive", object_id=entry.pk, status=200,
           summary=f"{entry.count} records {entry.first_seq}–{entry.upto_seq} archived to {path.name}")
    return entry
