"""Template helpers for the official documents: who records a meeting, which numbers a document carries."""
from django import template

from directory.roles import Role, has_role

register = template.Library()


@register.filter
def may_keep_documents(user) -> bool:
    """The office keeps the meeting records and the number register (the pages check again)."""
    return bool(user and user.is_authenticated and has_role(user, Role.STAFF))


@register.simple_tag
def issued_numbers(outcome) -> str:
    """成政协函〔2026〕3号 · 2026年第2期: the numbers the outcome's documents were issued with."""
    return " · ".join(number.label for number in outcome.issued_numbers.all())
