"""Template filters of the research pages: a state's colour comes from steps.TONES, so no template tests a state."""
from django import template

from ..steps import TONES

register = template.Library()


@register.filter
def tone(status: str) -> str:
    """The Bootstrap colour of a group's or a report's state: `light`, `primary`, `success`, …"""
    return TONES.get(status, "light")


@register.filter
def badge(status: str) -> str:
    """The badge classes of a state."""
    name = tone(status)
    return f"text-bg-{name} border" if name == "light" else f"text-bg-{name}"
