"""The top app: what spans the three stages (homes, the to-do centre, a topic's lifecycle timeline)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "workbench"
    verbose_name = _("Workbench")
