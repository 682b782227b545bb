"""Page forms of topic selection; they shape input, the services decide."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.api import object_version
from directory.models import Member, MemberGroup, SpecialCommittee
from directory.selectors import vice_chairs

from .models import ConsultationType, Domain, Origin, Source, Stance, Topic
from .selectors import merge_candidates
from .services import quota_bounds


class BootstrapMixin:
    """Give every widget Bootstrap's classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"


class TopicForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.SPECIAL_COMMITTEE)
    title = forms.CharField(label=_("Title"), max_length=200)
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices)
    origin_reference = forms.CharField(
        label=_("Origin reference"), max_length=300, required=False,
        help_text=_("E.g. the proposal number, the public-opinion report or the symposium it came from."),
    )
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    consultation_type = forms.ChoiceField(label=_("Consultation type"), choices=ConsultationType.choices)
    committee = forms.ModelChoiceField(
        label=_("Proposing special committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    vice_chair = forms.ModelChoiceField(label=_("Vice-chair in charge"), queryset=vice_chairs(), required=False)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 5}))
    # The version the page was opened on (the API's ETag); a save from a stale page is refused, not overwritten.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update(
            {"hx-get": "similar/", "hx-trigger": "input changed delay:400ms, compositionend delay:100ms", "hx-target": "#similar-topics"}
        )
        if editing:
            del self.fields["source"]
        else:
            del self.fields["version"]
            # a special-committee candidate needs its proposing committee (the service says so too)
            self.fields["committee"].widget.attrs["data-required-when"] = f"source={Source.SPECIAL_COMMITTEE}"

    @classmethod
    def initial_for(cls, topic: Topic) -> dict:
        return {
            "title": topic.title,
            "origin": topic.origin,
            "origin_reference": topic.origin_reference,
            "domain": topic.domain,
            "consultation_type": topic.consultation_type,
            "committee": topic.committee_id,
            "vice_chair": topic.vice_chair_id,
            "rationale": topic.rationale,
            "version": object_version(topic),
        }

    def clean(self):
        cleaned = super().clean()
        if "version" in self.fields:
            sent = cleaned.pop("version", "")
            if sent and sent != self.initial.get("version"):
                raise forms.ValidationError(
                    _("Someone else changed this topic after you opened the page; nothing was saved. "
                      "Reload the page to see their change, then make yours again."),
                    code="stale",
                )
        return cleaned


class OpinionForm(BootstrapMixin, forms.Form):
    member_group = forms.ModelChoiceField(label=_("Member activity group"), queryset=MemberGroup.objects.all(),
                                          required=False)
    member = forms.ModelChoiceField(
        label=_("Member (recorded on their behalf)"), required=False,
        queryset=Member.objects.filter(is_active=True).select_related("group"),
        help_text=_("Leave empty for the group's opinion as a whole."),
    )
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices)
    held_on = forms.DateField(label=_("Symposium date"), required=False, widget=DateInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not data.get("member_group") and not data.get("member"):
            self.add_error("member_group", _("Select the member activity group, or the member."))
        return data


class MeetingForm(BootstrapMixin, forms.Form):
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(BootstrapMixin, forms.Form):
    other = forms.ModelChoiceField(label=_("Merge this candidate into the current topic"), queryset=Topic.objects.none())
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, topic: Topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = merge_candidates(topic)


class PlanForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    party_quota = forms.IntegerField(label=_("Party/government topics quota"), **quota_bounds("party_quota"), initial=2)
    annual_quota = forms.IntegerField(label=_("Annual consultation topics quota"), **quota_bounds("annual_quota"), initial=10)
    candidate_target = forms.IntegerField(label=_("Target number of candidates"), **quota_bounds("candidate_target"),
                                          initial=20)


class PlanAmendForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    party_quota = forms.IntegerField(label=_("Party/government topics quota"), **quota_bounds("party_quota"))
    annual_quota = forms.IntegerField(label=_("Annual consultation topics quota"), **quota_bounds("annual_quota"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required once the plan is adopted."),
    )


class PlanAdoptForm(BootstrapMixin, forms.Form):
    adopted_on = forms.DateField(label=_("Standing committee meeting date"), widget=DateInput, initial=timezone.localdate)


class BatchMeetingForm(BootstrapMixin, forms.Form):
    """One meeting's decision on the topics selected on the plan board (the service checks each topic)."""

    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("Chair meeting note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)
