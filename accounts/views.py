"""Pages: every user's change-password page; the security administrator's policy, lockouts, resets and tokens."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import duties

from . import services
from .forms import PasswordChangeForm, SecurityPolicyForm
from .lockout import locked_usernames
from .models import SecurityPolicy, defaults, policy


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        request.audited = True  # the service records the change; a refused form is recorded here
        if form.is_valid():
            services.password_change(user=request.user, new_password=form.cleaned_data["new_password1"],
                                     request=request)
            messages.success(request, _("Your password was changed. Your other sessions and API tokens were ended."))
            return redirect("home")
        from audit.models import Action

        services.refused(request=request, username=request.user.get_username(), action=Action.PASSWORD_CHANGED,
                         status=400, summary="password change refused: " + ", ".join(sorted(form.errors)))
    context = {
        "form": form,
        "forced": services.password_change_required(request.user),
        "expires_at": services.password_expires_at(request.user),
    }
    return render(request, "accounts/password_change.html", context, status=400 if form.errors else 200)


def _security_admin(request):
    if not request.user.is_authenticated:
        return None
    if not duties.may_manage_security(request.user):
        raise PermissionDenied
    return request.user


@login_required
def security_home(request):
    """Policy, locked accounts and every user's tokens, on one page."""
    _security_admin(request)
    current = SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy(pk=1, **defaults())
    form = SecurityPolicyForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The security policy was saved."))
            return redirect("accounts:security")
    users = (
        get_user_model().objects.filter(is_active=True)
        .annotate(tokens=Count("auth_token_set", filter=Q(auth_token_set__expiry__gt=timezone.now())))
        .order_by("username")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    context = {"form": form, "locked": locked_usernames(), "page_obj": page, "users": page.object_list,
               "policy": policy()}
    return render(request, "accounts/security.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def unlock(request):
    actor = _security_admin(request)
    username = (request.POST.get("username") or "").strip()[:150]
    if username:
        services.account_unlock(actor=actor, username=username, request=request)
        messages.success(request, _("%(username)s was unlocked.") % {"username": username})
    return redirect("accounts:security")


@login_required
@require_POST
def reset_password(request, pk):
    actor = _security_admin(request)
    user = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    password = services.password_reset(actor=actor, user=user, request=request)
    return render(request, "accounts/password_reset_done.html", {"target": user, "password": password})


@login_required
@require_POST
def revoke_tokens(request, pk):
    actor = _security_admin(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    count = services.tokens_revoke(user=user, reason="revoked by the security administrator", request=request,
                                   actor=actor)
    messages.success(request, _("%(count)s API token(s) of %(user)s were revoked.") % {"count": count, "user": user})
    return redirect("accounts:security")
