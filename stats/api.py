"""API of statistics: GET /api/stats/?year=YYYY[&department=ID]."""
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from chengwu_cppcc.api import RolePermission, refuse_unknown_parameters

from .params import STATS_READERS, parse_department, parse_year
from .selectors import EARLIEST_YEAR, LATEST_YEAR, year_figures
from .serializers import YearFiguresSerializer


class CanReadStats(RolePermission):
    """Committee staff, vice-chairs, government leaders and the supervision office read the statistics."""

    roles = STATS_READERS


class StatsView(APIView):
    """The year's figures: topics, research, suggestions, assignments, satisfaction, implementation, supervision."""

    permission_classes = [CanReadStats]

    @extend_schema(
        operation_id="stats_retrieve",
        parameters=[
            OpenApiParameter("year", {"type": "integer", "minimum": EARLIEST_YEAR, "maximum": LATEST_YEAR},
                             description="Plan year; the current year when absent."),
            OpenApiParameter("department", OpenApiTypes.INT, description="Only this department's matters."),
        ],
        responses={200: YearFiguresSerializer},
    )
    def get(self, request):
        refuse_unknown_parameters(request, ("year", "department"))
        year = parse_year(request.query_params.get("year"))
        department_id = parse_department(request.query_params.get("department"))
        return Response(YearFiguresSerializer(year_figures(year, department_id)).data)


urlpatterns = [path("stats/", StatsView.as_view(), name="stats")]
