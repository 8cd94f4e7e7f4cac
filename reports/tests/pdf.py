"""Reading PDFs back in tests: text (poppler's pdftotext), fonts, page sizes, images."""

import io
import re
import subprocess
from dataclasses import dataclass
from xml.etree import ElementTree


def pdf_text(pdf_bytes):
    """The PDF's text as pdftotext (poppler) extracts it, in reading order."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    return result.stdout.decode()


def pdf_fonts(pdf_bytes):
    """{base font name: embedded?} of every font resource in the PDF (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor_owner = descendants[0].get_object() if descendants else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def pdf_page_sizes(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [(round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) for page in reader.pages]


def pdf_has_images(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for xobject in xobjects.values():
            if xobject.get_object().get("/Subtype") == "/Image":
                return True
    return False


@dataclass
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page, in points
    x1: float
    y1: float

    @property
    def size(self):
        """The font size in points, from the box's height: poppler's box spans the font's
        ascent and descent, 1.107 em in Liberation Serif (0.891 + 0.216)."""
        return (self.y1 - self.y0) / 1.107

    @property
    def centre(self):
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    width: float
    height: float
    words: list

    def lines(self, left=0, right=None):
        """The words between ``left`` and ``right`` (points) grouped into lines, top down:
        [(y0, text, [Word])]."""
        right = self.width if right is None else right
        rows = []
        for word in sorted(self.words, key=lambda w: (round(w.y0), w.x0)):
            if not (left <= word.x0 and word.x1 <= right):
                continue
            if rows and abs(rows[-1][0] - word.y0) < 2:
                rows[-1][2].append(word)
            else:
                rows.append((word.y0, None, [word]))
        return [(y, " ".join(w.text for w in sorted(ws, key=lambda w: w.x0)), ws) for y, _t, ws in rows]


def pdf_pages(pdf_bytes):
    """Every page's words with their boxes, as ``pdftotext -bbox`` (poppler) gives them."""
    result = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", result.stdout.decode()))
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        words = [
            Word(word.text or "", *(float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")))
            for word in page.iter("{http://www.w3.org/1999/xhtml}word")
        ]
        pages.append(Page(float(page.get("width")), float(page.get("height")), words))
    return pages
