"""Read-only questions other apps ask the scoring app. Stable signatures:

- ``ranking(year, unit_type, cluster=None)`` → ``[RankingRow]``, best first: the units with a
  final scorecard, their final total, their rank (ties share a rank: 1, 2, 2, 4), their rank
  band and their previous year's final total. Two queries whatever the number of units.
- ``unit_band(unit, year)`` → the ``RankBand`` of the unit's final scorecard, or None.
- ``unit_bands(year, units=None)`` → ``{unit_id: RankBand}`` for final scorecards (one query).
- ``final_total(unit, year)`` → the unit's final total (Decimal) or None.

A rank band has ``name`` ("Hạng A"), ``label`` ("Xuất sắc") and ``position`` (0 is the best).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from emulation.models import Cluster, Membership, Unit
from emulation.text import vi_collate

from .models import RankBand, Scorecard


@dataclass
class RankingRow:
    unit: Unit
    scorecard: Scorecard
    total: Decimal
    rank: int
    band: RankBand | None
    previous_total: Decimal | None

    @property
    def band_name(self):
        return str(self.band) if self.band else ""

    @property
    def change(self):
        """Points gained (or lost) since the previous year, or None without a previous total."""
        if self.previous_total is None:
            return None
        return self.total - self.previous_total


def final_scorecards(year, unit_type=None, cluster=None):
    """Final scorecards of a year (optionally of one unit type and one cluster's members)."""
    cards = Scorecard.objects.filter(year=year, status=Scorecard.Status.FINAL)
    if unit_type:
        cards = cards.filter(unit_type=unit_type)
    if cluster is not None:
        cluster_id = cluster.pk if isinstance(cluster, Cluster) else cluster
        members = Membership.objects.filter(cluster_id=cluster_id, year=year).values("unit_id")
        cards = cards.filter(unit_id__in=members)
    return cards


def ranking(year, unit_type, cluster=None):
    """The ranking of a year's final scorecards of one unit type, in a cluster or across the
    sector: best total first, ties sharing a rank (standard competition ranking)."""
    previous = Scorecard.objects.filter(unit_id=OuterRef("unit_id"), year=year - 1, status=Scorecard.Status.FINAL)
    cards = (
        final_scorecards(year, unit_type, cluster)
        .select_related("unit", "band")
        .annotate(previous_total=Subquery(previous.values("final_total")[:1]))
        .order_by("-final_total", vi_collate("unit__name"))
    )
    rows = []
    for index, card in enumerate(cards):
        rank = index + 1
        if rows and rows[-1].total == card.final_total:
            rank = rows[-1].rank
        rows.append(
            RankingRow(
                unit=card.unit,
                scorecard=card,
                total=card.final_total,
                rank=rank,
                band=card.band,
                previous_total=_points(card.previous_total),
            )
        )
    return rows


def _points(value):
    """Totals to two places (SQLite hands subquery decimals back unscaled)."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def unit_bands(year, units=None):
    """{unit_id: RankBand or None} of the final scorecards of a year (one query)."""
    cards = Scorecard.objects.filter(year=year, status=Scorecard.Status.FINAL).select_related("band")
    if units is not None:
        cards = cards.filter(unit__in=units)
    return {card.unit_id: card.band for card in cards}


def unit_band(unit, year):
    """The rank band (Hạng A …) of the unit's final scorecard for the year, or None."""
    return unit_bands(year, [unit]).get(unit.pk)


def final_total(unit, year):
    card = Scorecard.objects.filter(unit=unit, year=year, status=Scorecard.Status.FINAL).first()
    return card.final_total if card else None
