"""The fast <select> writes exactly what Django's widget templates write."""
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from chengwu_cppcc.forms_rendering import FastSelectRenderer
from directory.models import Department

CHOICES = [("", "---------"), ("a", "甲 <b>&"), (1, 1), ("Group & more", [("x", "X"), ("y", mark_safe("<i>Y</i>"))])]


class SampleForm(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    styled = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"class": "form-select form-select-sm", "data-x": 'q"<',
                                                    "disabled": True, "hidden": False, "title": None}))
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    maybe = forms.NullBooleanField(required=False)
    text = forms.CharField(required=False)
    styled_text = forms.CharField(required=False, initial=mark_safe("<i>safe</i>"), widget=forms.TextInput(
        attrs={"class": "form-control", "placeholder": 'a "b" <c>', "autofocus": True, "readonly": False}))
    number = forms.IntegerField(required=False, min_value=-(2**63), max_value=2**63 - 1)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(required=False)
    hidden = forms.IntegerField(required=False, initial=2026, widget=forms.HiddenInput)
    email = forms.EmailField(required=False)


def render_both(form_class, data=None, **kwargs):
    slow = form_class(data, renderer=DjangoTemplates(), **kwargs)
    fast = form_class(data, renderer=FastSelectRenderer(), **kwargs)
    return [(str(slow[name]), str(fast[name])) for name in slow.fields]


@pytest.mark.parametrize("data", [
    None,
    {"plain": "a", "styled": "y", "many": ["x", "1"], "maybe": "true"},
    {"text": 'x <b> & "q"', "styled_text": "1", "number": "12", "day": "2026-01-02", "flag": "on", "hidden": "3",
     "email": "a@b.c"},
    {"number": "abc<", "day": "nope", "email": "x", "styled": "zzz"},  # errors: aria-invalid
])
def test_the_same_markup_as_the_templates(data):
    for slow, fast in render_both(SampleForm, data):
        assert fast == slow


def test_inputs_do_not_go_through_the_templates(monkeypatch):
    rendered = []
    original = DjangoTemplates.render
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, name, *a, **k: rendered.append(name) or original(
        self, name, *a, **k))
    form = SampleForm({"text": "x", "flag": "on"}, renderer=FastSelectRenderer())
    html = "".join(str(form[name]) for name in ("text", "styled_text", "number", "day", "flag", "hidden", "email"))
    assert rendered == [] and 'type="checkbox" name="flag" id="id_flag" checked' in html


@pytest.mark.django_db
def test_model_choices_the_same(departments):
    class DepartmentForm(forms.Form):
        department = forms.ModelChoiceField(queryset=Department.objects.all())

    for data in (None, {"department": departments[1].pk}):
        for slow, fast in render_both(DepartmentForm, data):
            assert fast == slow and "县自然资源和规划局" in fast


def test_the_project_uses_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastSelectRenderer)
