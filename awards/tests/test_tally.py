"""The pure tally: shares, bases, thresholds, ties and seats, with property tests."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awards import tally

votes_lists = st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12)
percents = st.decimals(min_value=0, max_value=100, places=2)


def run(votes, base, threshold, seats, inclusive=True):
    return tally.tally(list(enumerate(votes)), base=base, threshold_percent=threshold, inclusive=inclusive, seats=seats)


def test_the_reported_figures():
    assert tally.share_percent(21698, 24196) == Decimal("89.6760")
    assert tally.share_percent(2754, 3247) == Decimal("84.8168")
    assert tally.share_percent(1, 0) == 0


def test_bases():
    kwargs = {"entitled": 8, "present": 7, "cast": 6}
    assert [tally.base_count(b, **kwargs) for b in ("entitled", "present", "cast")] == [8, 7, 6]
    with pytest.raises(ValueError):
        tally.base_count("nobody", **kwargs)


def test_threshold_exactly_reached():
    assert tally.reaches(9, 10, Decimal("90"), inclusive=True)
    assert not tally.reaches(9, 10, Decimal("90"), inclusive=False)
    assert tally.reaches(4, 8, 50, inclusive=True) and not tally.reaches(4, 8, 50, inclusive=False)
    assert not tally.reaches(0, 0, 0)


def test_the_same_votes_pass_or_fail_by_base():
    # 5 votes: 5/8 entitled = 62,5%, 5/7 present = 71,4%, 5/6 cast = 83,3%; threshold 70%.
    outcomes = [
        run([5], tally.base_count(b, entitled=8, present=7, cast=6), Decimal(70), 1).lines[0].passed
        for b in ("entitled", "present", "cast")
    ]
    assert outcomes == [False, True, True]


def test_a_tie_at_the_last_seat_goes_to_a_runoff():
    outcome = run([6, 4, 4, 1], base=7, threshold=Decimal(50), seats=2)
    assert outcome.seated == (0,) and outcome.runoff == (1, 2) and outcome.runoff_seats == 1
    assert [line.rank for line in outcome.lines] == [1, 2, 2, 4]


def test_a_tie_inside_the_seats_seats_everyone():
    outcome = run([5, 5, 2], base=7, threshold=Decimal(20), seats=2)
    assert outcome.seated == (0, 1) and not outcome.runoff


def test_seats_from_rules():
    assert tally.seats_for("fixed", Decimal(2)) == 2
    assert tally.seats_for("share_members", Decimal(20), members=14) == 2
    # Cờ thi đua của Chính phủ: no more than 20% of those proposed for the Ministry's flag.
    assert tally.seats_for("share_winners", Decimal(20), winners=4) == 0
    assert tally.seats_for("share_winners", Decimal(20), winners=4, minimum=1) == 1
    assert tally.seats_for("share_winners", Decimal(20), winners=10) == 2
    assert tally.seats_for("unlimited", 0, candidates=5) == 5
    with pytest.raises(ValueError):
        tally.seats_for("lottery", 1)


def test_ballot_choices():
    assert tally.check_choices([3, 1], [1, 2, 3], style="approval", seats=2) == (1, 3)
    assert tally.check_choices([], [1, 2], style="approval", seats=1) == ()
    assert tally.check_choices([1, 2, 3], [1, 2, 3], style="yes_no", seats=1) == (1, 2, 3)
    for bad in ([1, 1], [4], [1, 2, 3]):
        with pytest.raises(ValueError):
            tally.check_choices(bad, [1, 2, 3], style="approval", seats=2)


def test_counting_ballots():
    counts, blank = tally.count_ballots([[1, 2], [], [2], []], [1, 2, 3])
    assert counts == {1: 1, 2: 2, 3: 0} and blank == 2


@settings(max_examples=300, deadline=None)
@given(votes=votes_lists, base=st.integers(min_value=0, max_value=60), threshold=percents, seats=st.integers(0, 6))
def test_seat_properties(votes, base, threshold, seats):
    outcome = run(votes, base, threshold, seats)
    lines = {line.key: line for line in outcome.lines}
    seated = set(outcome.seated)
    runoff = set(outcome.runoff)
    # Never more seated than seats; the runoff fills exactly what is left.
    assert len(seated) <= seats
    assert not runoff or len(seated) + outcome.runoff_seats == seats
    assert not runoff or len(runoff) > outcome.runoff_seats > 0
    # Only those who pass are seated or in a runoff; nobody is both.
    assert all(lines[k].passed for k in seated | runoff)
    assert not seated & runoff
    # Everyone in the runoff has the same votes, fewer than every seated one.
    if runoff:
        (tied_votes,) = {votes[k] for k in runoff}
        assert all(votes[k] > tied_votes for k in seated)
        assert all(votes[k] < tied_votes for k in lines if lines[k].passed and k not in seated | runoff)
    # A passing candidate left out has no more votes than any seated one.
    for key, line in lines.items():
        if line.passed and key not in seated:
            assert all(votes[key] <= votes[s] for s in seated)
    # If no runoff and seats remain, every passing candidate is seated.
    if not runoff and len(seated) < seats:
        assert seated == {k for k, line in lines.items() if line.passed}
    # Equal votes, equal fate.
    for a in lines:
        for b in lines:
            if votes[a] == votes[b]:
                assert (a in seated, a in runoff, lines[a].rank) == (b in seated, b in runoff, lines[b].rank)


@settings(max_examples=300, deadline=None)
@given(votes=votes_lists, base=st.integers(min_value=0, max_value=60), threshold=percents)
def test_share_and_threshold_properties(votes, base, threshold):
    outcome = run(votes, base, threshold, seats=len(votes))
    for line in outcome.lines:
        if base == 0:
            assert line.share == 0 and not line.passed
            continue
        exact = Decimal(line.votes) * 100 / base
        assert abs(line.share - exact) <= Decimal("0.00005")
        assert line.passed == (exact >= threshold)
    # More votes never pass less; ranks are competition ranks ordered by votes.
    ordered = list(outcome.lines)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        assert earlier.votes >= later.votes and earlier.rank <= later.rank
        assert earlier.passed or not later.passed
    for line in ordered:
        assert line.rank == 1 + sum(1 for other in ordered if other.votes > line.votes)


@given(votes=votes_lists, threshold=percents, base=st.integers(1, 60))
def test_strict_threshold_never_passes_more(votes, threshold, base):
    strict = run(votes, base, threshold, seats=len(votes), inclusive=False)
    loose = run(votes, base, threshold, seats=len(votes), inclusive=True)
    for tight, wide in zip(strict.lines, loose.lines, strict=True):
        assert wide.passed or not tight.passed


@given(present=st.integers(0, 30), extra=st.integers(0, 30), quorum=percents)
def test_quorum(present, extra, quorum):
    entitled = present + extra
    met = tally.quorum_met(present, entitled, quorum)
    assert met == (entitled > 0 and Decimal(present) * 100 >= quorum * entitled)
