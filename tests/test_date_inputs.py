"""Every date field of every form renders ISO (what <input type=date> shows) and accepts what people type."""
import datetime
import importlib
import inspect
import pkgutil
import re

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from chengwu_cppcc.settings.base import BASE_DIR

DAY = datetime.date(2026, 12, 2)
TYPED = {"2026-12-01": datetime.date(2026, 12, 1), "2026/12/01": datetime.date(2026, 12, 1),
         "2026年12月1日": datetime.date(2026, 12, 1), "2026/1/5": datetime.date(2026, 1, 5)}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _project_modules():
    """The forms and filters modules of the project's own apps (where every page form and filter set lives)."""
    for config in apps.get_app_configs():
        path = config.path
        if not path.startswith(str(BASE_DIR)) or "/.venv/" in path:
            continue
        for info in pkgutil.walk_packages([path], prefix=f"{config.name}."):
            last = info.name.rsplit(".", 1)[-1]
            inside = info.name.split(".")[1:]
            if ".migrations" in info.name or not any(part.startswith(("forms", "filters")) for part in inside):
                continue
            if last.startswith("test"):
                continue
            yield importlib.import_module(info.name)


def _date_fields():
    """(form class, field name, field) for every DateField of the project's forms and filter sets."""
    found = {}
    for module in _project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith(module.__name__.split(".")[0]):
                continue
            if issubclass(cls, forms.BaseForm):
                fields = cls.base_fields
            elif issubclass(cls, django_filters.FilterSet):
                fields = {name: f.field for name, f in cls.base_filters.items()}
            else:
                continue
            for name, field in fields.items():
                if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                    found[f"{cls.__module__}.{cls.__qualname__}.{name}"] = (cls, name, field)
    return found


DATE_FIELDS = _date_fields()


def test_the_project_has_date_fields_to_check():
    # topics, research, outcomes and the calendar all ask for dates; a discovery that finds none is broken.
    assert len(DATE_FIELDS) >= 10, sorted(DATE_FIELDS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(DATE_FIELDS))
def test_a_date_field_renders_its_value_in_iso(key, language):
    _cls, name, field = DATE_FIELDS[key]
    with translation.override(language):
        html = field.widget.render(name, DAY)
        assert 'type="date"' in html, f"{key} is not an <input type=date>: {html}"
        value = re.search(r'value="([^"]*)"', html)
        assert value and value.group(1) == "2026-12-02", f"{key} renders {html}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(DATE_FIELDS))
def test_a_date_field_accepts_what_people_type(key, language):
    _cls, _name, field = DATE_FIELDS[key]
    with translation.override(language):
        for typed, expected in TYPED.items():
            assert field.to_python(typed) == expected, f"{key} refuses {typed!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_default_of_today_is_sent_in_iso(language):
    """A form whose default is today (the meeting date of a shortlist) renders it so the browser shows it."""
    from topics.forms import MeetingForm

    with translation.override(language):
        html = str(MeetingForm()["meeting_date"])
    assert re.search(r'value="\d{4}-\d{2}-\d{2}"', html), html


@pytest.mark.django_db
def test_pages_with_a_date_field_send_iso_values(client_for, users):
    """Rendered pages: every <input type=date> with a value has an ISO one (the calculator, the plan board)."""
    client = client_for(users["staff"])
    checked = 0
    for url in ("/calendar/", "/topics/plan/"):
        html = client.get(url).content.decode()
        for tag in re.findall(r'<input[^>]*type="date"[^>]*>', html):
            value = re.search(r'value="([^"]*)"', tag)
            if value:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1)), f"{url}: {tag}"
                checked += 1
    assert checked >= 1
