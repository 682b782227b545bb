"""Pages of the research stage: groups and their work (groups.py), reports and their review (reports.py), exports (exports.py)."""
from .exports import GroupExportView, ReviewQueueExportView, VisitExportView  # noqa: F401
from .groups import (  # noqa: F401
    ActivityCreateView,
    GroupCreateView,
    GroupDetailView,
    GroupListView,
    MyGroupsView,
    VisitListView,
    finding_add,
    group_advance,
    member_add,
    milestone_complete,
    milestone_create,
)
from .reports import (  # noqa: F401
    ReportCreateView,
    ReportDetailView,
    ReportDiffView,
    ReportEditView,
    ReportReviewView,
    ReviewQueueView,
    report_submit,
    report_withdraw,
)
