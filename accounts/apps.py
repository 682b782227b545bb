"""Accounts: password rules, sessions, API tokens and the security administrator's work."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self):
        from . import signals  # noqa: F401  (tokens revoked on lockout; password history kept)
