"""The home page: where each user starts, with a panel of what each of their roles must do now."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from directory.roles import Role, has_role
from outcomes.selectors import home_context as outcomes_home_context
from research.selectors import vice_chair_dashboard
from stats.selectors import year_figures
from topics.selectors import TOPIC_READER_ROLES, current_year, plan_summary_for_year

# (role, template): each stage contributes the panel of what that role must do now.
HOME_PANELS = [
    (Role.STAFF, "includes/home_staff_pipeline.html"),
    (Role.STAFF, "outcomes/includes/home_staff.html"),
    (Role.VICE_CHAIR, "research/includes/vice_chair_panel.html"),
    (Role.DEPARTMENT, "outcomes/includes/home_department.html"),
    (Role.LEADER_IN_CHARGE, "outcomes/includes/home_leader.html"),
    (Role.PRINCIPAL_LEADER, "outcomes/includes/home_leader.html"),
    (Role.SUPERVISOR, "outcomes/includes/home_supervisor.html"),
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
    return render(
        request,
        "home.html",
        {
            "year": year,
            "can_read_topics": can_read_topics,
            "summary": plan_summary_for_year(year) if can_read_topics else None,
            "panels": templates,
            "dashboard": vice_chair_dashboard(user, include_closed=False) if has_role(user, Role.VICE_CHAIR) else None,
            "outcomes_home": outcomes_home_context(user),
            "figures": year_figures(year) if has_role(user, Role.STAFF) else None,
        },
    )
