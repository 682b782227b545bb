"""Every URL route of the project, walked from the resolver, and how to build a URL for one."""
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the pattern itself for an unnamed route
    pattern: str
    params: tuple[str, ...]


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def all_routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver, prefix: str, namespace: str | None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                key = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else pattern
                params = tuple(a or b for a, b in _PARAM.findall(pattern))
                found.append(Route(key=key, pattern=pattern, params=params))

    walk(get_resolver(), "", None)
    unique = {}
    for route in found:
        unique.setdefault(route.key, route)
    return list(unique.values())


def url_for(route: Route, kwargs: dict) -> str:
    """The route's URL with its parameters filled in (reverse() for named routes, substitution otherwise)."""
    from django.urls import reverse

    if route.key != route.pattern:
        return reverse(route.key, kwargs=kwargs or None)
    path = route.pattern
    for name, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), path)
    return "/" + path.replace("^", "").replace("$", "")
