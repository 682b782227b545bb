"""Statistics: the figures a committee reports each year, per year and per department."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from . import cache

        cache.connect()
