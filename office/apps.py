"""Office administration (机关管理): the committee's own rules and the accounts, in the product's pages."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Office administration")

    def ready(self):
        from . import labels  # noqa: F401  (registers the history labels of office changes)
