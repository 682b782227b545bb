"""Readable labels for recorded actions and states; each app registers its own."""
ACTION_LABELS: dict[str, str] = {}
STATE_LABELS: dict[str, str] = {}


def register(*, actions: dict | None = None, states=None) -> None:
    ACTION_LABELS.update(actions or {})
    for value, label in states or ():
        STATE_LABELS.setdefault(value, label)
