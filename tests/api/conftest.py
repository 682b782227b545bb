"""Fixtures of the API-contract tests: a plan of 2026 with one candidate, and one of 2027 with another."""
import pytest

from tests.topics.conftest import make_candidate
from topics import services


@pytest.fixture
def plans(users, committee):
    staff = users["staff"]
    first = services.plan_create(actor=staff, year=2026, annual_quota=3, party_quota=1)
    second = services.plan_create(actor=staff, year=2027, annual_quota=3, party_quota=1)
    make_candidate(first, staff, committee=committee, title="关于县城停车难问题的建议")
    make_candidate(second, staff, committee=committee, title="关于农村饮水安全的建议")
    return first, second
