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
    """The owner's matter, opened the first time it is forwarded (inside the forwarding step's transaction)."""
    matter, created = Matter.objects.get_or_create(
        owner_kind=owner_kind, owner_id=owner_id,
        defaults={"title": title, "policy_kind": policy_kind, "topic_id": topic_id, "evaluator": evaluator},
    )
    if not created and matter.title != title:
        matter.title = title
        matter.save(update_fields=["title"])
    return matter


def outcome_matter(outcome) -> Matter:
    return open_matter(owner_kind=MatterOwner.OUTCOME, owner_id=outcome.pk, title=outcome.title,
                       policy_kind=outcome.kind, topic_id=outcome.topic_id)

