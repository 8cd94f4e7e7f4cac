"""Vector bar charts drawn server-side as inline SVG (WeasyPrint keeps them vector in
the PDF: no raster image is ever embedded)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from emulation.numbers import fixed

from .documents import FONT_FAMILY

# The report's one palette for rank bands, best first (by the band's position in its table).
BAND_COLOURS = ["#1f5f8b", "#4f8fbf", "#a9c6de", "#d9d9d9"]
NO_BAND = "#bdbdbd"


def band_colour(position):
    return BAND_COLOURS[min(position, len(BAND_COLOURS) - 1)] if position is not None else NO_BAND


def bar_chart(rows, maximum=None, width=600, bar_height=18, label_width=200, decimals=1, title=""):
    """Horizontal bars. rows: [(label, value, band name or "", band position or None)];
    the band's whole name ("Xuất sắc") follows the value. Returns safe SVG markup."""
    rows = [(label, float(value or 0), band or "", position) for label, value, band, position in rows]
    top = 24 if title else 6
    height = top + len(rows) * (bar_height + 6) + 18
    maximum = float(maximum or max([row[1] for row in rows] + [1]))
    plot = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}" font-size="12">'
    ]
    if title:
        parts.append(f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>')
    axis_x = label_width
    parts.append(
        f'<line x1="{axis_x}" y1="{top - 2}" x2="{axis_x}" y2="{height - 16}" stroke="#000" stroke-width="0.6"/>'
    )
    for index, (label, value, band, position) in enumerate(rows):
        y = top + index * (bar_height + 6)
        length = 0 if maximum <= 0 else max(0.0, min(1.0, value / maximum)) * plot
        colour = band_colour(position)
        short = label if len(label) <= 32 else label[:30] + "…"
        parts.append(
            f'<text x="{axis_x - 4}" y="{y + bar_height - 4}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{axis_x}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{axis_x + length + 4:.1f}" y="{y + bar_height - 4}">'
            f"{escape(fixed(value, decimals))}{(' · ' + escape(band)) if band else ''}</text>"
        )
    scale_y = height - 4
    for fraction in (0, 0.5, 1):
        x = axis_x + fraction * plot
        parts.append(
            f'<text x="{x:.1f}" y="{scale_y}" text-anchor="middle" font-size="10">'
            f"{escape(fixed(maximum * fraction, 0))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
