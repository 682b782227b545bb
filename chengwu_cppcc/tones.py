"""What a state means to the reader, one mapping for every object: a badge's colour follows its meaning.

Six meanings (docs/ui.md, "Status badges"): draft, waiting (someone else must act), in progress, overdue,
done, refused; plus neutral for a closed or withdrawn item. Every model's states are listed here once, by the
model's label; `tone_of(obj)` answers the meaning of an object's current state (a model may refine it with a
`status_tone` of its own, e.g. an assignment past its deadline is overdue whatever its state). Templates show
a badge with `{% load ui %}{% status_badge obj %}` and never test a state string.
"""
from django.utils.translation import pgettext_lazy


class Tone:
    DRAFT = "draft"
    WAITING = "waiting"
    PROGRESS = "progress"
    OVERDUE = "overdue"
    DONE = "done"
    REFUSED = "refused"
    NEUTRAL = "neutral"


TONE_LABELS = {
    Tone.DRAFT: pgettext_lazy("tone", "Draft"),
    Tone.WAITING: pgettext_lazy("tone", "Waiting"),
    Tone.PROGRESS: pgettext_lazy("tone", "In progress"),
    Tone.OVERDUE: pgettext_lazy("tone", "Overdue"),
    Tone.DONE: pgettext_lazy("tone", "Done"),
    Tone.REFUSED: pgettext_lazy("tone", "Refused"),
    Tone.NEUTRAL: pgettext_lazy("tone", "Closed"),
}

T = Tone
# model label → {state value → tone}. A state not listed reads as neutral.
STATE_TONES: dict[str, dict[str, str]] = {
    "topics.plan": {"draft": T.DRAFT, "adopted": T.DONE},
    "topics.topic": {
        "candidate": T.WAITING, "shortlisted": T.PROGRESS, "adopted": T.DONE,
        "rejected": T.REFUSED, "merged": T.NEUTRAL, "withdrawn": T.NEUTRAL,
    },
    "research.researchgroup": {
        "forming": T.DRAFT, "studying": T.PROGRESS, "researching": T.PROGRESS, "reporting": T.WAITING,
        "approved": T.DONE, "closed": T.NEUTRAL,
    },
    "research.report": {
        "draft": T.DRAFT, "submitted": T.WAITING, "approved": T.DONE, "returned": T.REFUSED,
        "withdrawn": T.NEUTRAL,
    },
    "outcomes.outcome": {
        "draft": T.DRAFT, "submitted": T.WAITING, "forwarded": T.PROGRESS, "closed": T.DONE,
        "withdrawn": T.NEUTRAL,
    },
    "outcomes.assignment": {
        "assigned": T.WAITING, "in_progress": T.PROGRESS, "pending_approval": T.WAITING, "replied": T.PROGRESS,
        "accepted": T.DONE, "returned": T.REFUSED, "closed": T.DONE, "withdrawn": T.NEUTRAL,
    },
    "outcomes.reply": {
        "draft": T.DRAFT, "pending_approval": T.WAITING, "sent_back": T.REFUSED, "approved": T.DONE,
        "withdrawn": T.NEUTRAL,
    },
    "outcomes.assignmentrequest": {"pending": T.WAITING, "granted": T.DONE, "refused": T.REFUSED},
    "outcomes.supervisioncase": {"open": T.PROGRESS, "closed": T.DONE},
    "proposals.proposal": {
        "draft": T.DRAFT, "cosigning": T.WAITING, "submitted": T.WAITING, "accepted": T.DONE,
        "rejected": T.REFUSED, "merged": T.NEUTRAL,
    },
    "proposals.cosigner": {"invited": T.WAITING, "confirmed": T.DONE, "declined": T.REFUSED},
    "outcomes.suggestion": {
        "pending": T.WAITING, "adopted": T.DONE, "partially_adopted": T.PROGRESS, "not_adopted": T.REFUSED,
        "already_done": T.DONE,
    },
}


def tone_for(label: str, state: str) -> str:
    """The meaning of `state` of the model labelled `label` ("topics.topic")."""
    return STATE_TONES.get(label.lower(), {}).get(str(state), Tone.NEUTRAL)


def tone_of(obj, state_field: str = "status") -> str:
    """The meaning of an object's current state: its own `status_tone` if it has one (overdue…), else the table."""
    if getattr(type(obj), "status_tone", None) is not None:
        tone = normalise(obj.status_tone)
    else:
        tone = tone_for(obj._meta.label_lower, getattr(obj, state_field, ""))
    if getattr(obj, "is_overdue", False) and tone not in (Tone.DONE, Tone.NEUTRAL):
        return Tone.OVERDUE  # an open item past its deadline (the lists annotate `is_overdue`)
    return tone


# Older code named tones by Bootstrap colour; they read as these meanings.
BOOTSTRAP_ALIASES = {
    "light": Tone.DRAFT, "secondary": Tone.NEUTRAL, "dark": Tone.NEUTRAL, "warning": Tone.WAITING,
    "info": Tone.WAITING, "primary": Tone.PROGRESS, "danger": Tone.OVERDUE, "success": Tone.DONE,
}


def normalise(tone: str) -> str:
    """A tone name, from a meaning or an older Bootstrap colour name."""
    tone = str(tone or "")
    return BOOTSTRAP_ALIASES.get(tone, tone if tone in TONE_LABELS else Tone.NEUTRAL)
