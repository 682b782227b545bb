"""Pages of outcome conversion: thin views that parse a form, call a service and report the result.

Which forms a page shows is asked of the object's step table (outcomes.steps): `steps` in the context lists the
steps this user may take now, and a form is shown exactly when its step is listed; no page tests a state."""
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from chengwu_cppcc.errors import InvalidState, NotAllowed, ServiceError
from chengwu_cppcc.pages import querystring_without_page, show_refusal
from chengwu_cppcc.pagination import KeysFirstPaginator
from chengwu_cppcc.workflow import Steps
from directory.roles import Role, has_role
from directory.views import RoleRequiredMixin
from history.selectors import history_for

from . import forms, selectors
from .filters import AssignmentFilter, CaseFilter, OutcomeFilter
from .models import Assignment, AssignmentRole, Countersignature, ReplyStance, SupervisionEvent
from .services import assignments as assignment_services
from .services import outcomes as outcome_services
from .services import progress as progress_services
from .services import replies as reply_services
from .services import supervision as supervision_services
from .services.common import policy_for
from .steps import ASSIGNMENT_STEPS, CASE_STEPS, OPEN_CASE_ROLES, OUTCOME_STEPS, REPLY_STEPS

ALL_ROLES = tuple(Role.values)


def _paginate(request, queryset, context: dict, *, keys_first: bool = False) -> dict:
    page = (KeysFirstPaginator if keys_first else Paginator)(queryset, 50).get_page(request.GET.get("page"))
    context.update(
        page_obj=page, object_list=page.object_list, querystring_without_page=querystring_without_page(request)
    )
    return context


def refused_step(request, table: Steps, name: str, obj):
    """None when this user may take step `name` on `obj` now. A role that may not is refused (403); a step the
    object's state does not allow sends the user back to the object's page, saying why."""
    error = table.refusal(name, request.user, obj)
    if error is None:
        return None
    if isinstance(error, NotAllowed):
        raise PermissionDenied(str(error.message))
    messages.error(request, str(error.message))
    return redirect(obj)


@dataclass(frozen=True)
class Action:
    """One form of a page: the step of the object's table it takes, its form class and the view's handler."""

    step: str
    form: type
    handler: str


class ActionPageView(RoleRequiredMixin, TemplateView):
    """A detail page whose forms each post one workflow step of `table`; the page offers exactly the steps the
    table makes available to this user now (`steps`), and errors re-render with what the user typed."""

    table: Steps
    actions: dict[str, Action] = {}

    def get_object(self):
        raise NotImplementedError

    def form_kwargs(self, name) -> dict:
        return {}

    def initial(self, name) -> dict:
        return {}

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        bound = bound or {}
        context["object"] = self.object
        context["steps"] = self.steps
        context["forms"] = {
            name: bound.get(name) or action.form(initial=self.initial(name), **self.form_kwargs(name))
            for name, action in self.actions.items()
            if action.step in self.steps or name in bound
        }
        return context

    def _load(self):
        self.object = self.get_object()
        self.steps = self.table.available(self.request.user, self.object)

    def get(self, request, *args, **kwargs):
        self._load()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self._load()
        user, name = request.user, request.POST.get("action")
        # The role first (403), before the form is bound: a role that may not act never learns what its input lacked.
        if name not in self.actions:
            if not any(self.table[a.step].permits(user, self.object) for a in self.actions.values()):
                raise PermissionDenied
            return HttpResponseBadRequest()
        action = self.actions[name]
        if not self.table[action.step].permits(user, self.object):
            raise PermissionDenied(str(self.table[action.step].refusal))
        # What the state allows, the service checks against the same table (after its own lookups: 404 first).
        form = action.form(request.POST, request.FILES, **self.form_kwargs(name))
        status = 400
        if form.is_valid():
            try:
                message = getattr(self, action.handler)(form)
            except ServiceError as exc:
                show_refusal(request, exc, form)
                status = 409 if isinstance(exc, InvalidState) else 400
            else:
                messages.success(request, message)
                return redirect(request.path)
        else:
            messages.error(request, _("Please correct the marked fields."))
        return self.render_to_response(self.get_context_data(bound={name: form}), status=status)


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
    """A new outcome document, from an approved report (`?report=<id>`, the report's “生成成果文件”) or a topic;
    what the user typed (title, 文号, body) is kept, and a blank title gets one fit for the kind."""

    template_name = "outcomes/outcome_form.html"
    allowed_roles = (Role.STAFF,)

    def _form(self, data=None):
        reports, topics = selectors.outcome_sources(self.request.user)
        self.reports, self.topics = {r.pk: r for r in reports}, {t.pk: t for t in topics}
        report = self.request.GET.get("report")
        initial = {"report": int(report) if report and report.isdigit() and int(report) in self.reports else None}
        return forms.OutcomeForm(data, reports=self.reports.values(), topics=self.topics.values(), initial=initial)

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": self._form()})

    def _title(self, data) -> str:
        """What the user typed; else, for a topic, the kind's default (from a report the service defaults it)."""
        topic = self.topics.get(data["topic"])
        if data["title"].strip() or data["report"] or topic is None:
            return data["title"]
        return outcome_services.default_title(topic, data["kind"])

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            title = self._title(data)
            try:
                if data["report"]:
                    outcome = outcome_services.outcome_create_from_report(
                        actor=request.user, report_id=data["report"], kind=data["kind"], title=title,
                        document_number=data["document_number"], body=data["body"] or None,
                    )
                else:
                    outcome = outcome_services.outcome_create(
                        actor=request.user, topic_id=data["topic"], kind=data["kind"], title=title,
                        body=data["body"], document_number=data["document_number"],
                        suggestions=form.suggestion_items(),
                    )
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The outcome document was created."))
                return redirect(outcome)
        return self.render_to_response({"form": form}, status=400)


class OutcomeEditView(RoleRequiredMixin, TemplateView):
    """A draft outcome's title, kind, 文号 and body, while its table offers `edit`."""

    template_name = "outcomes/outcome_edit.html"
    allowed_roles = (Role.STAFF,)

    def _load(self):
        self.object = get_object_or_404(selectors.outcomes_for(self.request.user), pk=self.kwargs["pk"])
        return refused_step(self.request, OUTCOME_STEPS, "edit", self.object)

    def _render(self, form, status=200):
        return self.render_to_response({"form": form, "object": self.object}, status=status)

    def get(self, request, *args, **kwargs):
        if refusal := self._load():
            return refusal
        o = self.object
        initial = {"kind": o.kind, "title": o.title, "document_number": o.document_number, "body": o.body}
        return self._render(forms.OutcomeEditForm(initial=initial))

    def post(self, request, *args, **kwargs):
        if refusal := self._load():
            return refusal
        form = forms.OutcomeEditForm(request.POST)
        if form.is_valid():
            try:
                outcome_services.outcome_update(actor=request.user, outcome_id=self.object.pk, **form.cleaned_data)
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The outcome document was saved."))
                return redirect(self.object)
        else:
            messages.error(request, _("Please correct the marked fields."))
        return self._render(form, status=400)


class OutcomeDetailView(ActionPageView):
    template_name = "outcomes/outcome_detail.html"
    allowed_roles = ALL_ROLES
    table = OUTCOME_STEPS
    actions = {
        "submit": Action("submit", forms.SubmitOutcomeForm, "do_submit"),
        "forward": Action("forward", forms.ForwardForm, "do_forward"),
        "add_suggestion": Action("edit", forms.SuggestionForm, "do_add_suggestion"),
        "progress": Action("record_progress", forms.ProgressForm, "do_progress"),
        "withdraw": Action("withdraw", forms.WithdrawForm, "do_withdraw"),
    }

    def get_object(self):
        return get_object_or_404(selectors.outcomes_for(self.request.user), pk=self.kwargs["pk"])

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
        suggestion = self.object.suggestions.filter(pk=data["suggestion"]).first()
        if suggestion is None:
            raise Http404
        outcome_services.suggestion_update(
            actor=self.request.user, suggestion_id=suggestion.pk, progress=data["progress"],
            progress_note=data["progress_note"],
        )
        return _("Progress recorded.")

    def do_withdraw(self, form):
        outcome_services.outcome_withdraw(actor=self.request.user, outcome_id=self.object.pk, **form.cleaned_data)
        return _("The draft was withdrawn; it stays on record.")


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


def _reply_detail_queryset(replies):
    """What a reply's steps read (outcomes.steps: the matter's assignments, the countersignatures)."""
    return replies.prefetch_related(
        Prefetch("assignment__matter__assignments", queryset=Assignment.objects.all()),
        Prefetch("countersignatures", queryset=Countersignature.objects.select_related("assignment__department")),
    )


class AssignmentDetailView(ActionPageView):
    template_name = "outcomes/assignment_detail.html"
    allowed_roles = ALL_ROLES
    table = ASSIGNMENT_STEPS
    actions = {
        "contact": Action("contacts", forms.ContactForm, "do_contact"),
        "return": Action("return", forms.ReturnForm, "do_return"),
        "extend": Action("extend", forms.ExtendForm, "do_extend"),
        "decide": Action("decide", forms.DecideForm, "do_decide"),
        "input": Action("input", forms.InputForm, "do_input"),
        "close": Action("close", forms.NoteForm, "do_close"),
        "progress_report": Action("report_progress", forms.ProgressReportForm, "do_progress_report"),
    }

    def get_object(self):
        try:
            return selectors.assignment_detail(self.request.user, self.kwargs["pk"])
        except Assignment.DoesNotExist:
            raise Http404 from None

    def form_kwargs(self, name):
        if name == "progress_report":
            return {"suggestions": self.object.outcome.suggestions.all()}
        return {}

    def initial(self, name):
        return {"held_on": timezone.localdate()}

    def _lead_replies(self):
        """For a co-handler: the lead department's reply (newest first), with whether it may countersign it now."""
        if self.object.role != AssignmentRole.CO:
            return []
        user = self.request.user
        replies = _reply_detail_queryset(
            selectors.replies_for(user).filter(
                assignment__matter_id=self.object.matter_id, assignment__role=AssignmentRole.LEAD
            )
        ).order_by("-version", "-id")[:1]
        return [(r, "countersign" in REPLY_STEPS.available(user, r)) for r in replies]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.object
        user = self.request.user
        context.update(
            policy=policy_for(assignment.matter.policy_kind),
            suggestions=assignment.outcome.suggestions.all() if assignment.outcome_id else (),
            replies=selectors.replies_for(user).filter(assignment=assignment).order_by("-version"),
            pending=selectors.pending_requests(user).filter(assignment=assignment) if "decide" in self.steps else [],
            coworkers=selectors.matter_coworkers(user, assignment),
            lead_replies=self._lead_replies(),
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
    """The lead department's reply form: text, the signed file and a stance on each suggestion. It opens only
    while the table offers the step: `reply` on the matter (a new reply), `edit` on the reply."""

    template_name = "outcomes/reply_form.html"
    allowed_roles = (Role.DEPARTMENT,)

    def _load(self):
        """The reply or matter (another department's is 404), then the step's refusal, if any."""
        user = self.request.user
        if self.request.resolver_match.url_name == "reply-edit":
            self.reply = _reply_detail_queryset(selectors.replies_for(user)).filter(
                pk=self.kwargs["pk"], assignment__department_id=user.department_id
            ).first()
            if self.reply is None:
                raise Http404
            self.assignment = selectors.assignment_detail(user, self.reply.assignment_id)  # with its deadline flags
            return refused_step(self.request, REPLY_STEPS, "edit", self.reply)
        self.reply = None
        try:
            self.assignment = selectors.assignment_detail(user, self.kwargs["pk"])
        except Assignment.DoesNotExist:
            raise Http404 from None
        if self.assignment.department_id != user.department_id:
            raise Http404
        return refused_step(self.request, ASSIGNMENT_STEPS, "reply", self.assignment)

    def _form(self, data=None, files=None):
        stances = {s.suggestion_id: s for s in self.reply.stances.all()} if self.reply else {}
        initial = {"text": self.reply.text, "document_number": self.reply.document_number} if self.reply else {}
        outcome = self.assignment.outcome
        if self.reply:
            initial.update(result_class=self.reply.result_class, not_to_publish=not self.reply.may_publish,
                           no_publish_reason=self.reply.no_publish_reason)
        return forms.ReplyForm(
            data, files, suggestions=outcome.suggestions.all() if outcome else (), stances=stances, initial=initial,
            with_result=outcome is None,
        )

    def _render(self, form, status=200):
        return self.render_to_response(
            {"form": form, "assignment": self.assignment, "reply": self.reply}, status=status
        )

    def get(self, request, *args, **kwargs):
        if refusal := self._load():
            return refusal
        return self._render(self._form())

    def post(self, request, *args, **kwargs):
        if refusal := self._load():
            return refusal
        form = self._form(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if self.reply:
                    reply = reply_services.reply_update(
                        actor=request.user, reply_id=self.reply.pk, text=data["text"],
                        document_number=data["document_number"], file=data["file"], stances=form.stances(),
                        **form.result_input(),
                    )
                else:
                    reply = reply_services.reply_create(
                        actor=request.user, assignment_id=self.assignment.pk, text=data["text"],
                        document_number=data["document_number"], file=data["file"], stances=form.stances(),
                        **form.result_input(),
                    )
            except ServiceError as exc:
                show_refusal(request, exc, form)
                status = 409 if isinstance(exc, InvalidState) else 400
            else:
                messages.success(request, _("The reply was saved as a draft."))
                return redirect(reply)
        return self._render(form, status=status)


class ReplyDetailView(ActionPageView):
    template_name = "outcomes/reply_detail.html"
    allowed_roles = ALL_ROLES
    table = REPLY_STEPS
    actions = {
        "submit": Action("submit", forms.NoteForm, "do_submit"),
        "approve": Action("approve", forms.CommentsForm, "do_approve"),
        "send_back": Action("send_back", forms.CommentsForm, "do_send_back"),
        "evaluate": Action("evaluate", forms.EvaluateForm, "do_evaluate"),
        "reclassify": Action("reclassify", forms.ReclassifyForm, "do_reclassify"),
        "countersign": Action("countersign", forms.NoteForm, "do_countersign"),
        "withdraw": Action("withdraw", forms.WithdrawForm, "do_withdraw"),
    }

    def form_kwargs(self, name) -> dict:
        if name == "evaluate":  # a proposal's reply: the proposer's questions too
            return {"proposer": self.object.assignment.matter.evaluator_id is not None}
        return super().form_kwargs(name)

    def get_object(self):
        reply = (
            _reply_detail_queryset(selectors.with_assignment_deadlines(selectors.replies_for(self.request.user)))
            .select_related("approver")
            .prefetch_related(Prefetch("stances", queryset=ReplyStance.objects.select_related("suggestion")))
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if reply is None:
            raise Http404
        return reply

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history_for(self.object)[:50]
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

    def do_reclassify(self, form):
        reply_services.reply_reclassify(**self._ids(), **form.cleaned_data)
        return _("Result class changed.")

    def do_countersign(self, form):
        reply_services.reply_countersign(**self._ids(), **form.cleaned_data)
        return _("Countersigned.")

    def do_withdraw(self, form):
        reply_services.reply_withdraw(**self._ids(), **form.cleaned_data)
        return _("The draft reply was withdrawn; it stays on record.")


class ApprovalQueueView(RoleRequiredMixin, TemplateView):
    """Replies waiting for this leader's approval (R12), with their matters' due dates and overdue state."""

    template_name = "outcomes/approval_queue.html"
    allowed_roles = (Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)

    def get_context_data(self, **kwargs):
        replies = selectors.with_assignment_deadlines(selectors.approval_queue(self.request.user))
        return _paginate(self.request, replies, super().get_context_data(**kwargs))


class EvaluationQueueView(RoleRequiredMixin, TemplateView):
    template_name = "outcomes/evaluation_queue.html"
    allowed_roles = (Role.STAFF,)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requests"] = selectors.pending_requests(self.request.user)[:50]
        context["due_this_week"] = selectors.due_this_week(self.request.user)[:50]
        return _paginate(
            self.request, selectors.with_assignment_deadlines(selectors.evaluation_queue(self.request.user)), context
        )


# Supervision ----------------------------------------------------------------------------------


class SupervisionBoardView(RoleRequiredMixin, TemplateView):
    """The supervision board: very overdue and overdue matters, and the cases being followed."""

    template_name = "outcomes/supervision_board.html"
    allowed_roles = (Role.STAFF, Role.SUPERVISOR, Role.PRINCIPAL_LEADER, Role.LEADER_IN_CHARGE)

    def _case_form(self, data=None):
        outcomes = selectors.supervisable_outcomes(self.request.user)
        return forms.CaseForm(data, outcomes=outcomes, initial={"opened_on": timezone.localdate()})

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = CaseFilter(self.request.GET, queryset=selectors.case_list(user))
        context.update(
            overdue=selectors.overdue_assignments(user)[:50],
            filter=filterset,
            can_open=has_role(user, *OPEN_CASE_ROLES),
            case_form=form or self._case_form(),
        )
        return _paginate(self.request, filterset.qs, context)

    def post(self, request, *args, **kwargs):
        if not has_role(request.user, *OPEN_CASE_ROLES):
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
    table = CASE_STEPS
    actions = {
        "event": Action("events", forms.EventForm, "do_event"),
        "close": Action("close", forms.CloseCaseForm, "do_close"),
    }

    def get_object(self):
        case = selectors.cases_for(self.request.user).prefetch_related(
            Prefetch("events", queryset=SupervisionEvent.objects.select_related("recorded_by"))
        ).filter(pk=self.kwargs["pk"]).first()
        if case is None:
            raise Http404
        return case

    def initial(self, name):
        return {"happened_on": timezone.localdate(), "closed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history_for(self.object)[:50]
        return context

    def do_event(self, form):
        supervision_services.case_add_event(actor=self.request.user, case_id=self.object.pk, **form.cleaned_data)
        return _("Event recorded.")

    def do_close(self, form):
        supervision_services.case_close(actor=self.request.user, case_id=self.object.pk, **form.cleaned_data)
        return _("The case is closed.")
