"""The official document framework: HTML → PDF with WeasyPrint, fonts shipped in
``static/fonts`` and nothing else.

Nghị định 30/2020/NĐ-CP: national motto header, issuing body, number and symbol,
place and date line, Times-New-Roman-metric font 13–14 pt (Liberation Serif),
A4 with margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the page number
alone, centred in the top margin, 13 pt, from page 2; above the issuing body the body
that directly governs it; recipients in 11 pt ending with the archive line.

The fetcher given to WeasyPrint serves only the font files, from their absolute
paths, and fails the build if one is missing, so a document never silently falls
back to a system font and looks the same on any machine.
"""

import io
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from emulation.models import Unit
from emulation.text import initials

from . import word

# WeasyPrint logs every layout step at INFO; the job's own progress says enough.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FAMILY = "LiberationSerif"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


def font_faces():
    """@font-face rules with absolute file URLs of the shipped fonts."""
    rules = []
    for (weight, style), filename in FONT_FILES.items():
        uri = (FONT_DIR / filename).resolve().as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{uri}"); }}'
        )
    return "\n".join(rules)


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class ShippedFilesFetcher(URLFetcher):
        """Serves the shipped fonts only; anything else is refused."""

        def __init__(self):
            super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
            self.fetched = []

        def fetch(self, url, headers=None):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if path.parent != FONT_DIR.resolve() or not path.is_file():
                raise FatalURLFetchingError(f"Refused to load {url}: only the shipped fonts are used.")
            self.fetched.append(path.name)
            return super().fetch(url, headers)

    return ShippedFilesFetcher


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    fonts_loaded: list = field(default_factory=list)


def render_pdf(html):
    """WeasyPrint on a whole document; returns the PDF bytes and its page count."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()()
    font_config = FontConfiguration()
    try:
        document = HTML(string=html, base_url=str(FONT_DIR), url_fetcher=fetcher).render(font_config=font_config)
    except FatalURLFetchingError as error:  # a BaseException: make it an ordinary, final failure
        raise RuntimeError(f"{error}: {error.__cause__}") from None
    buffer = io.BytesIO()
    document.write_pdf(buffer)
    return Rendered(buffer.getvalue(), len(document.pages), sorted(set(fetcher.fetched)))


def date_line(place, when):
    """ "Sơn La, ngày 28 tháng 11 năm 2022": days below 10 and months 1–2 get a leading
    zero (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    day = f"{when.day:02d}"
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": day,
        "month": month,
        "year": when.year,
    }


def unit_symbol(kind, unit):
    """The symbol of a unit's document: the kind's abbreviation (Phụ lục III of Nghị định
    30/2020/NĐ-CP: BC, BB, TTr …) and the unit's own ("BC-STP")."""
    return f"{kind}-{unit.symbol()}" if unit else kind


def governing_line(unit, when):
    """The upper line of the header: the body that directly governs the issuing unit on the
    document's date (never a cluster: a cluster is not a body), uppercase as printed."""
    return unit.governing_body_on(when).upper() if unit else ""


def archive_line(unit):
    """ "Lưu: VT, VP.": filed by the records office (VT) and the drafting division
    (Nghị định 30/2020/NĐ-CP, Phụ lục I, "Nơi nhận")."""
    if unit is None:
        drafting = ""
    elif unit.drafting_symbol:
        drafting = unit.drafting_symbol
    elif unit.type in (Unit.Type.JUSTICE_DEPARTMENT, Unit.Type.ENFORCEMENT_PROVINCE):
        drafting = "VP"
    else:
        drafting = initials(unit.name)
    drafting = f", {drafting}" if drafting else ""
    return _("Filed: VT%(drafting)s.") % {"drafting": drafting}


@dataclass
class Header:
    """What the top of an official document says."""

    parent_body: str  # cơ quan chủ quản (upper line), may be empty
    issuing_body: str  # cơ quan ban hành (bold)
    symbol: str  # e.g. "BC-KVTĐ"
    place: str
    when: date
    kind_title: str  # "BÁO CÁO", "BIÊN BẢN" …
    subject: str  # trích yếu
    number: str = ""

    @property
    def number_line(self):
        """ "Số: 05/BB-CTĐ": the ordinal with the symbol; a number typed whole, with its own
        symbol ("05/BB-CTĐVII"), is printed as typed, and so is a number of a paper without a
        symbol. A paper with neither number nor symbol has no number of its own and prints no line."""
        if not self.number.strip() and not self.symbol:
            return ""
        number = self.number.strip() or "\u00a0" * 6
        if "/" in number or not self.symbol:
            return _("No.: %(number)s") % {"number": number}
        return _("No.: %(number)s/%(symbol)s") % {"number": number, "symbol": self.symbol}

    @property
    def date_line(self):
        return date_line(self.place, self.when)


def render_document(template, header, context):
    """The whole document's HTML (the base template adds fonts, page and header)."""
    return render_to_string(template, {"header": header, "font_faces": font_faces(), "FONT": FONT_FAMILY, **context})


@dataclass
class Paper:
    """A document made on request (a dossier's papers, a decision): its PDF or, asked for
    ``fmt="docx"``, its editable Word draft from the same HTML."""

    pdf: bytes
    pages: int
    filename: str
    docx: bytes = b""

    @property
    def content(self):
        return self.docx or self.pdf

    @property
    def content_type(self):
        return word.CONTENT_TYPE if self.docx else "application/pdf"

    @property
    def disposition(self):
        """The PDF opens in the browser to print; the Word draft is saved to be edited."""
        return "attachment" if self.docx else "inline"


def render_paper(template, header, context, stem, fmt="pdf"):
    """The document as a PDF, or (``fmt="docx"``) the same HTML as an editable Word draft,
    in the interface's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_document(template, header, context)
        if fmt == "docx":
            return Paper(b"", 0, f"{stem}.docx", docx=word.html_to_docx(html))
        rendered = render_pdf(html)
    return Paper(rendered.pdf, rendered.pages, f"{stem}.pdf")
