"""The arithmetic of scoring, on its own: bands, proportional targets, manual points, the
tree's totals and rank bands. Property tests check bounds and monotony for any input."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import computation
from scoring.computation import InputError

D = Decimal
LATE = [(D(0), D(0), D(2)), (D(1), D(2), D("1.5")), (D(3), D(5), D(1)), (D(6), D(10), D("0.5")), (D(11), None, D(0))]
RATE = [(D("95.01"), None, D("1.5")), (D(75), D(95), D(1)), (D(50), D("74.99"), D("0.5")), (None, D("49.99"), D(0))]

points_st = st.decimals(min_value=0, max_value=100, places=2)
value_st = st.decimals(min_value=-1000, max_value=100000, places=3, allow_nan=False, allow_infinity=False)


def criterion(method="manual", max_points="10", **extra):
    return SimpleNamespace(**{"method": method, "max_points": D(max_points), "target": None, "ceiling": None, **extra})


@pytest.mark.parametrize(
    "days, points",
    [(0, "2"), (1, "1.5"), (2, "1.5"), (3, "1"), (5, "1"), (6, "0.5"), (10, "0.5"), (11, "0"), (40, "0")],
)
def test_days_late_bands_from_the_guidance(days, points):
    assert computation.band_points(days, LATE, D(2)) == D(points)


@pytest.mark.parametrize(
    "rate, points",
    [("100", "1.5"), ("95.5", "1.5"), ("95", "1"), ("75", "1"), ("74.99", "0.5"), ("50", "0.5"), ("49", "0")],
)
def test_rate_bands_from_the_guidance(rate, points):
    assert computation.band_points(D(rate), RATE, D("1.5")) == D(points)


def test_no_band_matches_gives_zero_and_band_points_are_capped():
    assert computation.band_points(7, [(D(0), D(5), D(3))], D(3)) == 0
    assert computation.band_points(1, [(None, None, D(99))], D(3)) == D(3)


def test_first_matching_band_wins():
    bands = [(D(0), D(10), D(1)), (D(5), D(20), D(2))]
    assert computation.band_points(7, bands, D(5)) == 1


def test_proportional_capped_and_with_over_achievement():
    assert computation.proportional_points(D("21698"), D("24196"), D(10)) == D("8.97")  # 89,68%
    assert computation.proportional_points(D(120), D(100), D(10)) == D(10)  # capped
    assert computation.proportional_points(D(120), D(100), D(10), ceiling=D(11)) == D(11)
    assert computation.proportional_points(D(105), D(100), D(10), ceiling=D(12)) == D("10.50")
    assert computation.proportional_points(D(0), D(100), D(10)) == 0


def test_proportional_refuses_no_plan_and_negative_values():
    with pytest.raises(InputError) as error:
        computation.proportional_points(D(5), D(0), D(10))
    assert error.value.field == "planned"
    with pytest.raises(InputError) as error:
        computation.proportional_points(D(-1), D(10), D(10))
    assert error.value.field == "value"


def test_manual_points_outside_the_range_are_refused_with_the_field():
    assert computation.manual_points(D("7.5"), D(10)) == D("7.5")
    for bad in (D("-0.5"), D("10.25"), D("1.234")):
        with pytest.raises(InputError) as error:
            computation.manual_points(bad, D(10))
        assert error.value.field == "points"
    with pytest.raises(InputError, match="10"):
        computation.manual_points(D(11), D(10))


def test_criterion_points_dispatches_by_method_and_none_until_entered():
    assert computation.criterion_points(criterion("manual"), points=None) is None
    assert computation.criterion_points(criterion("yes_no"), answer=True) == D(10)
    assert computation.criterion_points(criterion("yes_no"), answer=False) == 0
    assert computation.criterion_points(criterion("bands", "2"), LATE, value=D(4)) == 1
    target = criterion("proportional", target=D(84))
    assert computation.criterion_points(target, value=D("89.68")) == D(10)
    assert computation.criterion_points(criterion("proportional"), value=D(5), planned=D(10)) == D(5)


@given(value=value_st, max_points=points_st, raw=st.lists(st.tuples(value_st, value_st, points_st), max_size=6))
def test_band_points_always_within_bounds(value, max_points, raw):
    bands = [(min(a, b), max(a, b), p) for a, b, p in raw]
    points = computation.band_points(value, bands, max_points)
    assert 0 <= points <= max_points


@given(
    cuts=st.lists(st.integers(min_value=-50, max_value=500), min_size=1, max_size=6, unique=True),
    rewards=st.lists(points_st, min_size=7, max_size=7),
    values=st.lists(st.decimals(min_value=-100, max_value=600, places=2), min_size=2, max_size=2),
    descending=st.booleans(),
)
def test_monotonic_bands_give_monotonic_points(cuts, rewards, values, descending):
    """Bands that partition the line with points rising (or falling) with the value give
    points that rise (or fall) with the value."""
    cuts = sorted(D(c) for c in cuts)
    levels = sorted(rewards[: len(cuts) + 1], reverse=descending)
    edges = [None, *cuts]
    step = D("0.01")
    bands = [(edges[i], (cuts[i] - step) if i < len(cuts) else None, levels[i]) for i in range(len(cuts) + 1)]
    low, high = sorted(values)
    a = computation.band_points(low, bands, D(100))
    b = computation.band_points(high, bands, D(100))
    assert (a >= b) if descending else (a <= b)


@given(
    done=st.decimals(min_value=0, max_value=10**6, places=2),
    planned=st.decimals(min_value=D("0.01"), max_value=10**6, places=2),
    max_points=points_st,
    extra=st.one_of(st.none(), st.decimals(min_value=0, max_value=50, places=2)),
)
def test_proportional_points_always_within_bounds(done, planned, max_points, extra):
    ceiling = None if extra is None else max_points + extra
    points = computation.proportional_points(done, planned, max_points, ceiling)
    assert 0 <= points <= (max_points if ceiling is None else ceiling)


@given(
    planned=st.decimals(min_value=1, max_value=10**5, places=0),
    a=st.decimals(min_value=0, max_value=10**5, places=0),
    b=st.decimals(min_value=0, max_value=10**5, places=0),
    max_points=points_st,
)
def test_proportional_points_grow_with_what_was_done(planned, a, b, max_points):
    low, high = sorted([a, b])
    assert computation.proportional_points(low, planned, max_points) <= computation.proportional_points(
        high, planned, max_points
    )


def node(pk, parent, max_points, kind="regular", method="manual"):
    return SimpleNamespace(pk=pk, parent_id=parent, max_points=D(max_points), kind=kind, method=method, number=str(pk))


TREE = [
    node(1, None, 20),
    node(2, 1, 10),
    node(3, 1, 10),
    node(4, None, 10, "bonus"),
    node(5, 4, 6, "bonus"),
    node(6, 4, 6, "bonus"),
    node(7, None, 5, "penalty"),
    node(8, 7, 5, "penalty"),
]


def test_tree_totals_sum_groups_cap_bonus_and_subtract_penalties():
    totals = computation.tree_totals(TREE, {2: D(8), 3: D("9.5"), 5: D(6), 6: D(6), 8: D(2)})
    assert totals.nodes[1] == D("17.5")
    assert totals.nodes[4] == D(10)  # bonus capped at its group's maximum
    assert totals.total == D("17.5") + 10 - 2
    assert computation.tree_totals(TREE, {8: D(5)}).total == 0  # never below zero


def test_rank_band_needs_the_minimum_and_the_required_criteria_in_full():
    a, b = object(), object()
    bands = [(a, D(18), [2]), (b, D(10), [])]
    node_max = {n.pk: n.max_points for n in TREE}
    full = computation.tree_totals(TREE, {2: D(10), 3: D(9)})
    assert computation.rank_band(full.total, bands, full.nodes, node_max) is a
    partial = computation.tree_totals(TREE, {2: D("9.5"), 3: D(10)})
    assert computation.rank_band(partial.total, bands, partial.nodes, node_max) is b
    assert computation.rank_band(D(5), bands, partial.nodes, node_max) is None


def test_competition_ranks_share_ties():
    assert computation.competition_ranks([D(190), D(180), D(180), D(170)]) == [1, 2, 2, 4]


def test_structure_problems_name_what_is_wrong():
    assert computation.structure_problems(D(20), TREE, {}, [("A", D(18)), ("B", D(10))]) == []
    problems = computation.structure_problems(D(200), TREE, {}, [("A", D(10)), ("B", D(18))])
    assert any("200" in p for p in problems)
    assert any("Rank bands" in p or "Hạng" in p or "hạng" in p for p in problems)
    bad = [node(1, None, 20), node(2, 1, 5), node(3, 1, 10, method="bands")]
    problems = computation.structure_problems(D(20), bad, {}, [])
    assert len(problems) == 2  # children add up to 15, and 3 has no bands
