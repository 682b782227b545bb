"""Pages of topic selection: the plan board, the topic list and detail, and each step's form."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from chengwu_cppcc.errors import ServiceError
from chengwu_cppcc.exports import xlsx_response
from chengwu_cppcc.pages import querystring_without_page, run_step, show_refusal
from chengwu_cppcc.paging import LastPageListMixin
from directory.roles import Role, has_role
from directory.views import RoleRequiredMixin
from history.selectors import history_for

from . import services
from .documents import plan_docx_response
from .filters import TopicFilter
from .forms import (
    BatchMeetingForm,
    MeetingForm,
    MergeForm,
    OpinionForm,
    PlanAdoptForm,
    PlanAmendForm,
    PlanForm,
    RejectForm,
    TopicForm,
    WithdrawForm,
)
from .models import Source, TopicStatus
from .selectors import (
    TOPIC_READER_ROLES,
    available_steps,
    current_year,
    near_duplicates,
    opinion_summary,
    plans_for,
    similar_topics,
    topics_for,
)
from .selectors import plan_board as build_board
from .steps import PLAN_STEPS, TOPIC_STEPS

CLOSED_STATES = (TopicStatus.REJECTED, TopicStatus.MERGED, TopicStatus.WITHDRAWN)


def _require_reader(request):
    if not has_role(request.user, *TOPIC_READER_ROLES):
        raise PermissionDenied


@login_required
def plan_board(request, year=None):
    _require_reader(request)
    return render(request, "topics/plan_board.html", _board_context(request, year or current_year()))


BATCH_STEPS = ("shortlist", "adopt")


def _board_context(request, year, *, batch_form=None, selected=(), near=None, confirm_step=None):
    plan = plans_for(request.user).filter(year=year).first()
    is_staff = has_role(request.user, Role.STAFF)
    years = list(plans_for(request.user).order_by("-year").values_list("year", flat=True))
    next_year = (max(years) + 1) if years else year
    context = {
        "year": year,
        "plan": plan,
        "years": years,
        "is_staff": is_staff,
        "next_year": next_year if is_staff and next_year not in years else None,
        "create_form": PlanForm(initial={"year": year}) if is_staff and plan is None else None,
    }
    if plan is not None:
        context.update(build_board(plan))
        context["board_columns"] = [
            (TopicStatus(s).label, context["columns"][s])
            for s in (TopicStatus.CANDIDATE, TopicStatus.SHORTLISTED, TopicStatus.ADOPTED)
        ]
        context["closed"] = [topic for status in CLOSED_STATES for topic in context["columns"][status]]
        context["history"] = history_for(plan)
        context["amendments"] = plan.amendments.select_related("actor")
        if is_staff:
            context["adopt_form"] = PlanAdoptForm() if PLAN_STEPS.may("adopt", request.user, plan) else None
            if context["adopt_form"] is None and not plan.is_locked:
                context["adopt_blocked"] = PLAN_STEPS.refusal("adopt", request.user, plan).message
            context["amend_form"] = PlanAmendForm(
                initial={k: getattr(plan, k) for k in ("title", "party_quota", "annual_quota", "notes")}
            )
            # What the step table allows for each topic on the board, for the meeting-day batch form.
            screening = [t for s in (TopicStatus.CANDIDATE, TopicStatus.SHORTLISTED) for t in context["columns"][s]]
            selected = {str(pk) for pk in selected}
            offered = set()
            warnings = near if near is not None else near_duplicates(plan, screening)
            for topic in screening:
                topic.plan = plan
                topic.batch_steps = [s for s in TOPIC_STEPS.available(request.user, topic) if s in BATCH_STEPS]
                topic.selected = str(topic.pk) in selected
                topic.near_duplicates = warnings.get(topic.pk, [])
                offered.update(topic.batch_steps)
            context["batch_steps"] = [s for s in BATCH_STEPS if s in offered]
            context["batch_form"] = batch_form or BatchMeetingForm(prefix="batch")
            context["confirm_step"] = confirm_step
            context["may_add_candidate"] = PLAN_STEPS.may("add_candidate", request.user, plan)
    return context


@login_required
@require_POST
def plan_batch(request, year, step):
    """One meeting's decision on the topics selected on the board: the chair meeting's shortlist or the standing
    committee's adoption, all or nothing (topics.services.topics_*_batch)."""
    _require_reader(request)
    plan = get_object_or_404(plans_for(request.user), year=year)
    if step not in BATCH_STEPS:
        raise Http404
    if not has_role(request.user, Role.STAFF):
        raise PermissionDenied
    form = BatchMeetingForm(request.POST, prefix="batch")
    selected = request.POST.getlist("topics")
    status = 400
    near = None
    if form.is_valid():
        data = form.cleaned_data
        if step == "adopt" and not data["confirm_similar"] and selected:
            chosen = list(plan.topics.filter(pk__in=[pk for pk in selected if pk.isdigit()]))
            near = near_duplicates(plan, chosen, among=chosen)
            if near:
                messages.warning(request, _(
                    "Some selected topics have a similarity of 0.8 or more to another adopted or selected topic "
                    "(marked below). Merge duplicates first, or confirm to adopt them all."
                ))
                context = _board_context(request, year, batch_form=form, selected=selected, near=near,
                                         confirm_step="adopt")
                return render(request, "topics/plan_board.html", context)
        try:
            if step == "shortlist":
                done = services.topics_shortlist_batch(
                    actor=request.user, plan_id=plan.pk, topic_ids=selected, meeting_date=data["meeting_date"],
                    note=data["note"],
                )
                success = ngettext(
                    "%(count)s topic was shortlisted by the chair meeting.",
                    "%(count)s topics were shortlisted by the chair meeting.", len(done),
                )
            else:
                done = services.topics_adopt_batch(
                    actor=request.user, plan_id=plan.pk, topic_ids=selected, meeting_date=data["meeting_date"],
                )
                success = ngettext(
                    "%(count)s topic was adopted by the standing committee.",
                    "%(count)s topics were adopted by the standing committee.", len(done),
                )
        except ServiceError as exc:
            show_refusal(request, exc, form)
            status = exc.status_code
        else:
            messages.success(request, success % {"count": len(done)})
            return redirect(plan)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    context = _board_context(request, year, batch_form=form, selected=selected, near=near)
    return render(request, "topics/plan_board.html", context, status=status)


@login_required
@require_POST
def plan_create(request):
    form = PlanForm(request.POST)
    if form.is_valid():
        plan = run_step(
            request,
            lambda: services.plan_create(actor=request.user, **form.cleaned_data),
            form=form,
            success=_("The plan was created."),
        )
        if plan:
            return redirect(plan)
    if not has_role(request.user, Role.STAFF):
        raise PermissionDenied
    return render(request, "topics/plan_create.html", {"form": form})


@login_required
@require_POST
def plan_step(request, year, step):
    plan = get_object_or_404(plans_for(request.user), year=year)
    form_class = {"adopt": PlanAdoptForm, "amend": PlanAmendForm}.get(step)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if step == "adopt":
            run_step(
                request,
                lambda: services.plan_adopt(actor=request.user, plan_id=plan.pk, adopted_on=data["adopted_on"]),
                form=form,
                success=_("The annual consultation plan was adopted."),
            )
        else:
            reason = data.pop("reason", "")
            run_step(
                request,
                lambda: services.plan_update(actor=request.user, plan_id=plan.pk, reason=reason, **data),
                form=form,
                success=_("The plan was updated."),
            )
    else:
        if not has_role(request.user, Role.STAFF):
            raise PermissionDenied
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(plan)


@login_required
def plan_export(request, year):
    _require_reader(request)
    plan = get_object_or_404(plans_for(request.user), year=year)
    return plan_docx_response(plan)


class TopicListView(RoleRequiredMixin, LastPageListMixin, ListView):
    allowed_roles = TOPIC_READER_ROLES
    template_name = "topics/topic_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = TopicFilter(self.request.GET or None, queryset=topics_for(self.request.user).order_by("-plan__year", "id"))
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["querystring_without_page"] = querystring_without_page(self.request)
        context["is_staff"] = has_role(self.request.user, Role.STAFF)
        return context


def _topic_or_404(request, pk):
    _require_reader(request)
    return get_object_or_404(topics_for(request.user), pk=pk)


@login_required
def topic_detail(request, pk):
    topic = _topic_or_404(request, pk)
    steps = available_steps(request.user, topic)
    forms = {
        "feedback": OpinionForm(prefix="feedback") if "feedback" in steps else None,
        "shortlist": MeetingForm(prefix="shortlist") if "shortlist" in steps else None,
        "adopt": MeetingForm(prefix="adopt") if "adopt" in steps else None,
        "reject": RejectForm(prefix="reject") if "reject" in steps else None,
        "merge": MergeForm(prefix="merge", topic=topic) if "merge" in steps else None,
        "withdraw": WithdrawForm(prefix="withdraw") if "withdraw" in steps else None,
    }
    return render(request, "topics/topic_detail.html", _detail_context(request, topic, steps, forms))


def _detail_context(request, topic, steps, forms):
    return {
        "topic": topic,
        "steps": steps,
        "forms": forms,
        "opinions": topic.opinions.select_related("member_group", "recorded_by", "member"),
        "opinion_summary": opinion_summary(topic),
        "merged_topics": topic.merged_topics.all(),
        "history": history_for(topic),
        "similar": similar_topics(topic.title, exclude_id=topic.pk),
        # Before the standing committee adopts it: adopted topics of the same plan this alike (≥ 0.8).
        "near_duplicates": near_duplicates(topic.plan, [topic]).get(topic.pk, []) if "adopt" in steps else [],
    }


STEP_FORMS = {
    "feedback": OpinionForm,
    "shortlist": MeetingForm,
    "adopt": MeetingForm,
    "reject": RejectForm,
    "merge": MergeForm,
    "withdraw": WithdrawForm,
}


@login_required
@require_POST
def topic_step(request, pk, step):
    topic = _topic_or_404(request, pk)
    if step not in STEP_FORMS:
        raise Http404
    form_class = STEP_FORMS[step]
    extra = {"topic": topic} if step == "merge" else {}
    form = form_class(request.POST, prefix=step, **extra)
    user = request.user
    if form.is_valid():
        data = form.cleaned_data
        actions = {
            "feedback": (
                lambda: services.topic_record_opinion(
                    actor=user, topic_id=topic.pk,
                    member_group_id=data["member_group"].pk if data["member_group"] else None,
                    member_id=data["member"].pk if data["member"] else None, stance=data["stance"],
                    comment=data["comment"], held_on=data["held_on"],
                ),
                _("The opinion was recorded."),
            ),
            "shortlist": (
                lambda: services.topic_shortlist(
                    actor=user, topic_id=topic.pk, meeting_date=data["meeting_date"], note=data["note"]
                ),
                _("The topic was shortlisted by the chair meeting."),
            ),
            "adopt": (
                lambda: services.topic_adopt(actor=user, topic_id=topic.pk, meeting_date=data["meeting_date"]),
                _("The topic was adopted by the standing committee."),
            ),
            "reject": (
                lambda: services.topic_reject(actor=user, topic_id=topic.pk, reason=data["reason"]),
                _("The topic was rejected."),
            ),
            "merge": (
                lambda: services.topic_merge(actor=user, topic_id=topic.pk, other_id=data["other"].pk, note=data["note"]),
                _("The candidates were merged."),
            ),
            "withdraw": (
                lambda: services.topic_withdraw(actor=user, topic_id=topic.pk, reason=data["reason"]),
                _("The candidate was withdrawn; it stays on record with its history."),
            ),
        }
        action, success = actions[step]
        if run_step(request, action, form=form, success=success) is not None:
            return redirect(topic)
    elif not TOPIC_STEPS[step].permits(user, topic):
        # An invalid form from someone whose role may not take the step is a 403, not a form error.
        raise PermissionDenied
    steps = available_steps(user, topic)
    forms = {name: None for name in STEP_FORMS}
    for name in steps & set(STEP_FORMS):
        forms[name] = STEP_FORMS[name](prefix=name, **({"topic": topic} if name == "merge" else {}))
    forms[step] = form
    topic.refresh_from_db()
    return render(request, "topics/topic_detail.html", _detail_context(request, topic, steps, forms), status=400)


@login_required
def topic_create(request):
    if not has_role(request.user, Role.STAFF):
        raise PermissionDenied
    year = str(request.GET.get("year") or current_year())
    if not year.isdigit():
        raise Http404  # no plan has such a year
    plan = get_object_or_404(plans_for(request.user), year=int(year))
    form = TopicForm(request.POST or None)
    if not PLAN_STEPS.may("add_candidate", request.user, plan):
        # An adopted plan takes party/government topics only: the form does not offer what would be refused.
        source = form.fields["source"]
        source.choices = [(v, label) for v, label in source.choices if v != Source.SPECIAL_COMMITTEE]
        source.initial = Source.PARTY_COMMITTEE
        form.fields["committee"].widget.attrs.pop("data-required-when", None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topic = run_step(
            request,
            lambda: services.topic_create(actor=request.user, plan_id=plan.pk, **data),
            form=form,
            success=_("The candidate topic was recorded."),
        )
        if topic:
            return redirect(topic)
    similar = similar_topics(form.data.get("title", "")) if form.is_bound else []
    return render(request, "topics/topic_form.html", {"form": form, "plan": plan, "similar": similar})


@login_required
def topic_edit(request, pk):
    topic = _topic_or_404(request, pk)
    if not TOPIC_STEPS["edit"].permits(request.user, topic):
        raise PermissionDenied
    if not TOPIC_STEPS.may("edit", request.user, topic):
        messages.error(request, TOPIC_STEPS.refusal("edit", request.user, topic).message)
        return redirect(topic)
    form = TopicForm(request.POST or None, initial=TopicForm.initial_for(topic), editing=True)
    if request.method == "POST" and form.is_valid():
        if run_step(
            request,
            lambda: services.topic_update(actor=request.user, topic_id=topic.pk, **form.cleaned_data),
            form=form,
            success=_("The topic was saved."),
        ):
            return redirect(topic)
    similar = similar_topics(form.data.get("title", topic.title), exclude_id=topic.pk)
    return render(request, "topics/topic_form.html", {"form": form, "plan": topic.plan, "topic": topic, "similar": similar})


@login_required
def topic_similar(request, pk=None):
    """htmx partial: earlier topics that look like the title being typed (on the edit page, not the topic itself)."""
    _require_reader(request)
    exclude = str(pk) if pk is not None else request.GET.get("exclude")
    similar = similar_topics(request.GET.get("title", ""), exclude_id=int(exclude) if (exclude or "").isdigit() else None)
    return render(request, "topics/includes/similar.html", {"similar": similar})


@login_required
def topic_export(request):
    """The topic list as .xlsx, with the same filters as the page."""
    _require_reader(request)
    filterset = TopicFilter(request.GET or None, queryset=topics_for(request.user).order_by("-plan__year", "id"))
    rows = (
        [
            t.plan.year, t.title, t.get_source_display(), t.get_origin_display(), t.origin_reference,
            t.get_domain_display(), t.get_consultation_type_display(), t.committee.name if t.committee else "",
            t.vice_chair.display_name if t.vice_chair else "", t.get_status_display(),
            t.adopted_on,
        ]
        for t in filterset.qs
    )
    headers = [
        _("Year"), _("Title"), _("Source"), _("Origin"), _("Origin reference"), _("Domain"), _("Consultation type"),
        _("Special committee"), _("Vice-chair in charge"), _("Status"), _("Adopted on"),
    ]
    return xlsx_response(_("Topic list"), str(_("Topics")), headers, rows)
