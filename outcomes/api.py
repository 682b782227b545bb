"""API of outcome conversion: outcomes, suggestions, assignments, replies, progress reports, supervision."""
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengwu_cppcc.api import ContractMixin, KeysFirstPagination, validated
from chengwu_cppcc.errors import NotFound
from chengwu_cppcc.workflow import step_permission
from directory.roles import has_role
from directory.selectors import active_departments

from . import selectors
from .filters import (
    AssignmentFilter,
    CaseFilter,
    OutcomeFilter,
    ProgressReportFilter,
    ReplyFilter,
    SuggestionFilter,
)
from .models import Assignment, Countersignature, Reply, ReplyStance, SupervisionEvent
from .serializers import (
    ApproveReplySerializer,
    AssignmentDetailSerializer,
    AssignmentRequestSerializer,
    AssignmentSerializer,
    CaseInputSerializer,
    CloseCaseSerializer,
    CommentSerializer,
    ContactInputSerializer,
    ContactSerializer,
    DecideSerializer,
    DepartmentSerializer,
    EvaluateSerializer,
    EventInputSerializer,
    ExtendSerializer,
    ForwardSerializer,
    OptionalReasonSerializer,
    OutcomeCreateSerializer,
    OutcomeSerializer,
    OutcomeUpdateSerializer,
    ProgressReportInputSerializer,
    ProgressReportSerializer,
    ReasonSerializer,
    ReclassifySerializer,
    ReplyCreateJsonSerializer,
    ReplyCreateSerializer,
    ReplyInputJsonSerializer,
    ReplyInputSerializer,
    ReplySerializer,
    ReplyUploadCreateSerializer,
    ReplyUploadSerializer,
    SendBackReplySerializer,
    SubmitOutcomeSerializer,
    SuggestionCreateSerializer,
    SuggestionSerializer,
    SuggestionUpdateSerializer,
    SupervisionCaseSerializer,
    TextSerializer,
)
from .services import assignments as assignment_services
from .services import outcomes as outcome_services
from .services import progress as progress_services
from .services import replies as reply_services
from .services import supervision as supervision_services
from .steps import ASSIGNMENT_STEPS, CASE_STEPS, OPEN_CASE_ROLES, OUTCOME_STEPS, REPLY_STEPS

# Each workflow action names its step in the object's table (outcomes.steps). The rule's has_permission refuses,
# on a list route (a create), a role the step never admits (`step.roles`); its has_object_permission runs in
# get_object(), after the scope's 404, and asks the step whether this user may take it on this object
# (`step.permits`). Both run before the input is read, so a wrong role gets 403, not 400. The services ask the
# same table again, with the state: they stay the authority for the admin, the pages and the tasks.


class StepRule(permissions.BasePermission):
    """Reads pass; a write needs the step's roles, and on an object the step's own `who`."""

    def __init__(self, table, step: str, roles=None):
        self.table, self.step = table, step
        self.roles = tuple(roles) if roles is not None else table[step].roles

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or view.detail or has_role(request.user, *self.roles)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        subject = self.subject(obj)
        return step_permission(self, self.table[self.step], request.user, subject)

    def subject(self, obj):
        """The object of the table the step belongs to (a reply's assignment for an assignment step)."""
        if self.table is ASSIGNMENT_STEPS and isinstance(obj, Reply):
            return obj.assignment
        return obj


def step(table, name: str, roles=None):
    """The permission class of step `name` of `table` (DRF instantiates it without arguments)."""

    class Rule(StepRule):
        __doc__ = f"Only who may take “{name}” ({table.object_type})."

        def __init__(self):
            super().__init__(table, name, roles)

    return Rule


class StepPermissionsMixin:
    """Adds the rule named in `step_rules` for the current action to the default permissions."""

    step_rules: dict = {}

    def get_permissions(self):
        rule = self.step_rules.get(self.action)
        return [*super().get_permissions(), *([rule()] if rule else [])]


def _request_context(view) -> dict:
    return {"request": view.request}


class DepartmentViewSet(ContractMixin, viewsets.ReadOnlyModelViewSet):
    """承办单位: the departments that undertake assignments."""

    serializer_class = DepartmentSerializer
    filterset_fields = ["name"]

    def get_queryset(self):
        return active_departments()


class OutcomeViewSet(ContractMixin,
    StepPermissionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):
    """Outcome documents (会议纪要, 政协工作纪要, 专题协商纪要, 建议案) and their forwarding."""

    serializer_class = OutcomeSerializer
    step_rules = {
        **dict.fromkeys(("create", "partial_update", "update"), step(OUTCOME_STEPS, "edit")),
        "submit": step(OUTCOME_STEPS, "submit"),
        "forward": step(OUTCOME_STEPS, "forward"),
        "withdraw": step(OUTCOME_STEPS, "withdraw"),
    }
    filterset_class = OutcomeFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.outcomes_for(self.request.user).prefetch_related("suggestions").order_by("-created_at", "-id")
        )

    def _detail(self, pk, status=200):
        outcome = self.get_queryset().get(pk=pk)
        return Response(OutcomeSerializer(outcome, context=_request_context(self)).data, status=status)

    @extend_schema(request=OutcomeCreateSerializer, responses={201: OutcomeSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(OutcomeCreateSerializer, request.data)
        if data.get("report"):
            outcome = outcome_services.outcome_create_from_report(
                actor=request.user, report_id=data["report"], kind=data["kind"], title=data["title"],
                document_number=data["document_number"], body=data.get("body"),
            )
        else:
            outcome = outcome_services.outcome_create(
                actor=request.user, topic_id=data["topic"], kind=data["kind"], title=data["title"],
                body=data.get("body", ""), document_number=data["document_number"], suggestions=data.get("suggestions"),
            )
        # A repeated identical create (a double click) answers the outcome the first one made, with 200.
        return self._detail(outcome.pk, status=200 if getattr(outcome, "repeated", False) else 201)

    @extend_schema(request=OutcomeUpdateSerializer, responses=OutcomeSerializer)
    def partial_update(self, request, pk=None, *args, **kwargs):
        self.get_object()  # 404 outside the scope, then 403 for a role that may not act, before the input
        outcome_services.outcome_update(actor=request.user, outcome_id=pk, **validated(OutcomeUpdateSerializer, request.data))
        return self._detail(pk)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, pk=kwargs.get("pk"))

    @extend_schema(request=SubmitOutcomeSerializer, responses=OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit to the party committee and government."""
        self.get_object()
        data = validated(SubmitOutcomeSerializer, request.data)
        outcome_services.outcome_submit(actor=request.user, outcome_id=pk, submitted_on=data.get("submitted_on"))
        return self._detail(pk)

    @extend_schema(request=ForwardSerializer, responses=OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """批转/交办 to a lead department and co-handlers, with working-day due dates."""
        self.get_object()
        data = validated(ForwardSerializer, request.data)
        outcome_services.outcome_forward(
            actor=request.user, outcome_id=pk, lead_department_id=data["lead_department"],
            co_department_ids=data["co_departments"], forwarded_on=data.get("forwarded_on"),
            instruction=data["instruction"],
        )
        return self._detail(pk)

    @extend_schema(request=ReasonSerializer, responses=OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a draft (a duplicate, a mistake); it is kept, with the reason in its history."""
        self.get_object()
        data = validated(OptionalReasonSerializer, request.data)
        outcome_services.outcome_withdraw(actor=request.user, outcome_id=pk, reason=data["reason"])
        return self._detail(pk)


class SuggestionViewSet(ContractMixin,
    StepPermissionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):
    """Suggestions of outcome documents, with adoption status and implementation progress."""

    # Nothing is deleted: a draft's suggestion is withdrawn with a reason (DELETE answers 405).

    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    # A suggestion's text is part of its draft (the outcome's `edit`); its progress the outcome's `record_progress`:
    # the services ask the outcome's table with the state; here only the roles, which both steps share.
    step_rules = dict.fromkeys(("create", "partial_update", "update", "withdraw"), step(OUTCOME_STEPS, "edit"))

    def get_queryset(self):
        return selectors.suggestions_for(self.request.user).order_by("outcome_id", "number")

    @extend_schema(request=SuggestionCreateSerializer, responses={201: SuggestionSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(SuggestionCreateSerializer, request.data)
        if not selectors.outcomes_for(request.user).filter(pk=data["outcome"]).exists():
            raise NotFound()
        suggestion = outcome_services.suggestion_add(
            actor=request.user, outcome_id=data["outcome"], title=data["title"], content=data["content"]
        )
        return Response(SuggestionSerializer(suggestion).data, status=201)

    @extend_schema(request=SuggestionUpdateSerializer, responses=SuggestionSerializer)
    def partial_update(self, request, pk=None, *args, **kwargs):
        self.get_object()
        suggestion = outcome_services.suggestion_update(
            actor=request.user, suggestion_id=pk, **validated(SuggestionUpdateSerializer, request.data)
        )
        return Response(SuggestionSerializer(self.get_queryset().get(pk=suggestion.pk)).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, pk=kwargs.get("pk"))

    @extend_schema(request=ReasonSerializer, responses=OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the suggestion from a draft, with a reason; the later ones move up one number."""
        suggestion = self.get_object()
        outcome_services.suggestion_withdraw(
            actor=request.user, suggestion_id=suggestion.pk, **validated(ReasonSerializer, request.data)
        )
        outcome = selectors.outcomes_for(request.user).prefetch_related("suggestions").get(pk=suggestion.outcome_id)
        return Response(OutcomeSerializer(outcome, context={"request": request}).data)


class AssignmentViewSet(ContractMixin, StepPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """交办: a department sees only its own; overdue and very overdue are derived from today."""

    serializer_class = AssignmentSerializer
    pagination_class = KeysFirstPagination
    step_rules = {
        "contacts": step(ASSIGNMENT_STEPS, "contacts"),
        "return_": step(ASSIGNMENT_STEPS, "return"),
        "extend": step(ASSIGNMENT_STEPS, "extend"),
        "input": step(ASSIGNMENT_STEPS, "input"),
        "decide": step(ASSIGNMENT_STEPS, "decide"),
        "close": step(ASSIGNMENT_STEPS, "close"),
    }
    filterset_class = AssignmentFilter
    ordering_fields = ["due_on", "forwarded_on", "id"]

    queryset = Assignment.objects.none()  # for the schema; requests use the scoped selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        # The list's rows carry no contact flags (AssignmentSerializer); the other actions' do (their steps).
        return selectors.assignment_list(self.request.user, contacts=self.action != "list")

    def get_serializer_class(self):
        return AssignmentSerializer if self.action == "list" else AssignmentDetailSerializer

    def get_object(self):
        # The detail asks the table's guards (pending requests, replies in preparation, settled suggestions).
        return self._with_relations(super().get_object())

    @staticmethod
    def _with_relations(assignment):
        from django.db.models import prefetch_related_objects

        prefetch_related_objects([assignment], "requests", "replies", "outcome__suggestions")
        return assignment

    def _detail(self, pk):
        assignment = self._with_relations(self.get_queryset().get(pk=pk))
        return Response(AssignmentDetailSerializer(assignment, context=_request_context(self)).data)

    @extend_schema(methods=["get"], responses=ContactSerializer(many=True))
    @extend_schema(methods=["post"], request=ContactInputSerializer, responses={201: ContactSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)  # a plain list, as documented
    def contacts(self, request, pk=None):
        """The three contacts (R11): before handling, during handling, before replying."""
        assignment = self.get_object()
        if request.method == "GET":
            contacts = assignment.contacts.select_related("recorded_by")
            return Response(ContactSerializer(contacts, many=True).data)
        contact = assignment_services.assignment_log_contact(
            actor=request.user, assignment_id=pk, **validated(ContactInputSerializer, request.data)
        )
        return Response(ContactSerializer(contact).data, status=201)

    @extend_schema(responses=AssignmentRequestSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)  # a plain list, as documented
    def requests(self, request, pk=None):
        """Return and extension requests with their decisions."""
        return Response(AssignmentRequestSerializer(self.get_object().requests.all(), many=True).data)

    @extend_schema(request=ReasonSerializer, responses={201: AssignmentRequestSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """退回: return a wrongly sent matter, with a reason, within the policy's working days."""
        self.get_object()
        req = assignment_services.assignment_request_return(
            actor=request.user, assignment_id=pk, **validated(ReasonSerializer, request.data)
        )
        return Response(AssignmentRequestSerializer(req).data, status=201)

    @extend_schema(request=ExtendSerializer, responses={201: AssignmentRequestSerializer})
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Ask for more working days, with a reason."""
        self.get_object()
        req = assignment_services.assignment_request_extension(
            actor=request.user, assignment_id=pk, **validated(ExtendSerializer, request.data)
        )
        return Response(AssignmentRequestSerializer(req).data, status=201)

    @extend_schema(request=DecideSerializer, responses=AssignmentRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Staff grant or refuse the pending return or extension request."""
        self.get_object()
        data = validated(DecideSerializer, request.data)
        req = assignment_services.assignment_decide_request(
            actor=request.user, assignment_id=pk, kind=data["kind"], grant=data["grant"],
            note=data["note"], reassign_to_department_id=data.get("reassign_to"),
        )
        return Response(AssignmentRequestSerializer(req).data)

    @extend_schema(request=TextSerializer, responses=AssignmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def input(self, request, pk=None):
        """A co-handler's input to the lead department."""
        self.get_object()
        assignment_services.assignment_submit_input(
            actor=request.user, assignment_id=pk, **validated(TextSerializer, request.data)
        )
        return self._detail(pk)

    @extend_schema(request=CommentSerializer, responses=AssignmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close once every suggestion is implemented or explained."""
        self.get_object()
        assignment_services.assignment_close(
            actor=request.user, assignment_id=pk, **validated(CommentSerializer, request.data)
        )
        return self._detail(pk)


# A reply is JSON (`stances` a list), or a multipart form when it carries its file (`stances` then a JSON string).
# (The views validate both with ReplyInputSerializer / ReplyCreateSerializer; the JSON schema has no `file`.)
REPLY_BODIES = {"application/json": ReplyInputJsonSerializer, "multipart/form-data": ReplyUploadSerializer}
REPLY_CREATE_BODIES = {"application/json": ReplyCreateJsonSerializer,
                       "multipart/form-data": ReplyUploadCreateSerializer}


def _result_input(data) -> dict:
    """A proposal's reply: its result class and the department's word on publication (when sent)."""
    return {"result_class": data.get("result_class"), "may_publish": data.get("may_publish"),
            "no_publish_reason": data.get("no_publish_reason", "")}


class ReplyViewSet(ContractMixin,
    StepPermissionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):
    """Formal replies: drafted by the lead department, countersigned, approved by the right leader (R12)."""

    serializer_class = ReplySerializer
    step_rules = {
        "create": step(ASSIGNMENT_STEPS, "reply"),
        **dict.fromkeys(("partial_update", "update"), step(REPLY_STEPS, "edit")),
        **{name: step(REPLY_STEPS, name) for name in (
            "submit", "approve", "send_back", "evaluate", "reclassify", "countersign", "withdraw")},
    }
    filterset_class = ReplyFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.replies_for(self.request.user)
            .prefetch_related(
                Prefetch("stances", queryset=ReplyStance.objects.select_related("suggestion")),
                Prefetch("countersignatures", queryset=Countersignature.objects.select_related("assignment__department")),
                "assignment__matter__assignments",  # who may countersign (outcomes.steps.co_assignment_id)
            )
            .order_by("-created_at", "-id")
        )

    def _detail(self, pk, status=200):
        reply = self.get_queryset().get(pk=pk)
        return Response(ReplySerializer(reply, context=_request_context(self)).data, status=status)

    @extend_schema(request=REPLY_CREATE_BODIES, responses={201: ReplySerializer})
    def create(self, request, *args, **kwargs):
        data = validated(ReplyCreateSerializer, request.data)
        reply = reply_services.reply_create(
            actor=request.user, assignment_id=data.get("assignment"), text=data.get("text", ""),
            document_number=data.get("document_number", ""), file=data.get("file"), stances=data.get("stances"),
            **_result_input(data),
        )
        return self._detail(reply.pk, status=201)

    @extend_schema(request=REPLY_BODIES, responses=ReplySerializer)
    def partial_update(self, request, pk=None, *args, **kwargs):
        self.get_object()
        data = validated(ReplyInputSerializer, request.data)
        reply_services.reply_update(
            actor=request.user, reply_id=pk, text=data.get("text"), document_number=data.get("document_number"),
            file=data.get("file"), stances=data.get("stances"), **_result_input(data),
        )
        return self._detail(pk)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, pk=kwargs.get("pk"))

    @extend_schema(request=None, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send for approval by the leader R12 names."""
        self.get_object()
        reply_services.reply_submit(actor=request.user, reply_id=pk)
        return self._detail(pk)

    @extend_schema(request=ApproveReplySerializer, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        self.get_object()
        reply_services.reply_approve(actor=request.user, reply_id=pk, **validated(ApproveReplySerializer, request.data))
        return self._detail(pk)

    @extend_schema(request=SendBackReplySerializer, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def send_back(self, request, pk=None):
        self.get_object()
        reply_services.reply_send_back(actor=request.user, reply_id=pk, **validated(SendBackReplySerializer, request.data))
        return self._detail(pk)

    @extend_schema(request=EvaluateSerializer, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """The evaluation: satisfied, basically satisfied or unsatisfied; the committee's for an outcome, the
        proposer's for a proposal (or the office's record of their paper evaluation)."""
        self.get_object()
        reply_services.reply_evaluate(actor=request.user, reply_id=pk, **validated(EvaluateSerializer, request.data))
        return self._detail(pk)

    @extend_schema(request=ReclassifySerializer, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def reclassify(self, request, pk=None):
        """The office changes a proposal reply's result class (A/B/C), with the reason."""
        self.get_object()
        reply_services.reply_reclassify(actor=request.user, reply_id=pk, **validated(ReclassifySerializer, request.data))
        return self._detail(pk)

    @extend_schema(request=CommentSerializer, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request, pk=None):
        """会签 by a co-handling department."""
        self.get_object()
        reply_services.reply_countersign(actor=request.user, reply_id=pk, **validated(CommentSerializer, request.data))
        return self._detail(pk)

    @extend_schema(request=ReasonSerializer, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a draft reply; it is kept, with the reason in its history, and a new one may be drafted."""
        self.get_object()
        data = validated(OptionalReasonSerializer, request.data)
        reply_services.reply_withdraw(actor=request.user, reply_id=pk, reason=data["reason"])
        return self._detail(pk)


class ProgressReportViewSet(ContractMixin,
    StepPermissionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Periodic implementation reports (R9)."""

    serializer_class = ProgressReportSerializer
    step_rules = {"create": step(ASSIGNMENT_STEPS, "report_progress")}
    filterset_class = ProgressReportFilter

    def get_queryset(self):
        return selectors.progress_reports_for(self.request.user).prefetch_related("items").order_by("-submitted_at", "-id")

    @extend_schema(request=ProgressReportInputSerializer, responses={201: ProgressReportSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(ProgressReportInputSerializer, request.data)
        report = progress_services.progress_report_submit(
            actor=request.user, assignment_id=data["assignment"], text=data["text"], items=data["items"]
        )
        status = 200 if getattr(report, "repeated", False) else 201  # the same report sent twice: the first one
        return Response(ProgressReportSerializer(self.get_queryset().get(pk=report.pk)).data, status=status)


class SupervisionViewSet(ContractMixin,
    StepPermissionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """跟踪督办: cases followed by the committee office and the supervision office, across years if need be."""

    serializer_class = SupervisionCaseSerializer
    step_rules = {
        "create": step(CASE_STEPS, "events", roles=OPEN_CASE_ROLES),  # a list route: only the roles count
        "events": step(CASE_STEPS, "events"),
        "close": step(CASE_STEPS, "close"),
    }
    filterset_class = CaseFilter

    def get_queryset(self):
        return selectors.cases_for(self.request.user).prefetch_related(
            Prefetch("events", queryset=SupervisionEvent.objects.order_by("happened_on", "id"))
        )

    def _detail(self, pk, status=200):
        case = self.get_queryset().get(pk=pk)
        return Response(SupervisionCaseSerializer(case, context=_request_context(self)).data, status=status)

    @extend_schema(request=CaseInputSerializer, responses={201: SupervisionCaseSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(CaseInputSerializer, request.data)
        case = supervision_services.case_open(
            actor=request.user, outcome_id=data["outcome"], suggestion_id=data.get("suggestion"), title=data["title"],
            committee_office=data["committee_office"], committee_owner_id=data.get("committee_owner"),
            supervision_owner_id=data.get("supervision_owner"), opened_on=data.get("opened_on"),
        )
        return self._detail(case.pk, status=200 if getattr(case, "repeated", False) else 201)

    @extend_schema(request=EventInputSerializer, responses={201: SupervisionCaseSerializer})
    @action(detail=True, methods=["post"])
    def events(self, request, pk=None):
        """Record a dated event (县长办公会议, a work plan, a site check)."""
        self.get_object()
        supervision_services.case_add_event(actor=request.user, case_id=pk, **validated(EventInputSerializer, request.data))
        return self._detail(pk, status=201)

    @extend_schema(request=CloseCaseSerializer, responses=SupervisionCaseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        self.get_object()
        supervision_services.case_close(actor=request.user, case_id=pk, **validated(CloseCaseSerializer, request.data))
        return self._detail(pk)


router = SimpleRouter()
router.register("outcomes", OutcomeViewSet, basename="outcome")
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("replies", ReplyViewSet, basename="reply")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("supervisions", SupervisionViewSet, basename="supervision")
router.register("departments", DepartmentViewSet, basename="department")
urlpatterns = router.urls
