"""Verbs on API clients: create one (its token is returned once, never stored) and revoke it."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.services import require, save_with_history

from .models import ApiClient, Scope, token_hash


@transaction.atomic
def create_client(by, name, scopes, owner_unit=None, contact="", may_see_cccd=False):
    """A new client and its token, which the caller shows once: only its hash is kept."""
    require(by, "api.manage_clients")
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValidationError({"scopes": _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(sorted(unknown))}})
    if ApiClient.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A client with this name already exists.")})
    token = secrets.token_urlsafe(32)
    client = ApiClient(
        name=name,
        owner_unit=owner_unit,
        contact=contact,
        scopes=sorted(set(scopes)),
        may_see_cccd=may_see_cccd,
        token_hash=token_hash(token),
        token_hint=token[:6],
        created_by=by,
    )
    save_with_history(client, by)
    return client, token


@transaction.atomic
def revoke_client(client, by):
    """From now on the client's token is refused (401); the client stays, with its history."""
    require(by, "api.manage_clients")
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This client has already been revoked."), code="state")
    locked.revoked_at = timezone.now()
    save_with_history(locked, by)
    return locked
