"""factory_boy factories and builders for scoring tests."""

from decimal import Decimal

import factory

from emulation.tests.factories import UnitFactory, UserFactory
from scoring import queries
from scoring.models import CriteriaTable, Criterion, RankBand, ScoreBand, Scorecard, ScoreEntry
from scoring.services.scorecards import store_totals


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaTable

    year = 2023
    unit_type = "thads"
    name = factory.LazyAttribute(lambda o: f"Bảng tiêu chí năm {o.year}")
    legal_basis = "536/QĐ-BTP"
    total_points = Decimal(20)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    table = factory.SubFactory(TableFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = Decimal(10)
    position = factory.Sequence(lambda n: (n + 1) * 10)


def build_table(year=2023, unit_type="thads", groups=2, per_group=10, points=Decimal(10), publish=True, **fields):
    """A table of ``groups`` regular groups (I, II …) of ``per_group`` manual criteria of
    ``points`` each, plus rank bands A ≥ 90%, B ≥ 70%, C ≥ 0 of the total."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    total = points * groups * per_group
    table = TableFactory(year=year, unit_type=unit_type, total_points=total, **fields)
    position = 0
    number = 0
    for g in range(groups):
        position += 10
        group = Criterion.objects.create(
            table=table, number=roman[g], title=f"Nhóm {roman[g]}", max_points=points * per_group, position=position
        )
        for _ in range(per_group):
            number += 1
            position += 10
            Criterion.objects.create(
                table=table,
                parent=group,
                number=str(number),
                title=f"Tiêu chí {number}",
                max_points=points,
                position=position,
            )
    for index, (name, share) in enumerate([("Hạng A", "0.9"), ("Hạng B", "0.7"), ("Hạng C", "0")]):
        RankBand.objects.create(table=table, position=index, name=name, label="", min_total=total * Decimal(share))
    if publish:
        table.status = CriteriaTable.Status.PUBLISHED
        table.save()
    return table


def add_bands(criterion, rows):
    for index, (lower, upper, points) in enumerate(rows):
        ScoreBand.objects.create(
            criterion=criterion,
            position=index,
            lower=None if lower is None else Decimal(str(lower)),
            upper=None if upper is None else Decimal(str(upper)),
            points=Decimal(str(points)),
        )


def final_card(unit, table, total_by_entry, by=None):
    """A final scorecard with each leaf scored ``total_by_entry`` (a Decimal or a callable)."""
    card = Scorecard.objects.create(unit=unit, table=table, year=table.year, unit_type=table.unit_type)
    criteria, _bands = queries.table_tree(table)
    for node in queries.leaves(criteria):
        points = total_by_entry(node) if callable(total_by_entry) else total_by_entry
        ScoreEntry.objects.create(scorecard=card, criterion=node, self_points=points)
    entries = list(card.entries.all())
    effective = store_totals(card, criteria, entries)
    card.final_total = effective.total
    card.band = queries.card_band(card, criteria, entries, effective)
    card.status = Scorecard.Status.FINAL
    card.save()
    return card


__all__ = ["UnitFactory", "UserFactory", "build_table", "add_bands", "final_card", "CriterionFactory"]
