"""A criteria table as an Excel workbook (see ``layout`` for the sheets and columns):
``reading`` opens and parses an uploaded workbook, ``writing`` gives the export rows."""

from .layout import (
    COLUMNS,
    CRITERIA_SHEET,
    RANK_COLUMNS,
    RANK_SHEET,
    ParsedCriterion,
    ParsedRankBand,
    SheetErrors,
    format_bands,
    format_decimal,
    parse_bands,
)
from .reading import WorkbookRows, open_workbook, parse_workbook_rows
from .writing import criteria_rows, rank_rows

__all__ = [
    "COLUMNS",
    "CRITERIA_SHEET",
    "RANK_COLUMNS",
    "RANK_SHEET",
    "ParsedCriterion",
    "ParsedRankBand",
    "SheetErrors",
    "WorkbookRows",
    "criteria_rows",
    "format_bands",
    "format_decimal",
    "open_workbook",
    "parse_bands",
    "parse_workbook_rows",
    "rank_rows",
]
