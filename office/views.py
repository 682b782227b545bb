"""Pages of office administration (机关管理): lists with filters and pages, forms that write through the services."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views import View

from chengwu_cppcc.error_pages import bad_request
from chengwu_cppcc.errors import ServiceError
from chengwu_cppcc.pages import querystring_without_page, show_refusal
from chengwu_cppcc.paging import page_of
from directory.models import Department, Member, MemberGroup, Sector, SpecialCommittee, User
from directory.roles import Role
from notifications.models import ReminderPolicy
from outcomes.models import POLICY_KINDS, DeadlinePolicy
from outcomes.services.common import POLICY_DEFAULTS
from workdays.models import CalendarDay
from workdays.services import LAST_KNOWN_YEAR, calendar_is_known

from . import access, filters, forms, selectors, services

YES, NO = gettext_lazy("Yes"), gettext_lazy("No")


def _yes_no(value) -> str:
    return str(YES if value else NO)


def _badge(tone: str, label) -> dict:
    """A cell shown as a badge coloured by its meaning (the template renders it with tone_badge)."""
    return {"tone": tone, "label": label}


class OfficeAccess(LoginRequiredMixin):
    """Coarse access per page (office.access); the services check again."""

    allowed: Callable = staticmethod(access.may_manage_rules)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficeIndex(OfficeAccess, View):
    allowed = staticmethod(access.may_open_office)

    def get(self, request):
        user = request.user
        sections = []
        if access.may_manage_rules(user):
            sections.append((_("The committee's rules"), [
                (_("Calendar corrections"), "office:calendar", _("Holidays and adjusted working days the deadlines count with.")),
                (_("Deadline policies"), "office:deadline-list", _("Working days to reply, co-handling, returns, report intervals.")),
                (_("Reminder policy"), "office:reminder-policy", _("When departments, the supervision office and staff are reminded.")),
                (_("Task schedule"), "office:task-list", _("When the reminder sweep and the notification delivery run.")),
            ]))
            sections.append((_("Committee directory"), [
                (pgettext("office", "Members"), "office:member-list", _("Members with sector, activity group and special committees.")),
                (_("Member activity groups"), "office:group-list", ""),
                (_("Special committees"), "office:committee-list", ""),
                (_("Sectors"), "office:sector-list", ""),
            ]))
        accounts = []
        if access.may_manage_accounts(user):
            accounts += [
                (_("Users and roles"), "office:user-list", _("Accounts, their roles and departments.")),
                (_("Departments"), "office:department-list", _("Undertaking departments, their leader in charge and officers.")),
            ]
        if access.may_unlock_accounts(user):
            accounts.append((_("Locked accounts"), "accounts:security",
                             _("Logins locked after repeated failures: unlock them, reset passwords, revoke tokens.")))
        if accounts:
            sections.append((_("Accounts"), accounts))
        return render(request, "office/index.html", {"sections": sections, "recent": selectors.recent_changes(
            actions=_visible_actions(user), limit=10)})


def _visible_actions(user) -> list[str]:
    from .labels import ACTIONS

    accounts = {"user_added", "user_changed", "department_added", "department_changed"}
    visible = []
    for action in ACTIONS:
        if action in accounts:
            allowed = access.may_manage_accounts(user)
        else:
            allowed = access.may_manage_rules(user)
        if allowed:
            visible.append(action)
    return visible


@dataclass
class Column:
    label: str
    value: Callable


class RecordList(OfficeAccess, View):
    """A list page: filter bar, table, "共 N 条" and pages, recent changes."""

    title = ""
    model = None
    filterset_class = None
    columns: list[Column] = []
    create_url_name = ""
    edit_url_name = ""
    empty_text = gettext_lazy("Nothing matches these filters.")
    history_actions = None
    template_name = "office/list.html"

    def get_queryset(self):
        return self.model.objects.order_by("id")

    def row_actions(self, obj) -> list[dict]:
        return []

    def extra_context(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset())
        page = page_of(filterset.qs, request)
        rows = [
            {
                "cells": [column.value(obj) for column in self.columns],
                "url": reverse(self.edit_url_name, args=[self.edit_key(obj)]) if self.edit_url_name else "",
                "actions": self.row_actions(obj),
            }
            for obj in page.object_list
        ]
        context = {
            "title": self.title,
            "headers": [column.label for column in self.columns],
            "rows": rows,
            "page_obj": page,
            "paginator": page.paginator,
            "filter": filterset,
            "reset_url": request.path,
            "querystring_without_page": querystring_without_page(request),
            "create_url": self.create_url(),
            "empty_text": self.empty_text,
            "recent": selectors.recent_changes(model=self.model, actions=self.history_actions),
            **self.extra_context(),
        }
        return render(request, self.template_name, context)

    def edit_key(self, obj):
        return obj.pk

    def create_url(self) -> str:
        return reverse(self.create_url_name) if self.create_url_name else ""


class RecordEdit(OfficeAccess, View):
    """Create (no pk) or change one record through services.record_save; bad input answers 400 and keeps it."""

    model = None
    form_class = None
    list_url_name = ""
    title_new = ""
    title_edit = ""
    action_added = ""
    action_changed = ""
    template_name = "office/form.html"

    def get_object(self, pk):
        if pk is None:
            return self.model()
        obj = self.model.objects.filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    def get_form(self, obj, data=None):
        return self.form_class(data, instance=obj)

    def list_url(self, obj) -> str:
        return reverse(self.list_url_name)

    def context(self, obj, form) -> dict:
        return {}

    def save(self, request, form):
        return services.record_save(
            actor=request.user, form=form, action_added=self.action_added, action_changed=self.action_changed,
            allowed=self.allowed,
        )

    def render_form(self, request, obj, form, status=200):
        title = self.title_edit if obj.pk else self.title_new
        context = {"title": title, "object": obj, "form": form, "back_url": self.list_url(obj),
                   "history": _history_of(obj), **self.context(obj, form)}
        return render(request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        obj = self.get_object(next(iter(kwargs.values()), None))
        return self.render_form(request, obj, self.get_form(obj))

    def post(self, request, **kwargs):
        obj = self.get_object(next(iter(kwargs.values()), None))
        form = self.get_form(obj, request.POST)
        if form.is_valid():
            try:
                saved = self.save(request, form)
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Saved: %(name)s.") % {"name": saved})
                return redirect(self.list_url(saved))
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
        return self.render_form(request, obj, form, status=400)


def _history_of(obj):
    if obj is None or not obj.pk:
        return []
    from history.selectors import history_for

    return history_for(obj)


# ---- calendar corrections

def _year(request) -> int | None:
    raw = request.GET.get("year")
    if raw in (None, ""):
        return timezone.localdate().year
    if not raw.isdigit() or not 1900 < int(raw) < 2200:
        return None
    return int(raw)


class CalendarList(RecordList):
    title = gettext_lazy("Calendar corrections")
    model = CalendarDay
    filterset_class = filters.CalendarDayFilter
    create_url_name = "office:calendar-new"
    edit_url_name = "office:calendar-edit"
    empty_text = gettext_lazy("No corrections for this year.")
    template_name = "office/calendar.html"
    columns = [
        Column(gettext_lazy("Date"), lambda d: d.date.isoformat()),
        Column(gettext_lazy("Weekday"), lambda d: _weekday(d.date)),
        Column(gettext_lazy("Kind"), lambda d: _badge("done" if d.kind == CalendarDay.Kind.WORKDAY else "waiting",
                                                      d.get_kind_display())),
        Column(pgettext_lazy("office column", "Name"), lambda d: d.name or "—"),
        Column(gettext_lazy("Note"), lambda d: d.note or "—"),
    ]

    def get(self, request, *args, **kwargs):
        self.year = _year(request)
        if self.year is None:
            return bad_request(request, _("Enter a year between 1901 and 2199."))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return CalendarDay.objects.filter(date__year=self.year).order_by("date")

    def create_url(self):
        return f"{reverse(self.create_url_name)}?year={self.year}"

    def row_actions(self, obj):
        return [{"label": _("Remove"), "url": reverse("office:calendar-remove", args=[obj.pk]), "post": True,
                 "css": "btn-outline-danger btn-destructive"}]

    def extra_context(self):
        today = timezone.localdate()
        return {
            "year": self.year,
            "reset_url": f"{self.request.path}?year={self.year}",
            "years": sorted({today.year - 1, today.year, today.year + 1, today.year + 2, self.year}),
            "provisional": not calendar_is_known(self.year),
            "last_known_year": LAST_KNOWN_YEAR,
        }


def _weekday(day) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return names[day.weekday()]


class CalendarEdit(RecordEdit):
    model = CalendarDay
    form_class = forms.CalendarDayForm
    title_new = gettext_lazy("New calendar correction")
    title_edit = gettext_lazy("Calendar correction")
    action_added = "calendar_day_added"
    action_changed = "calendar_day_changed"

    def get_form(self, obj, data=None):
        initial = {}
        year = self.request.GET.get("year", "")
        if obj.pk is None and year.isdigit():
            initial["date"] = f"{int(year):04d}-01-01"
        return self.form_class(data, instance=obj, initial=initial)

    def list_url(self, obj):
        year = obj.date.year if obj.pk and obj.date else _year(self.request) or timezone.localdate().year
        return f"{reverse('office:calendar')}?year={year}"

    def context(self, obj, form):
        return {"help": _("A correction overrides the official calendar for its day. Due dates computed from now on "
                          "count with it; due dates already set keep their day.")}


class CalendarRemove(OfficeAccess, View):
    def post(self, request, pk):
        day = CalendarDay.objects.filter(pk=pk).first()
        if day is None:
            raise Http404
        year = day.date.year
        try:
            services.calendar_day_remove(actor=request.user, day_id=pk)
        except ServiceError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Correction removed: %(day)s.") % {"day": day})
        return redirect(f"{reverse('office:calendar')}?year={year}")


# ---- deadline and reminder policies

def _default_policy(kind: str) -> DeadlinePolicy:
    """The policy a matter type has until the office changes it (proposals: 3 months, the leader in charge)."""
    return DeadlinePolicy(kind=kind, **POLICY_DEFAULTS.get(kind, {}))


class DeadlineList(OfficeAccess, View):
    def get(self, request):
        policies = {p.kind: p for p in DeadlinePolicy.objects.all()}
        rows = [(kind, label, policies.get(kind) or _default_policy(kind)) for kind, label in POLICY_KINDS]
        return render(request, "office/deadlines.html", {
            "rows": rows, "recent": selectors.recent_changes(model=DeadlinePolicy),
        })


class DeadlineEdit(RecordEdit):
    model = DeadlinePolicy
    form_class = forms.DeadlinePolicyForm
    list_url_name = "office:deadline-list"
    title_new = title_edit = gettext_lazy("Deadline policy")
    action_added = action_changed = "deadline_policy_changed"

    def get_object(self, kind):
        if kind not in dict(POLICY_KINDS):
            raise Http404
        return DeadlinePolicy.objects.filter(kind=kind).first() or _default_policy(kind)

    def context(self, obj, form):
        return {"subtitle": obj.get_kind_display(),
                "help": _("Assignments forwarded from now on use the new numbers; those already forwarded keep "
                          "the deadline they were given.")}


class ReminderPolicyEdit(RecordEdit):
    model = ReminderPolicy
    form_class = forms.ReminderPolicyForm
    list_url_name = "office:reminder-policy"
    title_new = title_edit = gettext_lazy("Reminder policy")
    action_added = action_changed = "reminder_policy_changed"

    def get_object(self, pk):
        return ReminderPolicy.objects.order_by("id").first() or ReminderPolicy()

    def context(self, obj, form):
        return {"help": _("Offsets are counted in working days. Every reminder is sent once, whatever the schedule.")}


# ---- the task schedule (django-celery-beat)

def _periodic_task_model():
    from django_celery_beat.models import PeriodicTask

    return PeriodicTask


class TaskList(RecordList):
    title = gettext_lazy("Task schedule")
    filterset_class = filters.TaskFilter
    edit_url_name = "office:task-edit"
    columns = [
        Column(pgettext_lazy("office column", "Name"), lambda t: t.name),
        Column(gettext_lazy("Task"), lambda t: t.task),
        Column(gettext_lazy("Schedule"), lambda t: services.describe_schedule(t)),
        Column(gettext_lazy("Enabled"), lambda t: _badge("done" if t.enabled else "neutral", _yes_no(t.enabled))),
        Column(gettext_lazy("Last run"), lambda t: timezone.localtime(t.last_run_at).strftime("%Y-%m-%d %H:%M")
               if t.last_run_at else "—"),
        Column(gettext_lazy("Runs"), lambda t: t.total_run_count),
    ]

    @property
    def model(self):
        return _periodic_task_model()

    def get_queryset(self):
        return _periodic_task_model().objects.select_related("interval", "crontab").order_by("id")

    def row_actions(self, obj):
        label = _("Disable") if obj.enabled else _("Enable")
        return [{"label": label, "url": reverse("office:task-toggle", args=[obj.pk]), "post": True,
                 "css": "btn-outline-secondary", "value": "0" if obj.enabled else "1"}]

    def extra_context(self):
        return {"help": _("The beat process reads this schedule; a change takes effect within a minute, without a "
                          "restart. Run exactly one beat process.")}


class TaskEdit(OfficeAccess, View):
    def _task(self, pk):
        task = _periodic_task_model().objects.select_related("interval", "crontab").filter(pk=pk).first()
        if task is None:
            raise Http404
        return task

    def _render(self, request, task, form, status=200):
        return render(request, "office/form.html", {
            "title": _("Task schedule"), "subtitle": task.name, "object": task, "form": form,
            "back_url": reverse("office:task-list"), "history": _history_of(task),
        }, status=status)

    def get(self, request, pk):
        task = self._task(pk)
        return self._render(request, task, forms.TaskScheduleForm(initial=forms.TaskScheduleForm.initial_for(task)))

    def post(self, request, pk):
        task = self._task(pk)
        form = forms.TaskScheduleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_schedule_save(
                    actor=request.user, task_id=task.pk, enabled=data["enabled"], kind=data["kind"],
                    every=data.get("every"), period=data.get("period") or "",
                    crontab={name: data[name] for name in forms.TaskScheduleForm.CRONTAB_FIELDS},
                )
            except ServiceError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Saved: %(name)s.") % {"name": task.name})
                return redirect("office:task-list")
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
        return self._render(request, task, form, status=400)


class TaskToggle(OfficeAccess, View):
    def post(self, request, pk):
        if request.POST.get("enabled") not in ("0", "1"):
            return bad_request(request, _("Say whether the task is to be enabled or disabled."))
        try:
            task = services.task_set_enabled(actor=request.user, task_id=pk, enabled=request.POST["enabled"] == "1")
        except ServiceError as exc:
            show_refusal(request, exc)
            return redirect("office:task-list")
        messages.success(request, (_("Enabled: %(name)s.") if task.enabled else _("Disabled: %(name)s.")) % {"name": task.name})
        return redirect("office:task-list")


# ---- the committee's directory

class MemberList(RecordList):
    title = pgettext_lazy("office", "Members")
    model = Member
    filterset_class = filters.MemberFilter
    create_url_name = "office:member-new"
    edit_url_name = "office:member-edit"
    columns = [
        Column(pgettext_lazy("person", "Name"), lambda m: m.name),
        Column(gettext_lazy("Sector"), lambda m: m.sector.name if m.sector else "—"),
        Column(gettext_lazy("Member activity group"), lambda m: m.group.name if m.group else "—"),
        Column(gettext_lazy("Special committees"), lambda m: "、".join(c.name for c in m.committees.all()) or "—"),
        Column(gettext_lazy("Expertise"), lambda m: m.expertise or "—"),
        Column(gettext_lazy("Employer and position"), lambda m: m.employer or "—"),
        Column(gettext_lazy("Active"), lambda m: _yes_no(m.is_active)),
    ]

    def get_queryset(self):
        return Member.objects.select_related("sector", "group").prefetch_related("committees").order_by("id")


class MemberEdit(RecordEdit):
    model = Member
    form_class = forms.MemberForm
    list_url_name = "office:member-list"
    title_new = gettext_lazy("New member")
    title_edit = gettext_lazy("Member")
    action_added = "member_added"
    action_changed = "member_changed"


def _name_list(model_, title, prefix, empty):
    class NameList(RecordList):
        model = model_
        filterset_class = type(f"{model_.__name__}Filter", (filters.NameFilter,), {
            "Meta": type("Meta", (), {"model": model_, "fields": []})})
        create_url_name = f"office:{prefix}-new"
        edit_url_name = f"office:{prefix}-edit"
        empty_text = empty
        columns = [
            Column(pgettext_lazy("office column", "Name"), lambda r: r.name),
            Column(pgettext_lazy("member count", "Members"), lambda r: r.member_count),
        ]

        def get_queryset(self):
            return model_.objects.annotate(member_count=Count("member", distinct=True)).order_by("id")

    NameList.title = title
    return NameList


def _name_edit(model_, form_class_, prefix, title_new_, title_edit_, action):
    class NameEdit(RecordEdit):
        model = model_
        form_class = form_class_
        list_url_name = f"office:{prefix}-list"
        title_new = title_new_
        title_edit = title_edit_
        action_added = f"{action}_added"
        action_changed = f"{action}_changed"

    return NameEdit


GroupList = _name_list(MemberGroup, gettext_lazy("Member activity groups"), "group", gettext_lazy("No groups match."))
CommitteeList = _name_list(SpecialCommittee, gettext_lazy("Special committees"), "committee", gettext_lazy("No committees match."))
SectorList = _name_list(Sector, gettext_lazy("Sectors"), "sector", gettext_lazy("No sectors match."))
GroupEdit = _name_edit(MemberGroup, forms.MEMBER_GROUP_FORM, "group", gettext_lazy("New member activity group"),
                       gettext_lazy("Member activity group"), "member_group")
CommitteeEdit = _name_edit(SpecialCommittee, forms.COMMITTEE_FORM, "committee", gettext_lazy("New special committee"),
                           gettext_lazy("Special committee"), "committee")
SectorEdit = _name_edit(Sector, forms.SECTOR_FORM, "sector", gettext_lazy("New sector"), gettext_lazy("Sector"), "sector")


# ---- accounts: users and roles, departments (the system administrator). Locked accounts are the security
# administrator's page in accounts (accounts:security), which also resets passwords and revokes tokens.

def _roles_text(user) -> str:
    labels = dict(Role.choices)
    return "、".join(str(labels.get(grant.role, grant.role)) for grant in user.role_grants.all()) or "—"


class UserList(RecordList):
    allowed = staticmethod(access.may_manage_accounts)
    title = gettext_lazy("Users and roles")
    model = User
    filterset_class = filters.UserFilter
    create_url_name = "office:user-new"
    edit_url_name = "office:user-edit"
    columns = [
        Column(gettext_lazy("Login"), lambda u: u.username),
        Column(pgettext_lazy("person", "Name"), lambda u: u.full_name or "—"),
        Column(pgettext_lazy("job title", "Title"), lambda u: u.title or "—"),
        Column(gettext_lazy("Roles"), _roles_text),
        Column(gettext_lazy("Department"), lambda u: u.department.name if u.department else "—"),
        Column(gettext_lazy("Active"), lambda u: _yes_no(u.is_active)),
        Column(gettext_lazy("Last login"), lambda u: timezone.localtime(u.last_login).strftime("%Y-%m-%d %H:%M")
               if u.last_login else "—"),
    ]

    def get_queryset(self):
        return User.objects.select_related("department").prefetch_related("role_grants").order_by("id")


class UserEdit(RecordEdit):
    allowed = staticmethod(access.may_manage_accounts)
    model = User
    form_class = forms.UserForm
    list_url_name = "office:user-list"
    title_new = gettext_lazy("New user")
    title_edit = gettext_lazy("User")

    def save(self, request, form):
        return services.user_save(actor=request.user, form=form)


class DepartmentList(RecordList):
    allowed = staticmethod(access.may_manage_accounts)
    title = gettext_lazy("Departments")
    model = Department
    filterset_class = filters.DepartmentFilter
    create_url_name = "office:department-new"
    edit_url_name = "office:department-edit"
    columns = [
        Column(pgettext_lazy("office column", "Name"), lambda d: d.name),
        Column(gettext_lazy("Government leader in charge"), lambda d: d.leader_in_charge.display_name if d.leader_in_charge else "—"),
        Column(gettext_lazy("Officers"), lambda d: "、".join(o.display_name for o in d.officers.all()) or "—"),
        Column(gettext_lazy("Active"), lambda d: _yes_no(d.is_active)),
    ]

    def get_queryset(self):
        return Department.objects.select_related("leader_in_charge").prefetch_related("officers").order_by("id")


class DepartmentEdit(RecordEdit):
    allowed = staticmethod(access.may_manage_accounts)
    model = Department
    form_class = forms.DepartmentForm
    list_url_name = "office:department-list"
    title_new = gettext_lazy("New department")
    title_edit = gettext_lazy("Department")
    action_added = "department_added"
    action_changed = "department_changed"

    def context(self, obj, form):
        officers = list(obj.officers.order_by("id")) if obj.pk else []
        return {"officers": officers,
                "help": _("Officers belong to a department through their user account (Users and roles).")}
