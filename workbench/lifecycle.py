"""The lifecycle page of one topic: its whole dated timeline and where the matter stands now."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from topics.views import _topic_or_404

from .timeline import Phase
from .timeline import topic_lifecycle as build_lifecycle

PHASE_STEPS = (
    Phase.SCREENING, Phase.RESEARCH, Phase.OUTCOME, Phase.ASSIGNMENT, Phase.APPROVAL, Phase.EVALUATION, Phase.PROGRESS,
    Phase.SUPERVISION,
)


@login_required
def topic_lifecycle(request, pk):
    """Readers of topics only (a department officer is refused as on the other topic pages); 404 outside scope."""
    topic = _topic_or_404(request, pk)
    lifecycle = build_lifecycle(topic, request.user)
    return render(request, "workbench/lifecycle.html", {
        "topic": topic,
        "lifecycle": lifecycle,
        "phase_steps": [(p.value, p.label) for p in PHASE_STEPS],
    })
