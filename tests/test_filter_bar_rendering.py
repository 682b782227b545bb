"""The filter bar rendered by the project's fast renderer is the bar Django's own widget templates render.

For every FilterSet a list page shows in includes/filter_bar.html, unbound, bound and empty, with a value in
every field, and with invalid values (the error messages, aria-invalid), in both languages.
"""
import pytest
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils import translation

from audit.filters import AuditFilter
from directory.models import Department
from members.filters import PublicOpinionFilter
from members.models import PublicOpinion
from office import filters as office_filters
from outcomes.filters import AssignmentFilter, CaseFilter, OutcomeFilter
from outcomes.models import Assignment, Outcome, SupervisionCase
from proposals.filters import ProposalFilter
from proposals.models import Proposal
from research.filters import GroupFilter, VisitFilter
from topics.filters import TopicFilter

# (the FilterSet, the `hide=` of its page)
BARS = [
    (TopicFilter, "plan"),
    (OutcomeFilter, "outcome,assignment,topic,group"),
    (AssignmentFilter, "outcome,assignment,topic,group"),
    (CaseFilter, "outcome,assignment,topic,group"),
    (GroupFilter, "topic,plan"),
    (VisitFilter, ""),
    (AuditFilter, ""),
    (PublicOpinionFilter, "topic"),
    (ProposalFilter, "department"),
    (office_filters.CalendarDayFilter, ""),
    (office_filters.MemberFilter, ""),
    (office_filters.UserFilter, ""),
    (office_filters.DepartmentFilter, ""),
    (office_filters.TaskFilter, ""),
    (type("DepartmentNameFilter", (office_filters.NameFilter,),
          {"Meta": type("Meta", (), {"model": Department, "fields": []})}), ""),
]

# The model of the FilterSets without Meta.model (their pages pass a queryset).
MODELS = {OutcomeFilter: Outcome, AssignmentFilter: Assignment, CaseFilter: SupervisionCase,
          PublicOpinionFilter: PublicOpinion, ProposalFilter: Proposal}


def _none(filterset_class):
    return (filterset_class._meta.model or MODELS[filterset_class])._default_manager.none()


def _a_value(field):
    """A valid-looking value for every kind of filter field: the last choice, a number, a date, text to escape."""
    choices = getattr(field, "choices", None)
    if choices is not None:
        values = [value for value, _label in choices if value not in ("", None)]
        if values:
            value = values[-1]
            return str(getattr(value, "value", value))
        return "1"
    name = type(field).__name__
    if "Date" in name:
        return "2026-01-02"
    if "Integer" in name or "Decimal" in name or "Float" in name:
        return "2026"
    if "Boolean" in name:
        return "true"
    return 'x <b> & "q"'


def _datas(filterset_class):
    fields = filterset_class(queryset=_none(filterset_class)).form.fields
    return [
        None,
        {},
        {name: _a_value(field) for name, field in fields.items()},
        {name: "abc<" for name in fields},
    ]


def _render(filterset_class, data, hide, renderer=None):
    form = filterset_class(data, queryset=_none(filterset_class)).form
    if renderer is not None:
        form.renderer = renderer
    form.is_valid()
    return render_to_string("includes/filter_bar.html", {"form": form, "reset_url": "/list/", "hide": hide})


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("filterset_class", "hide"), BARS, ids=[bar[0].__name__ for bar in BARS])
def test_the_fast_bar_is_djangos_bar(departments, users, language, filterset_class, hide):
    with translation.override(language):
        for data in _datas(filterset_class):
            django_html = _render(filterset_class, data, hide, renderer=DjangoTemplates())
            fast_html = _render(filterset_class, data, hide)
            assert fast_html == django_html, (filterset_class.__name__, data)
            assert "<select" in fast_html or "<input" in fast_html
            if data and filterset_class is TopicFilter and "abc" in str(data.get("year")):
                assert "invalid-feedback" in fast_html and 'aria-invalid="true"' in fast_html

