"""API of the working-day calendar: due-date calculation with its explanation."""
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from chengwu_cppcc.api import refuse_unknown_parameters
from chengwu_cppcc.errors import InvalidInput
from chengwu_cppcc.validation import plausible_date

from .services import MAX_WORKING_DAYS, due_date


class DueDateQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("The forwarding day (YYYY-MM-DD); it is not counted."),
                                  validators=[plausible_date])
    working_days = serializers.IntegerField(
        min_value=0, max_value=MAX_WORKING_DAYS, help_text=_("How many working days after the start.")
    )


class DueDateSerializer(serializers.Serializer):
    start = serializers.DateField()
    working_days = serializers.IntegerField()
    due_on = serializers.DateField()
    provisional = serializers.BooleanField(
        help_text=_("True if a year in the span is not yet in the official holiday calendar.")
    )
    skipped = serializers.ListField(child=serializers.DateField(), help_text=_("Weekend days and holidays skipped."))
    worked_weekend_days = serializers.ListField(
        child=serializers.DateField(), help_text=_("Saturdays and Sundays counted as adjusted working days.")
    )
    explanation = serializers.CharField()


class DueDateView(APIView):
    """Any signed-in user may compute a due date."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="calendar_due_date",
        summary="Due date after N working days",
        parameters=[DueDateQuerySerializer],
        responses={200: DueDateSerializer, 400: OpenApiResponse(description="Invalid or missing parameter.")},
        tags=["calendar"],
    )
    def get(self, request):
        refuse_unknown_parameters(request, DueDateQuerySerializer().fields)
        query = DueDateQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise InvalidInput(field_errors=query.errors)
        result = due_date(start=query.validated_data["start"], working_days=query.validated_data["working_days"])
        return Response(DueDateSerializer(result).data)


urlpatterns = [
    path("calendar/due-date/", DueDateView.as_view(), name="calendar-due-date"),
]
