"""API of proposals: /api/proposals/ (委员提案) with its steps as actions."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengwu_cppcc.api import (
    AvailableStepsField,
    ChoiceLabelField,
    ContractMixin,
    KeysFirstPagination,
    StepInput,
    step_example,
    validated,
)
from chengwu_cppcc.fast_serializers import FastRepresentation
from chengwu_cppcc.workflow import step_permission
from directory.roles import Role, has_role
from members.steps import member_of
from outcomes.models import Evaluation
from outcomes.steps import REPLY_STEPS
from topics.models import ConsultationType, Domain

from . import services
from .filters import ProposalFilter
from .models import (
    Conversion,
    CoSigner,
    CoSignerStatus,
    Proposal,
    ProposalCategory,
    ProposalKind,
    ProposalSession,
    ProposalStatus,
)
from .selectors import handles_proposals, proposals_for, reply_awaiting_evaluation
from .steps import PROPOSAL_STEPS


class CoSignerSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    status_label = ChoiceLabelField("status", CoSignerStatus.choices)

    class Meta:
        model = CoSigner
        fields = ["member", "member_name", "status", "status_label", "is_co_proposer", "merged_from",
                  "responded_at"]
        read_only_fields = fields


class ProposalListSerializer(FastRepresentation, serializers.ModelSerializer):
    status_label = ChoiceLabelField("status", ProposalStatus.choices)
    kind_label = ChoiceLabelField("kind", ProposalKind.choices)
    session_label = ChoiceLabelField("session", ProposalSession.choices)
    # Blank until accepted: declared, since a read-only model field loses its allow_blank (and the schema its "").
    category = serializers.ChoiceField(choices=ProposalCategory.choices, allow_blank=True, read_only=True)
    category_label = ChoiceLabelField("category", ProposalCategory.choices)
    proposer_name = serializers.CharField(source="proposer.name", read_only=True)
    number_label = serializers.CharField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id", "year", "number", "number_label", "title", "kind", "kind_label", "collective_body", "session",
            "session_label", "proposer", "proposer_name", "status", "status_label", "category", "category_label",
            "is_key", "cosign_deadline", "submitted_at", "created_at",
        ]
        read_only_fields = fields


class ProposalSerializer(ProposalListSerializer):
    cosigners = CoSignerSerializer(many=True, read_only=True)
    suggested_departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    rejection_reason_name = serializers.CharField(source="rejection_reason.name", read_only=True, default="")
    converted_to = serializers.ChoiceField(choices=Conversion.choices, allow_blank=True, read_only=True)
    converted_to_label = ChoiceLabelField("converted_to", Conversion.choices)
    is_published = serializers.BooleanField(read_only=True, help_text="Accepted, and the proposer agreed: every "
                                            "member reads it.")
    topic = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                               help_text="The candidate topic it is the origin of (R2).")
    consulted_in = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                                      help_text="The 提案协商 topics that consult on it (R12).")
    matter = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="The forwarded matter once forwarded: its assignments are /api/assignments/?matter=<id>.")
    available_steps = AvailableStepsField(PROPOSAL_STEPS)

    class Meta(ProposalListSerializer.Meta):
        fields = [
            *ProposalListSerializer.Meta.fields, "analysis", "suggestions", "suggested_departments", "cosigners",
            "suggested_handling", "review_note", "rejection_reason", "rejection_reason_name", "converted_to",
            "converted_to_label", "public_opinion", "merged_into", "key_leader", "may_publish", "no_publish_reason",
            "is_published", "topic", "consulted_in", "matter", "forwarded_on", "forwarding_note", "available_steps",
        ]
        read_only_fields = fields


class ProposalInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    analysis = serializers.CharField()
    suggestions = serializers.CharField()
    kind = serializers.ChoiceField(choices=ProposalKind.choices, default=ProposalKind.INDIVIDUAL)
    session = serializers.ChoiceField(choices=ProposalSession.choices, default=ProposalSession.BETWEEN)
    collective_body = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    suggested_departments = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                                  source="department_ids")
    cosigners = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                      source="cosigner_ids")
    may_publish = serializers.BooleanField(required=False, default=True,
                                           help_text="Whether every member may read it once accepted.")
    no_publish_reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                              help_text="Required when `may_publish` is false: why not.")


class CommentInput(StepInput):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@step_example("Decline co-signing", {"comment": "对该领域不够熟悉，谢绝联名。"})
class DeclineInput(CommentInput):
    pass


@step_example("Accept", {"category": "economy", "suggested_handling": "建议由县发展和改革局主办。", "comment": "符合立案条件。"})
class AcceptInput(CommentInput):
    category = serializers.ChoiceField(choices=ProposalCategory.choices)
    suggested_handling = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@step_example("Not accepted, handled as a letter", {"reason": 3, "comment": "属于个人具体诉求。", "convert_to": "letter"})
class RejectInput(CommentInput):
    reason = serializers.IntegerField(help_text="The id of a reason from the office's list.")
    convert_to = serializers.ChoiceField(choices=Conversion.choices, required=False, allow_blank=True, default="")


@step_example("Merge into a similar proposal", {"into": 12, "comment": "内容相近，并案办理。"})
class MergeInput(CommentInput):
    into = serializers.IntegerField(help_text="The proposal it joins: submitted or accepted, the same year.")


@step_example("A key proposal", {"leader": 5, "comment": "县政府领导领衔督办。"})
class MarkKeyInput(CommentInput):
    leader = serializers.IntegerField(help_text="The user id of the supervising government leader.")


@step_example("A candidate topic from a proposal", {"plan": 3, "committee": 2, "domain": "agriculture",
                                                     "consultation_type": "proposal", "title": "县域冷链物流体系建设"})
class MakeTopicInput(StepInput):
    plan = serializers.IntegerField(help_text="The draft annual consultation plan the candidate joins.",
                                    source="plan_id")
    committee = serializers.IntegerField(help_text="The proposing special committee.", source="committee_id")
    domain = serializers.ChoiceField(choices=Domain.choices)
    consultation_type = serializers.ChoiceField(choices=ConsultationType.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                  help_text="Blank: the proposal's subject.")
    vice_chair = serializers.IntegerField(required=False, allow_null=True, default=None, source="vice_chair_id",
                                          help_text="The user id of the vice-chair in charge.")


@step_example("Consulted on in a proposal consultation", {"topic": 8})
class ConsultInInput(StepInput):
    topic = serializers.IntegerField(help_text="A topic whose consultation type is `proposal` (提案协商).",
                                     source="topic_id")


@step_example("Forward to a lead department and a co-handler",
              {"lead_department": 3, "co_departments": [5], "instruction": "请于三个月内答复委员。"})
class ForwardInput(StepInput):
    lead_department = serializers.IntegerField(source="lead_department_id")
    co_departments = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                           source="co_department_ids")
    date = serializers.DateField(required=False, allow_null=True, default=None, source="forwarded_on",
                                 help_text="The day it was forwarded (today if left out).")
    instruction = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


@step_example("Basically satisfied", {"evaluation": "basically_satisfied", "contacted": True,
                                      "attitude": "satisfied", "agreed": True, "comment": "已列入计划，期待落实。"})
class EvaluateInput(StepInput):
    evaluation = serializers.ChoiceField(choices=Evaluation.choices)
    contacted = serializers.BooleanField(help_text="Was the proposer contacted before handling.")
    attitude = serializers.ChoiceField(choices=Evaluation.choices, help_text="The handling attitude.")
    agreed = serializers.BooleanField(help_text="Does the proposer agree with the result.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", source="comments",
                                    help_text="Required when `evaluation` is `unsatisfied`: say why.")


class MayReadProposals(permissions.BasePermission):
    """Members (their own, as proposer or co-signer, and the published ones), staff (all), departments and
    government leaders (those forwarded to them: proposals_for). A role that may not take a step is refused before
    its input is read; `evaluate` asks the reply's step (outcomes.steps.REPLY_STEPS)."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if view.action == "create":
            return member_of(user) is not None
        return member_of(user) is not None or has_role(user, Role.STAFF) or handles_proposals(user)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "evaluate":  # a step of the reply awaiting evaluation (outcomes.steps.REPLY_STEPS)
            reply = reply_awaiting_evaluation(obj)
            if reply is None:  # nothing to evaluate: the step's roles pass, and the service answers 409
                return has_role(request.user, *REPLY_STEPS["evaluate"].roles)
            return step_permission(self, REPLY_STEPS["evaluate"], request.user, reply)
        step = {"partial_update": "edit"}.get(view.action, view.action)
        return step in PROPOSAL_STEPS.steps and step_permission(self, PROPOSAL_STEPS[step], request.user, obj)


class ProposalViewSet(ContractMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """委员提案: members list their own (as proposer or co-signer) and the published ones, staff all but members'
    drafts, departments those forwarded to them; steps invite, reinvite, redraft, submit, cosign, decline, accept, reject, merge,
    mark_key, make_topic, consult_in, forward, evaluate."""

    permission_classes = [MayReadProposals]
    pagination_class = KeysFirstPagination  # the sort on the keys, the proposer and counts for the page only
    filterset_class = ProposalFilter
    ordering_fields = ["created_at", "submitted_at", "number", "id"]

    def get_serializer_class(self):
        return ProposalListSerializer if self.action == "list" else ProposalSerializer

    def get_queryset(self):
        queryset = proposals_for(self.request.user).order_by("-created_at", "-id")
        if self.action != "list":
            queryset = queryset.prefetch_related("cosigners__member", "suggested_departments", "consulted_in")
        return queryset

    def _respond(self, proposal, code=status.HTTP_200_OK):
        proposal = self.get_queryset().get(pk=proposal.pk)
        return Response(ProposalSerializer(proposal, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ProposalInputSerializer, responses={201: ProposalSerializer})
    def create(self, request):
        data = validated(ProposalInputSerializer, request.data)
        return self._respond(services.proposal_create(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=ProposalInputSerializer, responses={200: ProposalSerializer})
    def partial_update(self, request, pk=None):
        proposal = self.get_object()
        current = {"title": proposal.title, "analysis": proposal.analysis, "suggestions": proposal.suggestions,
                   "kind": proposal.kind, "session": proposal.session, "collective_body": proposal.collective_body,
                   "department_ids": list(proposal.suggested_departments.values_list("pk", flat=True)),
                   "cosigner_ids": list(proposal.cosigners.values_list("member_id", flat=True)),
                   "may_publish": proposal.may_publish, "no_publish_reason": proposal.no_publish_reason}
        serializer = ProposalInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {**current, **serializer.validated_data}
        return self._respond(services.proposal_update(actor=request.user, proposal_id=proposal.pk, **data))

    def _step(self, request, service, input_class=None):
        proposal = self.get_object()
        data = validated(input_class, request.data) if input_class else {}
        return self._respond(service(actor=request.user, proposal_id=proposal.pk, **data))

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """A joint proposal's co-signers are asked to confirm (within PROPOSAL_COSIGN_WORKING_DAYS working days)."""
        return self._step(request, services.proposal_invite)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def reinvite(self, request, pk=None):
        """The invitation lapsed with nobody confirmed: the co-signers who did not answer are asked again, with a
        new deadline (PROPOSAL_COSIGN_WORKING_DAYS working days from today)."""
        return self._step(request, services.proposal_reinvite)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def redraft(self, request, pk=None):
        """Nobody confirmed and nobody can still answer (the deadline passed, or everyone declined): the proposal is a
        draft again, for the proposer to change its co-signers and `invite` them."""
        return self._step(request, services.proposal_redraft)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, services.proposal_submit)

    @extend_schema(request=None, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def cosign(self, request, pk=None):
        return self._step(request, services.proposal_cosign)

    @extend_schema(request=DeclineInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._step(request, services.proposal_decline, DeclineInput)

    @extend_schema(request=AcceptInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """立案: the category and the suggested handling; the proposal takes the year's next number."""
        return self._step(request, services.proposal_accept, AcceptInput)

    @extend_schema(request=RejectInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """不予立案: a reason from the list; `convert_to` public_opinion drafts the proposer's 社情民意 report."""
        return self._step(request, services.proposal_reject, RejectInput)

    @extend_schema(request=MergeInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        return self._step(request, services.proposal_merge, MergeInput)

    @extend_schema(request=MarkKeyInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"], url_path="mark_key", url_name="mark-key")
    def mark_key(self, request, pk=None):
        return self._step(request, services.proposal_mark_key, MarkKeyInput)

    @extend_schema(request=MakeTopicInput, responses={201: ProposalSerializer})
    @action(detail=True, methods=["post"], url_path="make_topic", url_name="make-topic")
    def make_topic(self, request, pk=None):
        """R2: the accepted proposal becomes the origin of a candidate topic; `topic` names it."""
        proposal = self.get_object()
        data = validated(MakeTopicInput, request.data)
        services.proposal_make_topic(actor=request.user, proposal_id=proposal.pk, **data)
        return self._respond(proposal, status.HTTP_201_CREATED)

    @extend_schema(request=ConsultInInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"], url_path="consult_in", url_name="consult-in")
    def consult_in(self, request, pk=None):
        """R12: a 提案协商 topic consults on the accepted proposal."""
        return self._step(request, services.proposal_consult_in, ConsultInInput)

    @extend_schema(request=ForwardInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """交办: a lead department and any co-handlers; their assignments are in /api/assignments/ (belongs_to=proposal)."""
        return self._step(request, services.proposal_forward, ForwardInput)

    @extend_schema(request=EvaluateInput, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """The proposer evaluates the approved reply (staff: the proposer's paper evaluation, marked as such)."""
        return self._step(request, services.proposal_evaluate, EvaluateInput)

    def get_view_name(self):
        return "Proposals"


router = SimpleRouter()
router.register("proposals", ProposalViewSet, basename="proposal")
urlpatterns = router.urls
