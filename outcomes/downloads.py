"""Permission-checked downloads: reply files and the Word documents; never a public media URL."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from chengwu_cppcc.security import file_download

from . import selectors
from .documents import forwarding_letter_docx, minutes_docx


@login_required
def reply_file(request, pk):
    reply = get_object_or_404(selectors.replies_for(request.user), pk=pk)
    if not reply.file:
        raise Http404
    # Named for the type detected at upload, as an attachment, not sniffed (probe finding 5).
    return file_download(reply.file, original=reply.file_name or reply.file.name, content_type=reply.file_type)


@login_required
def minutes_document(request, pk):
    outcome = get_object_or_404(selectors.outcomes_for(request.user), pk=pk)
    return minutes_docx(outcome).response(f"{outcome.title}.docx")


@login_required
def forwarding_letter(request, pk):
    outcome = get_object_or_404(selectors.outcomes_for(request.user), pk=pk)
    if outcome.forwarded_on is None:  # not forwarded: there is no letter
        raise Http404
    return forwarding_letter_docx(outcome).response(f"交办函-{outcome.title}.docx")
