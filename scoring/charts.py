"""The ranking's bar chart as inline SVG geometry, computed on the server (no JavaScript
chart library): one horizontal bar per unit, coloured by rank band, a tick for the
previous year's total and a dashed line at each band's minimum total."""

from dataclasses import dataclass
from decimal import Decimal

BAND_COLOURS = ["#1b7f3b", "#2f6fb0", "#c58a00", "#b03a2e", "#6c5b7b", "#555555"]
NO_BAND = "#9e9e9e"
LABEL_WIDTH = 330
BAR_AREA = 520
ROW_HEIGHT = 22
TOP = 24


@dataclass
class Bar:
    y: int
    width: float
    label: str
    value: Decimal
    colour: str
    rank: int
    band: str
    previous_x: float | None


@dataclass
class Chart:
    width: int
    height: int
    bars: list
    lines: list  # (x, label)
    label_width: int
    bar_height: int
    scale_max: Decimal

    @property
    def text_x(self):
        return self.label_width - 8


def band_colour(position):
    return BAND_COLOURS[position % len(BAND_COLOURS)] if position is not None else NO_BAND


def ranking_chart(rows, bands):
    """rows: ``queries.RankingRow`` best first; bands: the table's rank bands."""
    if not rows:
        return None
    top = max([row.total for row in rows] + [row.previous_total or 0 for row in rows] + [Decimal(1)])
    scale_max = max(top, max((band.min_total for band in bands), default=Decimal(0)))

    def x(value):
        return round(float(value) / float(scale_max) * BAR_AREA, 1)

    positions = {band.pk: index for index, band in enumerate(bands)}
    bars = [
        Bar(
            y=TOP + index * ROW_HEIGHT,
            width=x(row.total),
            label=f"{row.rank}. {row.unit.short_name or row.unit.name}",
            value=row.total,
            colour=band_colour(positions.get(row.band.pk)) if row.band else NO_BAND,
            rank=row.rank,
            band=row.band_name,
            previous_x=LABEL_WIDTH + x(row.previous_total) if row.previous_total is not None else None,
        )
        for index, row in enumerate(rows)
    ]
    lines = [(LABEL_WIDTH + x(band.min_total), band.name) for band in bands if band.min_total > 0]
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + 70,
        height=TOP + len(rows) * ROW_HEIGHT + 10,
        bars=bars,
        lines=lines,
        label_width=LABEL_WIDTH,
        bar_height=ROW_HEIGHT - 6,
        scale_max=scale_max,
    )
