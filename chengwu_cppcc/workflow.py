"""Workflows as data: each stage declares its steps once (after OpenSlides), and everything asks that table.

A `Step` says, for one workflow step: its machine name (the same as the API action), from which states it may
be taken and to which state it leads, who may take it (roles, then a predicate on the actor and the object),
its guard (what must hold, with the refusal message) and who must act next once it is done. A `Steps` table
holds one object type's steps. The services call `check`/`apply`; pages build exactly the forms `available`
lists; the API answers `available` as `available_steps`; queues and the to-do centre ask `todos`; the hand-off
notification goes to the step's `next_actors`. A new rule goes into the stage's `steps.py` and nowhere else.

Predicates and guards run for every row of a to-do list, so they read only the object and the relations its
table's `todo_queryset` loads; checks that need a query of their own (a quota, a lock) stay in the service.
"""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidState, NotAllowed


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


def _anyone(_user, _obj) -> bool:
    return True


_NOT_PERMITTED, _WRONG_STATE = object(), object()  # Steps._obstacle: what stops a step, before a guard's message


@dataclass(frozen=True)
class Step:
    """One workflow step of one object type, declared once."""

    name: str  # machine name, the same as the API action
    label: str  # what people read (gettext_lazy)
    sources: tuple[str, ...]  # states it may be taken from
    target: str | None = None  # state it leads to; None: the state does not change
    roles: tuple[str, ...] = ()  # roles that may ever take it (a list route's coarse check, the to-do query)
    who: Callable = _anyone  # (actor, obj) -> bool, beyond the roles: this actor on this object
    guard: Callable | None = None  # (obj) -> refusal message or None
    actor_guard: Callable | None = None  # (actor, obj) -> refusal message or None (e.g. "your department signed")
    next_actors: Callable | None = None  # (obj) -> users or ids who must act next, told when it is done
    offered: bool = True  # False: the other side of another step (a merged topic), never offered on its own
    todo: bool = False  # shown in the to-do list of whoever may take it
    message: Callable | None = None  # (obj) -> (title, body) of the hand-off notification, instead of the generic one
    pending: Callable | None = None  # (actor, obj) -> bool: for the to-do list, whether it still waits on them
    refusal: str = gettext_lazy("You do not have permission to do this.")
    conflict: str = ""  # 409 message when the state does not allow it (default: names the state)

    def permits(self, actor, obj) -> bool:
        from directory.roles import has_role

        return has_role(actor, *self.roles) and self.who(actor, obj)


def _refusal_code(step: Step, actor) -> str:
    """The API's machine code of a 403: the role may never take the step, or it may but not on this object."""
    from directory.roles import Role, has_role

    if not has_role(actor, *step.roles):
        return "not_allowed"
    return "not_your_department" if Role.DEPARTMENT in step.roles else "not_yours"


def step_permission(permission, step: Step, actor, obj) -> bool:
    """For a DRF permission's has_object_permission: whether `actor` may take `step` on `obj`. When not, the
    permission carries the step's refusal and its machine code (`not_allowed`, `not_your_department`,
    `not_yours`), so the API's 403 says what the service would have said."""
    if step.permits(actor, obj):
        return True
    permission.message, permission.code = step.refusal, _refusal_code(step, actor)
    return False


@dataclass(frozen=True)
class TodoItem:
    """One thing a user must act on now: which step, on which object, by when, and where to take it."""

    step: str
    step_label: str
    object_type: str
    object_id: int
    title: str
    url: str
    api_url: str
    due_on: object = None
    overdue: bool = False
    context: str = ""  # a short line saying where it belongs (the topic, the department…)
    sort_key: tuple = field(default=(), compare=False)


class Steps:
    """The steps of one object type; the one place its rules live."""

    def __init__(
        self,
        object_type: str,
        steps: Iterable[Step],
        *,
        labels: Mapping[str, str],
        state: str = "status",
        model=None,
        todo_queryset: Callable | None = None,
        title: Callable = str,
        url: Callable | None = None,
        api_url: Callable | None = None,
        due_on: Callable | None = None,
        context: Callable | None = None,
        topic_id: Callable | None = None,
    ):
        self.object_type = object_type
        self.steps = {s.name: s for s in steps}
        self.labels = labels
        self.state = state
        self.model = model  # the model whose rows the table moves (the done list finds the table by it)
        self.todo_queryset = todo_queryset  # (user, states) -> the user's scoped objects in those states
        self.title = title
        self.url = url or (lambda obj: obj.get_absolute_url())
        self.api_url = api_url or (lambda obj: "")
        self.due_on = due_on or (lambda obj: None)
        self.context = context or (lambda obj: "")
        self.topic_id = topic_id or (lambda obj: None)
        moves: dict[str, set[str]] = {}
        for s in self.steps.values():
            if s.target is not None:
                for source in s.sources:
                    moves.setdefault(source, set()).add(s.target)
        self.flow = Workflow(moves, labels)

    def __getitem__(self, name: str) -> Step:
        return self.steps[name]

    def __iter__(self):
        return iter(self.steps.values())

    # Questions -----------------------------------------------------------------------------------

    def allows(self, current: str, target: str) -> bool:
        return self.flow.allows(current, target)

    def refusal(self, name: str, actor, obj) -> Exception | None:
        """Why `actor` may not take step `name` on `obj` now (403, then 409), or None."""
        step = self.steps[name]
        obstacle = self._obstacle(step, actor, obj)
        if obstacle is None:
            return None
        if obstacle is _NOT_PERMITTED:
            return NotAllowed(step.refusal, code=_refusal_code(step, actor))
        if obstacle is _WRONG_STATE:
            return self._wrong_state(step, getattr(obj, self.state))
        return InvalidState(obstacle)

    def _obstacle(self, step: Step, actor, obj):
        """The one rule of a step: what stops `actor` taking it on `obj` now — not permitted, the wrong state, a
        guard's message — or None. `refusal` turns it into the 403 or 409; `may`, `available` and the to-do list
        only ask whether there is one, without building a refusal they would drop (the to-do list asks it of
        every step and object in scope: a staff user's list on the county decade made 1,600 checks, half of them
        refused by the state, each a translated 409 message; the list took 88 ms, now 77)."""
        if not step.permits(actor, obj):
            return _NOT_PERMITTED
        if getattr(obj, self.state) not in step.sources:
            return _WRONG_STATE
        return (step.guard(obj) if step.guard else None) or (
            step.actor_guard(actor, obj) if step.actor_guard else None
        ) or None

    def _wrong_state(self, step: Step, current: str) -> InvalidState:
        return InvalidState(
            step.conflict
            or _("“%(step)s” is not possible while the item is “%(state)s”.")
            % {"step": step.label, "state": self.labels.get(current, current)},
            code="wrong_state",
        )

    def may(self, name: str, actor, obj) -> bool:
        return self._obstacle(self.steps[name], actor, obj) is None

    def available(self, actor, obj) -> list[str]:
        """The step names this actor may take on this object now, in the table's order."""
        return [s.name for s in self.steps.values() if s.offered and self._obstacle(s, actor, obj) is None]

    def check(self, name: str, actor, obj) -> Step:
        """Raise the refusal (403 or 409) if `actor` may not take `name` on `obj` now."""
        error = self.refusal(name, actor, obj)
        if error is not None:
            raise error
        return self.steps[name]

    # The one way a state changes ---------------------------------------------------------------

    def apply(
        self,
        name: str,
        obj,
        *,
        actor,
        fields: Iterable[str] = (),
        note: str = "",
        changes: dict | None = None,
        action: str | None = None,
        checked: bool = False,
        notify_next: bool = True,
    ) -> str:
        """Check (unless the caller just did), move to the step's target, save, record it, tell who acts next.

        Call inside the step's transaction with the row locked; answers the state before the move.
        """
        from history.services import history_record

        step = self.steps[name] if checked else self.check(name, actor, obj)
        before = getattr(obj, self.state)
        update = list(fields)
        if step.target is not None:
            setattr(obj, self.state, step.target)
            update.append(self.state)
        if update:
            if hasattr(obj, "updated_at"):
                update.append("updated_at")
            obj.save(update_fields=list(dict.fromkeys(update)))
        history_record(
            subject=obj, actor=actor, action=action or name, from_state=before if step.target else "",
            to_state=step.target or "", note=note, changes=changes, topic_id=self.topic_id(obj),
        )
        if notify_next and step.next_actors is not None:
            self.tell_next(step, obj, actor)
        return before

    def follow(self, name: str, obj, *, actor, action: str | None = None, note: str = "", changes=None,
               fields=()) -> str:
        """Take the consequence step `name` (declared with offered=False: a reply approved replies its
        assignment): no actor check, but its own source states and guard must hold. Answers the state before."""
        step = self.steps[name]
        current = getattr(obj, self.state)
        if current not in step.sources:
            raise self._wrong_state(step, current)
        message = step.guard(obj) if step.guard else None
        if message:
            raise InvalidState(message)
        return self.move(obj, step.target, actor=actor, action=action or name, note=note, changes=changes,
                         fields=fields)

    def move(self, obj, target: str, *, actor, action: str, note: str = "", changes=None, fields=()) -> str:
        """A move that is a consequence of another step (a reply approved replies its assignment): the table
        must list it, and it is recorded, but no actor check applies."""
        from history.services import history_record

        current = getattr(obj, self.state)
        self.flow.check(current, target)
        setattr(obj, self.state, target)
        update = [*fields, self.state] + (["updated_at"] if hasattr(obj, "updated_at") else [])
        obj.save(update_fields=list(dict.fromkeys(update)))
        history_record(
            subject=obj, actor=actor, action=action, from_state=current, to_state=target, note=note,
            changes=changes, topic_id=self.topic_id(obj),
        )
        return current

    def tell_next(self, step: Step, obj, actor) -> None:
        """Notify whoever must act next, with a link to where they act."""
        from notifications.services import notify

        recipients = {getattr(r, "pk", r) for r in step.next_actors(obj) or () if r is not None}
        recipients.discard(getattr(actor, "pk", None))
        if not recipients:
            return
        title = str(self.title(obj))
        url = self.url(obj)
        state = self.labels.get(getattr(obj, self.state), "")
        actor_name = getattr(actor, "display_name", "") or str(actor or "")

        if step.message is not None:
            subject, body = step.message(obj)
        else:
            subject = _("To do: %(title)s") % {"title": title}
            body = _("%(actor)s: %(step)s (now “%(state)s”). It is your turn to act.") % {
                "actor": actor_name, "step": step.label, "state": state,
            }
        # The rows are written in the step's transaction (gone if it rolls back); delivery waits for the commit.
        notify(recipients=recipients, kind=f"{self.object_type}_{step.name}", title=str(subject), body=str(body), url=url)

    # The to-do centre --------------------------------------------------------------------------

    def todo_steps(self, user) -> list[Step]:
        from directory.roles import user_roles

        roles = user_roles(user)
        return [s for s in self.steps.values() if s.todo and roles.intersection(s.roles)]

    def todos(self, user, today) -> list[TodoItem]:
        """What `user` must act on now in this table: each object once, with its first to-do step."""
        steps = self.todo_steps(user)
        if not steps or self.todo_queryset is None:
            return []
        states = sorted({state for s in steps for state in s.sources})
        items = []
        for obj in self.todo_queryset(user, states):
            step = next(
                (
                    s for s in steps
                    if self._obstacle(s, user, obj) is None and (s.pending is None or s.pending(user, obj))
                ),
                None,
            )
            if step is None:
                continue
            due = self.due_on(obj)
            items.append(
                TodoItem(
                    step=step.name, step_label=str(step.label), object_type=self.object_type, object_id=obj.pk,
                    title=str(self.title(obj)), url=self.url(obj), api_url=self.api_url(obj), due_on=due,
                    overdue=bool(due and due < today), context=str(self.context(obj)),
                    sort_key=(due is None, due or today, obj.pk),
                )
            )
        return items
