"""Widgets of the visual language (docs/ui.md, "Forms")."""
from django import forms
from django.utils.html import format_html, format_html_join


class DatalistInput(forms.TextInput):
    """A text input that suggests the values of `choices` (a callable or an iterable of strings) as the user
    types, and still takes any text: for a free-text field whose usual values are known (政协责任委室)."""

    def __init__(self, choices=(), attrs=None):
        super().__init__(attrs)
        self.suggestions = choices

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or 'id_' + name}-options"
        attrs["list"] = list_id
        attrs.setdefault("autocomplete", "off")
        values = self.suggestions() if callable(self.suggestions) else self.suggestions
        options = format_html_join("", '<option value="{}"></option>', ((v,) for v in values))
        return format_html('{}<datalist id="{}">{}</datalist>', super().render(name, value, attrs, renderer), list_id, options)
