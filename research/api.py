"""API of the research stage: `research-groups` (with their plan and activities) and `reports` (with review steps)."""
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengwu_cppcc.api import ContractMixin, RolePermission, validated
from chengwu_cppcc.errors import NotFound
from chengwu_cppcc.workflow import step_permission
from directory.roles import Role, has_role

from . import selectors, services
from .filters import ActivityFilter, GroupFilter, ReportFilter
from .models import Milestone, ReportSuggestion
from .serializers import (
    ActivityInput,
    ActivitySerializer,
    AddMemberInput,
    FindingInput,
    FindingSerializer,
    GroupAdvanceInput,
    GroupFormInput,
    MembershipSerializer,
    MilestoneCompleteInput,
    MilestoneInput,
    MilestoneSerializer,
    RateInput,
    ReportCreateInput,
    ReportDetailSerializer,
    ReportSerializer,
    ReportUpdateInput,
    ResearchGroupDetailSerializer,
    ResearchGroupSerializer,
    ReturnInput,
    ReviewInput,
    WithdrawInput,
)
from .steps import ADVANCE_STEPS, GROUP_STEPS, REPORT_STEPS

ERRORS = {
    400: OpenApiResponse(description="Invalid input, with field messages"),
    403: OpenApiResponse(description="This role may not take the step"),
    404: OpenApiResponse(description="Outside the user's scope"),
    409: OpenApiResponse(description="The state does not allow the step"),
}


class ResearchReader(RolePermission):
    """Staff, vice-chairs, government leaders and supervisors use this stage; others get 404 on any one object."""

    roles = selectors.READER_ROLES

    def has_permission(self, request, view):
        if getattr(view, "detail", False):
            # A hidden object answers 404 (the scoped queryset is empty), not 403.
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


class MayEditGroup(permissions.BasePermission):
    """Staff organise every group, a vice-chair the groups they lead (steps.GROUP_STEPS); others get 403 before
    their input is read."""

    # The API action of each group step (the `advance` action takes every `advance:<state>` step).
    steps = {
        "add_member": ("add_member",), "milestones": ("add_milestone",), "complete_milestone": ("complete_milestone",),
        "activities": ("record_activity",), "add_finding": ("add_finding",), "advance": tuple(ADVANCE_STEPS.values()),
    }

    def has_permission(self, request, view):
        if view.action == "create":
            return has_role(request.user, Role.STAFF)
        return True  # on one group the scope answers first (404), then has_object_permission (403)

    def has_object_permission(self, request, view, obj):
        if view.action in self.steps and request.method == "POST":
            return any(step_permission(self, GROUP_STEPS[name], request.user, obj) for name in self.steps[view.action])
        return True


class MayTakeReportStep(permissions.BasePermission):
    """Staff or the group's own vice-chair edit, submit and withdraw a draft; only the vice-chair who leads the
    group rates, approves or returns it (steps.REPORT_STEPS); others get 403 before their input is read."""

    steps = {
        "partial_update": "edit", "update": "edit", "submit": "submit", "withdraw": "withdraw",
        "rate": "rate", "approve": "approve", "return_report": "return",
    }

    def has_permission(self, request, view):
        if view.action == "create":  # drafting is a step of the group (create_report), checked by the service
            return has_role(request.user, Role.STAFF, Role.VICE_CHAIR)
        return True

    def has_object_permission(self, request, view, obj):
        if view.action in self.steps:
            return step_permission(self, REPORT_STEPS[self.steps[view.action]], request.user, obj)
        return True


@extend_schema_view(
    list=extend_schema(summary="List research groups"),
    retrieve=extend_schema(summary="A research group with members, milestones, activities and reports"),
)
class ResearchGroupViewSet(ContractMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ResearchReader, MayEditGroup]
    filterset_class = GroupFilter
    ordering_fields = ["formed_on", "status", "id"]
    queryset = selectors.groups_for(None)  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        queryset = selectors.groups_for(self.request.user).order_by("-topic__plan__year", "id")
        if self.action == "retrieve":
            queryset = selectors.with_group_detail(queryset)
        return queryset

    def filter_queryset(self, queryset):
        # List filters never narrow the lookup of one group (its actions have their own filters).
        return queryset if self.detail else super().filter_queryset(queryset)

    def get_serializer_class(self):
        return ResearchGroupDetailSerializer if self.action == "retrieve" else ResearchGroupSerializer

    def _detail(self, group_id, code=status.HTTP_200_OK):
        group = selectors.group_detail(self.request.user, group_id)
        return Response(ResearchGroupDetailSerializer(group, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="Form the one research group of an adopted topic (staff)", request=GroupFormInput,
                   responses={201: ResearchGroupDetailSerializer, **ERRORS})
    def create(self, request):
        data = validated(GroupFormInput, request.data)
        group = services.group_form(
            actor=request.user, topic_id=data["topic"], leader_id=data.get("leader"), member_ids=data["members"],
            formed_on=data.get("formed_on"), notes=data["notes"],
        )
        return self._detail(group.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="Move the group to its next status", request=GroupAdvanceInput,
                   responses={200: ResearchGroupDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        self.get_object()  # 404 outside the user's scope, then 403 (MayEditGroup), before the input
        data = validated(GroupAdvanceInput, request.data)
        services.group_advance(actor=request.user, group_id=pk, to_state=data["to_state"], note=data["note"])
        return self._detail(pk)

    @extend_schema(summary="Add a member to the group", request=AddMemberInput,
                   responses={201: MembershipSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="members")
    def add_member(self, request, pk=None):
        self.get_object()
        data = validated(AddMemberInput, request.data)
        membership = services.group_add_member(
            actor=request.user, group_id=pk, member_id=data["member"], responsibility=data["responsibility"]
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], summary="The group's responsibility plan", responses={200: MilestoneSerializer(many=True)})
    @extend_schema(methods=["POST"], summary="Add a milestone to the plan", request=MilestoneInput,
                   responses={201: MilestoneSerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def milestones(self, request, pk=None):
        group = self.get_object()
        if request.method == "GET":
            rows = Milestone.objects.filter(group=group).select_related("owner")
            return Response(MilestoneSerializer(rows, many=True).data)
        data = validated(MilestoneInput, request.data)
        milestone = services.milestone_create(
            actor=request.user, group_id=group.pk, kind=data["kind"], title=data["title"], due_on=data["due_on"],
            owner_id=data.get("owner"),
        )
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Mark a milestone done", request=MilestoneCompleteInput,
                   responses={200: MilestoneSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<milestone_id>\d+)/complete")
    def complete_milestone(self, request, pk=None, milestone_id=None):
        group = self.get_object()
        if not group.milestones.filter(pk=milestone_id).exists():
            raise NotFound()
        data = validated(MilestoneCompleteInput, request.data)
        milestone = services.milestone_complete(actor=request.user, milestone_id=milestone_id, done_on=data.get("done_on"))
        return Response(MilestoneSerializer(milestone).data)

    @extend_schema(methods=["GET"], summary="The group's activities with attendance and findings",
                   responses={200: ActivitySerializer(many=True)})
    @extend_schema(methods=["POST"], summary="Record an activity with attendance (and findings for a visit)",
                   request=ActivityInput, responses={201: ActivitySerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def activities(self, request, pk=None):
        group = self.get_object()
        if request.method == "GET":
            rows = ActivityFilter(request.query_params, queryset=selectors.activities_with_records().filter(group=group)).qs
            return Response(ActivitySerializer(rows, many=True).data)
        data = validated(ActivityInput, request.data)
        activity = services.activity_record(
            actor=request.user, group_id=group.pk, kind=data["kind"], title=data["title"], held_on=data["held_on"],
            ends_on=data.get("ends_on"), place=data["place"], content=data["content"],
            destination=data["destination"], hosts=data["hosts"], present_member_ids=data["present_members"],
            findings=data["findings"],
        )
        return Response(ActivitySerializer(selectors.activities_with_records().get(pk=activity.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add a finding to an external study visit", request=FindingInput,
                   responses={201: FindingSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path=r"activities/(?P<activity_id>\d+)/findings")
    def add_finding(self, request, pk=None, activity_id=None):
        group = self.get_object()
        if not group.activities.filter(pk=activity_id).exists():
            raise NotFound()
        data = validated(FindingInput, request.data)
        finding = services.activity_add_finding(
            actor=request.user, activity_id=activity_id, title=data["title"], description=data["description"]
        )
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List report versions"),
    retrieve=extend_schema(summary="A report version with its suggestions and their ratings"),
)
class ReportViewSet(ContractMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ResearchReader, MayTakeReportStep]
    filterset_class = ReportFilter
    ordering_fields = ["submitted_at", "version", "id"]
    queryset = selectors.reports_for(None)

    def get_queryset(self):
        queryset = selectors.reports_for(self.request.user).order_by("-group__topic__plan__year", "group_id", "-version")
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch("suggestions", queryset=ReportSuggestion.objects.select_related("finding"))
            )
        return queryset

    def filter_queryset(self, queryset):
        return queryset if self.detail else super().filter_queryset(queryset)

    def get_serializer_class(self):
        return ReportSerializer if self.action == "list" else ReportDetailSerializer

    def _detail(self, report_id, code=status.HTTP_200_OK):
        report = self.get_queryset().get(pk=report_id)
        return Response(ReportDetailSerializer(report, context=self.get_serializer_context()).data, status=code)

    def _check_scope(self):
        # 404 outside the scope, then 403 for a role that may not take the step, before any input is read.
        self.get_object()

    @extend_schema(summary="Draft the group's report (version 1)", request=ReportCreateInput,
                   responses={201: ReportDetailSerializer, **ERRORS})
    def create(self, request):
        data = validated(ReportCreateInput, request.data)
        report = services.report_create_draft(
            actor=request.user, group_id=data["group"], title=data["title"], body=data["body"],
            suggestions=data["suggestions"],
        )
        return self._detail(report.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="Edit a draft; `suggestions` replaces the itemised list", request=ReportUpdateInput,
                   responses={200: ReportDetailSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        self._check_scope()
        data = validated(ReportUpdateInput, request.data, partial=True)
        services.report_update(
            actor=request.user, report_id=pk, title=data.get("title"), body=data.get("body"),
            suggestions=data.get("suggestions"),
        )
        return self._detail(pk)

    @extend_schema(summary="Submit the draft for review", request=None, responses={200: ReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        self._check_scope()
        services.report_submit(actor=request.user, report_id=pk)
        return self._detail(pk)

    @extend_schema(summary="Withdraw a draft (kept, with its history); a new version may then be drafted",
                   request=WithdrawInput, responses={200: ReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        self._check_scope()
        data = validated(WithdrawInput, request.data)
        services.report_withdraw(actor=request.user, report_id=pk, reason=data["reason"])
        return self._detail(pk)

    @extend_schema(summary="Rate suggestions on 科学性、前瞻性、可行性 (1–5)", request=RateInput,
                   responses={200: ReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        self.get_object()  # 404, then 403 (MayTakeReportStep), before the ratings are read
        data = validated(RateInput, request.data)
        services.report_review(actor=request.user, report_id=pk, ratings=data["ratings"])
        return self._detail(pk)

    @extend_schema(summary="Approve the report (every suggestion rated)", request=ReviewInput,
                   responses={200: ReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        self._check_scope()
        data = validated(ReviewInput, request.data)
        services.report_approve(actor=request.user, report_id=pk, comments=data["comments"])
        return self._detail(pk)

    @extend_schema(summary="Return the report with comments; the next version starts as a draft",
                   request=ReturnInput, responses={200: ReportDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        self._check_scope()
        data = validated(ReturnInput, request.data)
        services.report_return(actor=request.user, report_id=pk, comments=data["comments"])
        return self._detail(pk)


router = SimpleRouter()
router.register("research-groups", ResearchGroupViewSet, basename="research-group")
router.register("reports", ReportViewSet, basename="report")
urlpatterns = router.urls
