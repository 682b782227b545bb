"""Stage 2, precise research (精准研题): groups, activities, reports."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research")
