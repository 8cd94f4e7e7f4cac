"""A criteria table as an Excel workbook, the way the Ministry's tables are laid out.

Sheet "Tiêu chí": a header row (found by its "Số TT" cell, so title rows above it are
fine) with the real columns — Số TT | Tiêu chí | Điểm chuẩn — and the columns that say how
each criterion is scored: Loại điểm | Cách chấm | Đại lượng nhập | Khung điểm | Chỉ tiêu |
Mức trần | Minh chứng bắt buộc | Tài liệu minh chứng | Hướng dẫn chấm. Columns are found
by their header, in any order; others (Điểm chấm, Ghi chú …) are ignored.

- Số TT gives the tree: I, II … are groups; 1, 2 … criteria of the last group; 1.1, 1.2 …
  sub-criteria of criterion 1.
- Khung điểm (bands): "1–2: 1,5; 3–5: 1; 6–10: 0,5; 11–: 0" — from–to: points, either side
  open, tried in order.

Sheet "Xếp hạng" (rank bands): Hạng | Xếp loại | Điểm tối thiểu | Tiêu chí phải đạt tối đa
(numbers separated by commas).

``parse_workbook_rows`` reads the rows and returns the table or every error with its row
and column; nothing here touches the database.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from emulation import spreadsheets
from emulation.numbers import parse_vn_number
from emulation.text import nfc

from . import computation
from .models import Criterion, RankBand, ScoreBand

CRITERIA_SHEET = "Tiêu chí"
RANK_SHEET = "Xếp hạng"

# key: (header written on export, other spellings accepted on import)
COLUMNS = {
    "number": ("Số TT", ["stt", "số thứ tự", "tt"]),
    "title": ("Tiêu chí", ["nội dung", "tiêu chí đánh giá"]),
    "max_points": ("Điểm chuẩn", ["điểm tối đa"]),
    "kind": ("Loại điểm", ["loại"]),
    "method": ("Cách chấm", ["phương pháp chấm", "cách chấm điểm"]),
    "input_label": ("Đại lượng nhập", ["giá trị nhập"]),
    "bands": ("Khung điểm", ["mức điểm"]),
    "target": ("Chỉ tiêu", ["kế hoạch"]),
    "ceiling": ("Mức trần", ["điểm trần"]),
    "evidence_required": ("Minh chứng bắt buộc", ["bắt buộc minh chứng"]),
    "evidence_hint": ("Tài liệu minh chứng", ["minh chứng"]),
    "note": ("Hướng dẫn chấm", ["cách tính điểm"]),
}
REQUIRED = ("number", "title", "max_points")
RANK_COLUMNS = {
    "name": ("Hạng", ["hạng thi đua"]),
    "label": ("Xếp loại", ["tên gọi"]),
    "min_total": ("Điểm tối thiểu", ["từ điểm"]),
    "required": ("Tiêu chí phải đạt tối đa", ["điều kiện"]),
}

KIND_WORDS = {
    computation.REGULAR: ["", "thường", "chuẩn", "regular"],
    computation.BONUS: ["thưởng", "điểm thưởng", "cộng", "bonus"],
    computation.PENALTY: ["trừ", "điểm trừ", "penalty"],
}
KIND_EXPORT = {computation.REGULAR: "Thường", computation.BONUS: "Thưởng", computation.PENALTY: "Trừ"}
METHOD_WORDS = {
    computation.MANUAL: ["", "tự chấm", "nhập điểm", "manual"],
    computation.BANDS: ["theo khung", "khung điểm", "bands"],
    computation.PROPORTIONAL: ["theo tỷ lệ", "tỷ lệ", "theo tỉ lệ", "tỉ lệ", "proportional"],
    computation.YES_NO: ["có/không", "có / không", "có – không", "có-không", "yes/no", "yes_no"],
}
METHOD_EXPORT = {
    computation.MANUAL: "Tự chấm",
    computation.BANDS: "Theo khung",
    computation.PROPORTIONAL: "Theo tỷ lệ",
    computation.YES_NO: "Có/Không",
}
YES = ["có", "x", "yes", "1", "true", "bắt buộc"]
NO = ["", "không", "no", "0", "false"]
ROMAN = re.compile(r"^[IVXLC]+$")
ARABIC = re.compile(r"^\d+(\.\d+)*$")
DASHES = re.compile(r"\s*[–—-]\s*")


@dataclass
class ParsedCriterion:
    row: int
    number: str
    title: str
    max_points: Decimal
    parent_number: str | None = None
    kind: str = computation.REGULAR
    method: str = computation.MANUAL
    input_label: str = ""
    bands: list = field(default_factory=list)
    target: Decimal | None = None
    ceiling: Decimal | None = None
    evidence_required: bool = False
    evidence_hint: str = ""
    note: str = ""

    # what computation.structure_problems reads
    @property
    def pk(self):
        return self.number

    @property
    def parent_id(self):
        return self.parent_number


@dataclass
class ParsedRankBand:
    row: int
    name: str
    label: str
    min_total: Decimal
    required: list


class SheetErrors(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A cell may hold "_x0000_", which openpyxl reads as NUL: no database stores that.
    return nfc(str(value)).replace("\x00", "").strip()


def _key(value):
    return " ".join(_text(value).lower().split())


def _decimal(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float, Decimal)):
        value = Decimal(str(value))
        if not value.is_finite():
            raise ValueError(value)
        return value
    return parse_vn_number(str(value))


def _stored(model, name, value):
    """``value`` as the column ``model.name`` stores it: a number rounded to the column's
    decimal places (Excel gives 0.30000000000000004). Raises ValidationError with the
    reason when it does not fit (too many digits, too long a text)."""
    field = model._meta.get_field(name)
    if isinstance(value, Decimal) and value.adjusted() < field.max_digits - field.decimal_places:
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places), rounding=ROUND_HALF_UP)
    if value not in (None, ""):
        field.run_validators(value)
    return value


def format_decimal(value):
    """Decimal → Vietnamese text without trailing zeros: 1.50 → "1,5"; 24196 → "24196"."""
    return computation.format_points(value)


BAND_FIELDS = ("lower", "upper", "points")


def parse_bands(text):
    """ "1–2: 1,5; 3–5: 1; 11–: 0" → [(1, 2, 1.5), (3, 5, 1), (11, None, 0)]; a single
    value "0: 2" is the band from 0 to 0. Raises ValueError on anything else."""
    bands = []
    for part in str(text).split(";"):
        part = part.strip()
        if not part:
            continue
        if ":" not in part:
            raise ValueError(part)
        bounds, points = part.rsplit(":", 1)
        bounds = bounds.strip()
        pieces = DASHES.split(bounds, maxsplit=1) if DASHES.search(bounds) else [bounds, bounds]
        lower, upper = (_decimal(piece) for piece in pieces)
        if lower is not None and upper is not None and upper < lower:
            raise ValueError(part)
        bands.append((lower, upper, _decimal(points)))
        if bands[-1][2] is None:
            raise ValueError(part)
    return bands


def format_bands(bands):
    parts = []
    for lower, upper, points in bands:
        low = "" if lower is None else format_decimal(lower)
        high = "" if upper is None else format_decimal(upper)
        bound = low if lower is not None and lower == upper else f"{low}–{high}"
        parts.append(f"{bound}: {format_decimal(points)}")
    return "; ".join(parts)


def _find_header(rows, columns, required):
    names = {}
    for key, (header, others) in columns.items():
        for spelling in [header, *others]:
            names[_key(spelling)] = key
    for index, row in enumerate(rows[:15]):
        found = {}
        for column, cell in enumerate(row):
            key = names.get(_key(cell))
            if key and key not in found:
                found[key] = column
        if all(key in found for key in required):
            return index, found
    return None, None


@dataclass
class WorkbookRows:
    criteria_rows: list
    rank_rows: list | None


def open_workbook(uploaded):
    """The rows of the criteria sheet ("Tiêu chí", else the first) and of the rank band
    sheet ("Xếp hạng", or None). Raises ValueError when the file is not a workbook."""
    workbook = spreadsheets.open_workbook(uploaded)  # bounded: ValidationError when too large
    names = {_key(name): name for name in workbook.sheetnames}
    criteria_sheet = workbook[names.get(_key(CRITERIA_SHEET), workbook.sheetnames[0])]
    rank_name = names.get(_key(RANK_SHEET))
    criteria = [list(row) for row in criteria_sheet.iter_rows(values_only=True)]
    ranks = [list(row) for row in workbook[rank_name].iter_rows(values_only=True)] if rank_name else None
    workbook.close()
    return WorkbookRows(criteria, ranks)


def parse_workbook_rows(criteria_rows, rank_rows=None, total_points=None):
    """Read the criteria (and rank band) rows of a workbook. Returns
    (criteria, rank_bands) or raises SheetErrors with messages naming row and column."""
    errors = []
    header_index, found = _find_header(criteria_rows, COLUMNS, REQUIRED)
    if header_index is None:
        raise SheetErrors(
            [
                _("The sheet “%(sheet)s” has no header row with the columns %(columns)s.")
                % {"sheet": CRITERIA_SHEET, "columns": ", ".join(COLUMNS[k][0] for k in REQUIRED)}
            ]
        )

    def error(row_number, key, message):
        letter = get_column_letter(found[key] + 1) if key in found else "?"
        errors.append(
            _("Row %(row)s, column %(column)s (%(header)s): %(message)s")
            % {"row": row_number, "column": letter, "header": COLUMNS[key][0], "message": message}
        )

    def stored(row_number, key, model, value, name=None):
        try:
            return _stored(model, name or key, value)
        except ValidationError as invalid:
            error(row_number, key, " ".join(invalid.messages))
            return None

    criteria, by_number, last_root = [], {}, None
    for offset, row in enumerate(criteria_rows[header_index + 1 :], start=header_index + 2):
        cells = {key: (row[column] if column < len(row) else None) for key, column in found.items()}
        number = _text(cells.get("number")).rstrip(".").strip()
        title = _text(cells.get("title"))
        if not number and not title:
            continue
        row_errors = len(errors)
        if not number:
            error(offset, "number", _("Every criterion needs its number (I, 1, 1.1 …)."))
            continue
        if not title:
            error(offset, "title", _("The criterion has no text."))
        parent = None
        if ROMAN.match(number):
            last_root = number
        elif ARABIC.match(number):
            parent = number.rsplit(".", 1)[0] if "." in number else last_root
            if parent is None:
                error(offset, "number", _("A criterion comes before the first group (I, II …)."))
            elif parent not in by_number:
                error(offset, "number", _("There is no criterion %(parent)s above it.") % {"parent": parent})
        else:
            error(offset, "number", _("“%(number)s” is not a number like I, 1 or 1.1.") % {"number": number})
        if number in by_number:
            error(offset, "number", _("The number %(number)s appears twice.") % {"number": number})
        stored(offset, "number", Criterion, number)
        try:
            max_points = _decimal(cells.get("max_points"))
            if max_points is None or max_points < 0:
                raise ValueError
        except ValueError:
            error(offset, "max_points", _("Enter the maximum points as a number of 0 or more."))
            max_points = None
        else:
            max_points = stored(offset, "max_points", Criterion, max_points)
        kind_text = _key(cells.get("kind"))
        kind = next((k for k, words in KIND_WORDS.items() if kind_text in words), None)
        if kind is None:
            error(offset, "kind", _("Write Thường, Thưởng or Trừ."))
        if not kind_text and by_number.get(parent) is not None:  # None: the parent's row has errors
            kind = by_number[parent].kind
        method_text = _key(cells.get("method"))
        method = next((m for m, words in METHOD_WORDS.items() if method_text in words), None)
        if method is None:
            error(offset, "method", _("Write Tự chấm, Theo khung, Theo tỷ lệ or Có/Không."))
        bands, bands_text = [], _text(cells.get("bands"))
        if bands_text:
            try:
                bands = parse_bands(bands_text)
            except ValueError:
                error(offset, "bands", _("Write bands as “1–2: 1,5; 3–5: 1; 11–: 0”."))
            bands = [
                tuple(
                    stored(offset, "bands", ScoreBand, value, name)
                    for name, value in zip(BAND_FIELDS, band, strict=True)
                )
                for band in bands
            ]
        elif method == computation.BANDS:
            error(offset, "bands", _("A criterion scored by bands needs its bands."))
        decimals = {}
        for key in ("target", "ceiling"):
            try:
                decimals[key] = stored(offset, key, Criterion, _decimal(cells.get(key)))
            except ValueError:
                error(offset, key, _("Enter a number, e.g. 24.196 or 89,68."))
                decimals[key] = None
        texts = {key: stored(offset, key, Criterion, _text(cells.get(key))) for key in ("input_label", "evidence_hint")}
        if decimals["target"] is not None and decimals["target"] <= 0:
            error(offset, "target", _("The target must be greater than 0."))
        if decimals["ceiling"] is not None and max_points is not None and decimals["ceiling"] < max_points:
            error(offset, "ceiling", _("The ceiling cannot be below the maximum points."))
        evidence_text = _key(cells.get("evidence_required"))
        if evidence_text not in YES + NO:
            error(offset, "evidence_required", _("Write Có or Không."))
        if len(errors) > row_errors:
            by_number.setdefault(number, None)
            continue
        item = ParsedCriterion(
            row=offset,
            number=number,
            title=title,
            max_points=max_points,
            parent_number=parent,
            kind=kind,
            method=method,
            input_label=texts["input_label"],
            bands=bands,
            target=decimals["target"],
            ceiling=decimals["ceiling"],
            evidence_required=evidence_text in YES,
            evidence_hint=texts["evidence_hint"],
            note=_text(cells.get("note")),
        )
        by_number[number] = item
        criteria.append(item)
    if not criteria and not errors:
        errors.append(_("The sheet has no criteria under its header row."))

    rank_bands = _parse_rank_rows(rank_rows, by_number, errors) if rank_rows is not None else None
    if not errors and total_points is not None:
        bands_by = {c.number: c.bands for c in criteria}
        minimums = [(b.name, b.min_total) for b in rank_bands or []]
        errors.extend(computation.structure_problems(total_points, criteria, bands_by, minimums))
    if errors:
        raise SheetErrors(errors)
    return criteria, rank_bands


def _parse_rank_rows(rows, by_number, errors):
    header_index, found = _find_header(rows, RANK_COLUMNS, ("name", "min_total"))
    if header_index is None:
        errors.append(
            _("The sheet “%(sheet)s” has no header row with the columns %(columns)s.")
            % {"sheet": RANK_SHEET, "columns": "Hạng, Điểm tối thiểu"}
        )
        return []

    def error(row_number, key, message):
        letter = get_column_letter(found[key] + 1) if key in found else "?"
        errors.append(
            _("Sheet %(sheet)s, row %(row)s, column %(column)s (%(header)s): %(message)s")
            % {
                "sheet": RANK_SHEET,
                "row": row_number,
                "column": letter,
                "header": RANK_COLUMNS[key][0],
                "message": message,
            }
        )

    bands = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {key: (row[column] if column < len(row) else None) for key, column in found.items()}
        name = _text(cells.get("name"))
        if not name:
            continue
        try:
            minimum = _decimal(cells.get("min_total"))
            if minimum is None or minimum < 0:
                raise ValueError
        except ValueError:
            error(offset, "min_total", _("Enter the minimum total as a number of 0 or more."))
            continue
        values, fits = {}, True
        for key, value in (("name", name), ("label", _text(cells.get("label"))), ("min_total", minimum)):
            try:
                values[key] = _stored(RankBand, key, value)
            except ValidationError as invalid:
                error(offset, key, " ".join(invalid.messages))
                fits = False
        if not fits:
            continue
        required = [n.strip().rstrip(".") for n in re.split(r"[,;]", _text(cells.get("required"))) if n.strip()]
        unknown = [n for n in required if n not in by_number]
        if unknown:
            error(offset, "required", _("No criterion numbered %(numbers)s.") % {"numbers": ", ".join(unknown)})
            continue
        bands.append(ParsedRankBand(offset, values["name"], values["label"], values["min_total"], required))
    return bands


def criteria_rows(criteria, bands_by_criterion):
    """Export rows (headers first) for a table's criteria in tree order."""
    headers = [header for header, _others in COLUMNS.values()]
    rows = []
    for node in criteria:
        bands = bands_by_criterion.get(node.pk, [])
        rows.append(
            [
                node.number,
                node.title,
                float(node.max_points),
                KIND_EXPORT[node.kind],
                METHOD_EXPORT[node.method],
                node.input_label,
                format_bands(bands) if bands else "",
                float(node.target) if node.target is not None else None,
                float(node.ceiling) if node.ceiling is not None else None,
                "Có" if node.evidence_required else "Không",
                node.evidence_hint,
                node.note,
            ]
        )
    return headers, rows


def rank_rows(rank_bands, required_numbers):
    headers = [header for header, _others in RANK_COLUMNS.values()]
    rows = [
        [band.name, band.label, float(band.min_total), ", ".join(required_numbers.get(band.pk, []))]
        for band in rank_bands
    ]
    return headers, rows
