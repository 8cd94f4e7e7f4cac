"""The history box of a pledge: one line per saved version saying what changed
(the status it moved to, the reason it was returned, the fields edited), read from
django-simple-history in one query."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Pledge

# The pledge's own fields a line names when they change (targets and individuals have
# their own rows; timestamps and version numbers say nothing to a reader).
NAMED_FIELDS = (
    "collective_title_id",
    "commitments",
    "signer_name",
    "signer_position",
    "signed_copy",
    "results_report",
    "assessment_note",
)


@dataclass
class HistoryLine:
    when: datetime
    who: str
    what: str
    reason: str = ""  # the return reason, on the line that returned the pledge
    fields: list = field(default_factory=list)


def _label(status):
    return str(Pledge.Status(status).label) if status in Pledge.Status.values else status


def _field_name(attname):
    name = attname.removesuffix("_id")
    return capfirst(Pledge._meta.get_field(name).verbose_name)


def _describe(record, older):
    if older is None:
        what = _("Created as %(status)s") % {"status": _label(record.status)}
        return HistoryLine(record.history_date, _who(record), what)
    changed = [_field_name(name) for name in NAMED_FIELDS if getattr(record, name) != getattr(older, name)]
    if record.status != older.status:
        what = f"{_label(older.status)} → {_label(record.status)}"
    elif changed:
        what = _("Edited")
    else:
        what = _("Saved (targets, results or individuals)")
    returned = record.status == Pledge.Status.RETURNED and older.status != Pledge.Status.RETURNED
    reason = record.return_reason if returned else ""
    return HistoryLine(record.history_date, _who(record), what, reason, changed)


def _who(record):
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user else "—"


def pledge_history(pledge, limit=20):
    """The latest ``limit`` lines, newest first (one query)."""
    records = list(pledge.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    older = records[1:] + [None]
    return [_describe(record, previous) for record, previous in zip(records, older, strict=True)][:limit]
