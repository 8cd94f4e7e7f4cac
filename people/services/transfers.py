"""Transfers between units: the sending unit asks, the receiving unit accepts or refuses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from emulation.services import save_with_history

from ..models import Posting, Transfer
from ..permissions import require
from ..transitions import TRANSFER
from .roster import open_posting


@transaction.atomic
def request_transfer(person, to_unit, by, date, position, staff_kind, note=""):
    posting = Posting.objects.select_for_update().open().filter(person=person).select_related("unit").first()
    if posting is None:
        raise ValidationError(_("This person has no open posting to transfer from."), code="state")
    require(by, "people.manage_roster", posting.unit)
    if to_unit.pk == posting.unit_id:
        raise ValidationError({"to_unit": _("The person already works in this unit.")})
    if not to_unit.active:
        raise ValidationError({"to_unit": _("This unit no longer exists; choose the unit that took it over.")})
    if date <= posting.start:
        raise ValidationError({"date": _("The transfer must come after the start of the current posting.")})
    transfer = Transfer(
        person=person, from_unit=posting.unit, to_unit=to_unit, position=position, staff_kind=staff_kind,
        date=date, note=note, requested_by=by,
    )  # fmt: skip
    try:
        with transaction.atomic():
            save_with_history(transfer, by)
    except IntegrityError as error:
        raise ValidationError(_("A transfer of this person is already waiting."), code="state") from error
    return transfer


def _lock(transfer):
    return Transfer.objects.select_for_update().select_related("person", "from_unit", "to_unit").get(pk=transfer.pk)


@transaction.atomic
def accept_transfer(transfer, by):
    """The receiving unit accepts: the old posting ends the day before, a new one opens on the date."""
    locked = _lock(transfer)
    TRANSFER.check(locked, "accept", by)
    old = Posting.objects.select_for_update().open().filter(person=locked.person).first()
    if old is None or old.unit_id != locked.from_unit_id:
        raise ValidationError(_("The person is no longer posted in the sending unit."), code="state")
    old.end = locked.date - datetime.timedelta(days=1)
    save_with_history(old, by)
    open_posting(locked.person, locked.to_unit, by, locked.position, locked.staff_kind, locked.date)
    TRANSFER.move(locked, "accept")
    locked.decided_by = by
    save_with_history(locked, by)
    return locked


@transaction.atomic
def refuse_transfer(transfer, by, note=""):
    locked = _lock(transfer)
    TRANSFER.check(locked, "refuse", by)
    TRANSFER.move(locked, "refuse")
    locked.decided_by = by
    locked.note = note[:255] or locked.note
    save_with_history(locked, by)
    return locked


@transaction.atomic
def cancel_transfer(transfer, by):
    locked = _lock(transfer)
    TRANSFER.check(locked, "cancel", by)
    TRANSFER.move(locked, "cancel")
    save_with_history(locked, by)
    return locked
