"""The notification centre page and the email preference."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengwu_cppcc.exports import Link, cell_moment, xlsx_response
from chengwu_cppcc.pages import querystring_without_page, run_step

from . import services
from .selectors import notifications_for


def _filtered(request):
    """The user's own notifications, newest first, with the list's one filter (unread only)."""
    queryset = notifications_for(request.user).order_by("-created_at", "-id")
    if request.GET.get("unread") == "1":
        queryset = queryset.filter(read_at__isnull=True)
    return queryset


@login_required
def notification_list(request):
    queryset = _filtered(request)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "querystring_without_page": querystring_without_page(request),
         "unread_only": request.GET.get("unread") == "1"},
    )


@login_required
@require_POST
def notification_open(request, pk):
    """Mark read and go to what it is about."""
    notification = run_step(request, lambda: services.notification_mark_read(actor=request.user, notification_id=pk))
    target = notification.url if notification and notification.url else "notifications:list"
    if notification and not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_POST
def email_preference(request):
    enabled = request.POST.get("email_notifications") == "on"
    services.user_set_email_notifications(actor=request.user, enabled=enabled)
    messages.success(request, _("Email notifications are on.") if enabled else _("Email notifications are off."))
    return redirect("notifications:list")


@login_required
def notification_export(request):
    """The list as .xlsx, with the same filter as the page."""

    headers = [_("Time"), _("Title"), _("Content"), _("Link"), _("Read at")]
    rows = (
        [cell_moment(n.created_at), n.title, n.body, Link(n.url) if n.url else "", cell_moment(n.read_at)]
        for n in _filtered(request)
    )
    return xlsx_response(_("Notification list"), _("Notifications"), headers, rows)
