"""The choices of a row read as values (chengwu_cppcc.api.ValuesChoiceIterator) are Django's own choices."""
import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengwu_cppcc.api import IdFilter
from directory.models import Department, Member, SpecialCommittee, User


def _django_choices(queryset):
    field = IdFilter(queryset=queryset).field
    return [(str(value), str(label)) for value, label in forms.models.ModelChoiceIterator(field)]


def _our_choices(queryset):
    return [(str(value), str(label)) for value, label in IdFilter(queryset=queryset).field.choices]


@pytest.mark.django_db
def test_the_same_options_as_djangos_iterator_for_every_model_that_declares_its_label():
    Department.objects.create(name="城乡建设局")
    SpecialCommittee.objects.create(name="经济委员会")
    Member.objects.create(name="张委员")
    User.objects.create(username="li", full_name="李主席")
    User.objects.create(username="nameless")  # no full name: __str__ shows the username
    for model in (Department, SpecialCommittee, Member, User):
        assert model.CHOICE_LABEL
        assert _our_choices(model.objects.all()) == _django_choices(model.objects.all())
    assert any(label == "nameless" for _value, label in _our_choices(User.objects.all()))


@pytest.mark.django_db
def test_read_in_one_query_without_instances_and_the_selected_option_kept():
    for i in range(5):
        Department.objects.create(name=f"局{i}")
    field = IdFilter(queryset=Department.objects.all()).field
    chosen = Department.objects.last()
    form = type("F", (forms.Form,), {"department": field})({"department": str(chosen.pk)})
    with CaptureQueriesContext(connection) as queries:
        html = str(form["department"])
    assert len(queries) == 1 and "SELECT" in queries[0]["sql"]
    assert f'<option value="{chosen.pk}" selected>{chosen.name}</option>' in html


@pytest.mark.django_db
def test_a_model_without_a_declared_label_keeps_djangos_iterator():
    from research.models import ResearchGroup

    assert not hasattr(ResearchGroup, "CHOICE_LABEL")
    assert _our_choices(ResearchGroup.objects.all()) == _django_choices(ResearchGroup.objects.all())
