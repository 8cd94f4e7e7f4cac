from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext as _

from .text import nfc


def _normalized(query_dict, drop_nul=False):
    def clean(text):
        return nfc(text).replace("\x00", "") if drop_nul else nfc(text)

    copy = QueryDict(mutable=True, encoding=query_dict.encoding)
    for key, values in query_dict.lists():
        copy.setlist(clean(key), [clean(value) for value in values])
    copy._mutable = False
    return copy


class NormalizeInputMiddleware:
    """Normalise all typed input to NFC, so "Lào Cai" typed decomposed (NFD) on some
    systems matches and equals the composed name stored in the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A NUL in a search (?q=) reaches PostgreSQL, which refuses it (a 500); in a form
        # field it is said next to the field (Django's ProhibitNullCharactersValidator).
        request.GET = _normalized(request.GET, drop_nul=True)
        if request.method == "POST":
            request.POST = _normalized(request.POST)
        return self.get_response(request)


class VietnameseByDefaultMiddleware:
    """Serve Vietnamese unless the user chose English with the language switch (its
    cookie): officials often work on computers whose browser asks for English, and
    the sector's language is Vietnamese. Goes before Django's LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over MAX_REQUEST_BYTES (413) before anything
    reads it: without this an anonymous 600 MB POST is spooled to disk before any check.
    A body sent without Content-Length is read by Django as empty; the proxy in front
    (docs/deployment.md) bounds the bytes on the wire too. Goes first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            message = _("The request is larger than %(limit)s MB.") % {
                "limit": settings.MAX_REQUEST_BYTES // (1024 * 1024)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
