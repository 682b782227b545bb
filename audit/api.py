"""`GET /api/audit-log/`: the audit trail, for the audit administrator only; every write answers 405."""
from django.urls import include, path
from rest_framework import permissions, routers, serializers, viewsets

from chengwu_cppcc.api import ContractMixin
from directory import duties

from .filters import AuditFilter
from .models import Action, AuditRecord
from .services import record


class MayReadAudit(permissions.BasePermission):
    """Only the audit administrator reads the audit trail."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and duties.may_read_audit(request.user))


class AuditRecordSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="username", read_only=True)

    class Meta:
        model = AuditRecord
        fields = ["id", "seq", "at", "actor", "actor_id", "ip", "user_agent", "action", "method", "path",
                  "object_type", "object_id", "result", "status", "summary", "prev_hash", "hash"]
        read_only_fields = fields


class AuditRecordViewSet(ContractMixin, viewsets.ReadOnlyModelViewSet):
    """The audit trail, newest first. Records are never changed or deleted."""

    queryset = AuditRecord.objects.order_by("-seq")
    serializer_class = AuditRecordSerializer
    permission_classes = [MayReadAudit]
    filterset_class = AuditFilter
    ordering_fields = ["seq", "at"]

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        record(request=request._request, action=Action.AUDIT_READ, object_type="audit.auditrecord", status=200,
               summary=f"audit log read via API: {request._request.GET.urlencode()[:200]}")
        request._request.audited = True
        return response


router = routers.DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("audit-log", AuditRecordViewSet, basename="audit-log")

urlpatterns = [path("", include(router.urls))]
