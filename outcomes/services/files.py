"""Checking an uploaded reply file by its content and storing it under a generated name."""
import uuid

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput

ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "image/webp": "webp",
}


def checked_upload(upload, field: str = "file") -> tuple[ContentFile, str, str, int]:
    """Return (content under a safe generated name, original name, mime type, size) or refuse clearly."""
    limit = settings.FILE_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(field, limit)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(field, limit)
    if not data:
        message = _("The file is empty.")
        raise InvalidInput(message, field_errors={field: [message]})
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        message = _("Only PDF, Word (.docx) or image files (JPEG, PNG, TIFF, WebP) are accepted; this file is not one.")
        raise InvalidInput(message, field_errors={field: [message]})
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    content = ContentFile(data, name=f"{uuid.uuid4().hex}.{ALLOWED_TYPES[kind.mime]}")
    return content, original, kind.mime, len(data)


def _too_large(field: str, limit: int) -> InvalidInput:
    message = _("The file is larger than %(size)s MB.") % {"size": round(limit / 1024 / 1024, 1)}
    return InvalidInput(message, field_errors={field: [message]})
