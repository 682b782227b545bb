"""API of members' own work: /api/public-opinions/ (社情民意信息, with its steps) and /api/member-records/."""
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengwu_cppcc.api import (
    AvailableStepsField,
    ChoiceLabelField,
    ContractMixin,
    StandardPagination,
    StepInput,
    deprecated,
    refuse_unknown_parameters,
    step_example,
    validated,
)
from chengwu_cppcc.errors import InvalidInput
from chengwu_cppcc.workflow import step_permission
from directory.roles import Role, has_role

from . import services
from .filters import PublicOpinionFilter
from .models import AdoptionLevel, OpinionCategory, PublicOpinion, PublicOpinionStatus
from .records import record_for, records_for_year
from .selectors import public_opinions_for
from .steps import PUBLIC_OPINION_STEPS, member_of


class InstructionSerializer(serializers.Serializer):
    leader = serializers.CharField()
    date = serializers.DateField(source="instructed_on")
    text = serializers.CharField()


class PublicOpinionSerializer(serializers.ModelSerializer):
    status_label = ChoiceLabelField("status", PublicOpinionStatus.choices)
    category_label = ChoiceLabelField("category", OpinionCategory.choices)
    # Blank until adopted: declared, since a read-only model field loses its allow_blank (and the schema its "").
    adopted_level = serializers.ChoiceField(choices=AdoptionLevel.choices, allow_blank=True, read_only=True)
    adopted_level_label = ChoiceLabelField("adopted_level", AdoptionLevel.choices)
    author_name = serializers.CharField(source="author.name", read_only=True)
    instructions = InstructionSerializer(many=True, read_only=True)
    has_attachment = serializers.SerializerMethodField()
    available_steps = AvailableStepsField(PUBLIC_OPINION_STEPS)

    class Meta:
        model = PublicOpinion
        fields = [
            "id", "author", "author_name", "title", "content", "category", "category_label", "status",
            "status_label", "submitted_at", "review_comment", "rejection_reason", "adopted_level",
            "adopted_level_label", "adopted_on", "topic", "instructions", "has_attachment", "created_at",
            "available_steps",
        ]
        read_only_fields = fields

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment)


class PublicOpinionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    content = serializers.CharField()
    category = serializers.ChoiceField(choices=OpinionCategory.choices)
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


@step_example('Return for revision', {"reason": "请补充具体地点和群众反映情况。"})
class ReturnOpinionSerializer(StepInput):
    """A return: what to revise, in `reason` (it was `comment`)."""

    renamed = {"comment": "reason"}
    reason = serializers.CharField(max_length=2000, source="comment")
    comment = deprecated(serializers.CharField(max_length=2000), "reason")


@step_example('Not used', {"reason": "所反映问题已解决。"})
class PublicOpinionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


@step_example('Adopted by the county', {"level": "county", "date": "2026-07-02"})
class AdoptSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=AdoptionLevel.choices)
    date = serializers.DateField()


@step_example("A leader's instruction", {"leader": "县长 张建国", "date": "2026-07-05", "text": "请县交通运输局研究办理。"})
class InstructSerializer(serializers.Serializer):
    leader = serializers.CharField(max_length=100)
    date = serializers.DateField()
    text = serializers.CharField()


class MayReadPublicOpinions(permissions.BasePermission):
    """Members (their own) and staff (all); a role that may not take a step is refused before its input is read."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if view.action == "create":
            return member_of(user) is not None
        return view.detail or member_of(user) is not None or has_role(user, Role.STAFF)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        step = {"partial_update": "edit", "return_": "return"}.get(view.action, view.action)
        return step in PUBLIC_OPINION_STEPS.steps and step_permission(self, PUBLIC_OPINION_STEPS[step], request.user, obj)


class PublicOpinionViewSet(ContractMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """社情民意信息: members list only their own, staff all; steps submit, return, reject, adopt, instruct."""

    serializer_class = PublicOpinionSerializer
    permission_classes = [MayReadPublicOpinions]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = PublicOpinionFilter
    ordering_fields = ["created_at", "id"]

    def get_queryset(self):
        return public_opinions_for(self.request.user).prefetch_related("instructions").order_by("-created_at", "-id")

    def _respond(self, report, code=status.HTTP_200_OK):
        report = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(report).data, status=code)

    @extend_schema(request=PublicOpinionCreateSerializer, responses={201: PublicOpinionSerializer})
    def create(self, request):
        data = validated(PublicOpinionCreateSerializer, request.data)
        report = services.public_opinion_create(actor=request.user, **data)
        return self._respond(report, status.HTTP_201_CREATED)

    @extend_schema(request=PublicOpinionCreateSerializer, responses={200: PublicOpinionSerializer})
    def partial_update(self, request, pk=None):
        report = self.get_object()
        serializer = PublicOpinionCreateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {"title": report.title, "content": report.content, "category": report.category,
                **serializer.validated_data}
        return self._respond(services.public_opinion_update(actor=request.user, opinion_id=report.pk, **data))

    @extend_schema(request=None, responses={200: PublicOpinionSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        return self._respond(services.public_opinion_submit(actor=request.user, opinion_id=report.pk))

    @extend_schema(request=ReturnOpinionSerializer, responses={200: PublicOpinionSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return for revision, with what to revise (`reason`)."""
        report = self.get_object()
        data = validated(ReturnOpinionSerializer, request.data)
        return self._respond(services.public_opinion_return(actor=request.user, opinion_id=report.pk, **data))

    @extend_schema(request=PublicOpinionReasonSerializer, responses={200: PublicOpinionSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        report = self.get_object()
        data = validated(PublicOpinionReasonSerializer, request.data)
        return self._respond(services.public_opinion_reject(actor=request.user, opinion_id=report.pk, **data))

    @extend_schema(request=AdoptSerializer, responses={200: PublicOpinionSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        report = self.get_object()
        data = validated(AdoptSerializer, request.data)
        return self._respond(services.public_opinion_adopt(actor=request.user, opinion_id=report.pk, **data))

    @extend_schema(request=InstructSerializer, responses={201: PublicOpinionSerializer})
    @action(detail=True, methods=["post"])
    def instruct(self, request, pk=None):
        """Record a leader's instruction (领导批示): who, when, the text."""
        report = self.get_object()
        data = validated(InstructSerializer, request.data)
        services.public_opinion_instruct(actor=request.user, opinion_id=report.pk, **data)
        return self._respond(report, status.HTTP_201_CREATED)

    def get_view_name(self):
        return "Public opinions"


class EntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    points = serializers.IntegerField()
    capped = serializers.BooleanField()
    object_type = serializers.CharField()
    object_id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField()


class MemberRecordSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    member_name = serializers.CharField(source="member.name")
    year = serializers.IntegerField()
    points = serializers.IntegerField()
    rank = serializers.IntegerField()
    below_pass_line = serializers.BooleanField()
    entries = EntrySerializer(many=True)


class MayReadRecords(permissions.BasePermission):
    """A member reads their own record; staff read every member's."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (member_of(user) is not None or has_role(user, Role.STAFF)))


class MemberRecordViewSet(viewsets.GenericViewSet):
    """履职档案: a member's yearly record derived from the events by the points table (`?year=YYYY`)."""

    permission_classes = [MayReadRecords]
    serializer_class = MemberRecordSerializer
    pagination_class = StandardPagination
    filter_backends = []

    @extend_schema(parameters=[OpenApiParameter("year", {"type": "integer", "minimum": 2000, "maximum": 2100},
                                                description="The year (default: this year)")])
    def list(self, request):
        refuse_unknown_parameters(request, ("year", "page", "page_size"))
        value = request.query_params.get("year") or str(timezone.localdate().year)
        if not value.isdigit() or not 2000 <= int(value) <= 2100:
            raise InvalidInput(field_errors={"year": [_("Enter a year, e.g. 2026.")]})
        year = int(value)
        member = member_of(request.user)
        if has_role(request.user, Role.STAFF):
            records = records_for_year(year)
        elif member is not None:
            records = [record_for(member, year)]
        else:
            records = []
        page = self.paginate_queryset(records)  # ranked in Python over the year's events: a list, paged
        return self.get_paginated_response(MemberRecordSerializer(page, many=True).data)


router = SimpleRouter()
router.register("public-opinions", PublicOpinionViewSet, basename="public-opinion")
router.register("member-records", MemberRecordViewSet, basename="member-record")
urlpatterns = router.urls
