"""Reading the award history workbook (lịch sử khen thưởng of earlier years): six
columns, titles and units by name or code, every refusal naming its row (and column).
The service (``services.history``) looks up titles and units and stores the records."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from emulation.spreadsheets import read_rows
from emulation.text import nfc

from .models import AwardRecord

IMPORT_COLUMNS = ["Năm", "Danh hiệu", "Đơn vị", "Cá nhân", "Số quyết định", "Ngày quyết định"]


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _import_text(value):
    # openpyxl reads a cell's "_x0000_" as NUL, which PostgreSQL cannot store
    return nfc(str(value or "").strip()).replace("\x00", "")


def _invalid(model, name, value):
    """[ValidationError] when ``value`` does not fit the column (too long)."""
    try:
        model._meta.get_field(name).run_validators(value)
    except ValidationError as error:
        return [error]
    return []


def _cell_error(row, column, message):
    return _("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
        "row": row,
        "column": "ABCDEF"[column],
        "header": IMPORT_COLUMNS[column],
        "message": message,
    }


def read_sheet(uploaded):
    """The rows of the workbook, the heading row checked; ValidationError otherwise."""
    try:
        rows = read_rows(uploaded)
    except ValueError:
        raise ValidationError(_("The file is not a readable Excel workbook (.xlsx).")) from None
    if not rows or [str(c or "").strip() for c in rows[0][:3]] != IMPORT_COLUMNS[:3]:
        raise ValidationError(
            _("The first row must be the headings: %(columns)s.") % {"columns": ", ".join(IMPORT_COLUMNS)}
        )
    return rows[1:]


@dataclass
class Lookup:
    """Titles and units by lower-case name or code, as the rows may name them."""

    titles: dict
    units: dict

    def title(self, cell):
        return self.titles.get(nfc(str(cell or "")).strip().lower())

    def unit(self, cell):
        return self.units.get(nfc(str(cell or "")).strip().lower())


def parse_rows(rows, lookup):
    """(records, errors): an unsaved ``AwardRecord`` per distinct row, or every row's error."""
    errors, records, seen = [], [], set()
    for number, row in enumerate(rows, start=2):
        row = list(row)[:6] + [None] * (6 - len(row))
        if all(cell in (None, "") for cell in row):
            continue
        record, row_errors = _parse_row(number, row, lookup)
        errors.extend(row_errors)
        if record is None:
            continue
        key = (record.title_id, record.year, record.unit_id, record.person_name)
        if key not in seen:
            seen.add(key)
            records.append(record)
    return records, errors


def _parse_year(number, cell):
    """(year, None) or (None, the row's error)."""
    try:
        year = int(cell)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a cell holding ∞
        return None, _("Row %(row)s: the year is not a number.") % {"row": number}
    if not 1990 <= year <= 2100:
        return None, _cell_error(number, 0, _("Enter a year between 1990 and 2100."))
    return year, None


def _parse_row(number, row, lookup):
    """(record or None, [errors]) for one row."""
    year_cell, title_cell, unit_cell, person, decision_number, decision_date = row
    year, error = _parse_year(number, year_cell)
    if error:
        return None, [error]
    errors = []
    title, unit = lookup.title(title_cell), lookup.unit(unit_cell)
    if title is None:
        errors.append(_("Row %(row)s: unknown title “%(value)s”.") % {"row": number, "value": title_cell})
    if unit is None:
        errors.append(_("Row %(row)s: unknown unit “%(value)s”.") % {"row": number, "value": unit_cell})
    try:
        decided = _parse_date(decision_date)
    except ValueError:
        return None, [*errors, _("Row %(row)s: the date is not a date (dd/mm/yyyy).") % {"row": number}]
    if errors:
        return None, errors
    person, decision_number = _import_text(person), _import_text(decision_number)
    too_long = [
        _cell_error(number, column, " ".join(error.messages))
        for column, name, value in ((3, "person_name", person), (4, "decision_number", decision_number))
        for error in _invalid(AwardRecord, name, value)
    ]
    if too_long:
        return None, too_long
    record = AwardRecord(
        title=title,
        year=year,
        unit=unit,
        person_name=person,
        decision_number=decision_number,
        decision_date=decided,
        source=AwardRecord.Source.IMPORT,
    )
    return record, []
