"""What the campaign and pledge verbs share: refusing, locking, syncing child rows."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from emulation.services import save_with_history

from ..models import Pledge


def _deny():
    raise PermissionDenied(_("You are not allowed to do this."))


def _lock_pledge(pledge):
    return Pledge.objects.select_for_update().select_related("campaign", "unit").get(pk=pledge.pk)


def _sync_rows(model, parent_field, parent, rows, fields, by):
    """Make ``parent``'s child rows match ``rows`` (dicts with an optional "id"):
    update those with an id, create the others, delete the rest. Returns the deleted ids."""
    existing = {
        row.pk: row for row in model.objects.select_for_update().filter(**{parent_field: parent}).order_by("pk")
    }
    kept = set()
    for data in rows:
        row_id = data.get("id")
        if row_id:
            if row_id not in existing:
                raise ValidationError(_("A row does not belong to this record; reload the page."))
            row = existing[row_id]
            kept.add(row_id)
        else:
            row = model(**{parent_field: parent})
        for name in fields:
            if name in data:
                setattr(row, name, data[name])
        row.full_clean(exclude=[parent_field])
        save_with_history(row, by)
    deleted = [pk for pk in existing if pk not in kept]
    for pk in deleted:
        row = existing[pk]
        row._history_user = by
        row.delete()
    return deleted
