"""Office pages for the official documents: the 发文字号 register and an outcome's meeting record (纪要)."""
from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chengwu_cppcc.pages import run_step
from chengwu_cppcc.paging import page_of
from directory.models import Member
from directory.roles import Role
from directory.views import RoleRequiredMixin

from .models import IssuedNumber, MeetingRecord, NumberKind, Outcome
from .numbers import number_correct
from .services.meetings import meeting_record_save


class NumberRegisterView(RoleRequiredMixin, View):
    """One year's numbers, letters and minutes; the office corrects a serial in place."""

    allowed_roles = (Role.STAFF,)
    template_name = "outcomes/number_register.html"

    def _year(self, request) -> int:
        value = request.GET.get("year", "")
        return int(value) if value.isdigit() and 1990 <= int(value) <= 2099 else timezone.localdate().year

    def get(self, request):
        year = self._year(request)
        kind = request.GET.get("kind", "")
        numbers = IssuedNumber.objects.filter(year=year).select_related("outcome", "corrected_by")
        if kind in NumberKind.values:
            numbers = numbers.filter(kind=kind)
        years = sorted(set(IssuedNumber.objects.values_list("year", flat=True)) | {year}, reverse=True)
        page = page_of(numbers.order_by("kind", "serial"), request, 50)
        return render(request, self.template_name, {
            "page_obj": page, "numbers": page.object_list, "year": year, "years": years, "kind": kind,
            "kinds": NumberKind.choices, "querystring_without_page": f"year={year}&kind={kind}&",
        })

    def post(self, request):
        run_step(
            request,
            lambda: number_correct(actor=request.user, number_id=request.POST.get("number"),
                                   serial=request.POST.get("serial")),
            success=_("The number was corrected."),
        )
        return redirect(f"{request.path}?year={self._year(request)}")


class MeetingRecordForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Meeting date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=gettext_lazy("Meeting place"), max_length=100, required=False)
    presiding = forms.ModelChoiceField(label=gettext_lazy("Presiding"), queryset=Member.objects.none(),
                                       required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Present (from the directory)"), queryset=Member.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    guests = forms.CharField(label=gettext_lazy("Present (others)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("One per line, e.g. “县住房和城乡建设局 张明”."))
    observers = forms.CharField(label=gettext_lazy("Attending without vote (列席)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy("One per line."))
    absent = forms.CharField(label=gettext_lazy("On leave (请假)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy("One per line."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.order_by("name")
        self.fields["presiding"].queryset = members
        self.fields["attendees"].queryset = members


class MeetingRecordView(RoleRequiredMixin, View):
    """The office records the meeting the outcome document records; the minutes print it."""

    allowed_roles = (Role.STAFF,)
    template_name = "outcomes/meeting_record_form.html"

    def _initial(self, outcome) -> dict:
        record = MeetingRecord.objects.filter(outcome=outcome).first()
        if record is None:
            return {}
        return {
            "held_on": record.held_on, "place": record.place, "presiding": record.presiding_id,
            "attendees": list(record.attendees.values_list("pk", flat=True)), "guests": record.guests,
            "observers": record.observers, "absent": record.absent,
        }

    def get(self, request, pk):
        outcome = get_object_or_404(Outcome, pk=pk)
        form = MeetingRecordForm(initial=self._initial(outcome))
        return render(request, self.template_name, {"outcome": outcome, "form": form})

    def post(self, request, pk):
        outcome = get_object_or_404(Outcome, pk=pk)
        form = MeetingRecordForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = run_step(
                request,
                lambda: meeting_record_save(
                    actor=request.user, outcome_id=outcome.pk, held_on=data["held_on"], place=data["place"],
                    presiding=data["presiding"].pk if data["presiding"] else None,
                    attendees=[m.pk for m in data["attendees"]], guests=data["guests"],
                    observers=data["observers"], absent=data["absent"],
                ),
                form=form, success=_("The meeting record was saved."),
            )
            if saved is not None:
                return redirect(outcome)
        return render(request, self.template_name, {"outcome": outcome, "form": form}, status=400)
