"""The award history imported from earlier years' spreadsheets (``awards.sheets``), and the
matching of the persons it names in free text to the people registry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation.models import Title, Unit
from emulation.services import save_with_history
from emulation.text import nfc
from people import queries as people_queries

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


# --- the persons named in free text ----------------------------------------------------------
# Records imported before the registry name their person only in ``person_name``. A record is
# matched to the registry's person whose name is the same (NFC, case and spacing aside) and who
# worked in the record's unit during its year; when no one or several do, an official of the
# unit (or ministry staff) chooses on the "to match" page.


def person_choices(record):
    """The persons who worked in the record's unit during its year, by name."""
    return people_queries.staff_of(record.unit, record.year)


def unmatched_records():
    return AwardRecord.objects.exclude(person_name="").filter(person__isnull=True)


@transaction.atomic
def match_award_records(by=None, records=None):
    """Match every unmatched record (or those given) whose name and unit and year point to one
    person. Returns (matched, left)."""
    rows = list((records if records is not None else unmatched_records()).select_related("unit"))
    matched = people_queries.same_person(rows, lambda record: (record.unit, record.year, record.person_name))
    for record, person in matched:
        record.person = person
        save_with_history(record, by, update_fields=["person"])
    return len(matched), len(rows) - len(matched)


@transaction.atomic
def resolve_award_record(record, person, by):
    """An official of the record's unit (or ministry staff) says who the record's person is."""
    require(by, "awards.match_history", record)
    if person.pk not in {p.pk for p in person_choices(record)}:
        raise ValidationError(
            _("%(person)s did not work in %(unit)s in %(year)s.")
            % {"person": person, "unit": record.unit, "year": record.year}
        )
    record.person = person
    save_with_history(record, by, update_fields=["person"])
    return record
