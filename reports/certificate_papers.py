"""A decision's certificates printed on a unit's blanks: one page per recipient, the page the
blank's size with no margin, each field an absolutely positioned box in millimetres. A field's
``y`` is its baseline: the box's top is the baseline less the font's ascent (line-height normal,
as WeasyPrint and the browser both lay it out), so the text sits on the blank's dotted line
whatever the font and size. The scan of the blank is never printed. Reads awards only through
``awards.queries``."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from emulation.text import vi_slug

from .certificates import CertificateField, CertificateFont
from .documents import FONT_DIR, Paper, date_line, render_pdf

MM_PER_PT = Decimal("25.4") / Decimal("72")
# Each shipped font: (CSS family, weight, file).
FONTS = {
    CertificateFont.SCRIPT: ("DancingScript", "normal", "normal", "DancingScript-Regular.ttf"),
    CertificateFont.SCRIPT_BOLD: ("DancingScript", "bold", "normal", "DancingScript-Bold.ttf"),
    CertificateFont.SERIF: ("LiberationSerif", "normal", "normal", "LiberationSerif-Regular.ttf"),
    CertificateFont.SERIF_BOLD: ("LiberationSerif", "bold", "normal", "LiberationSerif-Bold.ttf"),
    CertificateFont.SERIF_ITALIC: ("LiberationSerif", "normal", "italic", "LiberationSerif-Italic.ttf"),
}


@cache
def ascent(font):
    """The font's ascent in em (hhea, what Pango and Chromium place the baseline by)."""
    from fontTools.ttLib import TTFont

    face = TTFont(FONT_DIR / FONTS[font][3], lazy=True)
    return Decimal(face["hhea"].ascent) / Decimal(face["head"].unitsPerEm)


def font_faces(uri_of):
    """@font-face rules of the certificate fonts, each file's address given by ``uri_of(filename)``."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{uri_of(name)}"); }}'
        for family, weight, style, name in FONTS.values()
    )


@dataclass
class Box:
    """One field as printed: its text and box in mm (``top`` from the baseline and the font)."""

    field: str
    text: str
    x: Decimal
    y: Decimal
    width: Decimal
    size: Decimal
    font: str
    align: str

    @property
    def top(self):
        return self.y - ascent(self.font) * self.size * MM_PER_PT

    @property
    def family(self):
        return FONTS[self.font][0]

    @property
    def weight(self):
        return FONTS[self.font][1]

    @property
    def style(self):
        return FONTS[self.font][2]


def field_texts(decision, line):
    """What each field says for one recipient of the decision."""
    signer = " ".join(part for part in (decision.signing_capacity, decision.signer_position) if part)
    return {
        CertificateField.RECIPIENT: line.name,
        CertificateField.TITLE: line.title.name,
        CertificateField.UNIT: line.unit.name if line.is_person else "",
        CertificateField.NUMBER: _("Decision No. %(reference)s") % {"reference": decision.reference},
        CertificateField.DATE: date_line(_("Hanoi"), decision.date) if decision.date else "",
        CertificateField.SIGNER_POSITION: signer.upper(),
        CertificateField.SIGNER_NAME: decision.signer_name,
    }


def page_boxes(fields, texts, corrections):
    """The boxes of one page: each printed field moved or resized by its correction, if any."""
    boxes = []
    for field in fields:
        if not field.printed or not texts.get(field.field):
            continue
        correction = corrections.get(field.field)
        dx, dy = (correction.dx_mm, correction.dy_mm) if correction else (0, 0)
        size = correction.font_size_pt if correction and correction.font_size_pt else field.font_size_pt
        boxes.append(
            Box(
                field.field,
                texts[field.field],
                field.x_mm + dx,
                field.y_mm + dy,
                field.width_mm,
                size,
                field.font,
                field.align,
            )
        )
    return boxes


def render_certificates(sheets, stem):
    """The PDF of ``sheets``, (layout, boxes) each, every page on its own layout's size (a
    named page per layout, so a decision mixing titles prints on blanks of different sizes)."""
    blanks = list({layout.pk: layout for layout, _boxes in sheets}.values())
    context = {
        "title": blanks[0].name if blanks else "",
        "blanks": blanks,
        "sheets": sheets,
        "font_faces": font_faces(lambda name: (FONT_DIR / name).resolve().as_uri()),
    }
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_pdf(render_to_string("reports/pdf/certificates.html", context))
    return Paper(rendered.pdf, rendered.pages, f"{stem}.pdf")


def blanks_for(lines, layout, layouts):
    """(line, layout) for each line: the one of ``layouts`` (its unit's, their ``titles``
    loaded) that names the line's title, else ``layout``, the one chosen. A title is named by
    one layout of a unit at most (certificate_services.update_layout)."""
    by_title = {}
    for other in [layout, *layouts]:
        for title in other.titles.all():
            by_title.setdefault(title.pk, other)
    return [(line, by_title.get(line.title_id, layout)) for line in lines]


def certificates(decision, blanks):
    """One page per (line, layout) of ``decision``, with each layout's corrections for its lines
    (``layout.fields`` loaded; one query for the corrections)."""
    from .certificates import CertificateCorrection

    corrections = {}
    found = CertificateCorrection.objects.filter(
        layout__in={layout.pk for _line, layout in blanks}, line__in=[line.pk for line, _layout in blanks]
    )
    for correction in found:
        corrections.setdefault((correction.layout_id, correction.line_id), {})[correction.field] = correction
    with translation.override(settings.LANGUAGE_CODE):
        sheets = [
            (
                layout,
                page_boxes(layout.fields.all(), field_texts(decision, line), corrections.get((layout.pk, line.pk), {})),
            )
            for line, layout in blanks
        ]
    name = vi_slug(decision.reference.replace("/", "-")) or str(decision.pk)
    return render_certificates(sheets, f"bang-khen-{name}")


def sample_texts():
    """What the layout's preview prints: an invented recipient with a long name."""
    return {
        CertificateField.RECIPIENT: "Nguyễn Thị Hồng Nhung",
        CertificateField.TITLE: _("Certificate of merit of the Minister of Justice"),
        CertificateField.UNIT: "Cục Thi hành án dân sự tỉnh Lào Cai",
        CertificateField.NUMBER: _("Decision No. %(reference)s") % {"reference": "125/QĐ-BTP"},
        CertificateField.DATE: _("%(place)s, day %(day)s month %(month)s year %(year)s")
        % {"place": _("Hanoi"), "day": "20", "month": "01", "year": "2025"},
        CertificateField.SIGNER_POSITION: "KT. BỘ TRƯỞNG THỨ TRƯỞNG",
        CertificateField.SIGNER_NAME: "Nguyễn Văn Minh",
    }


def preview(layout):
    """The layout printed once with the sample texts."""
    with translation.override(settings.LANGUAGE_CODE):
        sheets = [(layout, page_boxes(list(layout.fields.all()), sample_texts(), {}))]
    return render_certificates(sheets, f"mau-in-{layout.pk}")
