"""委员提案: a member's proposal from drafting, co-signing and submission to the office's acceptance."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from members import records as member_records

        from . import figures
        from .records import proposal_events

        figures.connect()
        # A forwarded proposal's matter links to the proposal (outcomes does not import proposals).
        from outcomes.matters import register_owner
        from outcomes.models import MatterOwner

        register_owner(MatterOwner.PROPOSAL, "proposals:detail")
        # The member's yearly record counts proposals (members does not import proposals).
        if proposal_events not in member_records.SOURCES:
            member_records.SOURCES.append(proposal_events)
