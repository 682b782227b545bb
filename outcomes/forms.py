"""Page forms; they only parse input, the services decide."""
from django import forms
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.widgets import DatalistInput
from directory.models import Department, SpecialCommittee
from directory.selectors import active_departments

from .models import ContactKind, Evaluation, EventKind, OutcomeKind, RequestKind, ResultClass, Stance


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self):
        """Bootstrap's classes on every field's widget (again after a form adds fields of its own)."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-control")


# A date input wants ISO dates whatever the language (the Chinese format 2026/12/02 would leave it blank).
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class OutcomeForm(BootstrapMixin, forms.Form):
    report = forms.TypedChoiceField(label=_("from an approved research report"), required=False, coerce=int, empty_value=None)
    topic = forms.TypedChoiceField(label=_("or for the topic"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("kind"), choices=OutcomeKind.choices)
    title = forms.CharField(
        label=_("title"), max_length=200, required=False,
        help_text=_("Left blank: “On <the topic>: <the kind>”."),
    )
    document_number = forms.CharField(label=_("document number"), max_length=50, required=False)
    body = forms.CharField(
        label=_("body"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text=_("From a report and left blank: the report's text."),
    )
    suggestions = forms.CharField(
        label=_("suggestions"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When writing directly: one suggestion per paragraph, its first line is the title."),
    )

    def __init__(self, *args, reports=(), topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [("", "—")] + [(r.pk, str(r)) for r in reports]
        self.fields["topic"].choices = [("", "—")] + [(t.pk, str(t)) for t in topics]

    def clean(self):
        data = super().clean()
        if not data.get("report") and not data.get("topic"):
            raise forms.ValidationError(_("Choose an approved research report or a topic."))
        return data

    def suggestion_items(self) -> list[dict]:
        items = []
        for block in (self.cleaned_data.get("suggestions") or "").replace("\r\n", "\n").split("\n\n"):
            lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
            if lines:
                items.append({"title": lines[0], "content": "\n".join(lines[1:]) or lines[0]})
        return items


class OutcomeEditForm(BootstrapMixin, forms.Form):
    """A draft outcome's own fields; suggestions are edited on its page."""

    kind = forms.ChoiceField(label=_("kind"), choices=OutcomeKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    document_number = forms.CharField(label=_("document number"), max_length=50, required=False)
    body = forms.CharField(label=_("body"), widget=forms.Textarea(attrs={"rows": 10}), required=False)


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason for withdrawing"), required=False, max_length=500)


class SuggestionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(BootstrapMixin, forms.Form):
    suggestion = forms.IntegerField(widget=forms.HiddenInput)
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)
    progress_note = forms.CharField(label=_("note"), required=False)


class ForwardForm(BootstrapMixin, forms.Form):
    lead_department = forms.ModelChoiceField(label=_("lead department"), queryset=Department.objects.none())
    co_departments = forms.ModelMultipleChoiceField(
        label=_("co-handling departments"), queryset=Department.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    forwarded_on = forms.DateField(label=_("forwarded on"), widget=DATE)
    instruction = forms.CharField(label=_("forwarding instruction"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = active_departments()
        self.fields["lead_department"].queryset = departments
        self.fields["co_departments"].queryset = departments


class SubmitOutcomeForm(BootstrapMixin, forms.Form):
    submitted_on = forms.DateField(label=_("submitted on"), widget=DATE)


class ContactForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContactKind.choices)
    held_on = forms.DateField(label=_("date"), widget=DATE)
    method = forms.CharField(label=_("method"), required=False, max_length=100)
    participants = forms.CharField(label=_("participants"), required=False, max_length=300)
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(BootstrapMixin, forms.Form):
    extra_working_days = forms.IntegerField(label=_("extra working days"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(choices=RequestKind.choices, widget=forms.HiddenInput)
    grant = forms.TypedChoiceField(
        label=_("decision"), coerce=lambda v: v == "yes", choices=[("yes", _("Grant")), ("no", _("Refuse"))]
    )
    note = forms.CharField(label=_("note"), required=False)
    reassign_to = forms.ModelChoiceField(
        label=_("reassign to"), queryset=active_departments(), required=False
    )


class InputForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("input to the lead department"), widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("note"), required=False)


class ProgressReportForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("implementation report"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = list(suggestions)
        for s in self.suggestions:
            self.fields[f"progress_{s.pk}"] = forms.IntegerField(
                label=_("%(suggestion)s — progress (%%)") % {"suggestion": s}, min_value=0, max_value=100,
                initial=s.progress, widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def items(self):
        return [{"suggestion": s.pk, "progress": self.cleaned_data[f"progress_{s.pk}"]} for s in self.suggestions]


class ReplyForm(BootstrapMixin, forms.Form):
    document_number = forms.CharField(label=_("document number"), required=False, max_length=50)
    text = forms.CharField(label=_("reply text"), widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(
        label=_("signed reply document"), required=False,
        help_text=_("PDF, Word (.docx) or an image; checked from its content. Needed before the reply is sent "
                    "for approval."),
    )

    def __init__(self, *args, suggestions=(), stances=None, with_result=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = list(suggestions)
        if with_result:  # a proposal's reply: its result class and the department's word on publication
            self.fields["result_class"] = forms.ChoiceField(
                label=_("result class"), choices=[("", "—"), *ResultClass.choices], required=False,
                help_text=_("Needed before the reply is sent for approval."))
            self.fields["not_to_publish"] = forms.BooleanField(
                label=_("Do not publish this reply to all members"), required=False)
            # Asked (and shown) only when the box above is ticked (static/js/ui.js, data-required-when).
            self.fields["no_publish_reason"] = forms.CharField(
                label=_("why not to be published"), required=False, max_length=300,
                widget=forms.TextInput(attrs={"data-required-when": f"{self.add_prefix('not_to_publish')}=on",
                                              "data-optional-hidden": ""}))
            self.style_fields()
        stances = stances or {}
        for s in self.suggestions:
            current = stances.get(s.pk)
            self.fields[f"stance_{s.pk}"] = forms.ChoiceField(
                label=str(s), choices=[("", "—"), *Stance.choices], required=False,
                initial=current.stance if current else "", widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"reason_{s.pk}"] = forms.CharField(
                label=_("reason or measures"), required=False, initial=current.reason if current else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def result_input(self) -> dict:
        """The result class and publication for the services (nothing for an outcome's reply)."""
        if "result_class" not in self.fields:
            return {}
        data = self.cleaned_data
        return {"result_class": data["result_class"], "may_publish": not data["not_to_publish"],
                "no_publish_reason": data["no_publish_reason"]}

    def stance_rows(self):
        return [(s, self[f"stance_{s.pk}"], self[f"reason_{s.pk}"]) for s in self.suggestions]

    def stances(self):
        return [
            {"suggestion": s.pk, "stance": self.cleaned_data[f"stance_{s.pk}"], "reason": self.cleaned_data[f"reason_{s.pk}"]}
            for s in self.suggestions
            if self.cleaned_data.get(f"stance_{s.pk}")
        ]


class CommentsForm(BootstrapMixin, forms.Form):
    comments = forms.CharField(label=_("comments"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda value: value == "yes", empty_value=None)


class EvaluateForm(BootstrapMixin, forms.Form):
    evaluation = forms.ChoiceField(label=_("evaluation"), choices=Evaluation.choices)
    comments = forms.CharField(label=_("comments"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposer=False, **kwargs):
        super().__init__(*args, **kwargs)
        if proposer:  # a proposal's reply: the proposer's three questions (the services require them)
            self.fields["contacted"] = _yes_no(_("contacted before handling"))
            self.fields["attitude"] = forms.ChoiceField(label=_("handling attitude"),
                                                        choices=[("", "—"), *Evaluation.choices])
            self.fields["agreed"] = _yes_no(_("agrees with the result"))
            self.order_fields(["evaluation", "contacted", "attitude", "agreed", "comments"])
            self.style_fields()


class ReclassifyForm(BootstrapMixin, forms.Form):
    result_class = forms.ChoiceField(label=_("result class"), choices=ResultClass.choices)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CaseForm(BootstrapMixin, forms.Form):
    outcome = forms.TypedChoiceField(label=_("outcome document"), coerce=int)
    title = forms.CharField(label=_("matter"), max_length=200)
    committee_office = forms.CharField(
        label=_("committee's responsible office"), max_length=100,
        widget=DatalistInput(choices=lambda: SpecialCommittee.objects.order_by("name").values_list("name", flat=True)),
    )
    opened_on = forms.DateField(label=_("opened on"), widget=DATE)

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.pk, str(o)) for o in outcomes]


class EventForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EventKind.choices)
    happened_on = forms.DateField(label=_("date"), widget=DATE)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseCaseForm(BootstrapMixin, forms.Form):
    result = forms.CharField(label=_("result"), widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("closed on"), widget=DATE)
