"""The outside systems that read the API (hệ thống khác đọc dữ liệu), each with its own token."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.models import Unit


class Scope(models.TextChoices):
    """What a client may read; each endpoint needs one."""

    STRUCTURE = "structure", _("Structure: units, clusters, memberships")
    AWARDS = "awards", _("Awards: award records and issued decisions")
    PERSONS = "persons", _("Persons: award records of a person by identification number")


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    """An outside system allowed to read the API. Its token is shown once, when it is made;
    only its SHA-256 is kept, so a copy of the database gives no working token."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.CharField(_("contact (person, e-mail or telephone)"), max_length=255, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token begins with"), max_length=8, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    may_see_cccd = models.BooleanField(
        _("may read persons by identification number"),
        default=False,
        help_text=_("Every such read is written to the personal-data access log."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_used"])

    # The API's authentication puts the client where a request's user goes.
    is_authenticated = True
    is_anonymous = False

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.revoked_at is None

    def has_scope(self, scope):
        return scope in self.scopes
