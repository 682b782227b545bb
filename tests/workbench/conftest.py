"""The top app's tests use the topic fixtures (plan, candidate) next to the shared ones."""
from tests.topics.conftest import candidate, plan  # noqa: F401 - fixtures
