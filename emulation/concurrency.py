"""Optimistic version checks: two people editing the same record, the second save is
refused with a clear message and nothing is overwritten.

The form carries the version it was loaded with (a hidden field); the service locks the
row and calls ``check_version`` before writing, then saves with the version bumped.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


def check_version(locked_instance, expected_version):
    """Raise if the row (already locked with select_for_update) changed since the form was
    loaded; otherwise bump its version for the save that follows."""
    if expected_version is not None and str(expected_version) != str(locked_instance.version):
        raise ValidationError(
            _(
                "Someone else saved this record while you were editing it. Reload the page to see "
                "their changes; your changes were not saved."
            ),
            code="stale",
        )
    locked_instance.version += 1
