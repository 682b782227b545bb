"""Login lockout, password rules, sessions, CSRF, the Content Security Policy and the deployment check."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from directory.roles import Role
from tests.conftest import make_user

ROOT = Path(settings.BASE_DIR)


def _templates():
    return [*ROOT.glob("templates/**/*.html"), *(p for p in ROOT.glob("*/templates/**/*.html") if ".venv" not in p.parts)]


@pytest.fixture
def officer(db):
    user = make_user("officer", Role.STAFF)
    user.set_password("Chengwu-Correct-2026")
    user.save()
    return user


def _login(client, password, username="officer"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_repeated_failed_logins_lock_the_account_with_a_chinese_page(officer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT - 1):
        assert _login(client, "wrong-password").status_code == 200
    assert _login(client, "wrong-password").status_code == 429  # the limit-th failure locks
    locked = _login(client, "Chengwu-Correct-2026")  # even the right password is refused now
    assert locked.status_code == 429
    assert "登录" in locked.content.decode() and "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(officer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT - 1):
        _login(client, "wrong-password")
    assert _login(client, "Chengwu-Correct-2026").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT - 1):
        _login(client, "wrong-password")
    assert _login(client, "Chengwu-Correct-2026").status_code == 302


def test_api_token_endpoint_is_locked_too(officer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT - 1):
        assert client.post("/api/auth/token/", {"username": "officer", "password": "nope"}).status_code == 400
    # The limit-th failure locks; from then on even the right password answers 429 (probe finding 3), no token.
    assert client.post("/api/auth/token/", {"username": "officer", "password": "nope"}).status_code == 429
    response = client.post("/api/auth/token/", {"username": "officer", "password": "Chengwu-Correct-2026"})
    assert response.status_code == 429 and "token" not in response.json()
    assert response.json()["code"] == "locked_out"


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123", "officer2026x"])
def test_weak_passwords_are_refused(officer, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=officer)


def test_sessions_expire_and_cookies_are_httponly():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_forms_need_a_csrf_token(officer):
    client = Client(enforce_csrf_checks=True)
    assert _login(client, "Chengwu-Correct-2026").status_code == 403
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "Chengwu-Correct-2026", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_every_form_in_the_templates_carries_a_csrf_token():
    missing = []
    for path in _templates():
        text = path.read_text()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            if re.search(r'method="post"', form, re.I) and "csrf_token" not in form:
                missing.append(str(path.relative_to(ROOT)))
    assert not missing


def test_templates_have_no_inline_script_or_style():
    offending = []
    for path in _templates():
        text = path.read_text()
        inline_script = re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text)
        handler = re.search(r"\son[a-z]+=\"", text) or "javascript:" in text
        style = re.search(r"<style\b|\sstyle=\"", text)
        if inline_script or handler or style:
            offending.append(str(path.relative_to(ROOT)))
    assert not offending


def test_every_response_carries_the_content_security_policy(client):
    for url in ["/accounts/login/", "/api/docs/", "/api/schema/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy


def test_swagger_page_loads_its_init_script_from_a_url(client, officer):
    client.force_login(officer)
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    init = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.get(init)
    assert response.status_code == 200 and "SwaggerUIBundle" in response.content.decode()


def _production_env(db_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="chengwu_cppcc.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64)[:50],
        DATABASE_URL=f"sqlite:///{db_path}",
        CACHE_URL="redis://127.0.0.1:6379/1",  # as the README deploys it (chengwu.W001 otherwise)
    )
    return env


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(tmp_path / "deploy.sqlite3"), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret(tmp_path):
    env = _production_env(tmp_path / "deploy.sqlite3")
    env.pop("DJANGO_SECRET_KEY")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_demo_data(tmp_path):
    env = _production_env(tmp_path / "deploy.sqlite3")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    seed = subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert seed.returncode != 0 and "refused" in seed.stderr
    check = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--database", "default"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_demo_logins_found_under_production_settings_fail_the_database_check():
    make_user("vice_chair_zhou", Role.VICE_CHAIR)
    with pytest.raises(CommandError) as refused:
        call_command("check", databases=["default"], verbosity=0)
    assert "chengwu.E002" in str(refused.value)
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)


def test_deploy_check_wants_a_shared_cache():
    from chengwu_cppcc.security import check_shared_cache

    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}}
    with override_settings(DEBUG=False, CACHES=local):
        assert [w.id for w in check_shared_cache()] == ["chengwu.W001"]
    with override_settings(DEBUG=False, CACHES=shared):
        assert check_shared_cache() == []
