"""Pages of members' own work (mobile first) and the office's side of it: meetings, review, records, rules."""
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from chengwu_cppcc.pages import querystring_without_page, run_step
from chengwu_cppcc.security import file_download
from directory.models import Member
from directory.roles import Role, has_role
from history.selectors import history_for
from topics.models import Topic
from topics.selectors import opinion_summary
from topics.steps import TOPIC_STEPS
from workbench.todos import cached_todos

from . import services
from .filters import PublicOpinionFilter
from .forms import (
    AdoptForm,
    AskGroupsForm,
    DecisionForm,
    InstructForm,
    LeaveForm,
    MakeTopicForm,
    MeetingForm,
    MemberOpinionForm,
    PointsRuleFormSet,
    PublicOpinionForm,
    RecordPolicyForm,
    RejectForm,
    ReturnForm,
    SignInForm,
)
from .models import PointsRule, RecordPolicy
from .records import attendance_rates, record_for, records_for_year
from .selectors import meetings_for, opinion_requests_for, own_opinion, participations_for, public_opinions_for
from .steps import ALL_TABLES, OPINION_STEPS, PARTICIPATION_STEPS, PUBLIC_OPINION_STEPS, member_of

PER_PAGE = 30
MEMBER_OBJECT_TYPES = {t.object_type for t in ALL_TABLES}


def _member_or_403(request) -> Member:
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


def _staff_or_403(request) -> None:
    if not has_role(request.user, Role.STAFF):
        raise PermissionDenied


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _year(request) -> int:
    value = request.GET.get("year") or str(timezone.localdate().year)
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise Http404
    return int(value)


# The member's home ------------------------------------------------------------------------------------------


@login_required
@require_safe
def home(request):
    member = _member_or_403(request)
    today = timezone.localdate()
    todos = cached_todos(request.user)  # as the other homes: cached until a step or a figure changes
    # The panels join only what they show (the meeting; the report itself): each further join is planning time.
    upcoming = (
        participations_for(request.user).filter(member=member, meeting__ends_at__gte=timezone.now())
        .select_related(None).select_related("meeting").order_by("meeting__starts_at", "id")[:5]
    )
    record = record_for(member, today.year)
    return render(request, "members/home.html", {
        "member": member, "todos": todos, "upcoming": upcoming, "record": record,
        "pass_line": record.pass_line,
        "recent_reports": public_opinions_for(request.user).select_related(None).order_by("-created_at", "-id")[:3],
    })


# Opinions on candidates ---------------------------------------------------------------------------------------


@login_required
@require_safe
def opinion_list(request):
    _member_or_403(request)
    requests = opinion_requests_for(request.user).order_by("-requested_at", "-id")
    page = _page(request, requests)
    for item in page.object_list:
        item.open = OPINION_STEPS.may("give_opinion", request.user, item)
    return render(request, "members/opinion_list.html", {
        "page_obj": page, "querystring_without_page": querystring_without_page(request)})


def _opinion_context(request, item, form):
    return {"item": item, "form": form, "mine": own_opinion(request.user, item),
            "can_give": OPINION_STEPS.may("give_opinion", request.user, item),
            "refusal": OPINION_STEPS.refusal("give_opinion", request.user, item)}


@login_required
def opinion_detail(request, pk):
    item = get_object_or_404(opinion_requests_for(request.user), pk=pk)
    mine = own_opinion(request.user, item)
    if request.method == "POST":
        if not OPINION_STEPS["give_opinion"].permits(request.user, item):
            raise PermissionDenied
        form = MemberOpinionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            done = run_step(request, lambda: services.member_opinion_give(
                actor=request.user, request_id=item.pk, stance=data["stance"], comment=data["comment"]),
                form=form, success=_("Your opinion was saved; you can change it until the chair meeting decides."))
            if done is not None:
                return redirect("members:opinion-detail", pk=item.pk)
        item.topic.refresh_from_db()
        return render(request, "members/opinion_detail.html", _opinion_context(request, item, form), status=400)
    initial = {"stance": mine.stance, "comment": mine.comment} if mine else None
    return render(request, "members/opinion_detail.html", _opinion_context(request, item, MemberOpinionForm(initial=initial)))


@login_required
def opinion_ask(request, topic_pk):
    """Staff or the vice-chair in charge take a candidate to member activity groups."""
    if not has_role(request.user, *TOPIC_STEPS["feedback"].roles):
        raise PermissionDenied
    topic = get_object_or_404(Topic.objects.select_related("plan"), pk=topic_pk)
    if not TOPIC_STEPS["feedback"].permits(request.user, topic):
        raise PermissionDenied
    form = AskGroupsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = run_step(request, lambda: services.opinion_request_create(
                actor=request.user, topic_id=topic.pk, group_ids=[g.pk for g in form.cleaned_data["groups"]],
                note=form.cleaned_data["note"]), form=form, success=_("The members of the groups were asked."))
            if done is not None:
                return redirect("members:opinion-ask", topic_pk=topic.pk)
        status = 400
    asked = topic.opinion_requests.select_related("member_group").order_by("id")
    return render(request, "members/opinion_ask.html", {
        "topic": topic, "form": form, "asked": asked, "summary": opinion_summary(topic)}, status=status)


# Meetings and activities --------------------------------------------------------------------------------------


@login_required
@require_safe
def activity_list(request):
    member = _member_or_403(request)
    rows = participations_for(request.user).filter(member=member).order_by("-meeting__starts_at", "-id")
    page = _page(request, rows)
    rates = attendance_rates(timezone.localdate().year, [member]).get(member.pk)
    return render(request, "members/activity_list.html", {
        "page_obj": page, "rate": rates, "querystring_without_page": querystring_without_page(request)})


STEP_FORMS = {"confirm": None, "request_leave": LeaveForm, "grant_leave": DecisionForm, "refuse_leave": DecisionForm}


def _activity_context(request, participation, forms=None):
    steps = PARTICIPATION_STEPS.available(request.user, participation)
    forms = forms or {}
    for name in steps:
        if name in STEP_FORMS and name not in forms:
            form_class = STEP_FORMS[name]
            forms[name] = form_class(prefix=name) if form_class else None
    return {"p": participation, "meeting": participation.meeting, "steps": steps, "forms": forms,
            "history": history_for(participation)}


@login_required
@require_safe
def activity_detail(request, pk):
    participation = get_object_or_404(participations_for(request.user), pk=pk)
    return render(request, "members/activity_detail.html", _activity_context(request, participation))


@login_required
@require_POST
def activity_step(request, pk, step):
    participation = get_object_or_404(participations_for(request.user), pk=pk)
    if step not in STEP_FORMS:
        raise Http404
    if not PARTICIPATION_STEPS[step].permits(request.user, participation):
        raise PermissionDenied
    form_class = STEP_FORMS[step]
    form = form_class(request.POST, prefix=step) if form_class else None
    if form is None or form.is_valid():
        data = form.cleaned_data if form else {}
        actions = {
            "confirm": (lambda: services.participation_confirm(actor=request.user, participation_id=pk),
                        _("You confirmed your attendance.")),
            "request_leave": (lambda: services.participation_request_leave(
                actor=request.user, participation_id=pk, reason=data["reason"]), _("Your leave request was sent.")),
            "grant_leave": (lambda: services.participation_decide_leave(
                actor=request.user, participation_id=pk, grant=True, note=data["note"]), _("Leave granted.")),
            "refuse_leave": (lambda: services.participation_decide_leave(
                actor=request.user, participation_id=pk, grant=False, note=data["note"]), _("Leave refused.")),
        }
        action, success = actions[step]
        if run_step(request, action, form=form, success=success) is not None:
            return redirect("members:activity-detail", pk=pk)
    participation.refresh_from_db()
    return render(request, "members/activity_detail.html",
                  _activity_context(request, participation, {step: form} if form else {}), status=400)


@login_required
def sign_in(request):
    _member_or_403(request)
    if request.method == "POST":
        form = SignInForm(request.POST)
        if form.is_valid():
            done = run_step(request, lambda: services.participation_sign_in(
                actor=request.user, code=form.cleaned_data["code"]), form=form)
            if done is not None:
                messages.success(request, _("Signed in to “%(title)s”. Thank you.") % {"title": done.meeting.title})
                return redirect("members:activity-detail", pk=done.pk)
        return render(request, "members/sign_in.html", {"form": form}, status=400)
    form = SignInForm(initial={"code": request.GET.get("code", "")[:12]})
    return render(request, "members/sign_in.html", {"form": form})


@login_required
@require_safe
def meeting_list(request):
    if not has_role(request.user, Role.STAFF, Role.VICE_CHAIR):
        raise PermissionDenied
    page = _page(request, meetings_for(request.user).order_by("-starts_at", "-id"))
    return render(request, "members/meeting_list.html", {
        "page_obj": page, "is_staff": has_role(request.user, Role.STAFF),
        "querystring_without_page": querystring_without_page(request)})


@login_required
def meeting_create(request):
    _staff_or_403(request)
    form = MeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            meeting = run_step(request, lambda: services.meeting_create(
                actor=request.user, kind=data["kind"], title=data["title"], starts_at=data["starts_at"],
                ends_at=data["ends_at"], place=data["place"], member_ids=[m.pk for m in data["members"]],
                group_ids=[g.pk for g in data["groups"]],
                research_group_id=data["research_group"].pk if data["research_group"] else None,
                activity_kind=data["activity_kind"]), form=form, success=_("The meeting was arranged."))
            if meeting is not None:
                return redirect(meeting)
        status = 400
    return render(request, "members/meeting_form.html", {"form": form}, status=status)


def _meeting_or_404(request, pk):
    if not has_role(request.user, Role.STAFF, Role.VICE_CHAIR):
        raise PermissionDenied
    return get_object_or_404(meetings_for(request.user), pk=pk)


@login_required
@require_safe
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    rows = list(meeting.participations.select_related("member__group", "meeting__activity__group").order_by(
        "member__group_id", "member_id"))
    can_record = bool(rows) and PARTICIPATION_STEPS.may("record_attendance", request.user, rows[0])
    opens, closes = services.signin_window(meeting)
    signin_url = request.build_absolute_uri(reverse("members:sign-in") + f"?code={meeting.signin_code}")
    return render(request, "members/meeting_detail.html", {
        "meeting": meeting, "rows": rows, "can_record": can_record, "opens": opens, "closes": closes,
        "signin_url": signin_url, "history": history_for(meeting),
    })


@login_required
@require_safe
def meeting_qr(request, pk):
    """The sign-in code as a QR image for the screen at the venue (segno, SVG)."""
    import segno

    meeting = _meeting_or_404(request, pk)
    url = request.build_absolute_uri(reverse("members:sign-in") + f"?code={meeting.signin_code}")
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting_or_404(request, pk)
    present = [v for v in request.POST.getlist("present") if v.isdigit()]
    spoke = [v for v in request.POST.getlist("spoke") if v.isdigit()]
    run_step(request, lambda: services.attendance_record(actor=request.user, meeting_id=meeting.pk,
                                                         present_ids=present, spoke_ids=spoke),
             success=_("Attendance recorded."))
    return redirect(meeting)


# 社情民意信息 -------------------------------------------------------------------------------------------------


def _reports_reader_or_403(request):
    if member_of(request.user) is None and not has_role(request.user, Role.STAFF):
        raise PermissionDenied


@login_required
@require_safe
def public_opinion_list(request):
    _reports_reader_or_403(request)
    filterset = PublicOpinionFilter(request.GET, queryset=public_opinions_for(request.user).order_by("-created_at", "-id"))
    is_member = member_of(request.user) is not None
    page = _page(request, filterset.qs)
    return render(request, "members/public_opinion_list.html", {
        "page_obj": page, "is_member": is_member, "filter": filterset,
        "hidden_filters": "author,topic" if is_member else "topic",
        "querystring_without_page": querystring_without_page(request)})


@login_required
def public_opinion_create(request):
    _member_or_403(request)
    form = PublicOpinionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            report = run_step(request, lambda: services.public_opinion_create(
                actor=request.user, title=data["title"], content=data["content"], category=data["category"],
                attachment=data["attachment"]), form=form, success=_("The draft was saved. Submit it when it is ready."))
            if report is not None:
                return redirect(report)
        status = 400
    return render(request, "members/public_opinion_form.html", {"form": form}, status=status)


REVIEW_FORMS = {"return": ReturnForm, "reject": RejectForm, "adopt": AdoptForm, "instruct": InstructForm,
                "make_topic": MakeTopicForm, "submit": None}


def _report_context(request, report, forms=None):
    steps = PUBLIC_OPINION_STEPS.available(request.user, report)
    forms = forms or {}
    for name in steps:
        if name in REVIEW_FORMS and name not in forms and REVIEW_FORMS[name]:
            initial = {"title": report.title} if name == "make_topic" else None
            forms[name] = REVIEW_FORMS[name](prefix=name, initial=initial)
    return {"report": report, "steps": steps, "forms": forms, "history": history_for(report),
            "instructions": report.instructions.all()}


@login_required
@require_safe
def public_opinion_detail(request, pk):
    _reports_reader_or_403(request)
    report = get_object_or_404(public_opinions_for(request.user), pk=pk)
    return render(request, "members/public_opinion_detail.html", _report_context(request, report))


@login_required
def public_opinion_edit(request, pk):
    _reports_reader_or_403(request)
    report = get_object_or_404(public_opinions_for(request.user), pk=pk)
    if not PUBLIC_OPINION_STEPS["edit"].permits(request.user, report):
        raise PermissionDenied
    initial = {"title": report.title, "content": report.content, "category": report.category}
    form = PublicOpinionForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            done = run_step(request, lambda: services.public_opinion_update(
                actor=request.user, opinion_id=report.pk, title=data["title"], content=data["content"],
                category=data["category"], attachment=data["attachment"]), form=form, success=_("Saved."))
            if done is not None:
                return redirect(report)
        status = 400
    return render(request, "members/public_opinion_form.html", {"form": form, "report": report}, status=status)


@login_required
@require_POST
def public_opinion_step(request, pk, step):
    _reports_reader_or_403(request)
    report = get_object_or_404(public_opinions_for(request.user), pk=pk)
    if step not in REVIEW_FORMS:
        raise Http404
    if not PUBLIC_OPINION_STEPS[step].permits(request.user, report):
        raise PermissionDenied
    form_class = REVIEW_FORMS[step]
    form = form_class(request.POST, prefix=step) if form_class else None
    if form is None or form.is_valid():
        data = form.cleaned_data if form else {}
        user = request.user
        actions = {
            "submit": (lambda: services.public_opinion_submit(actor=user, opinion_id=pk),
                       _("Submitted to the committee office.")),
            "return": (lambda: services.public_opinion_return(actor=user, opinion_id=pk, comment=data["comment"]),
                       _("Returned to the member for revision.")),
            "reject": (lambda: services.public_opinion_reject(actor=user, opinion_id=pk, reason=data["reason"]),
                       _("Marked as not adopted.")),
            "adopt": (lambda: services.public_opinion_adopt(actor=user, opinion_id=pk, level=data["level"],
                                                            date=data["date"]), _("Adopted.")),
            "instruct": (lambda: services.public_opinion_instruct(actor=user, opinion_id=pk, leader=data["leader"],
                                                                  date=data["date"], text=data["text"]),
                         _("The leader's instruction was recorded.")),
            "make_topic": (lambda: services.public_opinion_make_topic(
                actor=user, opinion_id=pk, plan_id=data["plan"].pk, committee_id=data["committee"].pk,
                domain=data["domain"], consultation_type=data["consultation_type"], title=data["title"],
                vice_chair_id=data["vice_chair"].pk if data["vice_chair"] else None),
                _("The candidate topic was recorded; its origin is this report.")),
        }
        action, success = actions[step]
        if run_step(request, action, form=form, success=success) is not None:
            return redirect(report)
    report.refresh_from_db()
    return render(request, "members/public_opinion_detail.html",
                  _report_context(request, report, {step: form} if form else {}), status=400)


@login_required
@require_safe
def public_opinion_attachment(request, pk):
    _reports_reader_or_403(request)
    report = get_object_or_404(public_opinions_for(request.user), pk=pk)
    if not report.attachment:
        raise Http404
    # Named for the type detected at upload, never the uploader's extension (等保 finding 5).
    return file_download(report.attachment, original=report.attachment_name or report.attachment.name,
                         content_type=report.attachment_type)


# 履职档案 ------------------------------------------------------------------------------------------------------


@login_required
@require_safe
def my_record(request):
    member = _member_or_403(request)
    year = _year(request)
    record = record_for(member, year)
    return render(request, "members/record.html", {
        "record": record, "year": year, "pass_line": record.pass_line,
        "rules": PointsRule.objects.all(), "own": True,
        "rate": attendance_rates(year, [member]).get(member.pk)})


@login_required
@require_safe
def record_ranking(request):
    _staff_or_403(request)
    year = _year(request)
    records = records_for_year(year)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "members/record_ranking.html", {
        "page_obj": page, "year": year, "pass_line": RecordPolicy.current().pass_line,
        "below": sum(1 for r in records if r.below_pass_line), "querystring_without_page":
        querystring_without_page(request)})


@login_required
@require_safe
def record_member(request, member_pk):
    _staff_or_403(request)
    member = get_object_or_404(Member.objects.select_related("group", "sector"), pk=member_pk)
    year = _year(request)
    record = record_for(member, year)
    return render(request, "members/record.html", {
        "record": record, "year": year, "pass_line": record.pass_line,
        "rules": PointsRule.objects.all(), "own": False,
        "rate": attendance_rates(year, [member]).get(member.pk)})


@login_required
@require_safe
def record_export(request):
    from chengwu_cppcc.exports import xlsx_response

    _staff_or_403(request)
    year = _year(request)
    records = records_for_year(year)
    rates = attendance_rates(year, [r.member for r in records])
    headers = [_("Rank"), _("Member"), _("Member activity group"), _("Sector"), _("Points"), _("Below the pass line"),
               _("Attendance rate"), _("Items")]
    rows = [[r.rank, r.member.name, r.member.group.name if r.member.group else "",
             r.member.sector.name if r.member.sector else "", r.points, _("Yes") if r.below_pass_line else "",
             f"{rates[r.member.pk]['rate']}%" if rates.get(r.member.pk, {}).get("rate") is not None else "",
             len(r.entries)] for r in records]
    return xlsx_response(f"{year}年委员履职档案.xlsx", _("Records %(year)s") % {"year": year}, headers, rows)


@login_required
@require_safe
def record_document(request, member_pk):
    from chengwu_cppcc.documents import OfficialDocument

    _staff_or_403(request)
    member = get_object_or_404(Member.objects.select_related("group", "sector"), pk=member_pk)
    year = _year(request)
    record = record_for(member, year)
    doc = OfficialDocument()
    doc.title(_("Yearly record of %(member)s, %(year)s") % {"member": member.name, "year": year})
    doc.paragraph(_("Sector: %(sector)s; member activity group: %(group)s; total: %(points)s points (pass line %(line)s).")
                  % {"sector": member.sector or "—", "group": member.group or "—", "points": record.points,
                     "line": RecordPolicy.current().pass_line})
    doc.table([_("Date"), _("Event"), _("Item"), _("Points")],
              [[e.date.isoformat(), e.kind_label, e.title, e.points] for e in reversed(record.entries)])
    doc.signature(_("General Office of the Chengwu County CPPCC Committee"), timezone.localdate())
    return doc.response(f"{year}年履职档案-{member.name}.docx")


@login_required
def rules(request):
    _staff_or_403(request)
    policy = RecordPolicy.current()
    formset = PointsRuleFormSet(request.POST or None, queryset=PointsRule.objects.all(), prefix="rules")
    policy_form = RecordPolicyForm(request.POST or None, instance=policy, prefix="policy")
    if request.method == "POST":
        if formset.is_valid() and policy_form.is_valid():
            from history.services import history_record

            changed = {f.instance.kind: [f.initial.get("points"), f.cleaned_data.get("points")]
                       for f in formset.forms if f.has_changed()}
            formset.save()
            policy_form.save()
            history_record(subject=policy, actor=request.user, action="points_rules_changed", changes=changed)
            messages.success(request, _("The points rules were saved."))
            return redirect("members:rules")
        return render(request, "members/rules.html", {"formset": formset, "policy_form": policy_form}, status=400)
    return render(request, "members/rules.html", {"formset": formset, "policy_form": policy_form})

