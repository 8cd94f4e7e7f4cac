from django.http import QueryDict

from .text import nfc


def _normalized(query_dict):
    copy = QueryDict(mutable=True, encoding=query_dict.encoding)
    for key, values in query_dict.lists():
        copy.setlist(nfc(key), [nfc(value) for value in values])
    copy._mutable = False
    return copy


class NormalizeInputMiddleware:
    """Normalise all typed input to NFC, so "Lào Cai" typed decomposed (NFD) on some
    systems matches and equals the composed name stored in the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _normalized(request.GET)
        if request.method == "POST":
            request.POST = _normalized(request.POST)
        return self.get_response(request)
