"""The base: settings, language, offline assets, API schema and docs."""
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from directory.roles import has_role


def test_default_language_is_simplified_chinese_and_english_is_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_login_page_is_chinese_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_pages_stay_chinese_for_an_english_browser_until_english_is_chosen(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert "Log in" in response.content.decode()


def test_api_messages_follow_accept_language(client, users):
    client.force_login(users["department"])
    assert "permission" in client.get("/api/topics/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert "权限" in client.get("/api/topics/").json()["detail"] or "许可" in client.get("/api/topics/").json()["detail"]


def test_templates_reference_no_external_assets():
    pattern = re.compile(r"""(src|href)=["']https?://""")
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        assert not pattern.search(path.read_text()), path
    for app in ("topics", "research", "outcomes", "workdays", "directory"):
        for path in Path(settings.BASE_DIR, app).rglob("*.html"):
            assert not pattern.search(path.read_text()), path


def test_api_schema_and_docs_are_served_offline(client, users):
    client.force_login(users["staff"])
    assert client.get(reverse("api-schema")).status_code == 200
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert "http://" not in docs.content.decode().replace("http://testserver", "")
    assert "https://" not in docs.content.decode()


def test_user_may_hold_several_roles(users):
    from directory.models import RoleGrant

    staff = users["staff"]
    RoleGrant.objects.create(user=staff, role="supervisor")
    staff.refresh_from_db()
    assert has_role(staff, "staff") and has_role(staff, "supervisor")
    assert not has_role(staff, "department")


def test_token_auth(client, users):
    users["staff"].set_password("secret-pass-123")
    users["staff"].save()
    response = client.post(reverse("api-token"), {"username": "staff", "password": "secret-pass-123"})
    assert response.status_code == 200 and response.json()["token"]


def test_production_settings_need_a_secret_and_forbid_demo_data():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "chengwu_cppcc.settings.production"
    code = "import django; django.setup()"
    failed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert failed.returncode != 0 and "DJANGO_SECRET_KEY" in failed.stderr
    env["DJANGO_SECRET_KEY"] = "x" * 60
    code += "; from django.conf import settings; assert settings.DEMO_DATA_ALLOWED is False and not settings.DEBUG"
    ok = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert ok.returncode == 0, ok.stderr


def test_every_translation_catalogue_is_complete():
    import polib

    from directory.management.commands.compile_translations import po_files

    files = po_files()
    assert files
    for path in files:
        catalogue = polib.pofile(str(path))
        missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        assert not missing, f"{path}: {missing[:5]}"


def test_openapi_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for resource in ("plans", "topics", "research-groups", "reports", "outcomes", "suggestions", "assignments",
                     "replies", "progress-reports", "supervisions", "notifications", "departments"):
        assert f"/api/{resource}/" in text, resource
    assert "/api/calendar/due-date/" in text


def test_no_phrase_is_translated_two_ways_across_apps():
    """Django merges the apps' catalogues; the same phrase with two meanings needs a context, not two entries."""
    from collections import defaultdict

    import polib

    from directory.management.commands.compile_translations import po_files

    seen = defaultdict(set)
    for path in po_files():
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgstr:
                seen[(entry.msgctxt, entry.msgid)].add(entry.msgstr)
    clashes = {key: values for key, values in seen.items() if len(values) > 1}
    assert not clashes
