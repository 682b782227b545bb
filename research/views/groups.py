"""Pages of research groups: the vice-chair's home, the list, forming, the group page and its steps, visits."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from chengwu_cppcc.errors import ServiceError
from chengwu_cppcc.pages import querystring_without_page, run_step, show_refusal
from directory.roles import Role, has_role
from history.selectors import history_for_topic

from .. import selectors, services
from ..filters import GroupFilter, VisitFilter
from ..forms import ActivityForm, AddMemberForm, FindingForm, GroupForm, MilestoneForm
from ..models import GroupStatus, ResearchGroup
from ..steps import ADVANCE_STEPS, GROUP_STEPS
from .common import ResearchReaderMixin, editable_group, scoped_or_404


class MyGroupsView(ResearchReaderMixin, TemplateView):
    """A vice-chair's home: my groups, my milestones, my review queue."""

    template_name = "research/my_groups.html"

    def get(self, request, *args, **kwargs):
        if not has_role(request.user, Role.VICE_CHAIR):
            return redirect("research:group-list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "dashboard": selectors.vice_chair_dashboard(self.request.user)}


class GroupListView(ResearchReaderMixin, View):
    def get(self, request):
        queryset = selectors.groups_for(request.user).order_by("-topic__plan__year", "topic_id")
        filterset = GroupFilter(request.GET, queryset=queryset, request=request)
        for field in filterset.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm")
        page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
        return render(request, "research/group_list.html", {
            "filter": filterset,
            "page_obj": page,
            "groups": page.object_list,
            "querystring_without_page": querystring_without_page(request),
            "can_form": has_role(request.user, Role.STAFF),
        })


class GroupCreateView(ResearchReaderMixin, View):
    allowed_roles = (Role.STAFF,)

    def get(self, request):
        initial = {"topic": request.GET.get("topic")} if request.GET.get("topic") else None
        return render(request, "research/group_form.html", {"form": GroupForm(initial=initial)})

    def post(self, request):
        form = GroupForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                group = services.group_form(
                    actor=request.user, topic_id=data["topic"].pk,
                    leader_id=data["leader"].pk if data["leader"] else None,
                    member_ids=[m.pk for m in data["members"]], formed_on=data["formed_on"], notes=data["notes"],
                )
            except ServiceError as error:
                show_refusal(request, error, form)
            else:
                messages.success(request, _("The research group is formed."))
                return redirect(group.get_absolute_url())
        return render(request, "research/group_form.html", {"form": form}, status=400)


class GroupDetailView(ResearchReaderMixin, View):
    def get(self, request, pk):
        group = _group(request, pk)
        return render(request, "research/group_detail.html", _group_context(request, group))


def _group(request, pk):
    try:
        return selectors.group_detail(request.user, pk)
    except ResearchGroup.DoesNotExist:
        raise Http404 from None


def _group_context(request, group, **forms):
    today = timezone.localdate()
    milestones = list(group.milestones.all())
    for milestone in milestones:
        milestone.overdue = selectors.is_overdue(milestone, today)
    steps = GROUP_STEPS.available(request.user, group)
    labels = dict(GroupStatus.choices)
    advance = [GROUP_STEPS[name] for name in steps if name in ADVANCE_STEPS.values()]
    return {
        "group": group,
        "milestones": milestones,
        "overdue_milestones": [m for m in milestones if m.overdue],
        "activities": list(group.activities.all()),
        "attendance": selectors.attendance_rates(group),
        "reports": list(group.reports.all()),
        "steps": steps,
        "advance_targets": [(step.target, labels[step.target]) for step in advance],
        "member_form": forms.get("member_form") or AddMemberForm(group=group),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        "entries": history_for_topic(group.topic_id)[:50],
    }


@require_POST
def group_advance(request, pk):
    group = editable_group(request, pk)
    target = request.POST.get("to_state", "")
    run_step(
        request,
        lambda: services.group_advance(actor=request.user, group_id=group.pk, to_state=target, note=request.POST.get("note", "")),
        success=_("The group's status is updated."),
    )
    return redirect(group.get_absolute_url())


@require_POST
def member_add(request, pk):
    group = editable_group(request, pk)
    form = AddMemberForm(request.POST, group=group)
    if not form.is_valid():
        messages.error(request, _("Select a valid, active member."))
        return redirect(group.get_absolute_url())
    run_step(
        request,
        lambda: services.group_add_member(
            actor=request.user, group_id=group.pk, member_id=form.cleaned_data["member"].pk,
            responsibility=form.cleaned_data["responsibility"],
        ),
        success=_("The member is added."),
    )
    return redirect(group.get_absolute_url())


@require_POST
def milestone_create(request, pk):
    group = editable_group(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_create(
                actor=request.user, group_id=group.pk, kind=data["kind"], title=data["title"], due_on=data["due_on"],
                owner_id=data["owner"].pk if data["owner"] else None,
            )
        except ServiceError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("The milestone is added to the plan."))
            return redirect(group.get_absolute_url() + "#plan")
    group = _group(request, pk)
    return render(request, "research/group_detail.html", _group_context(request, group, milestone_form=form), status=400)


@require_POST
def milestone_complete(request, pk):
    _require_reader(request)
    milestone = scoped_or_404(selectors.milestones_for(request.user), pk)
    _require_editor(request, milestone.group)
    run_step(
        request,
        lambda: services.milestone_complete(actor=request.user, milestone_id=milestone.pk, done_on=request.POST.get("done_on") or None),
        success=_("The milestone is done."),
    )
    return redirect(milestone.group.get_absolute_url() + "#plan")


@require_POST
def finding_add(request, pk):
    _require_reader(request)
    activity = scoped_or_404(selectors.activities_for(request.user), pk)
    _require_editor(request, activity.group)
    form = FindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A finding needs a title."))
        return redirect(activity.group.get_absolute_url())
    run_step(
        request,
        lambda: services.activity_add_finding(actor=request.user, activity_id=activity.pk, **form.cleaned_data),
        success=_("The finding is recorded."),
    )
    return redirect(activity.group.get_absolute_url() + f"#activity-{activity.pk}")


def _require_reader(request):
    if not selectors.can_read(request.user):
        raise PermissionDenied


def _require_editor(request, group):
    """403 for a role that may not change this group, before the form is bound (the service checks the same)."""
    if not selectors.is_editor(request.user, group):
        raise PermissionDenied


class ActivityCreateView(ResearchReaderMixin, View):
    def get(self, request, pk):
        group = editable_group(request, pk)
        initial = {"kind": request.GET.get("kind") or "collective_study",
                   "present_members": [str(m) for m in group.memberships.values_list("member_id", flat=True)]}
        return render(request, "research/activity_form.html", {"group": group, "form": ActivityForm(group=group, initial=initial)})

    def post(self, request, pk):
        group = editable_group(request, pk)
        form = ActivityForm(request.POST, group=group)
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity = services.activity_record(
                    actor=request.user, group_id=group.pk, kind=data["kind"], title=data["title"],
                    held_on=data["held_on"], ends_on=data["ends_on"], place=data["place"], content=data["content"],
                    destination=data["destination"], hosts=data["hosts"],
                    present_member_ids=data["present_members"], findings=form.findings_list(),
                )
            except ServiceError as error:
                show_refusal(request, error, form)
            else:
                messages.success(request, _("The activity is recorded."))
                return redirect(group.get_absolute_url() + f"#activity-{activity.pk}")
        return render(request, "research/activity_form.html", {"group": group, "form": form}, status=400)


class VisitListView(ResearchReaderMixin, View):
    """External study visits across years, with a count per year (R6)."""

    def get(self, request):
        filterset = VisitFilter(request.GET, queryset=selectors.external_visits_for(request.user))
        for field in filterset.form.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
        per_year = selectors.visit_counts_by_year(request.user)
        return render(request, "research/visit_list.html", {
            "filter": filterset,
            "page_obj": page,
            "visits": page.object_list,
            "per_year": per_year,
            "total": sum(row["count"] for row in per_year),
            "querystring_without_page": querystring_without_page(request),
        })
