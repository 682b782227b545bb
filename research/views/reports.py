"""Pages of research reports: drafting, the version page, review with ratings, the diff and the review queue."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from chengwu_cppcc.errors import ServiceError
from chengwu_cppcc.pages import querystring_without_page, run_step, show_refusal

from .. import selectors, services
from ..diff import report_diff
from ..forms import ReportForm, ReviewForm, SuggestionFormSet, suggestions_from
from ..models import ReportStatus, ReportSuggestion
from .common import ResearchReaderMixin, editable_group, scoped_or_404


def _report(request, pk, *, may=None):
    """A report in the user's scope (404 outside); with `may` (is_editor, is_reviewer), 403 unless it allows."""
    queryset = selectors.reports_for(request.user).prefetch_related(
        Prefetch("suggestions", queryset=ReportSuggestion.objects.select_related("finding", "finding__activity"))
    )
    report = scoped_or_404(queryset, pk)
    if may is not None and not may(request.user, report.group):
        raise PermissionDenied
    return report


class ReviewQueueView(ResearchReaderMixin, View):
    """Submitted reports waiting for review: the vice-chair's own, or every one for other readers."""

    def get(self, request):
        page = Paginator(selectors.review_queue(request.user), 50).get_page(request.GET.get("page"))
        return render(request, "research/review_queue.html", {
            "page_obj": page,
            "reports": page.object_list,
            "querystring_without_page": querystring_without_page(request),
        })


class ReportDetailView(ResearchReaderMixin, View):
    def get(self, request, pk):
        report = _report(request, pk)
        versions = list(
            selectors.reports_for(request.user).filter(group_id=report.group_id).order_by("-version")
        )
        return render(request, "research/report_detail.html", {
            "report": report,
            "group": report.group,
            "versions": versions,
            "steps": selectors.report_steps(request.user, report),
        })


class _DraftFormMixin:
    template_name = "research/report_form.html"

    def _render(self, request, group, form, formset, report=None, status=200):
        return render(request, self.template_name, {
            "group": group, "form": form, "formset": formset, "report": report,
        }, status=status)

    def _forms(self, group, data=None, initial=None, suggestions=None):
        findings = list(selectors.group_findings(group))
        form = ReportForm(data, initial=initial)
        formset = SuggestionFormSet(data, initial=suggestions, prefix="s", form_kwargs={"findings": findings})
        return form, formset


class ReportCreateView(ResearchReaderMixin, _DraftFormMixin, View):
    def _group(self, request, pk):
        return editable_group(request, pk)

    def get(self, request, pk):
        group = self._group(request, pk)
        form, formset = self._forms(group, initial={"title": _("Research report on “%(topic)s”") % {"topic": group.topic.title}})
        return self._render(request, group, form, formset)

    def post(self, request, pk):
        group = self._group(request, pk)
        form, formset = self._forms(group, request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                report = services.report_create_draft(
                    actor=request.user, group_id=group.pk, suggestions=suggestions_from(formset), **form.cleaned_data
                )
            except ServiceError as error:
                show_refusal(request, error, form)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect(report.get_absolute_url())
        return self._render(request, group, form, formset, status=400)


class ReportEditView(ResearchReaderMixin, _DraftFormMixin, View):
    def _load(self, request, pk):
        return _report(request, pk, may=selectors.is_editor)

    def get(self, request, pk):
        report = self._load(request, pk)
        if report.status != ReportStatus.DRAFT:
            messages.error(request, _("Only a draft can be edited."))
            return redirect(report.get_absolute_url())
        form, formset = self._forms(
            report.group,
            initial={"title": report.title, "body": report.body},
            suggestions=[{"title": s.title, "content": s.content, "finding": s.finding_id} for s in report.suggestions.all()],
        )
        return self._render(request, report.group, form, formset, report)

    def post(self, request, pk):
        report = self._load(request, pk)
        form, formset = self._forms(report.group, request.POST)
        if form.is_valid() and formset.is_valid():
            submit = request.POST.get("then") == "submit"
            try:
                services.report_update(
                    actor=request.user, report_id=report.pk, suggestions=suggestions_from(formset), submit=submit,
                    **form.cleaned_data,
                )
            except ServiceError as error:
                show_refusal(request, error, form)
            else:
                messages.success(request, _("The report is submitted for review.") if submit else _("The draft is saved."))
                return redirect(report.get_absolute_url())
        return self._render(request, report.group, form, formset, report, status=400)


@require_POST
def report_submit(request, pk):
    if not selectors.can_read(request.user):
        raise PermissionDenied
    report = _report(request, pk, may=selectors.is_editor)
    run_step(
        request,
        lambda: services.report_submit(actor=request.user, report_id=report.pk),
        success=_("The report is submitted for review."),
    )
    return redirect(report.get_absolute_url())


class ReportReviewView(ResearchReaderMixin, View):
    """The leading vice-chair rates each suggestion, then approves or returns with comments."""

    def _load(self, request, pk):
        return _report(request, pk, may=selectors.is_reviewer)

    def _render(self, request, report, form, status=200):
        previous = report.previous
        return render(request, "research/report_review.html", {
            "report": report, "group": report.group, "form": form, "rows": form.rows(),
            "can_review": report.status == ReportStatus.SUBMITTED,
            "diff": report_diff(previous, report) if previous else None,
        }, status=status)

    def get(self, request, pk):
        report = self._load(request, pk)
        return self._render(request, report, ReviewForm(report=report))

    def post(self, request, pk):
        report = self._load(request, pk)
        form = ReviewForm(request.POST, report=report)
        decision = request.POST.get("decision", "rate")
        if form.is_valid():
            try:
                services.report_review(
                    actor=request.user, report_id=report.pk, ratings=form.ratings(), decision=decision,
                    comments=form.cleaned_data["comments"],
                )
            except ServiceError as error:
                show_refusal(request, error, form)
            else:
                if decision == "approve":
                    messages.success(request, _("The report is approved."))
                    return redirect(report.get_absolute_url())
                if decision == "return":
                    messages.success(request, _("The report is returned; the next version is a draft."))
                    return redirect(report.get_absolute_url())
                messages.success(request, _("The ratings are saved."))
                return redirect("research:report-review", pk=report.pk)
        return self._render(request, report, form, status=400)


class ReportDiffView(ResearchReaderMixin, View):
    """What changed from the previous version (or from `?from=<id>` of the same group)."""

    def get(self, request, pk):
        report = _report(request, pk)
        other_id = request.GET.get("from")
        if other_id:
            old = scoped_or_404(selectors.reports_for(request.user).filter(group_id=report.group_id), other_id)
        else:
            old = report.previous
        if old is None:
            messages.info(request, _("This is the first version; there is nothing to compare."))
            return redirect(report.get_absolute_url())
        if old.version > report.version:
            old, report = report, old
        return render(request, "research/report_diff.html", {
            "diff": report_diff(old, report), "report": report, "group": report.group,
        })
