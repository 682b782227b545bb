"""The proposal list as .xlsx (the list's filters and scope), one proposal as a printable page, and the year's
figures for the committee's readers."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chengwu_cppcc.error_pages import bad_request
from chengwu_cppcc.errors import InvalidInput
from chengwu_cppcc.exports import cell_moment, xlsx_response
from outcomes.models import Evaluation, ResultClass
from stats.params import parse_year

from .documents import annual_report_docx
from .figures import year_figures
from .filters import ProposalFilter
from .models import CoSigner, CoSignerStatus
from .selectors import handling_of, listed_proposals, may_read_figures, proposals_for
from .views import _reader_or_403


def _confirmed():
    return Prefetch("cosigners", to_attr="confirmed_cosigners", queryset=CoSigner.objects.filter(
        status=CoSignerStatus.CONFIRMED).select_related("member").order_by("id"))


def _names(cosigners) -> str:
    return "、".join(c.member.name for c in cosigners)


@login_required
@require_safe
def proposal_export(request):
    """Exactly the list page's rows (same filter, same scope, same order), every page of them."""
    _reader_or_403(request)
    filterset = ProposalFilter(request.GET, queryset=listed_proposals(request.user))
    headers = [
        _("Proposal number"), _("Subject"), _("Proposer"), _("Co-signers"), _("Kind"), _("Session"), _("Category"),
        _("Status"), _("Submitted at"), _("Suggested handling departments"), _("Key proposal"),
        _("Supervising leader"),
    ]
    rows = (
        [
            p.number_label, p.title,
            f"{p.proposer.name}（{p.collective_body}）" if p.collective_body else p.proposer.name,
            _names(p.confirmed_cosigners), p.get_kind_display(), p.get_session_display(), p.get_category_display(),
            p.get_status_display(), cell_moment(p.submitted_at),
            "、".join(d.name for d in p.suggested_departments.all()), _("Yes") if p.is_key else "",
            p.key_leader.display_name if p.key_leader else "",
        ]
        for p in filterset.qs.prefetch_related(_confirmed(), "suggested_departments")
    )
    return xlsx_response(_("Proposal list"), _("Proposals"), headers, rows)


@login_required
@require_safe
def proposal_print(request, pk):
    """One proposal in the official layout (A4, 仿宋 body), for printing; the detail page's scope."""
    _reader_or_403(request)
    queryset = proposals_for(request.user).select_related("merged_into", "proposer__sector").prefetch_related(
        _confirmed(), "suggested_departments")
    proposal = get_object_or_404(queryset, pk=pk)
    return render(request, "proposals/proposal_print.html", {
        "proposal": proposal, "cosigners": proposal.confirmed_cosigners,
        "departments": list(proposal.suggested_departments.all()),
        "merged_into": proposal.merged_into if proposal.merged_into_id else None,
        "reply": _printed_reply(request.user, proposal),
    })


def _printed_reply(user, proposal):
    """The latest approved lead reply the reader may read (handling_of's rule), or None."""
    from outcomes.models import AssignmentRole

    if not proposal.matter_id:
        return None
    replies = [r for r, _steps in handling_of(user, proposal).get("replies", [])
               if r.assignment.role == AssignmentRole.LEAD]
    return replies[0] if replies else None


def _year_or_400(request):
    try:
        return parse_year(request.GET.get("year")), None
    except InvalidInput as exc:
        return None, bad_request(request, exc.message)


@login_required
@require_safe
def proposal_figures_report(request):
    """The year's 提案工作情况报告 as an official .docx (the figures page's readers)."""
    if not may_read_figures(request.user):
        raise PermissionDenied
    year, error = _year_or_400(request)
    if error is not None:
        return error
    return annual_report_docx(year).response(f"{year}年度提案工作情况报告.docx")


@login_required
@require_safe
def proposal_figures(request):
    if not may_read_figures(request.user):
        raise PermissionDenied
    year, error = _year_or_400(request)
    if error is not None:
        return error
    data = year_figures(year)
    sections = [
        {"id": "category", "title": _("Accepted proposals by category"), "header": _("Category"),
         "rows": data["by_category"]},
        {"id": "kind", "title": _("By kind"), "header": _("Kind"), "rows": data["by_kind"]},
        {"id": "session", "title": _("By session"), "header": _("Session"), "rows": data["by_session"]},
        {"id": "sector", "title": _("By the proposer's sector"), "header": _("Sector"), "rows": data["by_sector"]},
        {"id": "department", "title": _("By suggested handling department"), "header": _("Department"),
         "rows": data["by_department"]},
    ]
    class_rows = [{"key": value, "label": str(label), "count": data["classes"][value],
                   "share": data["class_shares"][value]} for value, label in ResultClass.choices]
    satisfaction_rows = [{"key": value, "label": str(label), "count": data["evaluations"][value],
                          "share": data["satisfaction"][value]} for value, label in Evaluation.choices]
    return render(request, "proposals/proposal_figures.html",
                  {"data": data, "sections": sections, "selected_year": year, "class_rows": class_rows,
                   "satisfaction_rows": satisfaction_rows})
