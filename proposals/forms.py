"""Page forms of proposals; they shape input, the services decide."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Department, Member, SpecialCommittee, User
from directory.selectors import vice_chairs
from outcomes import forms as outcomes_forms
from topics.forms import BootstrapMixin
from topics.models import ConsultationType, Domain, Plan, Topic, TopicStatus
from topics.selectors import current_year

from .models import Conversion, Proposal, ProposalCategory, ProposalKind, ProposalSession, RejectionReason

KEY_LEADER_ROLES = ("leader_in_charge", "principal_leader")


class ProposalForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=200,
                            help_text=_("The proposal's subject (案由), e.g. “关于……的建议”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=ProposalKind.choices, initial=ProposalKind.INDIVIDUAL)
    collective_body = forms.CharField(label=_("Collective body"), max_length=100, required=False,
                                      help_text=_("For a collective proposal: the special committee, sector or "
                                                  "party group."))
    session = forms.ChoiceField(label=_("Session"), choices=ProposalSession.choices, initial=ProposalSession.BETWEEN)
    analysis = forms.CharField(label=_("Analysis of the situation"), max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 6}))
    suggestions = forms.CharField(label=_("Specific suggestions"), max_length=20000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    suggested_departments = forms.ModelMultipleChoiceField(
        label=_("Suggested handling departments"), required=False,
        queryset=Department.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    cosigners = forms.ModelMultipleChoiceField(
        label=_("Co-signers"), required=False, queryset=Member.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("For a joint proposal: the members asked to co-sign."))
    # Ticked to refuse (a box left out of a form is unticked: the default, published once accepted, is kept).
    not_to_publish = forms.BooleanField(label=_("Not to be published"), required=False,
                                        help_text=_("Left unticked, every member can read and search it once it is accepted."))
    no_publish_reason = forms.CharField(label=_("Why not to be published"), max_length=300, required=False,
                                        help_text=_("Required when it may not be published."))

    def __init__(self, *args, proposer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposer is not None:
            self.fields["cosigners"].queryset = self.fields["cosigners"].queryset.exclude(pk=proposer.pk)


class DeclineForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class AcceptForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ProposalCategory.choices)
    suggested_handling = forms.CharField(label=_("Suggested handling"), max_length=2000, required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=RejectionReason.objects.filter(is_active=True))
    convert_to = forms.ChoiceField(label=_("Convert to"), required=False,
                                   choices=[("", "—"), *Conversion.choices])
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(BootstrapMixin, forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None:
            from .selectors import merge_targets

            self.fields["into"].queryset = merge_targets(proposal)
        self.fields["into"].label_from_instance = lambda p: f"{p.number_label or '—'} {p.title}"


class LeaderField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MarkKeyForm(BootstrapMixin, forms.Form):
    leader = LeaderField(
        label=_("Supervising leader"),
        queryset=User.objects.filter(role_grants__role__in=KEY_LEADER_ROLES, is_active=True).distinct()
        .order_by("full_name", "id"))
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class MakeTopicForm(BootstrapMixin, forms.Form):
    """The candidate topic an accepted proposal becomes the origin of (as members' MakeTopicForm)."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.filter(status="draft").order_by("-year"))
    title = forms.CharField(label=_("Title"), max_length=200)
    committee = forms.ModelChoiceField(label=_("Proposing special committee"), queryset=SpecialCommittee.objects.all())
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    consultation_type = forms.ChoiceField(label=_("Consultation type"), choices=ConsultationType.choices,
                                          initial=ConsultationType.PROPOSAL)
    vice_chair = forms.ModelChoiceField(label=_("Vice-chair in charge"), queryset=vice_chairs(), required=False)

    def __init__(self, *args, proposal=None, **kwargs):
        if proposal is not None:
            kwargs.setdefault("initial", {"title": proposal.title})
        super().__init__(*args, **kwargs)


CLOSED_TOPIC_STATES = (TopicStatus.REJECTED, TopicStatus.MERGED, TopicStatus.WITHDRAWN)


class ConsultInForm(BootstrapMixin, forms.Form):
    """A 提案协商 topic of the current year's plan (or the proposal's year) that consults on the proposal."""

    topic = forms.ModelChoiceField(label=_("Proposal-consultation topic"), queryset=Topic.objects.none())

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        years = {current_year(), *([proposal.year] if proposal is not None else [])}
        queryset = (Topic.objects.filter(consultation_type=ConsultationType.PROPOSAL, plan__year__in=years)
                    .exclude(status__in=CLOSED_TOPIC_STATES).select_related("plan").order_by("-plan__year", "id"))
        if proposal is not None and proposal.pk:
            queryset = queryset.exclude(consulted_proposals=proposal)
        self.fields["topic"].queryset = queryset
        self.fields["topic"].label_from_instance = lambda t: f"{t.plan.year} · {t.title}"


class ForwardForm(outcomes_forms.ForwardForm):
    """交办, as an outcome is forwarded (the same form), the departments the proposer suggested offered first."""

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("forwarded_on", timezone.localdate())
            suggested = list(proposal.suggested_departments.filter(is_active=True).order_by("id")) if proposal else []
            if suggested:
                self.initial.setdefault("lead_department", suggested[0].pk)
                self.initial.setdefault("co_departments", [d.pk for d in suggested[1:]])
