"""Reading a criteria workbook: open it (bounded by ``emulation.spreadsheets``) and parse its
rows into ``ParsedCriterion`` / ``ParsedRankBand`` or every error, each naming its row and
column. Nothing here touches the database."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from emulation import spreadsheets

from .. import computation
from ..models import Criterion, RankBand, ScoreBand
from .layout import (
    ARABIC,
    BAND_FIELDS,
    COLUMNS,
    CRITERIA_SHEET,
    KIND_WORDS,
    METHOD_WORDS,
    NO,
    RANK_COLUMNS,
    RANK_SHEET,
    REQUIRED,
    ROMAN,
    YES,
    ParsedCriterion,
    ParsedRankBand,
    SheetErrors,
    _decimal,
    _find_header,
    _key,
    _stored,
    _text,
    parse_bands,
)


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


class _RowErrors:
    """Collects messages that name the row and the column (letter and header) at fault."""

    def __init__(self, errors, found, columns, sheet=None):
        self.errors, self.found, self.columns, self.sheet = errors, found, columns, sheet

    def add(self, row_number, key, message):
        letter = get_column_letter(self.found[key] + 1) if key in self.found else "?"
        where = {"row": row_number, "column": letter, "header": self.columns[key][0], "message": message}
        if self.sheet is None:
            text = _("Row %(row)s, column %(column)s (%(header)s): %(message)s") % where
        else:
            text = _("Sheet %(sheet)s, row %(row)s, column %(column)s (%(header)s): %(message)s") % {
                "sheet": self.sheet,
                **where,
            }
        self.errors.append(text)

    def stored(self, row_number, key, model, value, name=None):
        """``value`` as ``model`` stores it, or None with the reason noted."""
        try:
            return _stored(model, name or key, value)
        except ValidationError as invalid:
            self.add(row_number, key, " ".join(invalid.messages))
            return None

    def count(self):
        return len(self.errors)


def _cells(row, found):
    return {key: (row[column] if column < len(row) else None) for key, column in found.items()}


def _no_header(sheet, columns):
    return _("The sheet “%(sheet)s” has no header row with the columns %(columns)s.") % {
        "sheet": sheet,
        "columns": columns,
    }


def parse_workbook_rows(criteria_rows, rank_rows=None, total_points=None):
    """Read the criteria (and rank band) rows of a workbook. Returns
    (criteria, rank_bands) or raises SheetErrors with messages naming row and column."""
    header_index, found = _find_header(criteria_rows, COLUMNS, REQUIRED)
    if header_index is None:
        raise SheetErrors([_no_header(CRITERIA_SHEET, ", ".join(COLUMNS[k][0] for k in REQUIRED))])
    errors = []
    sheet = _RowErrors(errors, found, COLUMNS)
    criteria, by_number = _parse_criteria(criteria_rows[header_index + 1 :], header_index + 2, sheet)
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


def _parse_criteria(rows, first_row, sheet):
    """[ParsedCriterion] of the rows without errors, and {number: criterion, or None when
    its row has errors}."""
    criteria, by_number, last_root = [], {}, None
    for offset, row in enumerate(rows, start=first_row):
        cells = _cells(row, sheet.found)
        number = _text(cells.get("number")).rstrip(".").strip()
        title = _text(cells.get("title"))
        if not number and not title:
            continue
        if ROMAN.match(number):
            last_root = number
        before = sheet.count()
        item = _parse_criterion(offset, number, title, cells, by_number, last_root, sheet)
        if item is None or sheet.count() > before:
            if number:
                by_number.setdefault(number, None)
            continue
        by_number[number] = item
        criteria.append(item)
    return criteria, by_number


def _parse_criterion(offset, number, title, cells, by_number, last_root, sheet):
    if not number:
        sheet.add(offset, "number", _("Every criterion needs its number (I, 1, 1.1 …)."))
        return None
    if not title:
        sheet.add(offset, "title", _("The criterion has no text."))
    parent = _parent_number(offset, number, by_number, last_root, sheet)
    sheet.stored(offset, "number", Criterion, number)
    max_points = _max_points(offset, cells, sheet)
    kind = _kind(offset, cells, by_number.get(parent), sheet)
    method = _method(offset, cells, sheet)
    bands = _bands(offset, cells, method, sheet)
    target, ceiling = _target_and_ceiling(offset, cells, max_points, sheet)
    texts = {
        key: sheet.stored(offset, key, Criterion, _text(cells.get(key))) for key in ("input_label", "evidence_hint")
    }
    evidence_text = _key(cells.get("evidence_required"))
    if evidence_text not in YES + NO:
        sheet.add(offset, "evidence_required", _("Write Có or Không."))
    return ParsedCriterion(
        row=offset,
        number=number,
        title=title,
        max_points=max_points,
        parent_number=parent,
        kind=kind,
        method=method,
        input_label=texts["input_label"],
        bands=bands,
        target=target,
        ceiling=ceiling,
        evidence_required=evidence_text in YES,
        evidence_hint=texts["evidence_hint"],
        note=_text(cells.get("note")),
    )


def _parent_number(offset, number, by_number, last_root, sheet):
    """The number of the criterion above: the last group for 1, 2 …; 1 for 1.1."""
    parent = None
    if ROMAN.match(number):
        pass
    elif ARABIC.match(number):
        parent = number.rsplit(".", 1)[0] if "." in number else last_root
        if parent is None:
            sheet.add(offset, "number", _("A criterion comes before the first group (I, II …)."))
        elif parent not in by_number:
            sheet.add(offset, "number", _("There is no criterion %(parent)s above it.") % {"parent": parent})
    else:
        sheet.add(offset, "number", _("“%(number)s” is not a number like I, 1 or 1.1.") % {"number": number})
    if number in by_number:
        sheet.add(offset, "number", _("The number %(number)s appears twice.") % {"number": number})
    return parent


def _max_points(offset, cells, sheet):
    try:
        max_points = _decimal(cells.get("max_points"))
        if max_points is None or max_points < 0:
            raise ValueError
    except ValueError:
        sheet.add(offset, "max_points", _("Enter the maximum points as a number of 0 or more."))
        return None
    return sheet.stored(offset, "max_points", Criterion, max_points)


def _kind(offset, cells, parent, sheet):
    """The kind written, or the parent's when the cell is empty (parent None: its row has errors)."""
    kind_text = _key(cells.get("kind"))
    kind = next((k for k, words in KIND_WORDS.items() if kind_text in words), None)
    if kind is None:
        sheet.add(offset, "kind", _("Write Thường, Thưởng or Trừ."))
    if not kind_text and parent is not None:
        kind = parent.kind
    return kind


def _method(offset, cells, sheet):
    method_text = _key(cells.get("method"))
    method = next((m for m, words in METHOD_WORDS.items() if method_text in words), None)
    if method is None:
        sheet.add(offset, "method", _("Write Tự chấm, Theo khung, Theo tỷ lệ or Có/Không."))
    return method


def _bands(offset, cells, method, sheet):
    bands_text = _text(cells.get("bands"))
    if not bands_text:
        if method == computation.BANDS:
            sheet.add(offset, "bands", _("A criterion scored by bands needs its bands."))
        return []
    try:
        bands = parse_bands(bands_text)
    except ValueError:
        sheet.add(offset, "bands", _("Write bands as “1–2: 1,5; 3–5: 1; 11–: 0”."))
        return []
    return [
        tuple(
            sheet.stored(offset, "bands", ScoreBand, value, name) for name, value in zip(BAND_FIELDS, band, strict=True)
        )
        for band in bands
    ]


def _target_and_ceiling(offset, cells, max_points, sheet):
    values = {}
    for key in ("target", "ceiling"):
        try:
            values[key] = sheet.stored(offset, key, Criterion, _decimal(cells.get(key)))
        except ValueError:
            sheet.add(offset, key, _("Enter a number, e.g. 24.196 or 89,68."))
            values[key] = None
    target, ceiling = values["target"], values["ceiling"]
    if target is not None and target <= 0:
        sheet.add(offset, "target", _("The target must be greater than 0."))
    if ceiling is not None and max_points is not None and ceiling < max_points:
        sheet.add(offset, "ceiling", _("The ceiling cannot be below the maximum points."))
    return target, ceiling


def _parse_rank_rows(rows, by_number, errors):
    header_index, found = _find_header(rows, RANK_COLUMNS, ("name", "min_total"))
    if header_index is None:
        errors.append(_no_header(RANK_SHEET, "Hạng, Điểm tối thiểu"))
        return []
    sheet = _RowErrors(errors, found, RANK_COLUMNS, RANK_SHEET)
    bands = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        band = _parse_rank_band(offset, _cells(row, found), by_number, sheet)
        if band is not None:
            bands.append(band)
    return bands


def _parse_rank_band(offset, cells, by_number, sheet):
    """A ParsedRankBand, or None for an empty row or one with errors (noted)."""
    name = _text(cells.get("name"))
    if not name:
        return None
    try:
        minimum = _decimal(cells.get("min_total"))
        if minimum is None or minimum < 0:
            raise ValueError
    except ValueError:
        sheet.add(offset, "min_total", _("Enter the minimum total as a number of 0 or more."))
        return None
    before = sheet.count()
    values = {
        key: sheet.stored(offset, key, RankBand, value)
        for key, value in (("name", name), ("label", _text(cells.get("label"))), ("min_total", minimum))
    }
    if sheet.count() > before:
        return None
    required = [n.strip().rstrip(".") for n in re.split(r"[,;]", _text(cells.get("required"))) if n.strip()]
    unknown = [n for n in required if n not in by_number]
    if unknown:
        sheet.add(offset, "required", _("No criterion numbered %(numbers)s.") % {"numbers": ", ".join(unknown)})
        return None
    return ParsedRankBand(offset, values["name"], values["label"], values["min_total"], required)
