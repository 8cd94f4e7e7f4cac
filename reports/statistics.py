"""The yearly statistics forms on emulation and commendation owed to the Ministry of Home
Affairs (Thông tư 02/2023/TT-BNV): biểu 0601 (campaigns), 0602 (national-level awards), 0603
(ministry-level awards), computed from the data of a year for the sector or one reporting unit.

LAYOUT, AS FAR AS IT IS KNOWN. The circular's exact row list and column headings are not in
docs/domain.md or the seeds: the rows below are the award forms of our own catalogue (emulation.Title
codes) grouped by level, and the columns the breakdowns the issue names (total; collectives;
individuals, of whom leaders and managers / direct workers, by the category recorded with each
award, awards.categories; an individual award recorded without a category is counted among the
individuals only, so the two sub-columns may sum to less). Rows the circular names
that our catalogue lacks (Huân chương, Huy chương, danh hiệu vinh dự Nhà nước …) are listed with
no figure and the mark NOT_IN_CATALOGUE. [verify] every row and column against the circular.

Every figure is a Cell: its count and the criteria (form, year, unit, title codes, level) that
select the records it counts, so that the web page and the PDF link each figure to its records.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards import queries as award_queries
from campaigns import queries as campaign_queries

NOT_RECORDED = None  # a column whose data the application does not record yet
NOT_IN_CATALOGUE = "not_in_catalogue"

# Rows of biểu 0602 (national level) and 0603 (ministry level): (key, label, title codes).
NATIONAL_ROWS = (
    ("huan-chuong", _("Orders (Huân chương)"), NOT_IN_CATALOGUE),
    ("chien-si-thi-dua-toan-quoc", _("National emulation fighter"), ("chien-si-thi-dua-toan-quoc",)),
    ("co-thi-dua-chinh-phu", _("Government emulation flag"), ("co-thi-dua-chinh-phu",)),
    ("bang-khen-thu-tuong", _("Prime Minister's certificate of merit"), ("bang-khen-thu-tuong",)),
)
MINISTRY_ROWS = (
    ("chien-si-thi-dua-bo-nganh", _("Ministry emulation fighter"), ("chien-si-thi-dua-bo-nganh",)),
    ("co-thi-dua-nganh-tu-phap", _("Justice sector emulation flag"), ("co-thi-dua-nganh-tu-phap",)),
    ("bang-khen-bo-truong", _("Minister's certificate of merit"), ("bang-khen-bo-truong",)),
)
AWARD_COLUMNS = (
    ("total", pgettext_lazy("statistics form", "Total")),
    ("collective", _("Collectives")),
    ("individual", _("Individuals")),
    ("leader", _("of whom leaders and managers")),
    ("worker", _("of whom direct workers")),
)
CAMPAIGN_COLUMNS = (
    ("total", pgettext_lazy("statistics form", "Total")),
    ("regular", pgettext_lazy("campaign kind", "Regular")),
    ("periodic", _("Periodic")),
    ("thematic", _("Thematic")),
)
TITLES = {
    "0601": _("Emulation campaigns"),
    "0602": _("National-level awards"),
    "0603": _("Ministry-level awards"),
}
CAMPAIGN_ROWS = (
    ("all", _("Campaigns running in the year")),
    ("sector", _("launched by the Ministry")),
    ("cluster", _("launched by a cluster")),
    ("unit", _("launched by a unit")),
)


@dataclass
class Cell:
    count: int | None
    criteria: dict = field(default_factory=dict)


@dataclass
class Row:
    key: str
    label: str
    cells: list
    marked: str = ""


@dataclass
class Form:
    code: str
    title: str
    year: int
    unit: object
    columns: tuple
    rows: list

    def cell(self, row_key, column_key):
        row = next(row for row in self.rows if row.key == row_key)
        index = [key for key, _label in self.columns].index(column_key)
        return row.cells[index]


def _records(year, unit):
    rows = award_queries.award_records(year)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return list(rows)


def _award_cell(records, codes, column, criteria):
    criteria = {**criteria, "column": column}
    return Cell(len([record for record in _in_column(records, column) if record.title.code in codes]), criteria)


def _in_column(records, column):
    if column == "collective":
        return [record for record in records if not record.person_name]
    if column == "individual":
        return [record for record in records if record.person_name]
    if column in ("leader", "worker"):
        return [record for record in records if record.person_name and record.category == column]
    return records


def _award_form(code, title, rows, year, unit):
    records = _records(year, unit)
    built = []
    for key, label, codes in rows:
        criteria = {"form": code, "year": year, "unit": unit.pk if unit else None, "row": key}
        if codes == NOT_IN_CATALOGUE:
            built.append(Row(key, label, [Cell(NOT_RECORDED, {}) for _column in AWARD_COLUMNS], NOT_IN_CATALOGUE))
            continue
        built.append(Row(key, label, [_award_cell(records, codes, column, criteria) for column, _l in AWARD_COLUMNS]))
    return Form(code, title, year, unit, AWARD_COLUMNS, built)


def form_0602(year, unit=None):
    return _award_form("0602", TITLES["0602"], NATIONAL_ROWS, year, unit)


def form_0603(year, unit=None):
    return _award_form("0603", TITLES["0603"], MINISTRY_ROWS, year, unit)


def form_0601(year, unit=None):
    """Campaigns running in the year by launching level and kind. For a unit: the sector's
    campaigns and those it launched (a cluster's campaigns are counted for the sector only)."""
    campaigns = campaign_queries.campaigns_in_year(year)
    if unit is not None:
        campaigns = [c for c in campaigns if c.level == "sector" or c.launching_unit_id == unit.pk]
    built = []
    for row_key, label in CAMPAIGN_ROWS:
        in_row = campaigns if row_key == "all" else [c for c in campaigns if c.level == row_key]
        cells = []
        for column, _label in CAMPAIGN_COLUMNS:
            chosen = in_row if column == "total" else [c for c in in_row if c.kind == column]
            criteria = {"form": "0601", "year": year, "unit": unit.pk if unit else None, "row": row_key}
            cells.append(Cell(len(chosen), {**criteria, "column": column}))
        built.append(Row(row_key, label, cells))
    return Form("0601", TITLES["0601"], year, unit, CAMPAIGN_COLUMNS, built)


FORMS = {"0601": form_0601, "0602": form_0602, "0603": form_0603}


def counted_records(criteria):
    """The records a cell of 0602/0603 counts, for the page its figure links to."""
    codes = {key: codes for key, _label, codes in NATIONAL_ROWS + MINISTRY_ROWS}.get(criteria["row"])
    if not codes or codes == NOT_IN_CATALOGUE:
        return []
    unit = criteria.get("unit")
    records = [r for r in award_queries.award_records(criteria["year"]) if r.title.code in codes]
    if unit:
        records = [r for r in records if r.unit_id == unit]
    return _in_column(records, criteria.get("column"))


def sheet(form):
    """The form as one sheet for emulation.spreadsheets.build_workbook: row A2… the rows,
    column B… the figures in the form's column order ("" where not recorded)."""
    headers = [f"Biểu {form.code}"] + [str(label) for _key, label in form.columns]
    rows = [[str(row.label)] + ["" if cell.count is None else cell.count for cell in row.cells] for row in form.rows]
    return (f"Biểu {form.code}", headers, rows)
