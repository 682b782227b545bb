"""Form rendering: Django's templates, except <select> and <input>, which are written out directly.

Django renders every <option> through two template includes. A filter form with the 200 departments of a
county and a few choice fields spent a third of a list page's time there (profile in docs/performance.md).
This renderer writes the same markup as django/forms/widgets/select.html, select_option.html and attrs.html
(tests/test_forms_rendering.py compares the two byte for byte). The <input> widgets (text, number, date, hidden,
checkbox…: templates that only include django/forms/widgets/input.html) are written out as input.html writes
them: each cost a template include and the attrs loop, and a filter bar has up to ten of them (the audit log's
bar 1.20 → 0.96 ms, the list pages 0.9–2 ms less: docs/performance.md, 2026-12-03). Every other widget keeps
its template.
"""
from html import escape as html_escape

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# Django's widget templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "date", "datetime", "time", "email", "url", "password", "search",
                 "tel", "color", "hidden", "checkbox", "file")
)


def _escape(text) -> str:
    """Django's conditional_escape without its lazy-argument wrapper (two calls per <option>: a fifth of a
    200-option <select>); the same text."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return html_escape(str(text))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> str:
    parts = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:  # a custom option template: not ours to imitate
                return None
            parts.append(
                f'\n  <option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f'{_escape(option["label"])}</option>\n'  # the option template ends with a newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def render_input(widget: dict) -> str:
    value = widget["value"]
    value = "" if value is None else f' value="{_escape(value if isinstance(value, str) else str(value))}"'
    return f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
            if html is not None:
                return mark_safe(html)
        elif template_name in INPUT_TEMPLATES:
            return mark_safe(render_input(context["widget"]))
        return super().render(template_name, context, request=request)
