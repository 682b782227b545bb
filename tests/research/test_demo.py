"""The research demo seed skips gracefully without adopted topics, and a second run changes nothing."""
import io

import pytest

from research import demo
from research.models import Activity, Report, ResearchGroup

pytestmark = pytest.mark.django_db


def test_seed_skips_without_adopted_topics():
    out = io.StringIO()
    demo.seed(password="pw", stdout=out)
    assert "skipped" in out.getvalue()
    assert not ResearchGroup.objects.exists()


def test_seed_is_idempotent_and_spans_three_years():
    from directory import demo as directory_demo

    try:
        from topics import demo as topics_demo
    except ImportError:
        pytest.skip("topics.demo is not there yet")
    directory_demo.seed(password="pw")
    topics_demo.seed(password="pw")
    demo.seed(password="pw")
    counts = (ResearchGroup.objects.count(), Activity.objects.count(), Report.objects.count())
    demo.seed(password="pw")
    assert (ResearchGroup.objects.count(), Activity.objects.count(), Report.objects.count()) == counts
    years = set(Activity.objects.filter(kind="external_visit").values_list("held_on__year", flat=True))
    assert years == {2024, 2025, 2026}
    assert Activity.objects.filter(kind="external_visit").count() >= 10
    assert ResearchGroup.objects.filter(leader__username="vice_chair", topic__plan__year=2026).count() >= 2
    assert Report.objects.filter(group__topic__plan__year=2026, status="approved").count() == 1
    assert Report.objects.filter(status="submitted").count() == 1
