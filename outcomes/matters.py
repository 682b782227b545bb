"""Forwarded matters (交办件) and their owners. An outcome document or a member's proposal owns a Matter; the
assignments, replies and everything shared by the handling belong to the matter. Each owner's app registers the
page its matters link to (proposals does, in its AppConfig.ready), so the dependencies point one way: outcomes
never imports the apps that forward matters through it."""
from chengwu_cppcc.links import pk_url

from .models import Matter, MatterOwner

OWNER_VIEWS: dict[str, str] = {MatterOwner.OUTCOME: "outcomes:outcome-detail"}


def register_owner(owner_kind: str, viewname: str) -> None:
    """The detail page (a pk route) of the objects of `owner_kind` that own matters."""
    OWNER_VIEWS[owner_kind] = viewname


def owner_url(matter: Matter) -> str:
    return pk_url(OWNER_VIEWS[matter.owner_kind], matter.owner_id)


def open_matter(*, owner_kind: str, owner_id: int, title: str, policy_kind: str, topic_id=None,
                evaluator=None) -> Matter:
    """The owner's matter, opened by its forwarding step (inside its transaction). An owner is forwarded once
    (its step's guard; the unique constraint on owner_kind and owner_id backs it) and is no longer editable then,
    so the matter's title stays the owner's."""
    return Matter.objects.create(owner_kind=owner_kind, owner_id=owner_id, title=title, policy_kind=policy_kind,
                                 topic_id=topic_id, evaluator=evaluator)


def outcome_matter(outcome) -> Matter:
    return open_matter(owner_kind=MatterOwner.OUTCOME, owner_id=outcome.pk, title=outcome.title,
                       policy_kind=outcome.kind, topic_id=outcome.topic_id)

