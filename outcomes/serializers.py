"""API representations of outcome conversion and the small input serializers of its workflow steps."""
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from chengwu_cppcc.api import AvailableStepsField, StepInput, deprecated, step_example
from chengwu_cppcc.fast_serializers import FastRepresentation
from directory.models import Department

from .models import (
    ApprovalLevel,
    Assignment,
    AssignmentRequest,
    Contact,
    ContactKind,
    Countersignature,
    Evaluation,
    EventKind,
    Outcome,
    OutcomeKind,
    ProgressItem,
    ProgressReport,
    Reply,
    ReplyStance,
    RequestKind,
    ResultClass,
    Stance,
    Suggestion,
    SupervisionCase,
    SupervisionEvent,
)
from .steps import ASSIGNMENT_STEPS, CASE_STEPS, OUTCOME_STEPS, REPLY_STEPS


class DepartmentSerializer(serializers.ModelSerializer):
    leader_in_charge_name = serializers.CharField(source="leader_in_charge.display_name", default="", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "leader_in_charge", "leader_in_charge_name"]


class SuggestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Suggestion
        fields = [
            "id", "outcome", "number", "title", "content", "source", "adoption_status", "explanation", "progress",
            "progress_note",
        ]
        read_only_fields = ["number", "source", "adoption_status", "explanation"]


class SuggestionUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True)
    progress = serializers.IntegerField(required=False)
    progress_note = serializers.CharField(required=False, allow_blank=True)


class SuggestionCreateSerializer(serializers.Serializer):
    outcome = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    content = serializers.CharField(allow_blank=True)


class OutcomeSerializer(serializers.ModelSerializer):
    topic_title = serializers.CharField(source="topic.title", read_only=True)
    suggestions = SuggestionSerializer(many=True, read_only=True)
    available_steps = AvailableStepsField(OUTCOME_STEPS)

    class Meta:
        model = Outcome
        fields = [
            "id", "topic", "topic_title", "report", "kind", "title", "document_number", "body", "consultation_type",
            "status", "submitted_on", "forwarded_on", "forwarded_by_note", "closed_on", "suggestions",
            "available_steps",
        ]
        read_only_fields = fields


class NewSuggestionSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    content = serializers.CharField(allow_blank=True)


class OutcomeCreateSerializer(serializers.Serializer):
    """Either `report` (an approved research report) or `topic` with the text written directly."""

    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    report = serializers.IntegerField(required=False)
    topic = serializers.IntegerField(required=False)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True)  # from a report: absent takes the report's
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    suggestions = NewSuggestionSerializer(many=True, required=False)

    def validate(self, attrs):
        if not attrs.get("report") and not attrs.get("topic"):
            raise serializers.ValidationError({"topic": ["Give a topic or an approved research report."]})
        return attrs


class OutcomeUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OutcomeKind.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    document_number = serializers.CharField(required=False, allow_blank=True)


@step_example('Submitted today', {"date": "2026-03-28"})
class SubmitOutcomeSerializer(StepInput):
    renamed = {"submitted_on": "date"}
    date = serializers.DateField(required=False, source="submitted_on", help_text="The day it was submitted (today if left out).")
    submitted_on = deprecated(serializers.DateField(), "date")


@step_example('Forward to a lead and a co-handling department', {"lead_department": 3, "co_departments": [5], "date": "2026-04-01", "instruction": "请在规定时限内书面答复。"})
class ForwardSerializer(StepInput):
    renamed = {"forwarded_on": "date"}
    lead_department = serializers.IntegerField()
    co_departments = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    date = serializers.DateField(required=False, source="forwarded_on", help_text="The day it was forwarded (today if left out).")
    forwarded_on = deprecated(serializers.DateField(), "date")
    instruction = serializers.CharField(required=False, allow_blank=True, default="")


class ContactSerializer(serializers.ModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "assignment", "kind", "held_on", "method", "participants", "summary", "recorded_by_name"]
        read_only_fields = fields


@step_example('A contact before the reply', {"kind": "before_reply", "date": "2026-05-12", "summary": "电话沟通答复意见，委员表示认可。", "method": "电话", "participants": "县住建局王主任；李委员"})
class ContactInputSerializer(StepInput):
    renamed = {"held_on": "date"}
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    date = serializers.DateField(source="held_on", help_text="The day the contact took place.")
    held_on = deprecated(serializers.DateField(), "date")
    summary = serializers.CharField(allow_blank=True)
    method = serializers.CharField(required=False, allow_blank=True, default="")
    participants = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssignmentRequest
        fields = [
            "id", "assignment", "kind", "reason", "extra_working_days", "status", "requested_at", "decided_at",
            "decision_note", "previous_due_on", "new_due_on",
        ]
        read_only_fields = fields


class BelongsToFields(serializers.Serializer):
    """What a row of the handling belongs to: its forwarded matter's owner, an outcome document or a proposal."""

    belongs_to = serializers.CharField(source="matter.owner_kind", read_only=True,
                                       help_text="`outcome` or `proposal`: who owns the forwarded matter.")
    belongs_to_id = serializers.IntegerField(source="matter.owner_id", read_only=True,
                                             help_text="The id of that outcome document or proposal.")


class AssignmentSerializer(FastRepresentation, BelongsToFields, serializers.ModelSerializer):
    title = serializers.CharField(source="matter.title", read_only=True)
    # Null when a proposal owns the matter.
    outcome_title = serializers.CharField(source="outcome.title", read_only=True, allow_null=True)
    outcome_kind = serializers.CharField(source="outcome.kind", read_only=True, allow_null=True)
    consultation_type = serializers.CharField(source="outcome.consultation_type", read_only=True, allow_null=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    is_very_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id", "matter", "belongs_to", "belongs_to_id", "title", "outcome", "outcome_title", "outcome_kind",
            "consultation_type", "department", "department_name",
            "role", "status", "forwarded_on", "working_days", "due_on", "due_provisional", "is_overdue",
            "is_very_overdue", "input_text", "input_submitted_at", "replaces", "closed_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_overdue(self, obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))

    @extend_schema_field(serializers.BooleanField())
    def get_is_very_overdue(self, obj) -> bool:
        return bool(getattr(obj, "is_very_overdue", False))


class AssignmentDetailSerializer(AssignmentSerializer):
    """One assignment, with the steps the requesting user may take on it now."""

    available_steps = AvailableStepsField(ASSIGNMENT_STEPS)

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "available_steps"]
        read_only_fields = fields


@step_example('Why', {"reason": "不属于本单位职责，建议改由县交通运输局办理。"})
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


@step_example('Ask for more time', {"reason": "涉及多部门会商，需延期办理。", "extra_working_days": 10})
class ExtendSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    extra_working_days = serializers.IntegerField()


@step_example('Grant an extension', {"kind": "extension", "grant": True, "comment": "同意延期。"})
class DecideSerializer(StepInput):
    renamed = {"note": "comment"}
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    grant = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="note",
                                    help_text="Required when `grant` is false: a refusal needs a reason.")
    note = deprecated(serializers.CharField(allow_blank=True), "comment")
    reassign_to = serializers.IntegerField(required=False, allow_null=True)


@step_example("A co-handler's input", {"text": "我局负责的第 2、3 条建议已纳入年度计划。"})
class TextSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


@step_example("A note with the step", {"comment": "无异议。"})
class CommentSerializer(StepInput):
    """A step's optional free text, `comment` (it was `note`)."""

    renamed = {"note": "comment"}
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="note")
    note = deprecated(serializers.CharField(allow_blank=True), "comment")


class StanceSerializer(serializers.ModelSerializer):
    suggestion_number = serializers.IntegerField(source="suggestion.number", read_only=True)

    class Meta:
        model = ReplyStance
        fields = ["suggestion", "suggestion_number", "stance", "reason"]


class StanceInputSerializer(serializers.Serializer):
    suggestion = serializers.IntegerField()
    stance = serializers.ChoiceField(choices=Stance.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CountersignatureSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="assignment.department.name", read_only=True)

    class Meta:
        model = Countersignature
        fields = ["id", "department", "note", "signed_at"]


class ReplySerializer(serializers.ModelSerializer):
    stances = StanceSerializer(many=True, read_only=True)
    countersignatures = CountersignatureSerializer(many=True, read_only=True)
    file_url = serializers.SerializerMethodField()
    department_name = serializers.CharField(source="assignment.department.name", read_only=True)
    title = serializers.CharField(source="assignment.matter.title", read_only=True)
    belongs_to = serializers.CharField(source="assignment.matter.owner_kind", read_only=True)
    outcome_title = serializers.CharField(source="assignment.outcome.title", read_only=True, allow_null=True)
    # Blank until the reply is submitted / evaluated; declared so the schema allows "".
    approval_level = serializers.ChoiceField(choices=ApprovalLevel.choices, allow_blank=True, read_only=True)
    evaluation = serializers.ChoiceField(choices=Evaluation.choices, allow_blank=True, read_only=True)
    # A proposal's reply: its result class, and the proposer's evaluation (blank / null for an outcome's).
    result_class = serializers.ChoiceField(choices=ResultClass.choices, allow_blank=True, read_only=True)
    evaluation_attitude = serializers.ChoiceField(choices=Evaluation.choices, allow_blank=True, read_only=True)
    due_on = serializers.DateField(source="assignment.due_on", read_only=True)
    available_steps = AvailableStepsField(REPLY_STEPS)

    class Meta:
        model = Reply
        fields = [
            "id", "assignment", "department_name", "title", "belongs_to", "outcome_title", "version", "status",
            "document_number", "text", "file_name", "file_type", "file_size", "file_url", "result_class",
            "may_publish", "no_publish_reason", "approval_level", "approver", "approval_comments", "submitted_at",
            "approved_at", "evaluation", "evaluation_comments", "evaluated_at", "evaluation_due_on",
            "evaluation_contacted", "evaluation_attitude", "evaluation_agreed", "evaluation_on_paper", "stances",
            "countersignatures", "due_on", "available_steps",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_url(self, obj):
        return reverse("outcomes:reply-file", args=[obj.pk]) if obj.file else None


class StancesField(serializers.Field):
    """A list of stances, as JSON in a multipart form or as a list in JSON."""

    def to_internal_value(self, data):
        import json

        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError("Enter a JSON list of stances.") from None
        serializer = StanceInputSerializer(data=data, many=True)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_field(StanceInputSerializer(many=True))
class DocumentedStancesField(StancesField):
    pass


class ReplyInputSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(required=False)
    text = serializers.CharField(required=False, allow_blank=True)
    document_number = serializers.CharField(required=False, allow_blank=True)
    file = serializers.FileField(required=False)
    stances = DocumentedStancesField(required=False)
    result_class = serializers.ChoiceField(
        choices=ResultClass.choices, required=False, allow_blank=True,
        help_text="Required when the assignment belongs to a proposal (before the reply is submitted): A, B or C.")
    may_publish = serializers.BooleanField(required=False, allow_null=True, default=None,
                                           help_text="A proposal's reply: may it be published to all members.")
    no_publish_reason = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Required when `may_publish` is false: why not.")


class ReplyUploadSerializer(ReplyInputSerializer):
    """The schema of a reply sent as a multipart form (to carry its file): a form field holds text, so `stances`
    is one field with the JSON list (StancesField parses it)."""

    stances = serializers.CharField(
        required=False,
        help_text='The stances as a JSON list: [{"suggestion": 1, "stance": "adopted", "reason": ""}, ...].',
    )


class ReplyCreateSerializer(ReplyInputSerializer):
    """A new reply: to an assignment, with its text (both required here; an edit keeps them)."""

    assignment = serializers.IntegerField()
    text = serializers.CharField()


@extend_schema_serializer(component_name="ReplyInput")  # PatchedReplyInputRequest, as before
class ReplyInputJsonSerializer(ReplyInputSerializer):
    """The schema of a reply sent as JSON: no file (a file comes in a multipart form)."""

    file = None


@extend_schema_serializer(component_name="ReplyInput")  # the names a generated client knows (ReplyInputRequest)
class ReplyCreateJsonSerializer(ReplyCreateSerializer):
    """The schema of a new reply sent as JSON: no file (a file comes in a multipart form)."""

    file = None


@extend_schema_serializer(component_name="ReplyUpload")  # ReplyUploadRequest; an edit is PatchedReplyUploadRequest
class ReplyUploadCreateSerializer(ReplyUploadSerializer):
    """A new reply as a multipart form: to an assignment, with its text."""

    assignment = serializers.IntegerField()
    text = serializers.CharField()


@step_example('Approve', {"comment": "同意答复。"})
class ApproveReplySerializer(StepInput):
    renamed = {"comments": "comment"}
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="comments")
    comments = deprecated(serializers.CharField(allow_blank=True), "comment")


@step_example('Send back', {"reason": "请补充第 2 条建议的办理时限。"})
class SendBackReplySerializer(StepInput):
    """A return: why, in `reason` (it was `comments`)."""

    renamed = {"comments": "reason"}
    reason = serializers.CharField(required=False, allow_blank=True, default="", source="comments")
    comments = deprecated(serializers.CharField(allow_blank=True), "reason")


@step_example('Satisfied', {"evaluation": "satisfied", "comment": "答复具体，措施可行。"})
class EvaluateSerializer(StepInput):
    renamed = {"comments": "comment"}
    evaluation = serializers.ChoiceField(choices=Evaluation.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="comments",
                                    help_text="Required when `evaluation` is `unsatisfied`: say why.")
    comments = deprecated(serializers.CharField(allow_blank=True), "comment")
    contacted = serializers.BooleanField(
        required=False, allow_null=True, default=None,
        help_text="Required when the reply belongs to a proposal: was the proposer contacted before handling.")
    attitude = serializers.ChoiceField(
        choices=Evaluation.choices, required=False, allow_blank=True, default="",
        help_text="Required when the reply belongs to a proposal: the handling attitude.")
    agreed = serializers.BooleanField(
        required=False, allow_null=True, default=None,
        help_text="Required when the reply belongs to a proposal: does the proposer agree with the result.")


@step_example('Reclassify', {"result_class": "B", "reason": "部分建议已列入明年计划，尚未全部解决。"})
class ReclassifySerializer(StepInput):
    result_class = serializers.ChoiceField(choices=ResultClass.choices)
    reason = serializers.CharField(allow_blank=True)


class ProgressItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressItem
        fields = ["suggestion", "progress", "note"]


class ProgressReportSerializer(serializers.ModelSerializer):
    items = ProgressItemSerializer(many=True, read_only=True)
    department_name = serializers.CharField(source="assignment.department.name", read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "outcome", "assignment", "department_name", "period_due_on", "text", "submitted_at", "items"]
        read_only_fields = fields


class ProgressItemInputSerializer(serializers.Serializer):
    suggestion = serializers.IntegerField()
    progress = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ProgressReportInputSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)
    items = ProgressItemInputSerializer(many=True, required=False, default=list)


class SupervisionEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionEvent
        fields = ["id", "kind", "happened_on", "title", "description"]


class SupervisionCaseSerializer(BelongsToFields, serializers.ModelSerializer):
    events = SupervisionEventSerializer(many=True, read_only=True)
    matter_title = serializers.CharField(source="matter.title", read_only=True)
    # Null when a key proposal's matter is supervised.
    outcome_title = serializers.CharField(source="outcome.title", read_only=True, allow_null=True)
    available_steps = AvailableStepsField(CASE_STEPS)

    class Meta:
        model = SupervisionCase
        fields = [
            "id", "matter", "belongs_to", "belongs_to_id", "matter_title", "outcome", "outcome_title", "suggestion",
            "title", "committee_office", "committee_owner", "supervision_owner", "leader", "status", "opened_on",
            "closed_on", "result", "events", "available_steps",
        ]
        read_only_fields = fields


class CaseInputSerializer(serializers.Serializer):
    outcome = serializers.IntegerField()
    suggestion = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=200)  # required and not blank, as the service says
    committee_office = serializers.CharField(max_length=100)
    committee_owner = serializers.IntegerField(required=False, allow_null=True)
    supervision_owner = serializers.IntegerField(required=False, allow_null=True)
    opened_on = serializers.DateField(required=False)


@step_example('A site check', {"kind": "site_check", "date": "2026-06-10", "title": "实地察看老旧小区改造进度", "description": "三个小区已完工。"})
class EventInputSerializer(StepInput):
    renamed = {"happened_on": "date"}
    kind = serializers.ChoiceField(choices=EventKind.choices)
    date = serializers.DateField(source="happened_on", help_text="The day the event happened.")
    happened_on = deprecated(serializers.DateField(), "date")
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")


@step_example('Implemented', {"result": "建议已全部落实。", "date": "2026-11-20"})
class CloseCaseSerializer(StepInput):
    renamed = {"closed_on": "date"}
    result = serializers.CharField(allow_blank=True)
    date = serializers.DateField(required=False, source="closed_on", help_text="The day it was closed (today if left out).")
    closed_on = deprecated(serializers.DateField(), "date")
