"""Template context: the roles of the current user, for navigation."""
from .roles import user_roles


def roles(request):
    return {"user_roles": user_roles(getattr(request, "user", None))}
