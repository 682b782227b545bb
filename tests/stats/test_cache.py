"""The year's figures come from the cache until something they count changes, then are fresh at once."""
import os
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from outcomes.models import Assignment, Suggestion
from stats.cache import VERSION_KEY
from stats.selectors import year_figures

pytestmark = pytest.mark.django_db


def queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return result, len(ctx.captured_queries)


def test_second_read_comes_from_the_cache(year_of_work):
    year = year_of_work["year"]
    first, cold = queries(lambda: year_figures(year))
    second, warm = queries(lambda: year_figures(year))
    assert cold > 10 and warm == 0
    assert second == first


def test_a_workflow_step_is_counted_on_the_next_read(year_of_work, approved_reply):
    year = year_of_work["year"]
    before = year_figures(year)["assignments"]
    approved_reply(year_of_work["d"])
    after = year_figures(year)["assignments"]
    assert after["replied"] == before["replied"] + 1
    assert after["overdue_unreplied"] == before["overdue_unreplied"] - 1


def test_a_direct_edit_and_a_deletion_are_counted(year_of_work):
    year = year_of_work["year"]
    total = year_figures(year)["assignments"]["total"]
    suggestion = Suggestion.objects.filter(outcome__status="forwarded").first()
    suggestion.progress = 100  # as the admin would save it
    suggestion.save()
    assert year_figures(year)["implementation"]["completed"] >= 1
    Assignment.objects.filter(role="lead", replies__isnull=True).first().replies.all().delete()
    lead = Assignment.objects.filter(role="lead", replies__isnull=True).first()
    lead.delete()
    assert year_figures(year)["assignments"]["total"] == total - 1


def test_each_language_and_day_has_its_own_entry(year_of_work):
    year = year_of_work["year"]
    chinese = year_figures(year)["topics"]["by_status"][0]["label"]
    with translation.override("en"):
        english = year_figures(year)["topics"]["by_status"][0]["label"]
    assert chinese != english
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    assert year_figures(year, today=tomorrow)["today"] == tomorrow.isoformat()


def test_the_version_is_bumped_again_on_commit(django_capture_on_commit_callbacks, year_of_work):
    suggestion = Suggestion.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        start = cache.get(VERSION_KEY, 0)
        suggestion.progress = 50
        suggestion.save()
        during = cache.get(VERSION_KEY)
    assert during > start  # at the change, for readers inside the same transaction
    assert cache.get(VERSION_KEY) > during  # and when it commits, for readers that computed meanwhile


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis (the PostgreSQL run has one)")
def test_figures_cached_in_redis_are_shared_and_invalidated(year_of_work, approved_reply):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
             "KEY_PREFIX": prefix}
    with override_settings(CACHES={"default": redis}):
        from django.core.cache import caches

        year = year_of_work["year"]
        first, cold = queries(lambda: year_figures(year))
        _again, warm = queries(lambda: year_figures(year))
        assert cold > 10 and warm == 0
        approved_reply(year_of_work["d"])
        after = year_figures(year)
        assert after["assignments"]["replied"] == first["assignments"]["replied"] + 1
        client = caches["default"]._cache.get_client()
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_a_dead_cache_server_costs_time_not_pages(year_of_work, approved_reply):
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"socket_connect_timeout": 0.2}}}
    with override_settings(CACHES=dead):
        year = year_of_work["year"]
        before = year_figures(year)["assignments"]
        approved_reply(year_of_work["d"])  # the change is saved although the cache cannot be told
        assert year_figures(year)["assignments"]["replied"] == before["replied"] + 1
