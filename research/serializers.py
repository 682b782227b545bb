"""Serializers of the research API: output shapes and the small inputs of each step."""
from rest_framework import serializers

from chengwu_cppcc.api import AvailableStepsField, StepInput, deprecated, step_example

from .models import (
    Activity,
    ActivityKind,
    GroupMembership,
    GroupStatus,
    Milestone,
    MilestoneKind,
    Report,
    ReportSuggestion,
    ResearchGroup,
    VisitFinding,
)
from .selectors import is_overdue
from .steps import GROUP_STEPS, REPORT_STEPS


class MembershipSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)
    expertise = serializers.CharField(source="member.expertise", read_only=True)
    special_committees = serializers.SerializerMethodField()

    class Meta:
        model = GroupMembership
        fields = ["id", "member", "name", "expertise", "special_committees", "responsibility", "joined_on"]

    def get_special_committees(self, obj) -> list[str]:
        return [c.name for c in obj.member.committees.all()]


class MilestoneSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.display_name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "group", "kind", "title", "due_on", "owner", "owner_name", "done_on", "overdue"]

    def get_overdue(self, obj) -> bool:
        return is_overdue(obj)


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitFinding
        fields = ["id", "activity", "title", "description"]


class ActivitySerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)
    present_members = serializers.SerializerMethodField()
    absent_members = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id", "group", "kind", "title", "held_on", "ends_on", "place", "content", "destination", "hosts",
            "present_members", "absent_members", "findings",
        ]

    def get_present_members(self, obj) -> list[int]:
        return [a.member_id for a in obj.attendance.all() if a.present]

    def get_absent_members(self, obj) -> list[int]:
        return [a.member_id for a in obj.attendance.all() if not a.present]


class ReportSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "version", "status", "title", "submitted_at", "reviewed_at"]


class ResearchGroupSerializer(serializers.ModelSerializer):
    topic_title = serializers.CharField(source="topic.title", read_only=True)
    year = serializers.IntegerField(source="topic.plan.year", read_only=True)
    leader_name = serializers.CharField(source="leader.display_name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    activity_count = serializers.IntegerField(read_only=True)
    visit_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ResearchGroup
        fields = [
            "id", "topic", "topic_title", "year", "leader", "leader_name", "status", "formed_on", "notes",
            "member_count", "activity_count", "visit_count", "overdue_count",
        ]


class ResearchGroupDetailSerializer(ResearchGroupSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)
    reports = ReportSummarySerializer(many=True, read_only=True)
    available_steps = AvailableStepsField(GROUP_STEPS)

    class Meta(ResearchGroupSerializer.Meta):
        fields = [
            *ResearchGroupSerializer.Meta.fields, "memberships", "milestones", "activities", "reports", "available_steps",
        ]


class ReportSuggestionSerializer(serializers.ModelSerializer):
    finding_title = serializers.CharField(source="finding.title", read_only=True, default=None)

    class Meta:
        model = ReportSuggestion
        fields = [
            "id", "number", "title", "content", "finding", "finding_title",
            "score_scientific", "score_forward_looking", "score_feasible", "is_rated",
        ]


class ReportSerializer(serializers.ModelSerializer):
    topic = serializers.IntegerField(source="group.topic_id", read_only=True)
    topic_title = serializers.CharField(source="group.topic.title", read_only=True)
    leader = serializers.IntegerField(source="group.leader_id", read_only=True)
    suggestion_count = serializers.IntegerField(read_only=True)
    unrated_count = serializers.IntegerField(read_only=True)
    next_version = serializers.SerializerMethodField()
    # Cheap on a list too: the report steps read only the report and its group (select_related).
    available_steps = AvailableStepsField(REPORT_STEPS)

    class Meta:
        model = Report
        fields = [
            "id", "group", "topic", "topic_title", "leader", "version", "previous", "next_version", "status",
            "title", "submitted_at", "reviewed_at", "reviewer", "review_comments", "suggestion_count",
            "unrated_count", "available_steps",
        ]

    def get_next_version(self, obj) -> int | None:
        if hasattr(obj, "next_version_pk"):
            return obj.next_version_pk
        return Report.objects.filter(previous=obj).values_list("pk", flat=True).first()


class ReportDetailSerializer(ReportSerializer):
    suggestions = ReportSuggestionSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "body", "suggestions"]


# Inputs of the steps ---------------------------------------------------------------------------


class GroupFormInput(serializers.Serializer):
    topic = serializers.IntegerField()
    leader = serializers.IntegerField(required=False, allow_null=True)
    members = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False,
                                    default=list)  # ids
    formed_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


@step_example('Start the field research', {"to_state": "researching", "comment": "调研方案已审定。"})
class GroupAdvanceInput(StepInput):
    renamed = {"note": "comment"}
    to_state = serializers.ChoiceField(choices=GroupStatus.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="note")
    note = deprecated(serializers.CharField(allow_blank=True), "comment")


@step_example('Add a member', {"member": 12, "responsibility": "负责企业走访"})
class AddMemberInput(serializers.Serializer):
    member = serializers.IntegerField()
    responsibility = serializers.CharField(required=False, allow_blank=True, default="")


@step_example('A milestone', {"kind": "field_research_done", "title": "完成实地调研", "due_on": "2026-06-30"})
class MilestoneInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MilestoneKind.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField()
    owner = serializers.IntegerField(required=False, allow_null=True)


@step_example('Done', {"date": "2026-06-28"})
class MilestoneCompleteInput(StepInput):
    renamed = {"done_on": "date"}
    date = serializers.DateField(required=False, allow_null=True, source="done_on",
                                 help_text="The day it was done (today if left out).")
    done_on = deprecated(serializers.DateField(allow_null=True), "date")


@step_example('A finding', {"title": "冷链物流短板明显", "description": "全县仅有两处产地冷库。"})
class FindingInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


@step_example('A frontline visit', {"kind": "frontline_visit", "title": "走访县农产品电商园", "held_on": "2026-05-14", "place": "成武县电商产业园", "present_members": [12, 14], "findings": [{"title": "冷链物流短板明显"}]})
class ActivityInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="")
    destination = serializers.CharField(required=False, allow_blank=True, default="")
    hosts = serializers.CharField(required=False, allow_blank=True, default="")
    present_members = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    findings = FindingInput(many=True, required=False, default=list)


class SuggestionInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    content = serializers.CharField()
    finding = serializers.IntegerField(required=False, allow_null=True)


class ReportCreateInput(serializers.Serializer):
    group = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    suggestions = SuggestionInput(many=True, required=False, default=list)


class ReportUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(required=False)
    suggestions = SuggestionInput(many=True, required=False)


class RatingInput(serializers.Serializer):
    suggestion = serializers.IntegerField()
    scientific = serializers.IntegerField(min_value=1, max_value=5)
    forward_looking = serializers.IntegerField(min_value=1, max_value=5)
    feasible = serializers.IntegerField(min_value=1, max_value=5)


@step_example('Rate the suggestions', {"ratings": [{"suggestion": 31, "scientific": 4, "forward_looking": 5, "feasible": 4}]})
class RateInput(serializers.Serializer):
    ratings = RatingInput(many=True, allow_empty=False)


@step_example('Approve', {"comment": "同意，报送县委县政府。"})
class ReviewInput(StepInput):
    renamed = {"comments": "comment"}
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="comments")
    comments = deprecated(serializers.CharField(allow_blank=True), "comment")


@step_example('Return for revision', {"reason": "请补充调研数据和典型案例。"})
class ReturnInput(StepInput):
    """A return: what to revise, in `reason` (it was `comments`)."""

    renamed = {"comments": "reason"}
    reason = serializers.CharField(source="comments")
    comments = deprecated(serializers.CharField(), "reason")


@step_example('Withdraw', {"reason": "课题调整，改由下一年度研究。"})
class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
