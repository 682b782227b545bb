"""One append-only record per security-relevant event, each carrying the hash of the one before (a chain)."""
import datetime
import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GENESIS = "0" * 64


class Action(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Account locked out")
    LOGOUT = "logout", _("Logout")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    UNLOCK = "unlock", _("Account unlocked")
    CREATE = "create", _("Create or step")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("File download")
    TASK = "task", _("Background task")
    AUDIT_READ = "audit_read", _("Audit trail read")
    ARCHIVE = "archive", _("Audit records archived")


class Result(models.TextChoices):
    SUCCESS = "success", _("Success")
    REFUSED = "refused", pgettext_lazy("audit", "Refused")


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit records are append-only")

    def delete(self):
        raise PermissionError("audit records are append-only")


class AuditRecord(models.Model):
    """Who did what to which object, from where, and with what result. Never changed, never deleted."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.PositiveBigIntegerField(_("actor id"), null=True, blank=True)
    username = models.CharField(_("user (or attempted username)"), max_length=150, blank=True, db_index=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    method = models.CharField(_("request method"), max_length=10, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    result = models.CharField(pgettext_lazy("audit", "result"), max_length=10, choices=Result.choices)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    summary = models.CharField(pgettext_lazy("audit", "summary"), max_length=300, blank=True)
    prev_hash = models.CharField(_("previous record's hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditRecordQuerySet.as_manager()

    HASHED = ("seq", "at", "actor_id", "username", "ip", "user_agent", "action", "method", "path", "object_type",
              "object_id", "result", "status", "summary")

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self):
        return f"{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not kwargs.get("force_insert", False):
            raise PermissionError("audit records are append-only: use audit.services.record")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit records are append-only")

    def compute_hash(self) -> str:
        """SHA-256 over the previous hash and this record's fields, in a fixed canonical form."""
        values = {name: getattr(self, name) for name in self.HASHED}
        values["at"] = self.at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        body = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256((self.prev_hash + body).encode("utf-8")).hexdigest()


class ChainHead(models.Model):
    """The one row every append locks: the last sequence number and hash, so the chain has no forks."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self):
        return f"{self.seq} {self.hash[:12]}"


class Archive(models.Model):
    """Records up to `upto_seq` were written to `file` and then removed from the table (never silently)."""

    created_at = models.DateTimeField(_("archived at"), auto_now_add=True)
    file = models.CharField(_("archive file"), max_length=300)
    first_seq = models.PositiveBigIntegerField(_("first sequence"))
    upto_seq = models.PositiveBigIntegerField(_("last sequence"))
    count = models.PositiveIntegerField(_("records"))
    last_hash = models.CharField(_("hash of the last archived record"), max_length=64)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)

    class Meta:
        ordering = ["-upto_seq"]
        verbose_name = _("audit archive")
        verbose_name_plural = _("audit archives")

    def __str__(self):
        return self.file
