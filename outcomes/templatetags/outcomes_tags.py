"""Per-row pieces of the assignment lists, written in Python: a list of 50 rows rendered them as 100 template
includes (a tenth of the page's time). The markup is what outcomes/includes/deadline.html and
contact_flags.html were; tests/outcomes/test_pages.py checks it. The parts that depend only on the flags and the
language are built once per language (a row's contact flags are one of eight pieces of markup)."""
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def deadline(a, reply=None):
    """The due date, marked provisional (holiday calendar not yet published) and overdue or very overdue.

    The flags are the assignment's (selectors.with_deadline_flags), or, given `reply`, those its queryset
    annotated for its assignment (selectors.with_assignment_deadlines)."""
    if reply is not None:
        very, overdue = (getattr(reply, f"assignment_is_{flag}", False) for flag in ("very_overdue", "overdue"))
    else:
        very, overdue = getattr(a, "is_very_overdue", False), getattr(a, "is_overdue", False)
    # a date's digits and dashes need no escaping
    date = a.due_on.strftime("%Y-%m-%d") if a.due_on else ""
    return SafeString(date + _once(_deadline_badges, bool(a.due_provisional), bool(very), bool(overdue)))


@register.simple_tag
def contact_flags(a):
    """R11: whether the department consulted before handling, during handling and before replying."""
    return _once(_contact_flags, bool(a.has_before_handling), bool(a.has_during_handling), bool(a.has_before_reply))


_BUILT: dict[tuple, SafeString] = {}


def _once(build, *flags) -> SafeString:
    key = (build, get_language(), *flags)
    html = _BUILT.get(key)
    if html is None:
        html = _BUILT[key] = build(*flags)
    return html


def _deadline_badges(provisional: bool, very: bool, overdue: bool) -> SafeString:
    html = SafeString("")
    if provisional:
        html += format_html(' <span class="badge text-bg-light" title="{}">{}</span>',
                            _("The holiday calendar for that year is provisional."), _("provisional"))
    if very:
        html += format_html('\n<span class="badge text-bg-danger">{}</span>', _("very overdue"))
    elif overdue:
        html += format_html('\n<span class="badge text-bg-warning">{}</span>', _("overdue"))
    return html


def _contact_flags(before: bool, during: bool, before_reply: bool) -> SafeString:
    flags = ((before, _("before")), (during, _("during")), (before_reply, _("before replying")))
    return format_html_join(
        "\n", '<span class="{}">{} {}</span>',
        (("text-success", "✓", label) if done else ("text-muted", "○", label) for done, label in flags),
    )
