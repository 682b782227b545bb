"""Pages of statistics: the overview with charts and tables, its .xlsx, the work report and global search."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from chengwu_cppcc.error_pages import bad_request
from chengwu_cppcc.errors import InvalidInput
from chengwu_cppcc.exports import Percent, Sheet, xlsx_response
from directory.roles import Role
from directory.selectors import active_departments
from directory.views import RoleRequiredMixin

from . import tables
from .documents import work_report_response
from .params import STATS_READERS, parse_department, parse_year
from .search import KINDS, MAX_QUERY_LENGTH, SECTION_LIMIT, search_everything
from .selectors import available_years, year_figures


def _chart_labels() -> dict:
    """Words the charts need that are not in the figures themselves."""
    return {
        "count": _("Number"),
        "on_time": _("Replied on time"),
        "late": _("Replied late"),
        "overdue_unreplied": _("Overdue, not replied"),
        "open": _("Not yet due"),
        "on_time_rate": _("On-time reply rate (%)"),
        "topics_adopted": _("Adopted topics"),
        "external_visits": _("External study visits"),
        "suggestions": _("Suggestions"),
    }


class StatsPageMixin(RoleRequiredMixin):
    """Reads ?year= and ?department= after the role check; a bad value answers 400."""

    allowed_roles = STATS_READERS

    def get(self, request, *args, **kwargs):
        try:
            self.year = parse_year(request.GET.get("year"))
            self.department_id = parse_department(request.GET.get("department"))
        except InvalidInput as exc:
            return bad_request(request, exc.message)
        return self.respond()

    def respond(self):
        raise NotImplementedError


class OverviewView(StatsPageMixin, TemplateView):
    template_name = "stats/overview.html"

    def respond(self):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = year_figures(self.year, self.department_id)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            data=data,
            chart_labels=_chart_labels(),
            sections=tables.figure_sections(data),
            ranking_headers=tables.ranking_headers(),
            ranking_rows=tables.ranking_rows(data["ranking"]),
            year_headers=tables.year_headers(),
            year_rows=tables.year_rows(data["by_year"]),
            years=available_years(),
            departments=list(active_departments()),
            selected_year=self.year,
            selected_department=self.department_id,
            querystring=query.urlencode(),
        )
        return context


def _cell(value):
    """The tables' "12.5%" / "—" as a percent cell, anything else as it is."""
    if isinstance(value, str) and value.endswith("%"):
        return Percent(float(value[:-1]))
    return None if value == "—" else value


class ExportXlsxView(StatsPageMixin, View):
    def respond(self):
        data = year_figures(self.year, self.department_id)
        title = _("Statistics %(year)s") % {"year": self.year}
        if data["department"]:
            title = f'{title} · {data["department"]["name"]}'
        figures = [
            [section["title"], label, _cell(value)] for section in tables.figure_sections(data)
            for label, value in section["rows"]
        ]
        ranking = [
            [_cell(value) for value in row[:7]] + [Percent(r["on_time_rate"])] + row[8:]
            for row, r in zip(tables.ranking_rows(data["ranking"]), data["ranking"], strict=True)
        ]
        return xlsx_response(
            _("Statistics %(year)s") % {"year": self.year}, title, [_("Section"), _("Figure"), _("Value")], figures,
            sheets=[
                Sheet(_("Departments by on-time reply rate"), tables.ranking_headers(), ranking),
                Sheet(_("Year by year"), tables.year_headers(), tables.year_rows(data["by_year"])),
            ],
        )


class WorkReportView(StatsPageMixin, View):
    allowed_roles = (Role.STAFF,)

    def respond(self):
        return work_report_response(self.year)


class SearchView(LoginRequiredMixin, TemplateView):
    template_name = "stats/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = (self.request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
        kind = self.request.GET.get("kind") or ""
        kind = kind if kind in KINDS else ""
        try:
            year = parse_year(self.request.GET.get("year")) if self.request.GET.get("year") else None
        except InvalidInput:
            year = None
        sections = search_everything(self.request.user, q, year=year, kind=kind or None)
        context.update(
            q=q, kind=kind, year=year, sections=sections, limit=SECTION_LIMIT,
            kinds=[(key, title) for key, (title, _finder) in KINDS.items()],
            years=available_years(),
            total=sum(section["count"] for section in sections),
        )
        return context
