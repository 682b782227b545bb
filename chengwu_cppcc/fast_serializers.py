"""The API lists' output without DRF's per-field machinery, the same JSON (docs/performance.md, 2026-12-03).

DRF's `Serializer.to_representation` asks every field of every row for its attribute (`Field.get_attribute`: a
loop over the source's parts, a callable check, exception handling) and then for its representation; the
datetime fields convert the time zone through three function calls. For a list of 50 rows of 20 fields that
was most of the request. `FastRepresentation` works out once per serializer instance (a list uses one for all
its rows) how each field is read:

- a field whose source is a path of model fields (`title`, `outcome.title`, `plan.year`, a foreign key's id for
  a PrimaryKeyRelatedField) is read with one `attrgetter`;
- plain text, integer and boolean values are passed through when they already have the type DRF would give
  them, an aware datetime is converted in one step, a choice's label is translated once per value and list,
  and anything else goes to the field's own `to_representation`;
- any other field (a method field, a property, a nested serializer, a source `*`) and any row where the path
  breaks (a relation that is None) take DRF's own steps for that field, so defaults, `allow_null` and SkipField
  behave as before.

tests/api/test_fast_serializers.py compares the output with DRF's for the lists that use it.
"""
import copy
import datetime
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from rest_framework import fields, relations
from rest_framework.fields import SkipField
from rest_framework.settings import ISO_8601, api_settings

from .api import ChoiceLabelField

TEXT = (fields.CharField, fields.EmailField, fields.URLField, fields.SlugField)


def _model_path(model, attrs) -> str | None:
    """The dotted attribute path if every part is a concrete model field (relations forward only), else None."""
    for i, attr in enumerate(attrs):
        try:
            field = model._meta.get_field(attr)
        except (FieldDoesNotExist, AttributeError):
            return None
        if not field.concrete or field.many_to_many:
            return None
        if i < len(attrs) - 1:
            if not (field.many_to_one or field.one_to_one):
                return None
            model = field.related_model
    return ".".join(attrs)


def _converter(field):
    kind = type(field)
    if isinstance(field, ChoiceLabelField):
        labels = {}  # translated once per value for this list (one language per request)

        def label(value):
            text = labels.get(value)
            if text is None:
                text = labels[value] = field.to_representation(value)
            return text
        return label
    if kind in TEXT:
        return lambda value: value if type(value) is str else field.to_representation(value)
    if kind is fields.IntegerField:
        return lambda value: value if type(value) is int else field.to_representation(value)
    if kind is fields.BooleanField:
        return lambda value: value if type(value) is bool else field.to_representation(value)
    if (kind is fields.DateTimeField and not hasattr(field, "timezone")
            and str(getattr(field, "format", api_settings.DATETIME_FORMAT)).lower() == ISO_8601):
        def to_iso(value):
            if type(value) is not datetime.datetime or value.tzinfo is None:
                return field.to_representation(value)
            text = value.astimezone(timezone.get_current_timezone()).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return to_iso
    return field.to_representation


def _plan(serializer) -> list:
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    plan = []
    for field in serializer._readable_fields:
        getter = convert = None
        attrs = list(field.source_attrs)
        if model is not None and attrs:
            if isinstance(field, relations.PrimaryKeyRelatedField) and type(field) is relations.PrimaryKeyRelatedField:
                path = _model_path(model, attrs)
                if path is not None and len(attrs) == 1 and field.pk_field is None:
                    model_field = model._meta.get_field(attrs[0])
                    if isinstance(model_field, models.ForeignKey):
                        getter, convert = attrgetter(model_field.attname), (lambda value: value)
            elif not isinstance(field, (relations.RelatedField, relations.ManyRelatedField)) and not hasattr(field, "child"):
                path = _model_path(model, attrs)
                if path is not None:
                    getter, convert = attrgetter(path), _converter(field)
        plan.append((field.field_name, getter, convert, field))
    return plan


_FIELDS: dict[tuple, dict] = {}


class FastRepresentation:
    """Mix into a ModelSerializer used for reading: the same output as DRF's, for less (module docstring)."""

    def get_fields(self):
        """ModelSerializer builds every field from the model's on each request (a third of /api/topics/'s
        serializer time: field mapping, translated labels); built once per class and language, copied as DRF
        copies declared fields."""
        key = (type(self), get_language())
        fields = _FIELDS.get(key)
        if fields is None:
            fields = _FIELDS[key] = super().get_fields()
        return copy.deepcopy(fields)

    def to_representation(self, instance):
        plan = self.__dict__.get("_fast_plan")
        if plan is None:
            plan = self.__dict__["_fast_plan"] = _plan(self)
        ret = {}
        for name, getter, convert, field in plan:
            if getter is not None:
                try:
                    value = getter(instance)
                except (AttributeError, ObjectDoesNotExist):
                    pass  # a relation on the way is None (or missing): DRF's own steps, with the field's default
                else:
                    ret[name] = None if value is None else convert(value)
                    continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
            ret[name] = None if check is None else field.to_representation(attribute)
        return ret
