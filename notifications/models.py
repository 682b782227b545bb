"""Notifications, the reminder ledger and the editable reminder policy."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderPolicy(models.Model):
    """All reminder offsets and recipients in one editable row (R14); offsets in working days."""

    dept_days_before_due = models.PositiveSmallIntegerField(_("remind the department N working days before the due date"), default=3)
    dept_on_due_date = models.BooleanField(_("remind the department on the due date"), default=True)
    dept_first_overdue_day = models.BooleanField(_("remind the department on the first overdue day"), default=True)
    escalate_after_overdue_days = models.PositiveSmallIntegerField(
        _("escalate to supervision office and staff after N overdue working days"), default=5
    )
    escalate_every_days = models.PositiveSmallIntegerField(_("then repeat every N working days"), default=5)
    escalate_to_supervisor = models.BooleanField(_("escalate to the supervision office"), default=True)
    escalate_to_staff = models.BooleanField(_("escalate to committee staff"), default=True)
    progress_days_before_due = models.PositiveSmallIntegerField(
        _("remind of a periodic implementation report N working days before it is due"), default=5
    )
    milestone_days_before_due = models.PositiveSmallIntegerField(
        _("remind of a research milestone N working days before it is due"), default=2
    )
    batch_size = models.PositiveIntegerField(_("sweep batch size"), default=2000)

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policy")

    def __str__(self):
        return str(_("Reminder policy"))

    @classmethod
    def current(cls) -> "ReminderPolicy":
        policy = cls.objects.order_by("id").first()
        return policy or cls.objects.create()


class Reminder(models.Model):
    """The ledger: one row per (subject, kind, period) — a reminder that exists was sent."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40)
    period = models.CharField(_("period"), max_length=20, help_text=_("The date or period the reminder is for."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind", "period"], name="reminder_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} {self.period}"


class Notification(models.Model):
    """What one person is told, in the notification centre and through their channels."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient"),
        db_index=False,  # notification_recipient_idx leads with the recipient
    )
    reminder = models.ForeignKey(
        Reminder, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications",
        db_index=False,  # notification_once_per_reminder leads with the reminder
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"),
        ]
        constraints = [
            # A reminder reaches each recipient once, even if its notifications are written twice.
            models.UniqueConstraint(fields=["reminder", "recipient"], name="notification_once_per_reminder")
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One notification through one channel; the row is claimed before sending, so it is sent once."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")]
        indexes = [models.Index(fields=["sent_at"], condition=models.Q(sent_at__isnull=True), name="delivery_pending_idx")]

    def __str__(self):
        return f"{self.channel} → {self.notification_id}"
