"""The home page: where each user starts."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from topics.selectors import plan_summary_for_year, current_year


@login_required
def home(request):
    year = current_year()
    return render(request, "home.html", {"year": year, "summary": plan_summary_for_year(year)})
