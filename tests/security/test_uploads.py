"""Reply uploads: type from the content, a size limit, generated stored names, served only through a checked view."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from outcomes.models import Reply
from tests.security.conftest import PDF

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _patch_file(demo, name, content, content_type="application/pdf"):
    client = APIClient()
    client.force_authenticate(demo.civil_officer)
    reply = demo.objects["reply_foreign"]
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.patch(f"/api/replies/{reply.pk}/", {"file": upload}, format="multipart", HTTP_IF_MATCH="*"), reply


def _snapshot(reply):
    reply = Reply.objects.get(pk=reply.pk)
    return reply.file.name, reply.file_name, reply.file_type, reply.file_size


@pytest.mark.parametrize("content", [ELF, WINDOWS_EXE], ids=["elf", "windows-exe"])
def test_a_renamed_executable_is_refused_and_nothing_changes(demo, content):
    before = _snapshot(demo.objects["reply_foreign"])
    response, reply = _patch_file(demo, "答复.pdf", content)
    assert response.status_code == 400 and "file" in response.json()
    assert _snapshot(reply) == before


def test_an_oversized_file_is_refused(demo, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 1024
    before = _snapshot(demo.objects["reply_foreign"])
    response, reply = _patch_file(demo, "大文件.pdf", PDF + b"%" * 2048)
    assert response.status_code == 400 and "file" in response.json()
    assert _snapshot(reply) == before


def test_an_empty_file_is_refused(demo):
    response, _reply = _patch_file(demo, "空.pdf", b"")
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["../../../etc/passwd.pdf", "..\\..\\windows\\system32\\答复.pdf", "/abs/path.pdf",
                                  "答复.pdf\x00.exe"])
def test_a_file_name_with_path_tricks_is_stored_under_a_generated_name(demo, name):
    response, reply = _patch_file(demo, name, PDF)
    assert response.status_code == 200, response.content
    stored, original, mime, size = _snapshot(reply)
    media = Path(settings.MEDIA_ROOT).resolve()
    path = (media / stored).resolve()
    assert path.is_file() and media in path.parents
    assert stored.startswith("replies/") and Path(stored).suffix == ".pdf" and ".." not in stored
    assert "/" not in original and "\\" not in original and mime == "application/pdf" and size == len(PDF)


def test_uploads_are_served_only_through_the_permission_checked_view(demo, client):
    reply = demo.objects["reply_foreign"]
    client.force_login(demo.users["department"])
    assert client.get(f"{settings.MEDIA_URL}{reply.file.name}").status_code == 404
    assert client.get(f"/media/{reply.file.name}").status_code == 404
    assert client.get(f"/outcomes/replies/{reply.pk}/file/").status_code == 404  # another department's file
    client.force_login(demo.civil_officer)
    response = client.get(f"/outcomes/replies/{reply.pk}/file/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
