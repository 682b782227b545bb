"""Stage 1, precise topic selection (精准选题): plans, candidates, screening, adoption."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = _("Topic selection")
