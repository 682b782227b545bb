"""The quick get_FOO_display gives what Django's own gives, for every choice field, in both languages."""
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from chengwu_cppcc.choices import PROJECT_APPS, install


def choice_fields():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for field in model._meta.concrete_fields:
                if field.choices is not None:
                    yield model, field


def test_every_choice_field_reads_the_same_label():
    fields = list(choice_fields())
    assert len(fields) >= 25
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for model, field in fields:
                for value in [key for key, _label in field.flatchoices] + ["no-such-value", None]:
                    obj = model(**{field.attname: value})
                    quick = getattr(obj, f"get_{field.name}_display")()
                    assert quick == Model._get_FIELD_display(obj, field), (model, field.name, value)
                    assert isinstance(quick, str) or quick is None


def test_installed_once_for_all():
    assert install() == 0  # already in place since start-up: nothing left to replace
