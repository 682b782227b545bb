"""The home page, where each user starts, and the to-do centre (我的待办 / 已办)."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chengwu_cppcc.pages import querystring_without_page
from directory.roles import Role, has_role
from outcomes.selectors import home_context as outcomes_home_context
from research.selectors import vice_chair_dashboard
from stats.selectors import year_figures
from topics.selectors import TOPIC_READER_ROLES, current_year, plan_summary_for_year

from .todos import cached_todo_summary, cached_todos, done_for, done_rows, todo_count, type_choices

TODOS_PER_PAGE = 30

# (role, template): each stage contributes the panel of what that role must do now.
HOME_PANELS = [
    (Role.STAFF, "workbench/home_staff_pipeline.html"),
    (Role.STAFF, "outcomes/includes/home_staff.html"),
    (Role.VICE_CHAIR, "research/includes/vice_chair_panel.html"),
    (Role.DEPARTMENT, "outcomes/includes/home_department.html"),
    (Role.LEADER_IN_CHARGE, "outcomes/includes/home_leader.html"),
    (Role.PRINCIPAL_LEADER, "outcomes/includes/home_leader.html"),
    (Role.SUPERVISOR, "outcomes/includes/home_supervisor.html"),
    (Role.MEMBER, "members/includes/home_member.html"),
]


@login_required
def home(request):
    user = request.user
    year = current_year()
    can_read_topics = has_role(user, *TOPIC_READER_ROLES)
    templates = []
    for role, template in HOME_PANELS:
        if has_role(user, role) and template not in templates:
            templates.append(template)
    todos = cached_todo_summary(user)
    figures = year_figures(year) if has_role(user, Role.STAFF) else None
    return render(
        request,
        "workbench/home.html",
        {
            "todos": todos["first"],  # the first SUMMARY_ITEMS (workbench.todos)
            "todo_total": todos["total"],
            "todo_overdue": todos["overdue"],
            "year": year,
            "can_read_topics": can_read_topics,
            "summary": plan_summary_for_year(year) if can_read_topics else None,
            "panels": templates,
            "dashboard": vice_chair_dashboard(user, include_closed=False) if has_role(user, Role.VICE_CHAIR) else None,
            "outcomes_home": outcomes_home_context(user),
            "figures": figures,
            # The panel lists only the departments with something overdue: filtered here, not per row in the template.
            "overdue_ranking": [row for row in figures["ranking"] if row["overdue"]] if figures else [],
        },
    )


@login_required
def todo_list(request):
    """我的待办: what the user must act on now (filter by kind), and 已办: the steps they took."""
    tab = "done" if request.GET.get("tab") == "done" else "todo"
    kinds = type_choices()
    kind = request.GET.get("type") or ""
    if kind not in {value for value, _label in kinds}:
        kind = ""
    if tab == "done":
        page = Paginator(done_for(request.user), TODOS_PER_PAGE).get_page(request.GET.get("page"))
        rows = done_rows(page.object_list)
    else:
        page = Paginator(cached_todos(request.user, object_type=kind or None), TODOS_PER_PAGE).get_page(request.GET.get("page"))
        rows = page.object_list
    return render(request, "workbench/todos.html", {
        "tab": tab,
        "kinds": kinds,
        "kind": kind,
        "page_obj": page,
        "rows": rows,
        "querystring_without_page": querystring_without_page(request),
    })


@login_required
def todo_badge(request):
    """The header's count, loaded after the page (htmx): no page pays for the to-do list it does not show."""
    count = todo_count(request.user)
    text = str(count) if count else ""
    label = _("%(count)s things to do") % {"count": count}
    return HttpResponse(
        f'<span class="badge text-bg-warning" id="todo-count" aria-label="{label}">{text}</span>' if count else ""
    )
