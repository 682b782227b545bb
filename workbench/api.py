"""GET /api/todos/: what the user must act on now; GET /api/todos/done/: the steps they took (from history)."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from chengwu_cppcc.api import ContractMixin, StandardPagination, invalid_parameter, refuse_unknown_parameters

from .todos import OBJECT_TYPES, done_for, done_rows, todos_for


class TodoSerializer(serializers.Serializer):
    step = serializers.CharField(help_text="The step's machine name, the same as the API action to take.")
    step_label = serializers.CharField()
    object_type = serializers.ChoiceField(choices=OBJECT_TYPES)
    object_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The page where the step is taken.")
    api_url = serializers.CharField(help_text="The object's API detail; the step is a POST to {api_url}{step}/.")
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    context = serializers.CharField()


class DoneSerializer(serializers.Serializer):
    action = serializers.CharField(source="entry.action")
    action_label = serializers.CharField(source="action")
    object_type = serializers.CharField(source="entry.content_type.model")
    object_id = serializers.IntegerField(source="entry.object_id")
    title = serializers.CharField()
    url = serializers.CharField()
    from_state = serializers.CharField(source="entry.from_state")
    to_state = serializers.CharField(source="entry.to_state")
    note = serializers.CharField()
    at = serializers.DateTimeField()


class TodoViewSet(ContractMixin, viewsets.GenericViewSet):
    """我的待办: derived from the stages' step tables and the user's scope, never stored."""

    serializer_class = TodoSerializer
    pagination_class = StandardPagination
    filter_backends = []

    @extend_schema(
        parameters=[OpenApiParameter("object_type", str, enum=OBJECT_TYPES)],
        responses=TodoSerializer(many=True),
    )
    def list(self, request):
        refuse_unknown_parameters(request, ("object_type", "page", "page_size"))
        kind = request.query_params.get("object_type") or None
        if kind is not None and kind not in OBJECT_TYPES:
            raise invalid_parameter("object_type", _("object_type must be one of: %(types)s.")
                                    % {"types": ", ".join(OBJECT_TYPES)})
        page = self.paginate_queryset(todos_for(request.user, object_type=kind))
        return self.get_paginated_response(TodoSerializer(page, many=True).data)

    @extend_schema(responses=DoneSerializer(many=True))
    @action(detail=False, methods=["get"])
    def done(self, request):
        """已办: the steps this user took, newest first."""
        refuse_unknown_parameters(request, ("page", "page_size"))
        page = self.paginate_queryset(done_for(request.user))
        return self.get_paginated_response(DoneSerializer(done_rows(page), many=True).data)


router = SimpleRouter()
router.register("todos", TodoViewSet, basename="todo")
urlpatterns = router.urls
