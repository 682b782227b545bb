"""Passwords, sessions and API tokens (等保 level 2, 身份鉴别): each rule with its test."""
import datetime
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import SecurityPolicy
from accounts.services import password_change
from accounts.signals import LAST_SEEN, LOGIN_AT
from directory.roles import Role
from tests.conftest import make_user

PASSWORD = "Chengwu-Pass-2026"


@pytest.fixture
def officer(db):
    user = make_user("officer", Role.STAFF)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, password=PASSWORD, username="officer"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _token(client, password=PASSWORD, username="officer"):
    return client.post("/api/auth/token/", {"username": username, "password": password})


# ---- complexity and history ------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["Ab1!", "abcdefgh", "abcdefg1", "ABCDEFG1", "12345678!", "abcdefgh!"])
def test_a_password_needs_8_characters_of_three_classes(officer, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=officer)


@pytest.mark.parametrize("password", ["Qwerty-lake9", "zhengxie#2026", "CHENGWU#lake"])
def test_a_complex_password_is_accepted(officer, password):
    validate_password(password, user=officer)


def test_none_of_the_last_five_passwords_may_be_reused(officer):
    used = [PASSWORD] + [f"Chengwu-Round-{n}x" for n in range(1, 5)]
    for new in used[1:]:
        password_change(user=officer, new_password=new)
    for old in used:  # the current one and the four before it
        with pytest.raises(ValidationError) as refused:
            validate_password(old, user=officer)
        assert "password_reused" in [e.code for e in refused.value.error_list]
    password_change(user=officer, new_password="Chengwu-Round-5x")
    validate_password(PASSWORD, user=officer)  # six changes ago: allowed again


def test_the_change_page_refuses_a_reused_password_with_a_message(officer, client):
    client.force_login(officer)
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": PASSWORD,
                                                   "new_password2": PASSWORD})
    assert response.status_code == 400 and "new_password2" in response.context["form"].errors


def test_every_user_has_a_change_password_page(db, client):
    for role in [*Role.values]:
        user = make_user(f"u_{role}", role)
        client.force_login(user)
        assert client.get("/accounts/password/").status_code == 200


# ---- forced change: first login, after a reset, after expiry ---------------------------------------------------


def test_the_first_login_forces_a_change(db, client):
    user = make_user("newcomer", Role.STAFF, password_changed_at=None)
    user.set_password(PASSWORD)
    user.save()
    assert _login(client, username="newcomer").status_code == 302
    assert client.get("/topics/")["Location"] == "/accounts/password/"
    api = client.get("/api/topics/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    assert _token(Client(), username="newcomer").status_code == 403  # no token either
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Erste-Wahl-2026",
                                                   "new_password2": "Erste-Wahl-2026"})
    assert response.status_code == 302
    assert client.get("/topics/").status_code == 200


def test_a_reset_by_the_security_administrator_forces_a_change_and_revokes_tokens(officer, client):
    secadmin = make_user("secadmin", Role.SECADMIN)
    token = _token(Client()).json()["token"]
    client.force_login(secadmin)
    response = client.post(f"/accounts/security/users/{officer.pk}/reset-password/")
    temporary = response.context["password"]
    assert response.status_code == 200 and len(temporary) >= 12
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/notifications/").status_code in (401, 403)  # DRF: 403 when session auth comes first
    officer.refresh_from_db()
    assert officer.must_change_password and officer.check_password(temporary)
    own = Client()
    assert _login(own, password=temporary).status_code == 302
    assert own.get("/")["Location"] == "/accounts/password/"


def test_an_expired_password_forces_a_change(officer, client):
    officer.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    officer.save()
    client.force_login(officer)
    assert client.get("/topics/")["Location"] == "/accounts/password/"


def test_the_expiry_is_configurable(officer, client):
    SecurityPolicy(pk=1, password_max_age_days=30).save()
    officer.password_changed_at = timezone.now() - datetime.timedelta(days=31)
    officer.save()
    client.force_login(officer)
    assert client.get("/topics/").status_code == 302


def test_a_password_expiring_within_seven_days_is_warned_about(officer, client):
    officer.password_changed_at = timezone.now() - datetime.timedelta(days=85)
    officer.save()
    client.force_login(officer)
    response = client.get("/topics/", follow=True)
    assert response.status_code == 200
    assert any("expires in" in str(m) or "到期" in str(m) or "过期" in str(m) for m in response.context["messages"])


def test_demo_and_test_users_are_not_forced(db, client):
    from django.core.management import call_command

    from directory.models import User

    call_command("seed_demo", password=PASSWORD, verbosity=0)
    for username in ("staff", "sysadmin", "secadmin", "auditor"):
        user = User.objects.get(username=username)
        assert user.password_changed_at is not None and not user.must_change_password


# ---- sessions ------------------------------------------------------------------------------------------------


def _age_session(client, *, idle=0, since_login=0):
    session = client.session
    now = int(time.time())
    session[LAST_SEEN] = now - idle
    session[LOGIN_AT] = now - since_login
    session.save()


def test_an_idle_session_ends_after_30_minutes(officer, client):
    assert _login(client).status_code == 302
    _age_session(client, idle=29 * 60)
    assert client.get("/topics/").status_code == 200
    _age_session(client, idle=31 * 60)
    response = client.get("/topics/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_idle_timeout_is_configurable(officer, client):
    SecurityPolicy(pk=1, idle_timeout_minutes=10).save()
    _login(client)
    _age_session(client, idle=11 * 60)
    assert client.get("/topics/").status_code == 302


def test_a_session_ends_after_8_hours_however_active(officer, client):
    _login(client)
    _age_session(client, idle=10, since_login=8 * 3600 + 60)
    assert client.get("/topics/").status_code == 302


def test_changing_the_password_ends_the_other_sessions_and_tokens(officer):
    mine, other = Client(), Client()
    _login(mine)
    _login(other)
    token = _token(Client()).json()["token"]
    response = mine.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Ganz-Neu-2026x",
                                                 "new_password2": "Ganz-Neu-2026x"})
    assert response.status_code == 302
    assert mine.get("/topics/").status_code == 200  # this session goes on
    assert other.get("/topics/").status_code == 302  # the other one was logged out
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/notifications/").status_code in (401, 403)  # DRF: 403 when session auth comes first


# ---- tokens --------------------------------------------------------------------------------------------------


def test_the_token_endpoint_answers_a_token_that_is_stored_hashed_and_expires(officer, client):
    response = _token(client)
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=officer)
    assert token not in (stored.digest, stored.token_key) and len(stored.digest) == 128
    assert stored.expiry is not None and stored.expiry <= timezone.now() + datetime.timedelta(hours=10, minutes=1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/notifications/").status_code == 200


def test_an_expired_token_is_refused(officer, client):
    token = _token(client).json()["token"]
    AuthToken.objects.filter(user=officer).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/notifications/").status_code in (401, 403)  # DRF: 403 when session auth comes first


def test_logout_revokes_the_token_and_logout_all_revokes_every_token(officer):
    first, second = _token(Client()).json()["token"], _token(Client()).json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.post("/api/auth/logout/").status_code == 204
    assert api.get("/api/notifications/").status_code in (401, 403)  # DRF: 403 when session auth comes first
    third = _token(Client()).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {third}")
    assert api.post("/api/auth/logout-all/").status_code == 204
    for token in (second, third):
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/notifications/").status_code in (401, 403)  # DRF: 403 when session auth comes first
    assert not AuthToken.objects.filter(user=officer).exists()


def test_a_lockout_revokes_the_users_tokens(officer, settings):
    token = _token(Client()).json()["token"]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT):
        _login(client, password="wrong")
    assert not AuthToken.objects.filter(user=officer).exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/notifications/").status_code in (401, 403)  # DRF: 403 when session auth comes first


def test_the_security_administrator_revokes_a_users_tokens(officer, client):
    _token(Client())
    client.force_login(make_user("secadmin", Role.SECADMIN))
    assert client.post(f"/accounts/security/users/{officer.pk}/revoke-tokens/").status_code == 302
    assert not AuthToken.objects.filter(user=officer).exists()


# ---- lockout: 429 everywhere; behind the proxy by username and address, with a per-username ceiling ------------


def test_lockout_answers_429_on_the_page_the_admin_and_the_api(officer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT):
        _login(client, password="wrong")
    assert _login(client).status_code == 429
    assert client.post("/admin/login/", {"username": "officer", "password": PASSWORD}).status_code == 429
    response = _token(client)
    assert response.status_code == 429 and response.json()["code"] == "locked_out"


def test_the_security_administrator_unlocks_an_account(officer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT):
        _login(client, password="wrong")
    admin = Client()
    admin.force_login(make_user("secadmin", Role.SECADMIN))
    page = admin.get("/accounts/security/")
    assert [row["username"] for row in page.context["locked"]] == ["officer"]
    assert admin.post("/accounts/security/unlock/", {"username": "officer"}).status_code == 302
    assert _login(client).status_code == 302


def test_the_lockout_policy_is_the_security_administrators(officer):
    admin = Client()
    admin.force_login(make_user("secadmin", Role.SECADMIN))
    fields = {"password_max_age_days": 90, "password_warning_days": 7, "password_history": 5,
              "idle_timeout_minutes": 30, "lockout_failures": 3, "lockout_minutes": 15, "username_ceiling": 20,
              "token_hours": 8}
    assert admin.post("/accounts/security/", fields).status_code == 302
    client = Client()
    for _ in range(3):
        _login(client, password="wrong")
    assert _login(client).status_code == 429


def _behind_proxy(address):
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")


def test_behind_the_proxy_a_stranger_cannot_lock_someone_elses_account(officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    stranger = _behind_proxy("203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT_DEFAULT + 2):
        _login(stranger, password="wrong")
    assert _login(stranger).status_code == 429  # the stranger's own address is locked for this username
    assert _login(_behind_proxy("198.51.100.7")).status_code == 302  # the owner, from elsewhere, is not


def test_behind_the_proxy_the_address_the_client_claims_is_not_believed(officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT_DEFAULT):
        # The client writes a new address each time; the proxy appends the real one (last entry).
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9").post(
            "/accounts/login/", {"username": "officer", "password": "wrong"})
    assert _login(_behind_proxy("203.0.113.9")).status_code == 429


def test_a_per_username_ceiling_stops_a_guess_from_many_addresses(officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    SecurityPolicy(pk=1, lockout_failures=5, username_ceiling=8).save()
    for n in range(8):
        _login(_behind_proxy(f"203.0.113.{n}"), password="wrong")
    assert _login(_behind_proxy("198.51.100.7")).status_code == 429
