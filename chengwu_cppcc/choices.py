"""get_FOO_display() without rebuilding the choices on every call.

Django's Model._get_FIELD_display builds `dict(make_hashable(field.flatchoices))` on each call, and hashing the
lazy labels translates every one of them: a list of 50 topics showing four choice labels each translated
~1,200 strings per page (a fifth of /topics/ in the profile). Here each field's labels are collected once
(still lazy), and translated once per language on first use: a call is a dictionary lookup.
`install()` replaces the generated get_FOO_display of the project's models, and only those Django generated
(a method a model defines itself is left alone); tests/test_choices.py checks every field gives what Django's
own method gives, in both languages.
"""
from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.translation import get_language

PROJECT_APPS = ("directory", "history", "workdays", "notifications", "stats", "topics", "research", "outcomes",
                "members", "proposals", "office", "audit")


def _fast_display(self, field, labels, translated):
    value = getattr(self, field.attname)
    language = get_language()
    table = translated.get(language)
    if table is None:  # the labels in this language, translated once (a list showed them 50 times each)
        table = translated[language] = {key: force_str(label, strings_only=True) for key, label in labels.items()}
    try:
        return table[value]
    except KeyError:
        return force_str(value, strings_only=True)
    except TypeError:  # an unhashable value: Django's own way
        return Model._get_FIELD_display(self, field)


def install() -> int:
    replaced = 0
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.choices is None:
                continue
            name = f"get_{field.name}_display"
            current = model.__dict__.get(name)
            if not (isinstance(current, partialmethod) and current.func is Model._get_FIELD_display):
                continue
            labels = {key: label for key, label in field.flatchoices}
            setattr(model, name, partialmethod(_fast_display, field=field, labels=labels, translated={}))
            replaced += 1
    return replaced
