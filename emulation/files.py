"""Private uploaded files (evidence, signed copies, attachments, reports).

Uploads are checked by their content, not their name, and stored under MEDIA_ROOT,
which is never served by URL: a view checks permission and calls ``serve_private``.
A file is stored and served by the type its first bytes show, never by the name the
uploader gave it: ``%PDF-`` + HTML named ``x.html`` is stored as .pdf and served as a
PDF attachment.
"""

import os
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the application itself stores besides documents: the report workbooks and Word drafts
# (both zips: a Word document is the one holding word/document.xml).
STORED_SIGNATURES = {**SIGNATURES, XLSX: [b"PK\x03\x04"]}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", XLSX: ".xlsx", DOCX: ".docx"}
UNKNOWN_EXTENSION = ".bin"


def _head(handle):
    position = handle.tell() if hasattr(handle, "tell") else 0
    handle.seek(0)
    head = handle.read(16)
    handle.seek(position)
    return head


def _match(head, signatures):
    for content_type, magics in signatures.items():
        if any(head.startswith(magic) for magic in magics):
            return content_type
    return None


def sniff_type(uploaded):
    """The content type by the file's first bytes, or None."""
    return _match(_head(uploaded), SIGNATURES)


def stored_type(handle):
    """The type a stored (or to be stored) file is kept and served as, or None."""
    content_type = _match(_head(handle), STORED_SIGNATURES)
    if content_type == XLSX and _is_word_document(handle):
        return DOCX
    return content_type


def _is_word_document(handle):
    position = handle.tell()
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        handle.seek(position)


def _with_extension(name, content_type):
    return os.path.splitext(name)[0] + EXTENSIONS.get(content_type, UNKNOWN_EXTENSION)


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


class PrivateStorage(FileSystemStorage):
    """The default storage: the name a file is stored under ends with the extension of the
    type its content shows (``upload_to`` sees only the name, the storage sees both)."""

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        if not hasattr(content, "chunks"):
            content = File(content, name)
        return super().save(_with_extension(name, stored_type(content)), content, max_length=max_length)


def serve_private(field_file, download_name=None):
    """Stream a stored file to a user the caller has already authorised: always as an
    attachment, typed by its content (files stored before names followed content too)."""
    name = download_name or os.path.basename(field_file.name)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is no longer stored.")) from None
    content_type = stored_type(handle)
    if content_type:
        name = _with_extension(name, content_type)
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
