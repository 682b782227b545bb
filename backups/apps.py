"""Backup and restore (数据备份恢复): one command each, for the database and the uploaded files together."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "backups"
    verbose_name = _("Backup and restore")
