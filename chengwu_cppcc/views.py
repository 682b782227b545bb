"""The home page: where each user starts, with a panel per role they hold."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from directory.roles import Role, has_role
from research.selectors import vice_chair_dashboard
from topics.selectors import TOPIC_READER_ROLES, current_year, plan_summary_for_year

# (role, template, selector) — each stage contributes the panel of what that role must do now.
HOME_PANELS: list[tuple[str, str, callable]] = [
    (Role.VICE_CHAIR, "research/includes/vice_chair_panel.html", vice_chair_dashboard),
]


@login_required
def home(request):
    year = current_year()
    can_read_topics = has_role(request.user, *TOPIC_READER_ROLES)
    panels = [
        {"template": template, "data": selector(request.user)}
        for role, template, selector in HOME_PANELS
        if has_role(request.user, role)
    ]
    return render(
        request,
        "home.html",
        {
            "year": year,
            "can_read_topics": can_read_topics,
            "summary": plan_summary_for_year(year) if can_read_topics else None,
            "panels": panels,
        },
    )
