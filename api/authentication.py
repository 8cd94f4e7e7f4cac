"""``Authorization: Bearer <token>``: the token's SHA-256 finds the client; a revoked or unknown
token is refused with 401."""

import datetime

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from .models import ApiClient, token_hash

# last_used is written at most this often, so reading stays one query per request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class BearerTokenAuthentication(BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2 or not parts[1].isascii():
            raise exceptions.AuthenticationFailed("Invalid Authorization header: expected 'Bearer <token>'.")
        token = parts[1]
        client = ApiClient.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if client.last_used is None or now - client.last_used > LAST_USED_EVERY:
            ApiClient.objects.filter(pk=client.pk).update(last_used=now)
        return client, client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A client's token, shown once when it is made."}
