"""Forms of the research pages; they only shape input, the services decide."""
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Member, User
from directory.selectors import users_with_role, vice_chairs
from topics.models import Topic, TopicStatus

from .models import ActivityKind, MilestoneKind
from .services import MILESTONE_OWNER_ROLES, missing_scores, missing_scores_message

SCORE_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]
DATE = {"type": "date", "class": "form-control"}


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.CheckboxInput)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        committees = "、".join(c.name for c in obj.committees.all())
        parts = [obj.name, obj.expertise, obj.employer, committees]
        return " · ".join(p for p in parts if p)


class GroupForm(StyledForm):
    topic = forms.ModelChoiceField(queryset=Topic.objects.none(), label=_("Adopted topic"))
    leader = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Group leader (vice-chair)"), required=False,
        help_text=_("Leave empty to use the topic's vice-chair in charge."),
    )
    formed_on = forms.DateField(label=_("Formed on"), widget=forms.DateInput(attrs=DATE), required=False)
    members = MemberChoiceField(
        queryset=Member.objects.none(), label=_("Members"), required=False,
        widget=forms.SelectMultiple(attrs={"data-picker": "multi"}),  # a searchable picker (docs/ui.md)
        help_text=_("Choose members with relevant expertise and special-committee members."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = (
            Topic.objects.filter(status=TopicStatus.ADOPTED, research_group__isnull=True)
            .select_related("plan")
            .order_by("-plan__year", "id")
        )
        self.fields["topic"].label_from_instance = lambda t: f"{t.plan.year} · {t.title}"
        self.fields["leader"].queryset = vice_chairs()
        self.fields["members"].queryset = Member.objects.filter(is_active=True).prefetch_related("committees")


class AddMemberForm(StyledForm):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Member"))
    responsibility = forms.CharField(label=_("Responsibility"), max_length=200, required=False)

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Member.objects.filter(is_active=True)
        if group is not None:
            queryset = queryset.exclude(pk__in=group.memberships.values("member_id"))
        self.fields["member"].queryset = queryset


class MilestoneForm(StyledForm):
    kind = forms.ChoiceField(choices=MilestoneKind.choices, label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs=DATE))
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Owner"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_with_role(*MILESTONE_OWNER_ROLES)


class ActivityForm(StyledForm):
    kind = forms.ChoiceField(choices=ActivityKind.choices, label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    destination = forms.CharField(
        label=_("Destination county or city"), max_length=100, required=False,
        help_text=_("External study visits only."),
    )
    hosts = forms.CharField(label=_("Hosts"), max_length=200, required=False)
    present_members = forms.MultipleChoiceField(
        label=_("Present members"), required=False, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(
        label=_("Findings (innovations and practices seen)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("External study visits only. One per line: title：description."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present_members"].choices = [
            (str(m.member_id), m.member.name) for m in group.memberships.select_related("member")
        ]

    def findings_list(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("findings") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            for separator in ("：", ":"):
                if separator in line:
                    title, description = line.split(separator, 1)
                    break
            else:
                title, description = line, ""
            rows.append({"title": title.strip(), "description": description.strip()})
        return rows


class FindingForm(StyledForm):
    title = forms.CharField(label=_("Finding"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 12}))


class SuggestionForm(StyledForm):
    title = forms.CharField(label=_("Suggestion"), max_length=200, required=False)
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    finding = forms.TypedChoiceField(label=_("Adapted visit finding"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [("", "—")] + [
            (f.pk, f"{f.activity.destination} · {f.title}") for f in findings
        ]


SuggestionFormSet = forms.formset_factory(SuggestionForm, extra=1, can_delete=True)  # more with "Add a suggestion"


def suggestions_from(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {}) or {}
        if data.get("DELETE") or not (data.get("title") or data.get("content")):
            continue
        rows.append({"title": data.get("title", ""), "content": data.get("content", ""), "finding": data.get("finding")})
    return rows


class ReviewForm(StyledForm):
    """One row of three scores per suggestion, plus the reviewer's comments.

    A row may be partly rated while saving ratings (or returning); approving needs every score, and the form
    marks each one that is missing.
    """

    comments = forms.CharField(
        label=_("Review comments"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when returning the report."),
    )

    AXES = (
        ("scientific", _("Scientific (科学性)")),
        ("forward_looking", _("Forward-looking (前瞻性)")),
        ("feasible", _("Feasible (可行性)")),
    )

    def __init__(self, *args, report, decision: str = "rate", **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.suggestions = list(report.suggestions.all())
        for suggestion in self.suggestions:
            for axis, label in self.AXES:
                name = f"s{suggestion.pk}_{axis}"
                self.fields[name] = forms.TypedChoiceField(
                    choices=SCORE_CHOICES, required=False, label=label, coerce=int, empty_value=None
                )
                self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
                self.initial.setdefault(name, getattr(suggestion, f"score_{axis}") or "")

    def clean(self):
        cleaned = super().clean()
        if self.decision == "approve":
            missing = missing_scores(
                (s.number, {axis: cleaned.get(f"s{s.pk}_{axis}") for axis, _label in self.AXES})
                for s in self.suggestions
            )
            by_number = {s.number: s for s in self.suggestions}
            for number, axes in missing:
                for axis in axes:
                    self.add_error(
                        f"s{by_number[number].pk}_{axis}",
                        _("Suggestion %(number)s needs this score before approval.") % {"number": number},
                    )
            if missing:
                self.add_error(None, missing_scores_message(missing))
        return cleaned

    def rows(self):
        rows = []
        for s in self.suggestions:
            fields = [self[f"s{s.pk}_{axis}"] for axis, _label in self.AXES]
            for bound in fields:
                if bound.errors:
                    bound.field.widget.attrs["class"] = "form-select form-select-sm is-invalid"
                    bound.field.widget.attrs["aria-invalid"] = "true"
            rows.append({"suggestion": s, "fields": fields})
        return rows

    def ratings(self) -> list[dict]:
        """The rows as they stand on the page where they differ from what is stored (a row may be partly rated;
        a score emptied is cleared)."""
        out = []
        for s in self.suggestions:
            values = {axis: self.cleaned_data.get(f"s{s.pk}_{axis}") for axis, _label in self.AXES}
            if any(values[axis] != getattr(s, f"score_{axis}") for axis in values):
                out.append({"suggestion": s.pk, **values})
        return out
