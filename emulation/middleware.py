from django.conf import settings
from django.http import Http404, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from .text import nfc

# The years a URL may name (as emulation.years and the year fields of the forms).
FIRST_YEAR, LAST_YEAR = 1990, 2100


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


class YearBoundsMiddleware:
    """A year in a URL (``<int:year>`` of any app) outside the years the sector keeps is
    not found (404), before the view: ``/setup/0/`` once failed building the link to
    year −1, ``/reports/sector/40000/`` overflowed PostgreSQL's smallint."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        year = view_kwargs.get("year")
        if isinstance(year, int) and not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404(_("There is no such year."))
        return None
