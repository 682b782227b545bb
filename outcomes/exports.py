"""The outcome-conversion lists as .xlsx, with the filters the user applied and the same scope as the pages."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chengwu_cppcc.exports import cell_date as _day
from chengwu_cppcc.exports import cell_moment as _moment
from chengwu_cppcc.exports import xlsx_response
from directory.views import RoleRequiredMixin

from . import selectors
from .filters import AssignmentFilter, CaseFilter, OutcomeFilter
from .views import ApprovalQueueView, AssignmentListView, EvaluationQueueView, OutcomeListView, SupervisionBoardView


def _yes(value) -> str:
    return _("Yes") if value else ""


class OutcomeExportView(RoleRequiredMixin, View):
    allowed_roles = OutcomeListView.allowed_roles

    def get(self, request):
        filterset = OutcomeFilter(request.GET, queryset=selectors.outcome_list(request.user))
        headers = [
            _("Year"), _("Title"), _("Topic"), _("Kind"), _("Consultation type"), _("Document number"), _("Status"),
            _("Suggestions"), _("Assignments"), _("Submitted on"), _("Forwarded on"), _("Closed on"),
            _("Issued numbers"),
        ]
        rows = (
            [
                o.topic.plan.year, o.title, o.topic.title, o.get_kind_display(), str(o.get_consultation_type_display()),
                o.document_number, o.get_status_display(), o.suggestion_count, o.assignment_count,
                _day(o.submitted_on), _day(o.forwarded_on), _day(o.closed_on),
                "；".join(n.label for n in o.issued_numbers.all()),
            ]
            for o in filterset.qs.select_related("topic__plan").prefetch_related("issued_numbers")
        )
        return xlsx_response(_("Outcome document list"), _("Outcome documents"), headers, rows)


class AssignmentExportView(RoleRequiredMixin, View):
    allowed_roles = AssignmentListView.allowed_roles

    def get(self, request):
        filterset = AssignmentFilter(request.GET, queryset=selectors.assignment_list(request.user))
        headers = [
            _("Outcome document"), _("Kind"), _("Department"), _("Role"), _("Status"), _("Forwarded on"),
            _("Working days allowed"), _("Due on"), _("Overdue"), _("Very overdue"),
            _("Communication before handling"), _("Contact during handling"), _("Consultation before replying"),
            _("Closed on"),
        ]
        rows = (
            [
                a.matter.title, a.matter.get_policy_kind_display(), a.department.name, a.get_role_display(),
                a.get_status_display(), _day(a.forwarded_on), a.working_days, _day(a.due_on), _yes(a.is_overdue),
                _yes(a.is_very_overdue), _yes(a.has_before_handling), _yes(a.has_during_handling),
                _yes(a.has_before_reply), _day(a.closed_on),
            ]
            for a in filterset.qs
        )
        return xlsx_response(_("Assignment list"), _("Assignments"), headers, rows)


class ApprovalQueueExportView(RoleRequiredMixin, View):
    """A queue of replies as .xlsx; the evaluation queue differs in its selector, moment and names."""

    allowed_roles = ApprovalQueueView.allowed_roles
    queue = staticmethod(selectors.approval_queue)
    moment_header, moment_field = gettext_lazy("Submitted at"), "submitted_at"
    filename, sheet_title = gettext_lazy("Approval queue"), gettext_lazy("Replies awaiting approval")

    def get(self, request):
        headers = [
            _("Outcome document"), _("Department"), _("Consultation type"), _("Reply version"), _("Document number"),
            _("Approved by"), str(self.moment_header),
        ]
        rows = (
            [
                r.assignment.matter.title, r.assignment.department.name,
                str(r.assignment.outcome.get_consultation_type_display() if r.assignment.outcome_id
                    else r.assignment.matter.get_policy_kind_display()), r.version, r.document_number,
                r.get_approval_level_display(), _moment(getattr(r, self.moment_field)),
            ]
            for r in self.queue(request.user)
        )
        return xlsx_response(str(self.filename), str(self.sheet_title), headers, rows)


class EvaluationQueueExportView(ApprovalQueueExportView):
    allowed_roles = EvaluationQueueView.allowed_roles
    queue = staticmethod(selectors.evaluation_queue)
    moment_header, moment_field = gettext_lazy("Approved at"), "approved_at"
    filename, sheet_title = gettext_lazy("Evaluation queue"), gettext_lazy("Approved replies to evaluate")


class CaseExportView(RoleRequiredMixin, View):
    allowed_roles = SupervisionBoardView.allowed_roles

    def get(self, request):
        filterset = CaseFilter(request.GET, queryset=selectors.case_list(request.user))
        headers = [
            _("Matter"), _("Outcome document"), _("Suggestion"), _("Committee's responsible office"),
            _("Committee staff in charge"), _("Supervision office officer"), _("supervising leader"), _("belongs to"),
            _("Status"), _("Opened on"), _("Events"), _("Closed on"), _("Result"),
        ]
        rows = (
            [
                c.title, c.outcome.title if c.outcome else "", str(c.suggestion) if c.suggestion else "",
                c.committee_office,
                c.committee_owner.display_name, c.supervision_owner.display_name if c.supervision_owner else "",
                c.leader.display_name if c.leader else "", c.matter.get_owner_kind_display(), c.get_status_display(), _day(c.opened_on), c.event_count, _day(c.closed_on), c.result,
            ]
            for c in filterset.qs
        )
        return xlsx_response(_("Supervision case list"), _("Supervision cases"), headers, rows)
