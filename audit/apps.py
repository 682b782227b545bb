"""The security audit trail (安全审计)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Security audit")

    def ready(self):
        from . import hooks  # noqa: F401  (login, logout, lockout and task signals)
