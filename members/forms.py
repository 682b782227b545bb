"""Page forms of members' own work; they shape input, the services decide."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Member, MemberGroup, SpecialCommittee
from directory.selectors import vice_chairs
from research.models import ActivityKind, ResearchGroup
from topics.forms import BootstrapMixin, DateInput
from topics.models import ConsultationType, Domain, Plan, Stance

from .models import AdoptionLevel, MeetingKind, OpinionCategory, PointsRule, RecordPolicy


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MemberOpinionForm(BootstrapMixin, forms.Form):
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stance"].widget.attrs["class"] = "form-check-input"


class AskGroupsForm(BootstrapMixin, forms.Form):
    groups = forms.ModelMultipleChoiceField(label=_("Member activity groups"), queryset=MemberGroup.objects.all(),
                                            widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note to the members"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].widget.attrs["class"] = "form-check-input"


class LeaveForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for leave"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class SignInForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Sign-in code"), max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "inputmode": "latin"}))


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    groups = forms.ModelMultipleChoiceField(label=_("Member activity groups"), queryset=MemberGroup.objects.all(),
                                            required=False, widget=forms.SelectMultiple(attrs={"data-picker": "multi"}))
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=Member.objects.filter(is_active=True), required=False,
        widget=forms.SelectMultiple(attrs={"data-picker": "multi"}),
    )
    research_group = forms.ModelChoiceField(
        label=_("Research group"), queryset=ResearchGroup.objects.select_related("topic"), required=False,
        help_text=_("For a research activity: its group's members are the participants."),
        widget=forms.Select(attrs={"data-required-when": "kind=research_activity"}),
    )
    activity_kind = forms.ChoiceField(label=_("Research activity kind"), choices=[("", "—"), *ActivityKind.choices],
                                      required=False)


class PublicOpinionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=OpinionCategory.choices)
    content = forms.CharField(label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(label=_("Attachment"), required=False,
                                 help_text=_("Optional: PDF, Word (.docx) or an image."))


class ReturnForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("What should be revised"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AdoptForm(BootstrapMixin, forms.Form):
    level = forms.ChoiceField(label=_("Adopted at level"), choices=AdoptionLevel.choices)
    date = forms.DateField(label=_("Adopted on"), widget=DateInput, initial=timezone.localdate)


class InstructForm(BootstrapMixin, forms.Form):
    leader = forms.CharField(label=_("Leader"), max_length=100)
    date = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    text = forms.CharField(label=_("Instruction"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class MakeTopicForm(BootstrapMixin, forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.filter(status="draft").order_by("-year"))
    title = forms.CharField(label=_("Title"), max_length=200)
    committee = forms.ModelChoiceField(label=_("Proposing special committee"), queryset=SpecialCommittee.objects.all())
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    consultation_type = forms.ChoiceField(label=_("Consultation type"), choices=ConsultationType.choices)
    vice_chair = forms.ModelChoiceField(label=_("Vice-chair in charge"), queryset=vice_chairs(), required=False)


class RecordPolicyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = RecordPolicy
        fields = ["pass_line", "signin_opens_minutes"]


class PointsRuleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PointsRule
        fields = ["points", "yearly_cap"]


PointsRuleFormSet = forms.modelformset_factory(PointsRule, form=PointsRuleForm, extra=0)
