"""The Excel list of officials: one row per person (unit, full name, e-mail, position,
unit head). All or nothing: every refusal names its row and column."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Unit
from .services.accounts import NewOfficial
from .spreadsheets import read_rows
from .text import nfc

COLUMNS = [
    ("unit", gettext_lazy("Unit")),
    ("full_name", gettext_lazy("Full name")),
    ("email", gettext_lazy("E-mail")),
    ("position", gettext_lazy("Position")),
    ("is_unit_head", gettext_lazy("Unit head")),
]
FIELD_COLUMN = {field: index for index, (field, _label) in enumerate(COLUMNS)}
YES = {"x", "1", "có", "co", "yes", "true", "thủ trưởng"}


def cell_error(row, field, message):
    index = FIELD_COLUMN[field]
    return _("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
        "row": row,
        "column": "ABCDE"[index],
        "header": COLUMNS[index][1],
        "message": message,
    }


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def parse_officials(uploaded):
    """(rows, sheet row numbers) of the list; ValidationError listing every refusal."""
    try:
        cells = read_rows(uploaded)
    except ValueError:
        raise ValidationError(_("This file is not an Excel workbook (.xlsx).")) from None
    units = {nfc(unit.name).lower(): unit for unit in Unit.objects.filter(active=True)}
    rows, numbers, errors = [], [], []
    for number, values in enumerate(cells[1:], start=2):
        values = [_text(value) for value in (list(values) + [None] * 5)[:5]]
        if not any(values):
            continue
        unit = units.get(values[0].lower())
        if unit is None:
            errors.append(cell_error(number, "unit", _("no active unit has this name.")))
            continue
        head = values[4].lower() in YES
        rows.append(NewOfficial(unit, values[1], values[2], values[3], head))
        numbers.append(number)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The list has no official."))
    return rows, numbers
