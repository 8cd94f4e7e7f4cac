"""The roster as Excel, in the columns a personnel office already keeps.

Import is all or nothing: every row is read and checked first, and each refusal names its
row and column; only a file without errors is saved. A person is found by the CCCD, so a
second import updates the same persons and postings and never adds duplicates.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.services import save_with_history
from emulation.spreadsheets import read_rows
from emulation.text import nfc

from . import cccd, queries
from .models import Gender, Person, Posting, StaffKind
from .permissions import require
from .services.roster import open_posting

# The file's own headers, as the personnel office writes them (a format, not interface text).
COLUMNS = [
    ("full_name", "Họ và tên"),
    ("date_of_birth", "Ngày sinh"),
    ("gender", "Giới tính"),
    ("cccd", "Số CCCD"),
    ("position", "Chức vụ"),
    ("staff_kind", "Loại cán bộ"),
    ("start", "Từ ngày"),
]
GENDER_WORDS = {"nam": Gender.MALE, "nữ": Gender.FEMALE, "nu": Gender.FEMALE, "male": Gender.MALE,
                "female": Gender.FEMALE}  # fmt: skip
KIND_WORDS = {"cán bộ": StaffKind.CADRE, "công chức": StaffKind.CIVIL_SERVANT, "viên chức": StaffKind.PUBLIC_EMPLOYEE,
              "người lao động": StaffKind.WORKER, "hợp đồng lao động": StaffKind.WORKER}  # fmt: skip
SHORT_KIND = {StaffKind.CADRE: "Cán bộ", StaffKind.CIVIL_SERVANT: "Công chức", StaffKind.PUBLIC_EMPLOYEE: "Viên chức",
              StaffKind.WORKER: "Người lao động"}  # fmt: skip


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Write the date as dd/mm/yyyy."))


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(" ".join(str(value if value is not None else "").split()))


def _word(table, value, message):
    found = table.get(_text(value).lower())
    if found is None:
        raise ValueError(message)
    return found


def _number(value):
    text = cccd.normalise(_text(value))
    if len(text) == 11 and text.isdigit():
        text = "0" + text  # Excel drops the leading zero of a number cell
    return text


PARSERS = {
    "full_name": lambda v: _text(v) or _raise(_("The name is empty.")),
    "date_of_birth": _date,
    "gender": lambda v: _word(GENDER_WORDS, v, _("Write Nam or Nữ.")),
    "cccd": _number,
    "position": lambda v: _text(v) or _raise(_("The position is empty.")),
    "staff_kind": lambda v: _word(KIND_WORDS, v, _("Write Cán bộ, Công chức, Viên chức or Người lao động.")),
    "start": _date,
}


def _raise(message):
    raise ValueError(message)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def export_rows(unit):
    rows = []
    for posting in queries.roster(unit):
        person = posting.person
        gender = "Nam" if person.gender == Gender.MALE else "Nữ"
        rows.append([
            person.full_name, person.date_of_birth.strftime("%d/%m/%Y"), gender,
            person.cccd, posting.position, SHORT_KIND[posting.staff_kind], posting.start.strftime("%d/%m/%Y"),
        ])  # fmt: skip
    return [("Danh sách", [label for _key, label in COLUMNS], rows)]


def _where(row_number, index):
    from openpyxl.utils import get_column_letter

    return _("Row %(row)s, column %(column)s (%(header)s)") % {
        "row": row_number, "column": get_column_letter(index + 1), "header": COLUMNS[index][1],
    }  # fmt: skip


def _parse_row(row_number, cells):
    values, problems = {}, []
    for index, (key, _label) in enumerate(COLUMNS):
        try:
            values[key] = PARSERS[key](cells[index] if index < len(cells) else None)
        except ValueError as error:
            problems.append(f"{_where(row_number, index)}: {error}")
    if not problems:
        where = _where(row_number, 3)
        for message in cccd.errors(values["cccd"], values["date_of_birth"].year, values["gender"]):
            problems.append(f"{where}: {message}")
    return values, problems


def parse(uploaded):
    """[(row number, values)] of a roster file; raises ValidationError listing every refusal."""
    try:
        rows = read_rows(uploaded)
    except ValueError as error:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from error
    headers = [_text(cell).lower() for cell in (rows[0] if rows else [])]
    expected = [label for _key, label in COLUMNS]
    if headers[: len(expected)] != [label.lower() for label in expected]:
        raise ValidationError(_("The first row must be the headers: %(headers)s.") % {"headers": ", ".join(expected)})
    parsed, problems, seen = [], [], {}
    for row_number, cells in enumerate(rows[1:], start=2):
        if all(cell in (None, "") for cell in cells):
            continue
        values, row_problems = _parse_row(row_number, list(cells))
        if not row_problems and values["cccd"] in seen:
            row_problems.append(f"{_where(row_number, 3)}: " + _("the same number is on row %(row)s.")
                                % {"row": seen[values["cccd"]]})  # fmt: skip
        seen.setdefault(values.get("cccd"), row_number)
        problems += row_problems
        parsed.append((row_number, values))
    if problems:
        raise ValidationError(problems)
    return parsed


def _apply(unit, by, values, kept):
    person = Person.objects.select_for_update().filter(cccd=values["cccd"]).first()
    created = person is None
    person = person or Person(cccd=values["cccd"])
    for name in ("full_name", "date_of_birth", "gender"):
        setattr(person, name, values[name])
    save_with_history(person, by)
    posting = None if created else Posting.objects.select_for_update().open().filter(person=person).first()
    if posting is None:
        open_posting(person, unit, by, values["position"], values["staff_kind"], values["start"])
    elif posting.unit_id in kept:
        posting.position, posting.staff_kind, posting.start = values["position"], values["staff_kind"], values["start"]
        posting.full_clean(validate_constraints=False)
        save_with_history(posting, by)
    else:
        raise ValidationError(_("%(name)s works in %(unit)s: ask that unit for a transfer.")
                              % {"name": person.full_name, "unit": posting.unit})  # fmt: skip
    return created


@transaction.atomic
def import_roster(unit, uploaded, by):
    """Add or update the unit's staff from the file (all or nothing)."""
    require(by, "people.manage_roster", unit)
    rows = parse(uploaded)
    kept = queries.merged_into(unit.pk)
    result = ImportResult()
    for row_number, values in rows:
        try:
            created = _apply(unit, by, values, kept)
        except ValidationError as error:
            where = _where(row_number, 3)
            raise ValidationError([f"{where}: {message}" for message in error.messages]) from error
        result.created += created
        result.updated += not created
    return result
