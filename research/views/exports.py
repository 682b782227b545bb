"""The research lists as .xlsx, with the filters the user applied and the same scope as the pages."""
from django.utils.translation import gettext as _
from django.views import View

from chengwu_cppcc.exports import cell_date as _day
from chengwu_cppcc.exports import cell_moment, xlsx_response

from .. import selectors
from ..filters import GroupFilter, VisitFilter
from .common import ResearchReaderMixin


class GroupExportView(ResearchReaderMixin, View):
    def get(self, request):
        queryset = selectors.groups_for(request.user).order_by("-topic__plan__year", "topic_id")
        filterset = GroupFilter(request.GET, queryset=queryset, request=request)
        headers = [
            _("Year"), _("Topic"), _("Group leader"), _("Status"), _("Formed on"), _("Members"), _("Activities"),
            _("External visits"), _("Overdue milestones"), _("Report versions"),
        ]
        rows = (
            [
                g.topic.plan.year, g.topic.title, g.leader.display_name, g.get_status_display(), _day(g.formed_on),
                g.member_count, g.activity_count, g.visit_count, g.overdue_count, g.report_count,
            ]
            for g in filterset.qs
        )
        return xlsx_response(_("Research group list"), _("Research groups"), headers, rows)


class VisitExportView(ResearchReaderMixin, View):
    def get(self, request):
        filterset = VisitFilter(request.GET, queryset=selectors.external_visits_for(request.user))
        headers = [
            _("Date"), _("End date"), _("Destination"), _("Visit"), _("Research group"), _("Group leader"), _("Hosts"),
            _("Findings"), _("Present"), _("Attendance records"),
        ]
        rows = (
            [
                _day(v.held_on), _day(v.ends_on), v.destination, v.title, v.group.topic.title,
                v.group.leader.display_name, v.hosts, "；".join(f.title for f in v.findings.all()),
                v.present_count, v.attendance_count,
            ]
            for v in filterset.qs
        )
        return xlsx_response(_("External study visit list"), _("External study visits"), headers, rows)


class ReviewQueueExportView(ResearchReaderMixin, View):
    def get(self, request):
        headers = [_("Topic"), _("Report"), _("Version"), _("Group leader"), _("Suggestions"), _("Submitted at")]
        rows = (
            [
                r.group.topic.title, r.title, r.version, r.group.leader.display_name, r.suggestion_count,
                cell_moment(r.submitted_at),
            ]
            for r in selectors.review_queue(request.user)
        )
        return xlsx_response(_("Report review queue"), _("Reports waiting for review"), headers, rows)
