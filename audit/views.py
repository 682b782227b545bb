"""The audit administrator's page: the audit trail with filters, and its .xlsx export."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from chengwu_cppcc.exports import cell_moment, xlsx_response
from directory import duties

from .filters import AuditFilter
from .models import Action, Archive, AuditRecord
from .services import record

EXPORT_LIMIT = 100_000


def _filtered(request):
    if not duties.may_read_audit(request.user):
        raise PermissionDenied
    return AuditFilter(request.GET or None, queryset=AuditRecord.objects.order_by("-seq"))


@login_required
def audit_list(request):
    filterset = _filtered(request)
    records = filterset.qs if filterset.is_valid() else AuditRecord.objects.none()
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    record(request=request, action=Action.AUDIT_READ, object_type="audit.auditrecord", status=200,
           summary=f"audit page: {query.urlencode()[:200]}")
    context = {
        "filter": filterset, "page_obj": page, "records": page.object_list,
        "querystring_without_page": f"{query.urlencode()}&" if query else "",
        "archives": Archive.objects.all()[:10],
    }
    return render(request, "audit/audit_list.html", context, status=200 if filterset.is_valid() or not request.GET else 400)


@login_required
def audit_export(request):
    filterset = _filtered(request)
    records = filterset.qs if filterset.is_valid() else AuditRecord.objects.none()
    headers = [_("Sequence"), _("Time"), _("User"), _("IP address"), _("Action"), _("Object type"), _("Object id"),
               _("Request result"), _("Status"), _("Summary"), _("Path"), _("User agent"), _("Hash")]
    rows = (
        [r.seq, cell_moment(r.at), r.username, r.ip, r.get_action_display(), r.object_type, r.object_id,
         r.get_result_display(), r.status, r.summary, r.path, r.user_agent, r.hash]
        for r in records[:EXPORT_LIMIT].iterator()
    )
    return xlsx_response("audit-log.xlsx", _("Audit trail"), headers, rows)
