"""Word drafts (issue 17): the HTML of an official document, as rendered for the PDF, written
as an editable .docx in the same layout, so that each document keeps one template.

The official templates use a small vocabulary (``templates/reports/pdf/base.html``): the header
table, paragraphs, section and sub-section headings, lists, data tables with merged group rows,
the signature tables and a few classes. ``CLASSES`` below is that stylesheet as Word formatting,
figure for figure (a class a template uses must be known here: a test checks it). Charts (SVG)
are left out: the tables beside them carry the same figures. Why this and not a converter from
the registry: ``docs/word-drafts.md``.
"""

import io
import re
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from lxml import html as lxml_html

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"  # the font Nghị định 30/2020/NĐ-CP names; the PDF uses its metric twin
# A4 and the margins of the PDF's @page (top, right, bottom, left), Nghị định 30/2020/NĐ-CP.
PAGE = (Mm(210), Mm(297))
MARGINS = (Mm(20), Mm(15), Mm(20), Mm(30))
TEXT_WIDTH = Mm(210 - 30 - 15)

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class Fmt:
    """What an element passes to its text: run properties (inherited, as in CSS) and the
    paragraph properties of the paragraph it opens."""

    bold: bool = False
    italic: bool = False
    size: float = 14
    upper: bool = False
    align: str = "left"
    indent: float = 0  # first-line indent, cm (not inherited)
    before: float = 0  # space before and after, pt (not inherited)
    after: float = 0
    keep: bool = False  # keep with the next paragraph (headings)


# The PDF stylesheet's rules, by tag and then by class (later wins, as in the CSS).
TAGS = {
    "p": {"align": "justify", "indent": 1, "after": 6},
    "h2": {"bold": True, "upper": True, "before": 12, "after": 6, "keep": True},
    "h3": {"bold": True, "before": 8, "after": 4, "keep": True},
    "strong": {"bold": True},
    "b": {"bold": True},
    "em": {"italic": True},
    "i": {"italic": True},
    "th": {"bold": True, "align": "center"},
    "li": {"after": 2},
}
CLASSES = {
    "doc-header": {"align": "center"},
    "left": {"size": 12.5},
    "right": {},
    "parent-body": {"upper": True, "size": 12},
    "issuing-body": {"bold": True, "upper": True, "size": 12.5},
    "motto-1": {"bold": True, "size": 12.5},
    "motto-2": {"bold": True, "size": 13.5},
    "number-line": {"size": 13, "before": 4},
    "date-line": {"italic": True, "size": 14, "before": 6},
    "doc-title": {"bold": True, "align": "center", "before": 14},
    "doc-subject": {"bold": True, "align": "center"},
    "section": {},
    "plain": {"indent": 0},
    "to": {},
    "data": {"size": 13},
    "dense": {"size": 12},
    "small": {"size": 12},
    "group": {},
    "num": {"align": "right"},
    "center": {"align": "center"},
    "muted": {"italic": True},
    "missing": {"italic": True},
    "people": {},
    "page-break": {},
    "chart": {},
    "rule": {},
    "short": {},
    "motto": {},
    "signatures": {"before": 16},
    "recipients": {"size": 11, "align": "left"},
    "recipients-alone": {"before": 14},
    "label": {"bold": True, "italic": True, "size": 12},
    "signer": {"align": "center"},
    "role": {"bold": True, "upper": True},
    "name": {"bold": True},
    "note": {"italic": True},
    "sign-space": {},
    "sign-grid": {"align": "center"},
    "three": {},
    "who": {},
    "closing": {},
    "form-heading": {},
    "form-left": {"align": "left", "size": 12.5},
    "form-right": {"size": 12.5},
    "form-code": {"bold": True},
}
NOT_INHERITED = {"indent": 0, "before": 0, "after": 0, "keep": False}
BLOCKS = {"div", "p", "h1", "h2", "h3", "h4", "table", "ul", "ol", "li"}
SKIPPED = {"svg", "style", "script", "title", "head"}
# How wide each rule under the header lines is, as a share of its column (the CSS widths).
RULE_WIDTHS = {"short": 0.30, "motto": 0.62}
LAYOUT_COLUMNS = {"doc-header": (0.42, 0.58), "form-heading": (0.56, 0.44), "signatures": (0.45, 0.55)}
SIGN_SPACE_MM = {"sign-grid": 18}
DEFAULT_SIGN_SPACE_MM = 25
GROUP_FILL = "EEEEEE"
SPACES = re.compile(r"[ \t\n\r\f]+")  # not the no-break spaces of a blank number


def classes(element):
    return element.get("class", "").split()


def format_of(element, parent):
    """The element's Fmt: what it inherits from its parent, then its tag's and classes' rules."""
    values = {**parent.__dict__, **NOT_INHERITED}
    values.update(TAGS.get(element.tag, {}))
    for name in classes(element):
        values.update(CLASSES.get(name, {}))
    return Fmt(**values)


def roman(number):
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


class Writer:
    """Walks the document's body, writing paragraphs and tables into a python-docx container
    (the document or a table cell)."""

    def __init__(self, document):
        self.document = document
        self.sections = 0
        self.page_break = False
        self.pending_before = 0  # a container's space before, given to its first paragraph

    # -- blocks --
    def flow(self, element, container, fmt, paragraph=None):
        """The element's children: runs of inline content become paragraphs, block children
        are written in turn. ``paragraph``: one already opened (a list item's marker)."""
        if element.text:
            paragraph = self.text(element.text, container, fmt, paragraph)
        for child in element:
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                pass
            elif child.tag in BLOCKS:
                self.block(child, container, format_of(child, fmt))
                paragraph = None
            else:
                paragraph = self.inline(child, container, format_of(child, fmt), paragraph, fmt)
            if child.tail:
                paragraph = self.text(child.tail, container, fmt, paragraph)
        return paragraph

    def block(self, element, container, fmt):
        names = classes(element)
        if "page-break" in names:
            self.page_break = True
        elif element.tag == "table":
            self.table(element, container, fmt)
        elif element.tag in ("ul", "ol"):
            self.items(element, container, fmt)
        elif "sign-space" in names:
            self.sign_space(element, container)
        elif element.tag == "h2" and "section" in names:
            self.sections += 1
            paragraph = self.paragraph(container, fmt)
            self.run(paragraph, f"{roman(self.sections)}. ", fmt)
            self.flow(element, container, fmt, paragraph)
        else:
            self.pending_before = max(self.pending_before, fmt.before)
            self.flow(element, container, fmt)

    def paragraph(self, container, fmt):
        paragraph = container.add_paragraph()
        style = paragraph.paragraph_format
        paragraph.alignment = ALIGN[fmt.align]
        style.first_line_indent = Mm(fmt.indent * 10) if fmt.indent else None
        style.space_before = Pt(max(fmt.before, self.pending_before))
        self.pending_before = 0
        style.space_after = Pt(fmt.after)
        if fmt.keep:
            style.keep_with_next = True
        if self.page_break:
            style.page_break_before = True
            self.page_break = False
        return paragraph

    def items(self, element, container, fmt):
        ordered = element.tag == "ol"
        indent = Mm(10) if "people" in classes(element) else Mm(6)
        for number, item in enumerate((child for child in element if child.tag == "li"), start=1):
            item_fmt = format_of(item, fmt)
            paragraph = self.paragraph(container, item_fmt)
            paragraph.paragraph_format.left_indent = indent + Mm(6)
            paragraph.paragraph_format.first_line_indent = -Mm(6)
            self.run(paragraph, f"{number}.\t" if ordered else "-\t", item_fmt)
            self.flow(item, container, item_fmt, paragraph)

    def sign_space(self, element, container):
        """The blank space a signer signs in, as tall as in the PDF."""
        height = DEFAULT_SIGN_SPACE_MM
        for ancestor in element.iterancestors("table"):
            height = next((SIGN_SPACE_MM[name] for name in classes(ancestor) if name in SIGN_SPACE_MM), height)
        paragraph = container.add_paragraph()
        paragraph.paragraph_format.space_after = Mm(height)

    def rule(self, element, container, fmt, width):
        """A short centred line (under the issuing body, the motto, the subject): an empty
        paragraph with a bottom border, narrowed by its indents."""
        share = next((RULE_WIDTHS[name] for name in classes(element) if name in RULE_WIDTHS), 0.25)
        paragraph = container.add_paragraph()
        side = int(width * (1 - share) / 2)
        style = paragraph.paragraph_format
        style.left_indent = style.right_indent = side
        style.space_after = Pt(4)
        run = paragraph.add_run()
        run.font.size = Pt(2)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

    # -- inline --
    def inline(self, element, container, fmt, paragraph, parent_fmt):
        if element.tag == "br":
            paragraph = paragraph or self.paragraph(container, parent_fmt)
            paragraph.add_run().add_break()
            return paragraph
        if "rule" in classes(element):
            self.rule(element, container, fmt, self.width_of(container))
            return None
        if element.tag in SKIPPED:
            return paragraph
        if element.text:
            paragraph = self.text(element.text, container, fmt, paragraph, parent_fmt)
        for child in element:
            if isinstance(child.tag, str):
                paragraph = self.inline(child, container, format_of(child, fmt), paragraph, parent_fmt)
            if child.tail:
                paragraph = self.text(child.tail, container, fmt, paragraph, parent_fmt)
        return paragraph

    def text(self, text, container, fmt, paragraph, paragraph_fmt=None):
        """Collapses white space as HTML does; opens a paragraph only for visible text."""
        text = SPACES.sub(" ", text)
        if paragraph is None or not paragraph.text:
            text = text.lstrip()
        if not text:
            return paragraph
        paragraph = paragraph or self.paragraph(container, paragraph_fmt or fmt)
        self.run(paragraph, text, fmt)
        return paragraph

    def run(self, paragraph, text, fmt):
        run = paragraph.add_run(text.upper() if fmt.upper else text)
        run.bold = fmt.bold or None
        run.italic = fmt.italic or None
        run.font.size = Pt(fmt.size)
        return run

    def width_of(self, container):
        width = getattr(container, "width", None)
        return width or TEXT_WIDTH

    # -- tables --
    def table(self, element, container, fmt):
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        if not rows:
            return
        columns = max(sum(int(cell.get("colspan", 1)) for cell in row if cell.tag in ("td", "th")) for row in rows)
        names = classes(element)
        layout = "data" not in names
        table = container.add_table(rows=len(rows), cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if not layout:
            table.style = self.document.styles["Table Grid"]
        widths = self.column_widths(element, rows, columns, self.width_of(container))
        for row_element, row in zip(rows, table.rows, strict=True):
            self.table_row(row_element, row, table, fmt, widths, heading=row_element.getparent().tag == "thead")
        if fmt.before and container is self.document:
            table._tbl.addprevious(self.spacer(fmt.before))

    def spacer(self, points):
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.add_run().font.size = Pt(points)
        return paragraph._p

    def column_widths(self, element, rows, columns, width):
        """The CSS widths of the first row's cells (``style="width:8%"``); the columns without
        one share the rest by the length of their longest text, as a browser's automatic layout
        roughly does."""
        shares = LAYOUT_COLUMNS.get(next((name for name in classes(element) if name in LAYOUT_COLUMNS), ""))
        if shares:
            return [int(width * share) for share in shares]
        given = []
        for cell in rows[0]:
            match = re.search(r"width:\s*([\d.]+)%", cell.get("style", ""))
            given += [float(match.group(1)) / 100 if match else None] * int(cell.get("colspan", 1))
        given = (given + [None] * columns)[:columns]
        weights = [4] * columns
        for row in rows:
            cells = [cell for cell in row if cell.tag in ("td", "th")]
            if len(cells) == columns:
                for index, cell in enumerate(cells):
                    weights[index] = max(weights[index], min(40, len(cell.text_content().strip())))
        free = max(0.0, 1 - sum(share for share in given if share))
        loose = sum(weight for weight, share in zip(weights, given, strict=True) if not share) or 1
        return [
            int(width * (share if share else free * weight / loose))
            for weight, share in zip(weights, given, strict=True)
        ]

    def table_row(self, row_element, row, table, fmt, widths, heading):
        """One row; a cell's colspan becomes its grid span, the cells it covers removed (what
        python-docx's merge does, without its search of the whole table for every cell)."""
        row_fmt = format_of(row_element, fmt)
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if heading:
            properties.append(OxmlElement("w:tblHeader"))
        cells = list(row._tr.tc_lst)
        position = 0
        for cell_element in (child for child in row_element if child.tag in ("td", "th")):
            span = min(int(cell_element.get("colspan", 1)), len(cells) - position)
            tc = cells[position]
            for covered in cells[position + 1 : position + span]:
                row._tr.remove(covered)
            if span > 1:
                tc.grid_span = span
            cell = _Cell(tc, table)
            cell.width = sum(widths[position : position + span])
            if "group" in classes(row_element):
                self.shade(cell)
            self.flow(cell_element, cell, format_of(cell_element, row_fmt))
            self.drop_leading_empty(cell)
            position += span
        for index in range(position, len(cells)):  # a row shorter than the table
            _Cell(cells[index], table).width = widths[index]

    @staticmethod
    def shade(cell):
        shading = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", GROUP_FILL)):
            shading.set(qn(key), value)
        cell._tc.get_or_add_tcPr().append(shading)

    @staticmethod
    def drop_leading_empty(cell):
        """A new cell opens with an empty paragraph; drop it when the content brought its own."""
        paragraphs = cell.paragraphs
        if len(paragraphs) > 1 and not paragraphs[0].text and not paragraphs[0].runs:
            paragraphs[0]._p.getparent().remove(paragraphs[0]._p)


def _set_font(style, size):
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _page_number(section):
    """The page number alone, centred in the top margin, 13 pt, from page 2."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)


def new_document(title=""):
    document = Document()
    _set_font(document.styles["Normal"], 14)
    document.styles["Normal"].paragraph_format.space_after = Pt(0)
    document.styles["Normal"].paragraph_format.line_spacing = 1.1
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = MARGINS
    section.header_distance = Mm(10)
    _page_number(section)
    document.core_properties.title = title
    document.core_properties.language = "vi-VN"
    return document


def html_to_docx(html):
    """The .docx bytes of an official document's HTML (``render_document``)."""
    root = lxml_html.document_fromstring(html)
    title = root.findtext(".//title") or ""
    document = new_document(" ".join(title.split()))
    body = root.find("body")
    writer = Writer(document)
    writer.flow(body, document, Fmt())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
