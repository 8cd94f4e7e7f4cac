"""The ranking: final totals only, ties share a rank, bands with their conditions, a
cluster or the whole sector, the previous year, the chart and the Excel export — and a
200-unit ranking in a fixed number of queries."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from emulation.tests.factories import ClusterFactory, MembershipFactory, UnitFactory
from scoring import queries
from scoring.models import Criterion, RankBand, Scorecard

from .factories import build_table, final_card

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def tables(db):
    return build_table(year=2022), build_table(year=2023)


def units(n, cluster=None, year=2023):
    made = [UnitFactory(type="thads") for _ in range(n)]
    if cluster is not None:
        for unit in made:
            MembershipFactory(cluster=cluster, unit=unit, year=year)
    return made


def test_ties_share_a_rank_and_the_next_rank_skips(tables):
    a, b, c, d = units(4)
    for unit, points in [(a, D(9)), (b, D(8)), (c, D(8)), (d, D(7))]:
        final_card(unit, tables[1], points)
    rows = queries.ranking(2023, "thads")
    assert [(row.unit, row.rank, row.total) for row in rows] == [
        (a, 1, D(180)),
        (b, 2, D(160)),
        (c, 2, D(160)),
        (d, 4, D(140)),
    ]
    assert [row.band.name for row in rows] == ["Hạng A", "Hạng B", "Hạng B", "Hạng B"]


def test_only_final_scorecards_count(tables, ministry):
    a, b = units(2)
    final_card(a, tables[1], D(5))
    Scorecard.objects.create(
        unit=b, table=tables[1], year=2023, unit_type="thads", status="reviewed", reviewed_total=D(200)
    )
    assert [row.unit for row in queries.ranking(2023, "thads")] == [a]


def test_a_cluster_ranking_and_the_previous_year(tables):
    cluster = ClusterFactory()
    a, b = units(2, cluster)
    (outside,) = units(1)
    final_card(a, tables[0], D(6))
    final_card(a, tables[1], D(8))
    final_card(b, tables[1], D(9))
    final_card(outside, tables[1], D(10))
    rows = queries.ranking(2023, "thads", cluster)
    assert [(row.unit, row.rank) for row in rows] == [(b, 1), (a, 2)]
    assert rows[1].previous_total == D(120) and rows[1].change == D(40)
    assert rows[0].previous_total is None and rows[0].change is None
    assert len(queries.ranking(2023, "thads")) == 3
    assert queries.ranking(2023, "doj") == []


def test_a_band_needs_its_required_criteria_fully_scored(tables):
    table = tables[1]
    RankBand.objects.get(table=table, name="Hạng A").required_full.add(Criterion.objects.get(table=table, number="1"))
    short, full = units(2)
    final_card(short, table, D("9.5"))  # 190 points, but criterion 1 is 9,5 of 10
    final_card(full, table, lambda node: D(10) if node.number == "1" else D("9.5"))
    bands = queries.unit_bands(2023)
    assert bands[short.pk].name == "Hạng B"
    assert bands[full.pk].name == "Hạng A"


def test_unit_bands_for_the_awards_app(tables):
    (unit,) = units(1)
    assert queries.unit_bands(2023, [unit]) == {}
    final_card(unit, tables[1], D(7))
    band = queries.unit_bands(2023, [unit])[unit.pk]
    assert (band.name, band.position) == ("Hạng B", 1)


def test_the_ranking_page_chart_and_export(client, ministry, tables):
    cluster = ClusterFactory()
    a, b = units(2, cluster)
    final_card(a, tables[0], D(8))
    final_card(a, tables[1], D(9))
    final_card(b, tables[1], D(9))
    client.force_login(ministry)
    response = client.get("/scoring/ranking/", {"year": 2023, "type": "thads", "cluster": cluster.slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="chart-bar"') == 2
    assert "<svg" in html and "<script" not in html.split("<main")[1]
    assert html.count('data-testid="rank">1<') == 2  # a tie
    assert "+20" in html  # 160 → 180
    export = client.get("/scoring/ranking/export/", {"year": 2023, "type": "thads", "cluster": cluster.slug})
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == (1, a.name, 180, "Hạng A") or rows[1][:4] == (1, b.name, 180, "Hạng A")
    assert {rows[1][0], rows[2][0]} == {1}
    assert rows[1 if rows[1][1] == a.name else 2][4] == 160


def test_a_200_unit_ranking_runs_a_fixed_number_of_queries(client, ministry, tables, django_assert_max_num_queries):
    cluster = ClusterFactory()
    many = units(200, cluster)
    table = build_table(year=2024, groups=1, per_group=1, points=D(200))
    from scoring.models import ScoreEntry  # noqa: F401 (cards built directly for speed)

    leaf = Criterion.objects.get(table=table, number="1")
    bands = list(RankBand.objects.filter(table=table).order_by("position"))
    for index, unit in enumerate(many):
        MembershipFactory(cluster=cluster, unit=unit, year=2024)
        total = D(100 + index % 90)
        Scorecard.objects.create(
            unit=unit,
            table=table,
            year=2024,
            unit_type="thads",
            status="final",
            final_total=total,
            band=bands[0] if total >= 180 else bands[2],
        )
    del leaf
    client.force_login(ministry)
    # the base page counts unread notifications (one query); a first request also asks each
    # app for the user's open years (emulation.years, then kept in the session): three
    with django_assert_max_num_queries(16):
        response = client.get("/scoring/ranking/", {"year": 2024, "type": "thads", "cluster": cluster.slug})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 200
    with django_assert_max_num_queries(13):
        client.get("/scoring/ranking/", {"year": 2024, "type": "thads"})
    with django_assert_max_num_queries(6):
        client.get("/scoring/ranking/export/", {"year": 2024, "type": "thads"})
