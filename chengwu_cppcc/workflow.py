"""Workflows as data: each state lists the states it may move to (after OpenSlides)."""
from collections.abc import Mapping

from django.utils.translation import gettext as _

from .errors import InvalidState


class Workflow:
    """A table of allowed moves; `check` refuses any move the table does not list."""

    def __init__(self, moves: Mapping[str, set[str]], labels: Mapping[str, str]):
        self.moves = {state: frozenset(targets) for state, targets in moves.items()}
        self.labels = labels

    def allows(self, current: str, target: str) -> bool:
        return target in self.moves.get(current, frozenset())

    def check(self, current: str, target: str) -> None:
        if not self.allows(current, target):
            raise InvalidState(
                _("Cannot move from “%(current)s” to “%(target)s”.")
                % {"current": self.labels.get(current, current), "target": self.labels.get(target, target)}
            )
