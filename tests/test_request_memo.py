"""Cache reads once per request (chengwu_cppcc.request_memo): the security policy and the figures' version."""
import pytest
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import SecurityPolicy, policy
from chengwu_cppcc.request_memo import RequestMemoMiddleware
from stats import cache as stats_cache


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys read from the cache backend in use (locmem or Redis)."""
    reads = []
    backend_class = type(caches["default"])
    real_get = backend_class.get

    def counting_get(self, key, *args, **kwargs):
        reads.append(key)
        return real_get(self, key, *args, **kwargs)

    monkeypatch.setattr(backend_class, "get", counting_get)
    return reads


def _in_a_request(view):
    return RequestMemoMiddleware(view)(RequestFactory().get("/"))


@pytest.mark.django_db
def test_the_policy_is_read_from_the_cache_once_per_request_and_a_change_in_the_request_is_seen(cache_reads):
    cache.clear()
    seen = []

    def view(request):
        seen.append(policy().idle_timeout_minutes)
        seen.append(policy().idle_timeout_minutes)
        changed = policy()
        changed.idle_timeout_minutes = seen[0] + 5
        changed.save()
        seen.append(policy().idle_timeout_minutes)
        return HttpResponse()

    _in_a_request(view)
    assert seen[0] == seen[1] and seen[2] == seen[0] + 5
    policy_reads = [key for key in cache_reads if "accounts:policy" in str(key)]
    assert len(policy_reads) == 2  # once, and once more after the change

    cache_reads.clear()
    _in_a_request(lambda request: HttpResponse(str(policy()) + str(policy())))
    assert len([key for key in cache_reads if "accounts:policy" in str(key)]) == 1  # a new request reads again
    assert SecurityPolicy.objects.get().idle_timeout_minutes == seen[2]


@pytest.mark.django_db
def test_outside_a_request_every_use_reads_the_cache(cache_reads):
    cache.clear()
    policy(), policy()
    assert len([key for key in cache_reads if "accounts:policy" in str(key)]) == 2


def test_the_figures_version_is_read_once_per_request_and_a_bump_is_seen(cache_reads):
    cache.clear()
    stats_cache._bump()  # the version exists (a first read of a cleared cache reads twice)
    cache_reads.clear()
    versions = []

    def view(request):
        versions.extend([stats_cache._version(), stats_cache._version()])
        stats_cache._bump()
        versions.append(stats_cache._version())
        return HttpResponse()

    _in_a_request(view)
    assert versions[0] == versions[1] and versions[2] == versions[0] + 1
    assert len([key for key in cache_reads if stats_cache.VERSION_KEY in str(key)]) == 2
