"""The lifecycle page of one topic: its whole dated timeline (placeholder until built)."""
from django.http import Http404


def topic_lifecycle(request, pk):
    raise Http404
