"""Appending to the audit trail: one insert per event, chained to the one before, written on commit."""
import logging

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone

from .models import GENESIS, AuditRecord, ChainHead, Result

log = logging.getLogger(__name__)


def client_ip(request) -> str:
    from chengwu_cppcc.security import client_ip as resolve

    return resolve(request) or "" if request is not None else ""


def _advance_head(cursor) -> tuple[int, str]:
    """Lock the chain head (the UPDATE takes the row lock, on SQLite the write lock) and read it."""
    table = ChainHead._meta.db_table
    cursor.execute(f"UPDATE {table} SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")  # noqa: S608
    row = cursor.fetchone()
    if row is not None:
        return row[0], row[1]
    last = AuditRecord.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, last_hash = last if last else (0, GENESIS)
    ChainHead.objects.create(id=1, seq=seq + 1, hash=last_hash)
    return seq + 1, last_hash


def append(*, action: str, result: str = Result.SUCCESS, actor=None, username: str = "", ip: str = "",
           user_agent: str = "", method: str = "", path: str = "", object_type: str = "", object_id="",
           status: int | None = None, summary: str = "", using: str = DEFAULT_DB_ALIAS) -> AuditRecord:
    """Write one record now, in its own transaction, chained to the last one."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        username = username or actor.get_username()
        actor_id = actor.pk
    else:
        actor_id = None
    for attempt in range(2):
        try:
            with transaction.atomic(using=using):
                with connections[using].cursor() as cursor:
                    seq, prev_hash = _advance_head(cursor)
                    record = AuditRecord(
                        seq=seq, at=timezone.now(), actor_id=actor_id, username=(username or "")[:150],
                        ip=(ip or "")[:45], user_agent=(user_agent or "")[:300], action=action, method=method[:10],
                        path=(path or "")[:300], object_type=(object_type or "")[:100],
                        object_id=str(object_id or "")[:64], result=result, status=status,
                        summary=(summary or "")[:300], prev_hash=prev_hash,
                    )
                    record.hash = record.compute_hash()
                    record.save(force_insert=True)
                    cursor.execute(f"UPDATE {ChainHead._meta.db_table} SET hash = %s WHERE id = 1", [record.hash])  # noqa: S608
            return record
        except IntegrityError:
            if attempt:  # two first appends raced to create the head: the second one retries once
                raise
    raise AssertionError("unreachable")


def record(*, request=None, using: str = DEFAULT_DB_ALIAS, **fields) -> AuditRecord | None:
    """Record an event; called after the action's own transaction ended (the middleware runs after the view).

    Never fails the caller: an action that was done is not turned into an error page; the log keeps the failure.
    """
    if request is not None:
        fields.setdefault("ip", client_ip(request))
        fields.setdefault("user_agent", request.META.get("HTTP_USER_AGENT", ""))
        fields.setdefault("method", request.method or "")
        fields.setdefault("path", request.get_full_path()[:300])
        user = getattr(request, "user", None)
        if fields.get("actor") is None and user is not None and user.is_authenticated:
            fields["actor"] = user
    try:
        return append(using=using, **fields)
    except Exception:
        log.exception("audit record could not be written: %s", fields.get("action"))
        return None
