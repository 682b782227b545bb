"""Pages of the working-day calendar: the due-date calculator."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .forms import DueDateForm
from .models import CalendarDay
from .services import LAST_KNOWN_YEAR, calendar_is_known, due_date


@login_required
def calculator(request):
    """GET form: a due date with its explanation, the staff corrections and the provisional years."""
    today = timezone.localdate()
    result = None
    if "start" in request.GET or "working_days" in request.GET:
        form = DueDateForm(request.GET)
        if form.is_valid():
            result = due_date(start=form.cleaned_data["start"], working_days=form.cleaned_data["working_days"])
    else:
        form = DueDateForm(initial={"start": today, "working_days": 20})
    corrections_from_year = today.year - 1
    corrections = CalendarDay.objects.filter(date__year__gte=corrections_from_year)
    upcoming_provisional_years = [year for year in (today.year, today.year + 1) if not calendar_is_known(year)]
    return render(
        request,
        "workdays/calculator.html",
        {
            "form": form,
            "result": result,
            "corrections": corrections,
            "corrections_from_year": corrections_from_year,
            "last_known_year": LAST_KNOWN_YEAR,
            "upcoming_provisional_years": upcoming_provisional_years,
        },
        status=400 if form.is_bound and form.errors else 200,  # a refused date answers 400 with its message
    )
