"""Telling people: notifications, reminders sent once through the ledger, and channel delivery."""
import csv
import io
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from chengwu_cppcc.errors import NotFound

from .channels import configured_channels
from .models import Delivery, Notification, Reminder, ReminderPolicy

logger = logging.getLogger(__name__)
MAX_DELIVERY_ATTEMPTS = 5
DIGEST_AFTER = 10


@dataclass(frozen=True)
class ReminderDue:
    """A reminder a sweep found due: about what, of which kind, for which period, to whom."""

    content_type_id: int
    object_id: int
    kind: str
    period: str
    title: str
    body: str = ""
    url: str = ""
    recipient_ids: tuple[int, ...] = field(default_factory=tuple)
    # Told together when many: if more than DIGEST_AFTER reminders of one batch share this function and their
    # recipients, each recipient gets one notification, digest(dues) -> (kind, title, body, url), instead of
    # one per reminder. Each reminder is still recorded in the ledger, so it is still sent once.
    digest: Callable[[list["ReminderDue"]], tuple[str, str, str, str]] | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple:
        return (self.content_type_id, self.object_id, self.kind, self.period)


def _schedule_delivery() -> None:
    """After commit, ask a worker to deliver; if the broker is down the next sweep delivers instead."""

    def enqueue():
        from .tasks import deliver_pending_task

        try:
            deliver_pending_task.delay()
        except Exception:  # the broker is down: the request must still succeed
            logger.warning("Could not queue notification delivery; the next sweep will deliver.", exc_info=True)

    transaction.on_commit(enqueue)


def notify(*, recipients: Iterable, kind: str, title: str, body: str = "", url: str = "") -> int:
    """Tell people something now (not a reminder): one notification each, delivered after commit."""
    rows = [
        Notification(recipient_id=getattr(r, "pk", r), kind=kind, title=title[:200], body=body, url=url)
        for r in {getattr(r, "pk", r) for r in recipients if r is not None}
    ]
    Notification.objects.bulk_create(rows)
    if rows:
        _schedule_delivery()
    return len(rows)


def _insert_ignoring_conflicts(model, fields: list[str], rows: list[tuple], returning: list[str] | None = None):
    """INSERT … ON CONFLICT DO NOTHING of plain tuples, in one statement per page of rows.

    With `returning`, answers those columns of the rows this statement inserted — a row another sweep
    inserted first (or committed while this one waited on the unique index) is not among them.
    """
    if not rows:
        return []
    table = model._meta.db_table
    columns = ", ".join(model._meta.get_field(f).column for f in fields)
    tail = " ON CONFLICT DO NOTHING"
    if returning:
        tail += " RETURNING " + ", ".join(model._meta.get_field(f).column for f in returning)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            found = execute_values(
                cursor.cursor, f"INSERT INTO {table} ({columns}) VALUES %s{tail}", rows, page_size=5000,
                fetch=bool(returning),
            )
            return found or []
        # SQLite (3.35+ has RETURNING): a page small enough for its limit on bound variables.
        found = []
        placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
        page = max(1, 30000 // len(fields))
        for start in range(0, len(rows), page):
            chunk = rows[start:start + page]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}{tail}",
                [value for row in chunk for value in row],
            )
            if returning:
                found += cursor.fetchall()
        return found


def _bulk_load(model, fields: list[str], rows: list[tuple]) -> None:
    """Insert plain tuples: COPY on PostgreSQL (no per-row statement parsing), bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=2000)
        return
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(rows)  # quoted: an empty text is "", not NULL
    buffer.seek(0)
    columns = [model._meta.get_field(f) for f in fields]
    # Python writes None as "" too: in a nullable column that means NULL.
    nullable = ", ".join(f.column for f in columns if f.null)
    options = f"FORMAT csv, FORCE_NULL ({nullable})" if nullable else "FORMAT csv"
    sql = f"COPY {model._meta.db_table} ({', '.join(f.column for f in columns)}) FROM STDIN WITH ({options})"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer)


def _rows_for(due: ReminderDue, reminder_id: int, now) -> list[tuple]:
    return [(user_id, reminder_id, due.kind, due.title[:200], due.body, due.url, now) for user_id in set(due.recipient_ids)]


def _now():
    """Now, as the database column takes it (SQLite stores text in UTC; PostgreSQL takes the datetime)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def send_reminders(dues: list[ReminderDue]) -> int:
    """Record each due reminder in the ledger and notify its recipients — once, whoever else tries.

    Two statements per batch whatever its size: the ledger insert answers only the reminders it created
    (INSERT … ON CONFLICT DO NOTHING RETURNING), and only those are notified, in the same transaction. A repeat
    sweep inserts nothing and so notifies nobody; two sweeps at the same time both insert, the unique
    constraint on the ledger lets one through and the other waits, then skips. A reminder nobody can receive
    yet (a department without an officer) is not recorded, so it is sent once somebody can.
    """
    by_key = {due.key: due for due in dues if due.recipient_ids}
    if not by_key:
        return 0
    now = _now()
    with transaction.atomic():
        created = _insert_ignoring_conflicts(
            Reminder, ["content_type_id", "object_id", "kind", "period", "created_at"],
            [(*key, now) for key in by_key],
            returning=["id", "content_type_id", "object_id", "kind", "period"],
        )
        rows = []
        digested = defaultdict(list)
        for reminder_id, *key in created:
            due = by_key[tuple(key)]
            if due.digest is not None:
                digested[(due.digest, frozenset(due.recipient_ids))].append((reminder_id, due))
                continue
            rows += _rows_for(due, reminder_id, now)
        for (digest, recipients), items in digested.items():
            if len(items) <= DIGEST_AFTER:
                for reminder_id, due in items:
                    rows += _rows_for(due, reminder_id, now)
                continue
            kind, title, body, url = digest([due for _id, due in items])
            rows += [(user_id, None, kind, title[:200], body, url, now) for user_id in recipients]
        # Each belongs to reminders created just now, so none can conflict: a plain bulk load.
        _bulk_load(Notification, ["recipient_id", "reminder_id", "kind", "title", "body", "url", "created_at"], rows)
        if rows:
            _schedule_delivery()
    return len(created)


def deliver_pending(*, limit: int = 500) -> int:
    """Send waiting notifications through every configured channel; each (notification, channel) once."""
    sent = 0
    channels = configured_channels()
    if not channels:
        return 0
    since = timezone.now() - timezone.timedelta(days=getattr(settings, "NOTIFICATION_DELIVERY_WINDOW_DAYS", 7))
    for channel in channels:
        candidates = (
            Notification.objects.filter(created_at__gte=since)
            .exclude(deliveries__channel=channel.name)
            .select_related("recipient")
            .order_by("id")[:limit]
        )
        wanted = [n for n in candidates if channel.wants(n)]
        Delivery.objects.bulk_create(
            [Delivery(notification=n, channel=channel.name) for n in wanted], ignore_conflicts=True
        )
        sent += _send_claimed(channel, [n.pk for n in wanted])
    return sent


def _send_claimed(channel, notification_ids: list[int]) -> int:
    sent = 0
    for delivery_id in Delivery.objects.filter(
        notification_id__in=notification_ids, channel=channel.name, sent_at__isnull=True
    ).values_list("id", flat=True):
        with transaction.atomic():
            # skip_locked: a delivery another worker is sending right now is left to it.
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True)
                .select_related("notification__recipient")
                .filter(pk=delivery_id, sent_at__isnull=True, attempts__lt=MAX_DELIVERY_ATTEMPTS)
                .first()
            )
            if delivery is None:
                continue
            delivery.attempts += 1
            try:
                channel.send(delivery.notification)
            except Exception as exc:  # a channel failure is recorded and retried by a later sweep
                delivery.last_error = str(exc)[:1000]
                delivery.save(update_fields=["attempts", "last_error"])
                logger.warning("Delivery %s through %s failed: %s", delivery.pk, channel.name, exc)
                continue
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["attempts", "sent_at"])
            sent += 1
    return sent


def deliver_all() -> int:
    """Deliver what waits, then retry what failed before: what a delivery run does."""
    return deliver_pending() + retry_failed_deliveries()


def retry_failed_deliveries() -> int:
    sent = 0
    for channel in configured_channels():
        ids = list(
            Delivery.objects.filter(channel=channel.name, sent_at__isnull=True, attempts__lt=MAX_DELIVERY_ATTEMPTS)
            .values_list("notification_id", flat=True)[:500]
        )
        sent += _send_claimed(channel, ids)
    return sent


def notification_mark_read(*, actor, notification_id: int) -> Notification:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id, recipient=actor).first()
        if notification is None:
            raise NotFound()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def user_set_email_notifications(*, actor, enabled: bool) -> None:
    actor.email_notifications = bool(enabled)
    actor.save(update_fields=["email_notifications"])


def run_sweeps(*, today=None) -> dict[str, int]:
    """Run every reminder sweep named in settings, then deliver; returns reminders sent per sweep."""
    today = today or timezone.localdate()
    policy = ReminderPolicy.current()
    summary = {}
    for path in settings.REMINDER_SWEEPS:
        try:
            sweep = import_string(path)
        except ImportError:  # a wrong REMINDER_SWEEPS entry must not silence the other sweeps, nor pass unseen
            logger.error("Reminder sweep %s cannot be imported; it did not run.", path, exc_info=True)
            continue
        summary[path.rsplit(".", 1)[-1]] = sweep(today=today, policy=policy)
    summary["delivered"] = deliver_all()
    return summary
