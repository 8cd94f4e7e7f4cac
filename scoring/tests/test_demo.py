"""The demo data: realistic tables that pass their own checks, a 2022 ranking, 2023
scorecards in every state, and a second load that changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from scoring import queries
from scoring.models import CriteriaTable, Evidence, Scorecard, ScoreEntry

pytestmark = pytest.mark.django_db


def test_demo_tables_rankings_and_states(demo):
    tables = CriteriaTable.objects.filter(status="published")
    assert sorted(tables.values_list("year", "unit_type")) == [
        (2022, "doj"),
        (2022, "thads"),
        (2023, "doj"),
        (2023, "thads"),
    ]
    for table in tables:
        assert table.total_points == Decimal(200)
        assert queries.table_problems(table) == []
        kinds = set(table.criteria.values_list("kind", flat=True))
        assert kinds == {"regular", "bonus", "penalty"}
        assert table.criteria.filter(method="bands").exists() and table.rank_bands.count() == 4
    thads = CriteriaTable.objects.get(year=2023, unit_type="thads")
    criteria, _bands = queries.table_tree(thads)
    assert len(queries.leaves(criteria)) == 20
    assert "I. Thực hiện chế độ báo cáo" in f"I. {criteria[0].title}"
    ranking = queries.ranking(2022, "thads")
    assert len(ranking) == 7 and ranking[0].unit.name == "Cục Thi hành án dân sự tỉnh Lào Cai"
    assert len(queries.ranking(2022, "doj")) == 7
    states = set(Scorecard.objects.filter(year=2023).values_list("status", flat=True))
    assert states == {"draft", "submitted", "reviewed", "final"}
    assert queries.ranking(2023, "thads")[0].previous_total is not None
    assert ScoreEntry.objects.exclude(review_reason="").exists()  # the unit sees why
    assert not Scorecard.objects.filter(unit__name="Cục Thi hành án dân sự tỉnh Lào Cai", year=2023).exists()


def test_loading_twice_changes_nothing(demo):
    counts = (
        CriteriaTable.objects.count(),
        Scorecard.objects.count(),
        ScoreEntry.objects.count(),
        Evidence.objects.count(),
    )
    from scoring import demo as scoring_demo

    scoring_demo.load()
    call_command("seed_demo", verbosity=0)
    assert counts == (
        CriteriaTable.objects.count(),
        Scorecard.objects.count(),
        ScoreEntry.objects.count(),
        Evidence.objects.count(),
    )
