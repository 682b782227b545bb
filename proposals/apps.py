"""委员提案: a member's proposal from drafting, co-signing and submission to the office's acceptance."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from . import figures

        figures.connect()
