"""API shapes of plans and topics; input shapes only, the services hold the rules."""
from rest_framework import serializers

from chengwu_cppcc.api import AvailableStepsField, ChoiceLabelField, StepInput, deprecated, step_example
from chengwu_cppcc.fast_serializers import FastRepresentation
from directory.models import Member, MemberGroup, SpecialCommittee, User

from .models import (
    ConsultationType,
    Domain,
    Origin,
    Plan,
    PlanStatus,
    Source,
    Stance,
    Topic,
    TopicOpinion,
    TopicStatus,
)
from .services import quota_bounds
from .steps import PLAN_STEPS, TOPIC_STEPS


class PlanSerializer(serializers.ModelSerializer):
    status_label = ChoiceLabelField("status", PlanStatus.choices)
    adopted_annual = serializers.IntegerField(read_only=True)
    adopted_party = serializers.IntegerField(read_only=True)
    candidate_count = serializers.IntegerField(read_only=True)
    available_steps = AvailableStepsField(PLAN_STEPS)

    class Meta:
        model = Plan
        fields = [
            "id", "year", "title", "status", "status_label", "party_quota", "annual_quota", "candidate_target",
            "notes", "adopted_on", "adopted_annual", "adopted_party", "candidate_count", "available_steps",
        ]
        read_only_fields = ["status", "adopted_on"]


class PlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    party_quota = serializers.IntegerField(**quota_bounds("party_quota"), default=2)
    annual_quota = serializers.IntegerField(**quota_bounds("annual_quota"), default=10)
    candidate_target = serializers.IntegerField(**quota_bounds("candidate_target"), default=20)


class PlanAmendSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=200, required=False)
    party_quota = serializers.IntegerField(**quota_bounds("party_quota"), required=False)
    annual_quota = serializers.IntegerField(**quota_bounds("annual_quota"), required=False)
    candidate_target = serializers.IntegerField(**quota_bounds("candidate_target"), required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


@step_example("The standing committee's meeting", {"meeting_date": "2026-02-20"})
class PlanAdoptSerializer(StepInput):
    """The standing committee adopts the plan at its meeting of `meeting_date`."""

    renamed = {"adopted_on": "meeting_date"}
    meeting_date = serializers.DateField(help_text="The day of the standing committee's meeting that adopted it.")
    adopted_on = deprecated(serializers.DateField(), "meeting_date")


class TopicOpinionSerializer(serializers.ModelSerializer):
    stance_label = ChoiceLabelField("stance", Stance.choices)
    member_group_name = serializers.CharField(source="member_group.name", read_only=True)

    class Meta:
        model = TopicOpinion
        fields = [
            "id", "member_group", "member_group_name", "member", "on_behalf", "stance", "stance_label", "comment",
            "held_on", "created_at",
        ]


class TopicSerializer(FastRepresentation, serializers.ModelSerializer):
    year = serializers.IntegerField(source="plan.year", read_only=True)
    status_label = ChoiceLabelField("status", TopicStatus.choices)
    source_label = ChoiceLabelField("source", Source.choices)
    domain_label = ChoiceLabelField("domain", Domain.choices)
    consultation_type_label = ChoiceLabelField("consultation_type", ConsultationType.choices)
    committee_name = serializers.CharField(source="committee.name", read_only=True, default=None, allow_null=True)
    vice_chair_name = serializers.CharField(source="vice_chair.display_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Topic
        fields = [
            "id", "plan", "year", "title", "source", "source_label", "track", "origin", "origin_reference",
            "domain", "domain_label", "consultation_type", "consultation_type_label", "committee", "committee_name",
            "vice_chair", "vice_chair_name", "rationale", "status", "status_label", "shortlisted_on",
            "shortlist_note", "adopted_on", "rejection_reason", "merged_into", "created_at", "updated_at",
        ]
        read_only_fields = fields


class TopicDetailSerializer(TopicSerializer):
    opinions = TopicOpinionSerializer(many=True, read_only=True)
    available_steps = AvailableStepsField(TOPIC_STEPS)

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "opinions", "available_steps"]
        read_only_fields = fields


class TopicWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    origin = serializers.ChoiceField(choices=Origin.choices)
    origin_reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    domain = serializers.ChoiceField(choices=Domain.choices)
    consultation_type = serializers.ChoiceField(choices=ConsultationType.choices)
    committee = serializers.PrimaryKeyRelatedField(
        queryset=SpecialCommittee.objects.all(), required=False, allow_null=True, default=None,
        help_text="Required when `source` is `special_committee`: the proposing committee.",
    )
    vice_chair = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    rationale = serializers.CharField()


class TopicCreateSerializer(TopicWriteSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    source = serializers.ChoiceField(choices=Source.choices)


class TopicUpdateSerializer(TopicWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


@step_example("A member group's opinion", {"member_group": 2, "stance": "support", "comment": "切口小、群众关注度高。", "date": "2026-02-26"})
class FeedbackSerializer(StepInput):
    renamed = {"held_on": "date"}
    member_group = serializers.PrimaryKeyRelatedField(queryset=MemberGroup.objects.all())
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.filter(is_active=True), required=False, allow_null=True, default=None,
        help_text="The member whose opinion the symposium heard (recorded on their behalf); empty: the group's.",
    )
    stance = serializers.ChoiceField(choices=Stance.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None, source="held_on",
                                 help_text="The day of the symposium that heard it.")
    held_on = deprecated(serializers.DateField(allow_null=True), "date")


@step_example("The meeting's decision", {"meeting_date": "2026-03-05", "comment": "主席会议同意。"})
class MeetingSerializer(StepInput):
    renamed = {"note": "comment"}
    meeting_date = serializers.DateField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="note")
    note = deprecated(serializers.CharField(allow_blank=True), "comment")


@step_example('Not taken up', {"reason": "与去年课题重复。"})
class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField()


@step_example('Withdrawn by its source', {"reason": "提出单位撤回。"})
class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@step_example('Merge a similar candidate', {"other": 17, "comment": "两课题内容相近，合并研究。"})
class MergeSerializer(StepInput):
    renamed = {"note": "comment"}
    other = serializers.IntegerField(help_text="The candidate merged into this topic.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="note")
    note = deprecated(serializers.CharField(allow_blank=True), "comment")


class SimilarTopicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    score = serializers.FloatField()
