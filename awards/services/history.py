"""The award history imported from earlier years' spreadsheets (``awards.sheets``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from emulation.models import Title, Unit
from emulation.text import nfc

from .. import sheets
from ..models import AwardRecord
from ..permissions import require


def _lookup():
    titles, units = {}, {}
    for title in Title.objects.all():
        titles[title.code.lower()] = titles[nfc(title.name).lower()] = title
    for unit in Unit.objects.all():
        units[unit.slug.lower()] = units[nfc(unit.name).lower()] = unit
    return sheets.Lookup(titles, units)


@transaction.atomic
def import_award_history(uploaded, by):
    """Import earlier years' awards from an .xlsx with the columns of
    ``sheets.IMPORT_COLUMNS`` (titles and units by name or code). All or nothing: any bad
    row refuses the file with every row's error. Rows already recorded are skipped.
    Returns (created, skipped)."""
    require(by, "awards.import_history")
    records, errors = sheets.parse_rows(sheets.read_sheet(uploaded), _lookup())
    if errors:
        raise ValidationError(errors)
    existing = set(
        AwardRecord.objects.filter(unit_id__in={r.unit_id for r in records}).values_list(
            "title_id", "year", "unit_id", "person_name"
        )
    )
    new = [r for r in records if (r.title_id, r.year, r.unit_id, r.person_name) not in existing]
    bulk_create_with_history(new, AwardRecord, default_user=by)
    return len(new), len(records) - len(new)
