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

from emulation.numbers import parse_vn_number
from emulation.text import nfc

from .. import computation

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
