"""Form rendering: Django's templates, except <select>, which is written out directly.

Django renders every <option> through two template includes. A filter form with the 200 departments of a
county and a few choice fields spent a third of a list page's time there (profile in docs/performance.md).
This renderer writes the same markup as django/forms/widgets/select.html, select_option.html and attrs.html
(tests/test_forms_rendering.py compares the two byte for byte); every other widget keeps its template.
"""
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:  # a custom option template: not ours to imitate
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f'{conditional_escape(option["label"])}</option>\n'  # the option template ends with a newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request=request)
