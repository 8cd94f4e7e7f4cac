"""Graceful failure when the database is down.

A view that cannot reach the database (``OperationalError`` / ``InterfaceError``)
answers 503 with ``templates/503.html``: plain Vietnamese text, rendered without the
request, so no context processor queries the database that just failed. Errors
raised elsewhere end in Django's default 500 handler, which renders the equally
standalone ``templates/500.html``.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
# A page asked for (GET) reloads itself after a blip, so a poll or a redirect that met a locked or
# restarting database does not leave the user on this page; a form sent (POST) is never resent.
RELOAD_SECONDS = 10


def service_unavailable(reload=False):
    context = {"reload": RELOAD_SECONDS if reload else None}
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable at %s", request.path, exc_info=exception)
        return service_unavailable(reload=request.method == "GET")
