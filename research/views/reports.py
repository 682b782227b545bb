"""Pages of research reports: drafting, the version page, review with ratings, the diff and the review queue."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from chengwu_cppcc.errors import ServiceError
from chengwu_cppcc.pages import querystring_without_page, run_step, show_refusal

from .. import selectors, services
from ..diff import report_diff
from ..forms import ReportForm, ReviewForm, SuggestionFormSet, suggestions_from
from ..models import ReportSuggestion
from ..steps import GROUP_STEPS, REPORT_STEPS
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
        reports = list(page.object_list)
        for report in reports:
            report.steps = REPORT_STEPS.available(request.user, report)
        return render(request, "research/review_queue.html", {
            "page_obj": page,
            "reports": reports,
            "querystring_without_page": querystring_without_page(request),
        })


class ReportDetailView(ResearchReaderMixin, View):
    def get(self, request, pk):
        report = _report(request, pk)
        versions = list(
            selectors.reports_for(request.user).filter(group_id=report.group_id).order_by("-version")
        )
        steps = REPORT_STEPS.available(request.user, report)
        return render(request, "research/report_detail.html", {
            "report": report,
            "group": report.group,
            "versions": versions,
            "steps": steps,
            # The outcome stage's create page, from this report (research links it by name, never imports it).
            "outcome_url": f"{reverse('outcomes:outcome-create')}?report={report.pk}" if "create_outcome" in steps else "",
        })


class _DraftFormMixin:
    template_name = "research/report_form.html"

    def _render(self, request, group, form, formset, report=None, status=200):
        steps = REPORT_STEPS.available(request.user, report) if report is not None else []
        return render(request, self.template_name, {
            "group": group, "form": form, "formset": formset, "report": report, "steps": steps,
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
        refusal = GROUP_STEPS.refusal("create_report", request.user, group)
        if refusal is not None:
            show_refusal(request, refusal)
            return redirect(group.get_absolute_url() + "#reports")
        # After a withdrawn draft, the new version starts from it: nothing typed is lost.
        latest = group.reports.prefetch_related("suggestions").order_by("-version").first()
        if latest is None:
            from topics.selectors import topic_subject

            initial = {"title": _("Research report on %(subject)s") % {"subject": topic_subject(group.topic.title)}}
            suggestions = None
        else:
            initial = {"title": latest.title, "body": latest.body}
            suggestions = [{"title": s.title, "content": s.content, "finding": s.finding_id} for s in latest.suggestions.all()]
        form, formset = self._forms(group, initial=initial, suggestions=suggestions)
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
        refusal = REPORT_STEPS.refusal("edit", request.user, report)
        if refusal is not None:
            show_refusal(request, refusal)
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


@require_POST
def report_withdraw(request, pk):
    if not selectors.can_read(request.user):
        raise PermissionDenied
    report = _report(request, pk, may=selectors.is_editor)
    done = run_step(
        request,
        lambda: services.report_withdraw(actor=request.user, report_id=report.pk, reason=request.POST.get("reason", "")),
        success=_("The draft is withdrawn; it is kept in the history."),
    )
    return redirect(report.group.get_absolute_url() + "#reports" if done else report.get_absolute_url())


class ReportReviewView(ResearchReaderMixin, View):
    """The leading vice-chair rates each suggestion, then approves or returns with comments."""

    def _load(self, request, pk):
        return _report(request, pk, may=selectors.is_reviewer)

    def _render(self, request, report, form, status=200):
        previous = report.previous
        return render(request, "research/report_review.html", {
            "report": report, "group": report.group, "form": form, "rows": form.rows(),
            "steps": REPORT_STEPS.available(request.user, report),
            "diff": report_diff(previous, report) if previous else None,
        }, status=status)

    def get(self, request, pk):
        report = self._load(request, pk)
        return self._render(request, report, ReviewForm(report=report))

    def post(self, request, pk):
        report = self._load(request, pk)
        decision = request.POST.get("decision", "rate")
        form = ReviewForm(request.POST, report=report, decision=decision)
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
        else:
            messages.error(request, _("Please correct the marked fields."))
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
