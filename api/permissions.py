"""Who manages the API's clients (rules), and what a client may read (DRF permission)."""

import rules
from rest_framework.permissions import BasePermission

from emulation.permissions import is_ministry_staff

rules.add_perm("api.manage_clients", is_ministry_staff)


class HasScope(BasePermission):
    """The view's ``scope`` must be one of the client's scopes (else 403)."""

    message = "This client's token does not have the scope this endpoint needs."

    def has_permission(self, request, view):
        client = request.auth
        return client is not None and client.has_scope(view.scope)


class MaySeeCccd(BasePermission):
    message = "This client may not read persons by identification number."

    def has_permission(self, request, view):
        return request.auth is not None and request.auth.may_see_cccd
