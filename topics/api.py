"""API of topic selection: /api/plans/ and /api/topics/ with their workflow actions."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chengwu_cppcc.api import ContractMixin, invalid_parameter, refuse_unknown_parameters, validated
from chengwu_cppcc.errors import NotFound
from chengwu_cppcc.workflow import step_permission
from directory.roles import Role, has_role

from . import services
from .filters import TopicFilter
from .models import Plan, Topic
from .selectors import TOPIC_READER_ROLES, plans_for, similar_topics, topics_for
from .serializers import (
    FeedbackSerializer,
    MeetingSerializer,
    MergeSerializer,
    PlanAdoptSerializer,
    PlanAmendSerializer,
    PlanCreateSerializer,
    PlanSerializer,
    RejectSerializer,
    SimilarTopicSerializer,
    TopicCreateSerializer,
    TopicDetailSerializer,
    TopicOpinionSerializer,
    TopicSerializer,
    TopicUpdateSerializer,
    WithdrawSerializer,
)
from .steps import PLAN_STEPS, TOPIC_STEPS


class CanReadTopicStage(permissions.BasePermission):
    """Lists need a role that reads topic selection; single objects are scoped (404 outside it)."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if view.detail:
            return True
        return has_role(request.user, *TOPIC_READER_ROLES)


STAFF_ACTIONS = {"create", "partial_update"}


class MayTakeTopicStep(permissions.BasePermission):
    """Refuse a role that may not take the step (403) before its input is even read (else 400 would leak first);
    the step table (topics/steps.py) says who may take which step."""

    def has_permission(self, request, view):
        if view.action in STAFF_ACTIONS and not view.detail:
            return has_role(request.user, Role.STAFF)
        return True  # on one object the scope answers first (404), then has_object_permission (403)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        table = PLAN_STEPS if isinstance(obj, Plan) else TOPIC_STEPS
        step = "edit" if view.action == "partial_update" and isinstance(obj, Topic) else view.action
        if step in table.steps:
            return step_permission(self, table[step], request.user, obj)
        return has_role(request.user, Role.STAFF)


class PlanViewSet(ContractMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Annual consultation plans with their quota counts."""

    serializer_class = PlanSerializer
    permission_classes = [CanReadTopicStage, MayTakeTopicStep]
    filterset_fields = ["year", "status"]
    ordering_fields = ["year"]

    def get_queryset(self):
        return plans_for(self.request.user).order_by("-year")

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request):
        plan = services.plan_create(actor=request.user, **validated(PlanCreateSerializer, request.data))
        return Response(self._plan(plan), status=status.HTTP_201_CREATED)

    def _plan(self, plan):
        return PlanSerializer(self.get_queryset().get(pk=plan.pk), context=self.get_serializer_context()).data

    @extend_schema(request=PlanAmendSerializer, responses={200: PlanSerializer})
    def partial_update(self, request, pk=None):
        """Edit a draft plan; an adopted plan needs `reason` (recorded as an amendment)."""
        plan = self.get_object()
        data = dict(validated(PlanAmendSerializer, request.data))
        services.plan_update(actor=request.user, plan_id=plan.pk, reason=data.pop("reason", ""), **data)
        return Response(self._plan(plan))

    @extend_schema(request=PlanAdoptSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        plan = self.get_object()
        data = validated(PlanAdoptSerializer, request.data)
        services.plan_adopt(actor=request.user, plan_id=plan.pk, adopted_on=data["meeting_date"])
        return Response(self._plan(plan))


class TopicViewSet(ContractMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Topics from candidate to the standing committee's decision."""

    permission_classes = [CanReadTopicStage, MayTakeTopicStep]
    filterset_class = TopicFilter
    ordering_fields = ["id", "created_at", "title"]

    def get_queryset(self):
        queryset = topics_for(self.request.user).order_by("-plan__year", "id")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("opinions__member_group")
        return queryset

    def get_serializer_class(self):
        return TopicDetailSerializer if self.action == "retrieve" else TopicSerializer

    def _respond(self, topic, code=status.HTTP_200_OK):
        topic = self.get_queryset().prefetch_related("opinions__member_group").get(pk=topic.pk)
        return Response(TopicDetailSerializer(topic, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=TopicCreateSerializer, responses={201: TopicDetailSerializer, 200: TopicDetailSerializer})
    def create(self, request):
        data = dict(validated(TopicCreateSerializer, request.data))
        plan = data.pop("plan")
        topic = services.topic_create(actor=request.user, plan_id=plan.pk, **data)
        return self._respond(topic, status.HTTP_200_OK if getattr(topic, "repeated", False) else status.HTTP_201_CREATED)

    @extend_schema(request=TopicUpdateSerializer, responses={200: TopicDetailSerializer})
    def partial_update(self, request, pk=None):
        topic = self.get_object()
        serializer = TopicUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._respond(services.topic_update(actor=request.user, topic_id=topic.pk, **serializer.validated_data))

    @extend_schema(request=FeedbackSerializer, responses={201: TopicOpinionSerializer})
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """Record a member activity group's opinion (staff or the vice-chair in charge)."""
        topic = self.get_object()
        data = validated(FeedbackSerializer, request.data)
        opinion = services.topic_record_opinion(
            actor=request.user, topic_id=topic.pk, member_group_id=data["member_group"].pk, stance=data["stance"],
            comment=data["comment"], held_on=data["held_on"], member_id=data["member"].pk if data["member"] else None,
        )
        return Response(TopicOpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingSerializer, responses={200: TopicDetailSerializer})
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        """The chair meeting's recommendation."""
        topic = self.get_object()
        return self._respond(services.topic_shortlist(actor=request.user, topic_id=topic.pk, **validated(MeetingSerializer, request.data)))

    @extend_schema(request=MeetingSerializer, responses={200: TopicDetailSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """The standing committee's decision, within the track's quota."""
        topic = self.get_object()
        data = validated(MeetingSerializer, request.data)
        return self._respond(services.topic_adopt(actor=request.user, topic_id=topic.pk, meeting_date=data["meeting_date"]))

    @extend_schema(request=RejectSerializer, responses={200: TopicDetailSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        topic = self.get_object()
        return self._respond(services.topic_reject(actor=request.user, topic_id=topic.pk, **validated(RejectSerializer, request.data)))

    @extend_schema(request=MergeSerializer, responses={200: TopicDetailSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge the candidate `other` into this topic."""
        topic = self.get_object()
        data = validated(MergeSerializer, request.data)
        if not self.get_queryset().filter(pk=data["other"]).exists():
            raise NotFound(_("The other candidate was not found."))
        return self._respond(
            services.topic_merge(actor=request.user, topic_id=topic.pk, other_id=data["other"], note=data["note"])
        )

    @extend_schema(request=WithdrawSerializer, responses={200: TopicDetailSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a candidate no meeting has decided on; it is kept with its history."""
        topic = self.get_object()
        data = validated(WithdrawSerializer, request.data)
        return self._respond(services.topic_withdraw(actor=request.user, topic_id=topic.pk, reason=data["reason"]))

    @extend_schema(
        parameters=[OpenApiParameter("title", str, required=True), OpenApiParameter("exclude", {"type": "integer", "format": "int64", "minimum": 0})],
        responses={200: SimilarTopicSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])  # a plain list, as documented
    def similar(self, request):
        """Earlier topics and candidates whose titles look like `title` (character bigram similarity)."""
        refuse_unknown_parameters(request, ("title", "exclude"))
        exclude = request.query_params.get("exclude") or None
        if exclude is not None and not exclude.isdigit():
            raise invalid_parameter("exclude", _("Enter a whole number."))
        rows = similar_topics(request.query_params.get("title", ""), exclude_id=int(exclude) if exclude else None)
        return Response(SimilarTopicSerializer(rows, many=True).data)


router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("topics", TopicViewSet, basename="topic")
urlpatterns = router.urls
