"""Pages of proposals: the list (with the shared filter bar), a proposal with its co-signers, history and the
forms of the steps the user may take now, and a member's draft form with similar earlier items."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from chengwu_cppcc.pages import querystring_without_page, run_step
from chengwu_cppcc.pagination import KeysFirstPaginator
from directory.roles import Role, has_role
from history.selectors import history_for
from members.steps import member_of

from . import services
from .filters import ProposalFilter
from .forms import (
    AcceptForm,
    ConsultInForm,
    DeclineForm,
    ForwardForm,
    MakeTopicForm,
    MarkKeyForm,
    MergeForm,
    ProposalForm,
    RejectForm,
)
from .selectors import (
    cosigners_of,
    handles_proposals,
    handling_of,
    listed_proposals,
    may_read_figures,
    proposals_for,
    similar_items,
)
from .steps import PROPOSAL_STEPS

PER_PAGE = 30
STEP_FORMS = {"invite": None, "reinvite": None, "redraft": None, "submit": None, "cosign": None, "decline": DeclineForm, "accept": AcceptForm,
              "reject": RejectForm, "merge": MergeForm, "mark_key": MarkKeyForm, "make_topic": MakeTopicForm,
              "consult_in": ConsultInForm, "forward": ForwardForm}
PROPOSAL_FORMS = (MergeForm, MakeTopicForm, ConsultInForm, ForwardForm)  # the forms that read the proposal
SUCCESS = {
    "invite": gettext_lazy("The co-signers were asked to confirm."),
    "reinvite": gettext_lazy("The co-signers who did not answer were asked again."),
    "redraft": gettext_lazy("The proposal is a draft again: change its co-signers, then invite them."),
    "submit": gettext_lazy("Submitted to the committee office."),
    "cosign": gettext_lazy("You co-signed the proposal."),
    "decline": gettext_lazy("You declined to co-sign."),
    "accept": gettext_lazy("The proposal was accepted."),
    "reject": gettext_lazy("The proposal was not accepted."),
    "merge": gettext_lazy("The proposal was merged."),
    "mark_key": gettext_lazy("Marked as a key proposal."),
    "make_topic": gettext_lazy("The candidate topic was recorded; its origin is this proposal."),
    "consult_in": gettext_lazy("The proposal was added to the proposal consultation."),
    "forward": gettext_lazy("The proposal was forwarded; the departments were told."),
}
# Form fields whose chosen row the services take by id, under the services' argument names.
ID_ARGUMENTS = {"reason": "reason", "into": "into", "leader": "leader", "plan": "plan_id",
                "committee": "committee_id", "vice_chair": "vice_chair_id", "topic": "topic_id",
                "lead_department": "lead_department_id"}
MANY_ID_ARGUMENTS = {"co_departments": "co_department_ids"}


def _reader_or_403(request) -> bool:
    """Members (their own and the published ones), staff (all), and those who handle forwarded proposals (their
    departments' ones: proposals.selectors.proposals_for) read proposals; answers whether the user is a member."""
    is_member = member_of(request.user) is not None
    if not is_member and not has_role(request.user, Role.STAFF) and not handles_proposals(request.user):
        raise PermissionDenied
    return is_member


@login_required
@require_safe
def proposal_list(request):
    is_member = _reader_or_403(request)
    filterset = ProposalFilter(request.GET, queryset=listed_proposals(request.user))
    # Keys first (chengwu_cppcc.pagination), then only what the rows show: the scope's query carries four joins
    # and the step table's co-signer counts that a list does not need for every row in scope.
    rows = filterset.qs.select_related(None).select_related("proposer")
    page = KeysFirstPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "proposals/proposal_list.html", {
        "page_obj": page, "is_member": is_member, "filter": filterset,
        # The proposer is searched by name (`q`), not picked from every member's name: a select of a
        # county's 200-odd members is unusable on a phone and was half the page's filter bar; `?proposer=` links work.
        "hidden_filters": "proposer", "may_read_figures": may_read_figures(request.user),
        "querystring_without_page": querystring_without_page(request)})


def _form_data(data) -> dict:
    return {
        "title": data["title"], "analysis": data["analysis"], "suggestions": data["suggestions"],
        "kind": data["kind"], "session": data["session"], "collective_body": data["collective_body"],
        "department_ids": [d.pk for d in data["suggested_departments"]],
        "cosigner_ids": [m.pk for m in data["cosigners"]],
        "may_publish": not data["not_to_publish"], "no_publish_reason": data["no_publish_reason"],
    }


def _render_form(request, form, proposal=None, status=200):
    title = form["title"].value() or (proposal.title if proposal else "")
    similar = similar_items(title, exclude_id=proposal.pk if proposal else None) if title else None
    return render(request, "proposals/proposal_form.html",
                  {"form": form, "proposal": proposal, "similar": similar}, status=status)


@login_required
def proposal_create(request):
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    form = ProposalForm(request.POST or None, proposer=member)
    if request.method == "POST":
        if "look" in request.POST:  # "look for similar items" re-shows the form without saving
            form.is_valid()
            return _render_form(request, form)
        if form.is_valid():
            proposal = run_step(request, lambda: services.proposal_create(actor=request.user,
                                                                        **_form_data(form.cleaned_data)),
                                form=form, success=_("The draft was saved. Submit it when it is ready."))
            if proposal is not None:
                return redirect(proposal)
        return _render_form(request, form, status=400)
    return _render_form(request, form)


@login_required
def proposal_edit(request, pk):
    _reader_or_403(request)
    proposal = get_object_or_404(proposals_for(request.user), pk=pk)
    if not PROPOSAL_STEPS["edit"].permits(request.user, proposal):
        raise PermissionDenied
    refusal = PROPOSAL_STEPS.refusal("edit", request.user, proposal)
    if refusal is not None:  # no longer a draft: say why on the proposal
        messages.error(request, str(refusal.message))
        return redirect(proposal)
    initial = {"title": proposal.title, "analysis": proposal.analysis, "suggestions": proposal.suggestions,
               "kind": proposal.kind, "session": proposal.session, "collective_body": proposal.collective_body,
               "suggested_departments": list(proposal.suggested_departments.all()),
               "cosigners": [c.member for c in cosigners_of(proposal)],
               "not_to_publish": not proposal.may_publish, "no_publish_reason": proposal.no_publish_reason}
    form = ProposalForm(request.POST or None, initial=initial, proposer=proposal.proposer)
    if request.method == "POST":
        if "look" in request.POST:
            form.is_valid()
            return _render_form(request, form, proposal)
        if form.is_valid():
            done = run_step(request, lambda: services.proposal_update(
                actor=request.user, proposal_id=proposal.pk, **_form_data(form.cleaned_data)),
                form=form, success=_("Saved."))
            if done is not None:
                return redirect(proposal)
        return _render_form(request, form, proposal, status=400)
    return _render_form(request, form, proposal)


def _step_form(name, proposal, data=None):
    form_class = STEP_FORMS[name]
    if form_class is None:
        return None
    kwargs = {"proposal": proposal} if form_class in PROPOSAL_FORMS else {}
    return form_class(data, prefix=name, **kwargs)


def _context(request, proposal, forms=None):
    steps = PROPOSAL_STEPS.available(request.user, proposal)
    forms = forms or {}
    for name in steps:
        if name in STEP_FORMS and name not in forms:
            forms[name] = _step_form(name, proposal)
    buttons = [{"name": n, "label": PROPOSAL_STEPS[n].label} for n in steps if n in STEP_FORMS and forms[n] is None]
    panels = [{"name": n, "label": PROPOSAL_STEPS[n].label, "form": forms[n], "destructive": n in ("reject", "decline")}
              for n in steps if n in STEP_FORMS and forms[n] is not None]
    return {"proposal": proposal, "steps": steps, "buttons": buttons, "panels": panels,
            "cosigners": cosigners_of(proposal), "departments": proposal.suggested_departments.all(),
            "consulted_in": proposal.consulted_in.select_related("plan").order_by("-plan__year", "id"),
            "history": history_for(proposal), "handling": handling_of(request.user, proposal),
            "similar": similar_items(proposal.title, exclude_id=proposal.pk) if "edit" in steps else None}


@login_required
@require_safe
def proposal_detail(request, pk):
    _reader_or_403(request)
    proposal = get_object_or_404(proposals_for(request.user), pk=pk)
    return render(request, "proposals/proposal_detail.html", _context(request, proposal))


@login_required
@require_POST
def proposal_step(request, pk, step):
    _reader_or_403(request)
    proposal = get_object_or_404(proposals_for(request.user), pk=pk)
    if step not in STEP_FORMS:
        raise Http404
    if not PROPOSAL_STEPS[step].permits(request.user, proposal):
        raise PermissionDenied
    form = _step_form(step, proposal, request.POST)
    if form is None or form.is_valid():
        data = dict(form.cleaned_data) if form else {}
        for key, argument in ID_ARGUMENTS.items():
            if key in data:
                value = data.pop(key)
                data[argument] = value.pk if value is not None else None
        for key, argument in MANY_ID_ARGUMENTS.items():
            if key in data:
                data[argument] = [value.pk for value in data.pop(key)]
        service = getattr(services, f"proposal_{step}")
        if run_step(request, lambda: service(actor=request.user, proposal_id=proposal.pk, **data), form=form,
                    success=SUCCESS[step]) is not None:
            return redirect(proposal)
    proposal = get_object_or_404(proposals_for(request.user), pk=pk)
    return render(request, "proposals/proposal_detail.html",
                  _context(request, proposal, {step: form} if form else {}), status=400)
