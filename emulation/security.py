"""Who is knocking at the login: the client's address and login name as django-axes records them.

Behind the documented TLS proxy every request comes from the proxy's address, so a lockout
keyed on REMOTE_ADDR would let anyone lock a real user out with five wrong passwords. With
``TRUSTED_PROXY_COUNT = n`` the address is the one the outermost of the n trusted proxies
saw: the n-th entry from the right of X-Forwarded-For (each proxy appends the address it got
the request from; entries further left were written by the client and prove nothing).
"""

import ipaddress

from django.conf import settings
from django.http import Http404

# AccessAttempt.username is a varchar(255); a login name is at most 150 characters anyway.
LOGIN_NAME_LENGTH = 150


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address for the lockout (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        if len(forwarded) >= count:
            address = _valid(forwarded[-count])
            if address:
                return address
    return _valid(remote) or remote


def login_name(credentials=None, request=None):
    """The typed login name, cut to what a login name can be (AXES_USERNAME_CALLABLE):
    a 10.000-character name must not fail the attempt's INSERT on PostgreSQL."""
    if credentials:
        name = credentials.get("username")
    else:
        data = getattr(request, "POST", {}) if request is not None else {}
        name = data.get("username")
    return None if name is None else str(name)[:LOGIN_NAME_LENGTH]


def login_username(request, credentials):
    return login_name(credentials, request)


def pk_or_404(text):
    """A primary key typed into a request by hand (a raw POST value), or 404 for anything
    else ("abc", "1.5", "1\\0", 25 digits): ``int()`` on it once answered 500."""
    text = str(text or "")
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise Http404
    return int(text)
