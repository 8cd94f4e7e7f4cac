"""Private uploaded files (evidence, signed copies, attachments, reports).

Uploads are checked by their content, not their name, and stored under MEDIA_ROOT,
which is never served by URL: a view checks permission and calls ``serve_private``.
"""

import mimetypes
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Leading bytes of the formats officials may upload.
SIGNATURES = {
    "application/pdf": [b"%PDF-"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "image/png": [b"\x89PNG\r\n\x1a\n"],
}
DOCUMENT_TYPES = tuple(SIGNATURES)


def sniff_type(uploaded):
    """The content type by the file's first bytes, or None."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(position)
    for content_type, magics in SIGNATURES.items():
        if any(head.startswith(magic) for magic in magics):
            return content_type
    return None


def validate_document(uploaded, allowed=DOCUMENT_TYPES):
    """Field validator: a real PDF, JPEG or PNG (by content), at most MAX_UPLOAD_SIZE."""
    if uploaded.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            code="too_large",
            params={"limit": settings.MAX_UPLOAD_SIZE // (1024 * 1024)},
        )
    if sniff_type(uploaded) not in allowed:
        raise ValidationError(_("The file must be a PDF, JPEG or PNG document."), code="bad_type")


@deconstructible
class PrivateUploadTo:
    """An ``upload_to`` that keeps the extension but not the uploader's file name.
    A class (not a closure) so that migrations can serialise it."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = os.path.splitext(filename)[1].lower()[:10]
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, PrivateUploadTo) and other.folder == self.folder


private_upload_to = PrivateUploadTo


def serve_private(field_file, download_name=None):
    """Stream a stored file to a user the caller has already authorised."""
    name = download_name or os.path.basename(field_file.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is no longer stored.")) from None
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
