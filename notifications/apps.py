"""Notifications and reminders: an in-app centre, email, and a ledger that sends every reminder once."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
