"""Every read of the scoring app: the only way other apps (and scoring's own views and
services) ask about tables and scorecards. Stable signatures for other apps:

- ``ranking(year, unit_type, cluster=None)`` → ``[RankingRow]``, best first: the units with a
  final scorecard, their final total, their rank (ties share a rank: 1, 2, 2, 4), their rank
  band and their previous year's final total. Two queries whatever the number of units.
- ``unit_bands(year, units=None)`` → ``{unit_id: RankBand}`` for final scorecards (one query).
- ``final_scorecards(year, unit_type=None, cluster=None)`` → a queryset of final scorecards.

A rank band has ``name`` ("Hạng A"), ``label`` ("Xuất sắc") and ``position`` (0 is the best).

Scoring's own pages also read here: ``published_table``, ``table_tree`` (with ``tree_order``
and ``leaves``), ``table_problems``, ``card_data``, ``card_band``, ``missing_evidence`` and
``review_changes``.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from emulation.models import Cluster, Membership, Unit
from emulation.text import vi_collate
from schedule import queries as calendar

from . import computation
from .models import CriteriaTable, Criterion, Evidence, RankBand, ScoreBand, Scorecard, ScoreEntry


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


# --- tables ---------------------------------------------------------------------------


def published_table(year, unit_type):
    return CriteriaTable.objects.filter(year=year, unit_type=unit_type, status=CriteriaTable.Status.PUBLISHED).first()


def table_tree(table):
    """(criteria in tree order, {criterion pk: [(lower, upper, points)]}) in two queries."""
    criteria = list(Criterion.objects.filter(table=table).order_by("position", "pk"))
    bands = defaultdict(list)
    for band in ScoreBand.objects.filter(criterion__table=table).order_by("criterion_id", "position", "pk"):
        bands[band.criterion_id].append((band.lower, band.upper, band.points))
    return tree_order(criteria), dict(bands)


def tree_order(criteria):
    """Depth-first order (each node followed by its children, siblings by position), with
    ``depth`` and ``is_leaf`` set on every node."""
    children = defaultdict(list)
    for node in sorted(criteria, key=lambda n: (n.position, n.pk or 0)):
        children[node.parent_id].append(node)
    ordered = []

    def visit(node, depth):
        node.depth = depth
        node.is_leaf = not children.get(node.pk)
        ordered.append(node)
        for kid in children.get(node.pk, []):
            visit(kid, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return ordered


def leaves(criteria):
    parents = {node.parent_id for node in criteria}
    return [node for node in criteria if node.pk not in parents]


def table_problems(table, criteria=None, bands=None):
    """What stops a draft table from being published (an empty list when nothing does)."""
    if criteria is None:
        criteria, bands = table_tree(table)
    ranks = [(band.name, band.min_total) for band in table.rank_bands.order_by("position", "pk")]
    return computation.structure_problems(table.total_points, criteria, bands, ranks)


# --- scorecards -------------------------------------------------------------------------


def card_data(card):
    """(criteria, bands, {criterion pk: entry}, {entry pk: [evidence]}) of a scorecard, in a
    fixed number of queries."""
    criteria, bands = table_tree(card.table)
    by_pk = {node.pk: node for node in criteria}
    entries = {}
    for entry in ScoreEntry.objects.filter(scorecard=card).select_related("reviewed_by"):
        entry.criterion = by_pk[entry.criterion_id]  # already loaded: no query per row
        entries[entry.criterion_id] = entry
    evidence = defaultdict(list)
    for item in Evidence.objects.filter(entry__scorecard=card).order_by("pk"):
        evidence[item.entry_id].append(item)
    return criteria, bands, entries, evidence


def card_band(card, criteria, entries, effective=None):
    """The rank band the card's effective points reach (one query for the bands)."""
    if effective is None:
        effective = computation.tree_totals(criteria, {e.criterion_id: e.points for e in entries})
    bands = [
        (band, band.min_total, [c.pk for c in band.required_full.all()])
        for band in RankBand.objects.filter(table_id=card.table_id)
        .order_by("position", "pk")
        .prefetch_related("required_full")
    ]
    node_max = {node.pk: node.max_points for node in criteria}
    return computation.rank_band(effective.total, bands, effective.nodes, node_max)


def missing_evidence(card, criteria=None, entries=None):
    """Criteria that require evidence and have points but no evidence (file or link)."""
    if entries is None:
        entries = list(ScoreEntry.objects.filter(scorecard=card).select_related("criterion"))
    with_files = set(Evidence.objects.filter(entry__scorecard=card).values_list("entry_id", flat=True))
    return [
        entry.criterion
        for entry in entries
        if entry.criterion.evidence_required and entry.self_points and entry.pk not in with_files
    ]


def review_changes(card, criteria):
    """Every change a reviewer made to an entry, oldest first, with who, when and why."""
    numbers = {node.pk: node for node in criteria}
    history = (
        ScoreEntry.history.filter(scorecard_id=card.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, previous = [], {}
    for record in history:
        before = previous.get(record.id)
        previous[record.id] = record
        if before is None or (
            record.reviewed_points == before.reviewed_points and record.review_reason == before.review_reason
        ):
            continue
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "criterion": numbers.get(record.criterion_id),
                "self_points": record.self_points,
                "before": _shown(before),
                "after": _shown(record),
                "reason": record.review_reason,
            }
        )
    return sorted(changes, key=lambda change: change["when"])


def _shown(record):
    return record.reviewed_points if record.reviewed_points is not None else record.self_points


def unit_types_with_tables(year):
    """[(unit type, label)] of the types that have a criteria table in the year."""
    labels = dict(Unit.Type.choices)
    types = CriteriaTable.objects.filter(year=year).values_list("unit_type", flat=True).distinct()
    return [(value, labels[value]) for value in sorted(set(types))]


def not_final_count(year, unit_type, cluster=None):
    """How many of the year's scorecards of a unit type (in a cluster) are not final yet."""
    cards = Scorecard.objects.filter(year=year, unit_type=unit_type).exclude(status=Scorecard.Status.FINAL)
    if cluster is not None:
        cards = cards.filter(unit_id__in=Membership.objects.filter(cluster=cluster, year=year).values("unit_id"))
    return cards.count()


def results_deadline(card):
    """The calendar's results and self-scoring date for the card's unit (its clusters' own
    dates count), or None when the year's calendar has no such step."""
    return calendar.unit_deadline(calendar.StepKind.RESULTS, card.year, card.unit_id)


def card_deadline(card):
    """What the scorecard page says of its deadline: the calendar's date and the days late
    (of the submission once sent, of today while it is owed)."""
    found = results_deadline(card)
    done = card.submitted_at if card.status != Scorecard.Status.DRAFT else None
    return {"deadline": found, "days_late": calendar.lateness(found.due, done) if found else None}
