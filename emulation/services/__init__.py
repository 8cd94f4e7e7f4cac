"""Actions that change state in the core, by topic: ``structure`` (memberships and
leadership by year), ``setup`` (clusters, units, members), ``accounts`` (officials'
logins). Views and admin actions call these.

Each service runs in one transaction, locks what it checks, checks the permission
rule, writes history (simple_history, with ``by`` as the author) and refuses a bad
request with ``ValidationError`` (shown to the user) or ``PermissionDenied``.

The toolkit below (``require``, ``save_with_history``) is shared by every app.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..years import working_year


def require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def save_with_history(instance, by, **kwargs):
    instance._history_user = by
    instance.save(**kwargs)


# The structure verbs, importable from here as before the split.
from .structure import (  # noqa: E402
    copy_memberships,
    last_headed_years,
    propose_head,
    rotation_choice,
    set_leadership,
)

__all__ = [
    "copy_memberships",
    "last_headed_years",
    "propose_head",
    "require",
    "rotation_choice",
    "save_with_history",
    "set_leadership",
    "working_year",
]
