"""Per-row pieces of the assignment lists, written in Python: a list of 50 rows rendered them as 100 template
includes (a tenth of the page's time). The markup is what outcomes/includes/deadline.html and
contact_flags.html were; tests/outcomes/test_pages.py checks it."""
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def deadline(a, reply=None):
    """The due date, marked provisional (holiday calendar not yet published) and overdue or very overdue.

    The flags are the assignment's (selectors.with_deadline_flags), or, given `reply`, those its queryset
    annotated for its assignment (selectors.with_assignment_deadlines)."""
    html = format_html("{}", a.due_on.strftime("%Y-%m-%d") if a.due_on else "")
    if a.due_provisional:
        html += format_html(' <span class="badge text-bg-light" title="{}">{}</span>',
                            _("The holiday calendar for that year is provisional."), _("provisional"))
    if reply is not None:
        very, overdue = (getattr(reply, f"assignment_is_{flag}", False) for flag in ("very_overdue", "overdue"))
    else:
        very, overdue = getattr(a, "is_very_overdue", False), getattr(a, "is_overdue", False)
    if very:
        html += format_html('\n<span class="badge text-bg-danger">{}</span>', _("very overdue"))
    elif overdue:
        html += format_html('\n<span class="badge text-bg-warning">{}</span>', _("overdue"))
    return html


@register.simple_tag
def contact_flags(a):
    """R11: whether the department consulted before handling, during handling and before replying."""
    flags = (
        (a.has_before_handling, _("before")),
        (a.has_during_handling, _("during")),
        (a.has_before_reply, _("before replying")),
    )
    return format_html_join(
        "\n", '<span class="{}">{} {}</span>',
        (("text-success", "✓", label) if done else ("text-muted", "○", label) for done, label in flags),
    )
