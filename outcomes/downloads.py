"""Permission-checked downloads: reply files and the Word documents; never a public media URL."""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404

from directory.roles import Role, has_role

from . import selectors
from .documents import forwarding_letter_docx, minutes_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def reply_file(request, pk):
    reply = get_object_or_404(selectors.replies_for(request.user), pk=pk)
    if not reply.file:
        raise Http404
    try:
        handle = reply.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=reply.file_name or reply.file.name.rsplit("/", 1)[-1],
        content_type=reply.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
def minutes_document(request, pk):
    outcome = get_object_or_404(selectors.outcomes_for(request.user), pk=pk)
    return _docx_response(minutes_docx(outcome), f"{outcome.title}.docx")


@login_required
def forwarding_letter(request, pk):
    outcome = get_object_or_404(selectors.outcomes_for(request.user), pk=pk)
    if outcome.forwarded_on is None or not has_role(request.user, Role.STAFF, Role.SUPERVISOR, Role.DEPARTMENT,
                                                     Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER):
        raise Http404
    return _docx_response(forwarding_letter_docx(outcome), f"交办函-{outcome.title}.docx")
