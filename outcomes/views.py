"""Pages of outcome conversion: thin views that parse a form, call a service and report the result."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from chengwu_cppcc.errors import ServiceError
from chengwu_cppcc.pages import querystring_without_page, show_refusal
from chengwu_cppcc.pagination import KeysFirstPaginator
from directory.roles import Role, has_role
from directory.views import RoleRequiredMixin
from history.selectors import history_for

from . import forms, selectors
from .filters import AssignmentFilter, CaseFilter, OutcomeFilter
from .models import (
    Assignment,
    AssignmentRole,
    Countersignature,
    OutcomeStatus,
    ReplyStance,
    ReplyStatus,
    RequestStatus,
    SupervisionEvent,
)
from .services import assignments as assignment_services
from .services import outcomes as outcome_services
from .services import progress as progress_services
from .services import replies as reply_services
from .services import supervision as supervision_services
from .services.assignments import may_handle
from .services.common import policy_for
from .services.replies import may_approve, may_countersign
from .services.supervision import SUPERVISING

ALL_ROLES = tuple(Role.values)


def _paginate(request, queryset, context: dict, *, keys_first: bool = False) -> dict:
    page = (KeysFirstPaginator if keys_first else Paginator)(queryset, 50).get_page(request.GET.get("page"))
    context.update(
        page_obj=page, object_list=page.object_list, querystring_without_page=querystring_without_page(request)
    )
    return context


class ActionPageView(RoleRequiredMixin, TemplateView):
    """A detail page whose forms each post one workflow step; errors re-render with what the user typed."""

    actions: dict = {}

    def get_object(self):
        raise NotImplementedError

    def may_take(self, name) -> bool:
        """Whether this user's role may take the step `name` on this object (the service checks the same)."""
        raise NotImplementedError

    def form_kwargs(self, name) -> dict:
        return {}

    def initial(self, name) -> dict:
        return {}

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        bound = bound or {}
        context["object"] = self.object
        context["forms"] = {
            name: bound.get(name) or form_class(initial=self.initial(name), **self.form_kwargs(name))
            for name, (form_class, _handler) in self.actions.items()
        }
        return context

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        name = request.POST.get("action")
        # The role first (403), before the form is bound: a role that may not act never learns what its input lacked.
        if name not in self.actions:
            if not any(self.may_take(step) for step in self.actions):
                raise PermissionDenied
            return HttpResponseBadRequest()
        if not self.may_take(name):
            raise PermissionDenied
        form_class, handler = self.actions[name]
        form = form_class(request.POST, request.FILES, **self.form_kwargs(name))
        if form.is_valid():
            try:
                message = getattr(self, handler)(form)
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, message)
                return redirect(request.path)
        else:
            messages.error(request, _("Please correct the marked fields."))
        return self.render_to_response(self.get_context_data(bound={name: form}), status=400)


# Outcomes -------------------------------------------------------------------------------------


class OutcomeListView(RoleRequiredMixin, TemplateView):
    template_name = "outcomes/outcome_list.html"
    allowed_roles = (Role.STAFF, Role.SUPERVISOR, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER, Role.DEPARTMENT)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = OutcomeFilter(self.request.GET, queryset=selectors.outcome_list(self.request.user))
        context["filter"] = filterset
        return _paginate(self.request, filterset.qs, context)


class OutcomeCreateView(RoleRequiredMixin, TemplateView):
    template_name = "outcomes/outcome_form.html"
    allowed_roles = (Role.STAFF,)

    def _form(self, data=None):
        from research.models import Report, ReportStatus
        from topics.models import Topic, TopicStatus

        reports = Report.objects.filter(status=ReportStatus.APPROVED).select_related("group__topic").order_by("-id")
        topics = Topic.objects.filter(status=TopicStatus.ADOPTED).order_by("-plan__year", "id")
        initial = {"report": self.request.GET.get("report")}
        return forms.OutcomeForm(data, reports=reports, topics=topics, initial=initial)

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": self._form()})

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["report"]:
                    outcome = outcome_services.outcome_create_from_report(
                        actor=request.user, report_id=data["report"], kind=data["kind"], title=data["title"]
                    )
                else:
                    outcome = outcome_services.outcome_create(
                        actor=request.user, topic_id=data["topic"], kind=data["kind"], title=data["title"],
                        body=data["body"], document_number=data["document_number"],
                        suggestions=form.suggestion_items(),
                    )
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The outcome document was created."))
                return redirect(outcome)
        return self.render_to_response({"form": form}, status=400)


class OutcomeDetailView(ActionPageView):
    template_name = "outcomes/outcome_detail.html"
    allowed_roles = ALL_ROLES
    actions = {
        "submit": (forms.SubmitOutcomeForm, "do_submit"),
        "forward": (forms.ForwardForm, "do_forward"),
        "add_suggestion": (forms.SuggestionForm, "do_add_suggestion"),
        "progress": (forms.ProgressForm, "do_progress"),
    }

    def get_object(self):
        return get_object_or_404(selectors.outcomes_for(self.request.user), pk=self.kwargs["pk"])

    def may_take(self, name):
        return has_role(self.request.user, Role.STAFF)

    def initial(self, name):
        return {"submitted_on": timezone.localdate(), "forwarded_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outcome = self.object
        context["suggestions"] = outcome.suggestions.all()
        context["assignments"] = selectors.with_deadline_flags(
            selectors.assignments_for(self.request.user).filter(outcome=outcome)
        ).order_by("role", "id")
        context["cases"] = selectors.cases_for(self.request.user).filter(outcome=outcome)
        context["policy"] = policy_for(outcome.kind)
        context["entries"] = history_for(outcome)[:50]
        context["is_staff"] = has_role(self.request.user, Role.STAFF)
        return context

    def do_submit(self, form):
        outcome_services.outcome_submit(
            actor=self.request.user, outcome_id=self.object.pk, submitted_on=form.cleaned_data["submitted_on"]
        )
        return _("Submitted to the party committee and government.")

    def do_forward(self, form):
        data = form.cleaned_data
        outcome_services.outcome_forward(
            actor=self.request.user, outcome_id=self.object.pk, lead_department_id=data["lead_department"].pk,
            co_department_ids=[d.pk for d in data["co_departments"]], forwarded_on=data["forwarded_on"],
            instruction=data["instruction"],
        )
        return _("Forwarded; the departments' due dates are set.")

    def do_add_suggestion(self, form):
        outcome_services.suggestion_add(actor=self.request.user, outcome_id=self.object.pk, **form.cleaned_data)
        return _("Suggestion added.")

    def do_progress(self, form):
        data = form.cleaned_data
        outcome_services.suggestion_update(
            actor=self.request.user, suggestion_id=data["suggestion"], progress=data["progress"],
            progress_note=data["progress_note"],
        )
        return _("Progress recorded.")


# Assignments ----------------------------------------------------------------------------------


class AssignmentListView(RoleRequiredMixin, TemplateView):
    """The department's list sorted by due date, overdue first; staff and the supervision office see all."""

    template_name = "outcomes/assignment_list.html"
    allowed_roles = (Role.STAFF, Role.SUPERVISOR, Role.DEPARTMENT, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = AssignmentFilter(self.request.GET, queryset=selectors.assignment_list(self.request.user))
        context["filter"] = filterset
        return _paginate(self.request, filterset.qs, context, keys_first=True)


class AssignmentDetailView(ActionPageView):
    template_name = "outcomes/assignment_detail.html"
    allowed_roles = ALL_ROLES
    actions = {
        "contact": (forms.ContactForm, "do_contact"),
        "return": (forms.ReturnForm, "do_return"),
        "extend": (forms.ExtendForm, "do_extend"),
        "decide": (forms.DecideForm, "do_decide"),
        "input": (forms.InputForm, "do_input"),
        "close": (forms.NoteForm, "do_close"),
        "progress_report": (forms.ProgressReportForm, "do_progress_report"),
    }

    def get_object(self):
        try:
            return selectors.assignment_detail(self.request.user, self.kwargs["pk"])
        except Assignment.DoesNotExist:
            raise Http404 from None

    def may_take(self, name):
        if name in ("decide", "close"):
            return has_role(self.request.user, Role.STAFF)
        return may_handle(self.request.user, self.object)

    def form_kwargs(self, name):
        if name == "progress_report":
            return {"suggestions": self.object.outcome.suggestions.all()}
        return {}

    def initial(self, name):
        return {"held_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.object
        user = self.request.user
        policy = policy_for(assignment.outcome.kind)
        context.update(
            own=may_handle(user, assignment),
            is_staff=has_role(user, Role.STAFF),
            policy=policy,
            suggestions=assignment.outcome.suggestions.all(),
            replies=selectors.replies_for(user).filter(assignment=assignment).order_by("-version"),
            pending=[r for r in assignment.requests.all() if r.status == RequestStatus.PENDING],
            coworkers=selectors.assignments_for(user).filter(outcome=assignment.outcome).exclude(pk=assignment.pk),
            lead_reply=selectors.replies_for(user).filter(
                assignment__outcome=assignment.outcome, assignment__role=AssignmentRole.LEAD,
                status__in=(ReplyStatus.DRAFT, ReplyStatus.SENT_BACK),
            ).first() if assignment.role == AssignmentRole.CO else None,
            progress_reports=assignment.progress_reports.prefetch_related("items__suggestion"),
            entries=history_for(assignment)[:50],
        )
        return context

    def _ids(self):
        return {"actor": self.request.user, "assignment_id": self.object.pk}

    def do_contact(self, form):
        assignment_services.assignment_log_contact(**self._ids(), **form.cleaned_data)
        return _("Contact logged.")

    def do_return(self, form):
        assignment_services.assignment_request_return(**self._ids(), **form.cleaned_data)
        return _("The return request was sent to the committee office.")

    def do_extend(self, form):
        assignment_services.assignment_request_extension(**self._ids(), **form.cleaned_data)
        return _("The extension request was sent to the committee office.")

    def do_decide(self, form):
        data = form.cleaned_data
        assignment_services.assignment_decide_request(
            **self._ids(), kind=data["kind"], grant=data["grant"], note=data["note"],
            reassign_to_department_id=data["reassign_to"].pk if data["reassign_to"] else None,
        )
        return _("Decision recorded.")

    def do_input(self, form):
        assignment_services.assignment_submit_input(**self._ids(), **form.cleaned_data)
        return _("Input sent to the lead department.")

    def do_close(self, form):
        assignment_services.assignment_close(**self._ids(), **form.cleaned_data)
        return _("The assignment is closed.")

    def do_progress_report(self, form):
        progress_services.progress_report_submit(**self._ids(), text=form.cleaned_data["text"], items=form.items())
        return _("Implementation report submitted.")


# Replies --------------------------------------------------------------------------------------


class ReplyFormView(RoleRequiredMixin, TemplateView):
    """The lead department's reply form: text, the signed file and a stance on each suggestion."""

    template_name = "outcomes/reply_form.html"
    allowed_roles = (Role.DEPARTMENT,)

    def _load(self):
        user = self.request.user
        if self.request.resolver_match.url_name == "reply-edit":
            self.reply = selectors.replies_for(user).filter(
                pk=self.kwargs["pk"], assignment__department_id=user.department_id
            ).first()
            if self.reply is None:
                raise Http404
            self.assignment = self.reply.assignment
        else:
            self.reply = None
            self.assignment = selectors.assignments_for(user).filter(
                pk=self.kwargs["pk"], department_id=user.department_id
            ).first()
            if self.assignment is None:
                raise Http404

    def _form(self, data=None, files=None):
        stances = {s.suggestion_id: s for s in self.reply.stances.all()} if self.reply else {}
        initial = {"text": self.reply.text, "document_number": self.reply.document_number} if self.reply else {}
        return forms.ReplyForm(
            data, files, suggestions=self.assignment.outcome.suggestions.all(), stances=stances, initial=initial
        )

    def _render(self, form, status=200):
        return self.render_to_response(
            {"form": form, "assignment": self.assignment, "reply": self.reply}, status=status
        )

    def get(self, request, *args, **kwargs):
        self._load()
        return self._render(self._form())

    def post(self, request, *args, **kwargs):
        self._load()
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if self.reply:
                    reply = reply_services.reply_update(
                        actor=request.user, reply_id=self.reply.pk, text=data["text"],
                        document_number=data["document_number"], file=data["file"], stances=form.stances(),
                    )
                else:
                    reply = reply_services.reply_create(
                        actor=request.user, assignment_id=self.assignment.pk, text=data["text"],
                        document_number=data["document_number"], file=data["file"], stances=form.stances(),
                    )
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The reply was saved as a draft."))
                return redirect(reply)
        return self._render(form, status=400)


class ReplyDetailView(ActionPageView):
    template_name = "outcomes/reply_detail.html"
    allowed_roles = ALL_ROLES
    actions = {
        "submit": (forms.NoteForm, "do_submit"),
        "approve": (forms.CommentsForm, "do_approve"),
        "send_back": (forms.CommentsForm, "do_send_back"),
        "evaluate": (forms.EvaluateForm, "do_evaluate"),
        "countersign": (forms.NoteForm, "do_countersign"),
    }

    def get_object(self):
        reply = (
            selectors.replies_for(self.request.user)
            .prefetch_related(
                Prefetch("stances", queryset=ReplyStance.objects.select_related("suggestion")),
                Prefetch("countersignatures", queryset=Countersignature.objects.select_related("assignment__department")),
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if reply is None:
            raise Http404
        return reply

    def may_take(self, name):
        user = self.request.user
        if name in ("approve", "send_back"):
            return has_role(user, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER) and may_approve(user, self.object)
        if name == "evaluate":
            return has_role(user, Role.STAFF)
        if name == "countersign":
            return may_countersign(user, self.object)
        return may_handle(user, self.object.assignment)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reply, user = self.object, self.request.user
        context.update(
            own=may_handle(user, reply.assignment),
            is_staff=has_role(user, Role.STAFF),
            # The same rules as the steps themselves (may_take): who approves (R12), who countersigns.
            is_approver=reply.status == ReplyStatus.PENDING_APPROVAL and self.may_take("approve"),
            can_countersign=reply.status in (ReplyStatus.DRAFT, ReplyStatus.SENT_BACK) and self.may_take("countersign"),
            entries=history_for(reply)[:50],
        )
        return context

    def _ids(self):
        return {"actor": self.request.user, "reply_id": self.object.pk}

    def do_submit(self, form):
        reply_services.reply_submit(**self._ids())
        return _("The reply was sent for approval.")

    def do_approve(self, form):
        reply_services.reply_approve(**self._ids(), **form.cleaned_data)
        return _("Reply approved; it goes to the committee.")

    def do_send_back(self, form):
        reply_services.reply_send_back(**self._ids(), **form.cleaned_data)
        return _("Reply sent back to the department.")

    def do_evaluate(self, form):
        reply_services.reply_evaluate(**self._ids(), **form.cleaned_data)
        return _("Evaluation recorded.")

    def do_countersign(self, form):
        reply_services.reply_countersign(**self._ids(), **form.cleaned_data)
        return _("Countersigned.")


class ApprovalQueueView(RoleRequiredMixin, TemplateView):
    template_name = "outcomes/approval_queue.html"
    allowed_roles = (Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)

    def get_context_data(self, **kwargs):
        return _paginate(self.request, selectors.approval_queue(self.request.user), super().get_context_data(**kwargs))


class EvaluationQueueView(RoleRequiredMixin, TemplateView):
    template_name = "outcomes/evaluation_queue.html"
    allowed_roles = (Role.STAFF,)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requests"] = selectors.pending_requests(self.request.user)[:50]
        context["due_this_week"] = selectors.due_this_week(self.request.user)[:50]
        return _paginate(self.request, selectors.evaluation_queue(self.request.user), context)


# Supervision ----------------------------------------------------------------------------------


class SupervisionBoardView(RoleRequiredMixin, TemplateView):
    """The supervision board: very overdue and overdue matters, and the cases being followed."""

    template_name = "outcomes/supervision_board.html"
    allowed_roles = (Role.STAFF, Role.SUPERVISOR, Role.PRINCIPAL_LEADER, Role.LEADER_IN_CHARGE)

    def _case_form(self, data=None):
        outcomes = selectors.outcomes_for(self.request.user).filter(
            status__in=(OutcomeStatus.FORWARDED, OutcomeStatus.CLOSED)
        )
        return forms.CaseForm(data, outcomes=outcomes, initial={"opened_on": timezone.localdate()})

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = CaseFilter(self.request.GET, queryset=selectors.case_list(user))
        context.update(
            overdue=selectors.overdue_assignments(user)[:50],
            filter=filterset,
            can_open=has_role(user, *SUPERVISING),
            case_form=form or self._case_form(),
        )
        return _paginate(self.request, filterset.qs, context)

    def post(self, request, *args, **kwargs):
        if not has_role(request.user, *SUPERVISING):
            raise PermissionDenied  # before the form is bound
        form = self._case_form(request.POST)
        if form.is_valid():
            try:
                case = supervision_services.case_open(actor=request.user, **{
                    "outcome_id": form.cleaned_data["outcome"], "title": form.cleaned_data["title"],
                    "committee_office": form.cleaned_data["committee_office"],
                    "opened_on": form.cleaned_data["opened_on"],
                })
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Supervision case opened."))
                return redirect(case)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CaseDetailView(ActionPageView):
    template_name = "outcomes/case_detail.html"
    allowed_roles = ALL_ROLES
    actions = {
        "event": (forms.EventForm, "do_event"),
        "close": (forms.CloseCaseForm, "do_close"),
    }

    def get_object(self):
        case = selectors.cases_for(self.request.user).prefetch_related(
            Prefetch("events", queryset=SupervisionEvent.objects.select_related("recorded_by"))
        ).filter(pk=self.kwargs["pk"]).first()
        if case is None:
            raise Http404
        return case

    def may_take(self, name):
        return has_role(self.request.user, *SUPERVISING)

    def initial(self, name):
        return {"happened_on": timezone.localdate(), "closed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.may_take("event")
        context["entries"] = history_for(self.object)[:50]
        return context

    def do_event(self, form):
        supervision_services.case_add_event(actor=self.request.user, case_id=self.object.pk, **form.cleaned_data)
        return _("Event recorded.")

    def do_close(self, form):
        supervision_services.case_close(actor=self.request.user, case_id=self.object.pk, **form.cleaned_data)
        return _("The case is closed.")
