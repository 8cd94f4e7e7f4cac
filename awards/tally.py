"""Counting a vote: pure functions, no database, tested on their own.

Shares are percentages (``Decimal``), compared exactly: a candidate with ``v`` votes
against a base of ``n`` reaches a threshold of ``t`` % when ``100·v ≥ t·n`` (or
``>`` when reaching it exactly is not enough). Seats are filled in order of votes
among those who pass; when candidates with equal votes straddle the last seat, none
of them is seated and they go to a runoff for the seats that remain.
"""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

ENTITLED, PRESENT, CAST = "entitled", "present", "cast"
UNLIMITED, FIXED, SHARE_OF_MEMBERS, SHARE_OF_WINNERS = "unlimited", "fixed", "share_members", "share_winners"
APPROVAL, YES_NO = "approval", "yes_no"

SHARE_PLACES = Decimal("0.0001")


def base_count(base, *, entitled, present, cast):
    """The number a threshold share is counted against."""
    try:
        return {ENTITLED: entitled, PRESENT: present, CAST: cast}[base]
    except KeyError:
        raise ValueError(f"unknown threshold base {base!r}") from None


def share_percent(votes, total):
    """``votes`` as a percentage of ``total`` (4 decimals, rounded half up); 0 when total is 0."""
    if total <= 0:
        return Decimal(0).quantize(SHARE_PLACES)
    return (Decimal(votes) * 100 / Decimal(total)).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def reaches(count, total, percent, inclusive=True):
    """Does ``count`` out of ``total`` reach ``percent`` %? Exact, no rounding. Nothing
    reaches a share of an empty total."""
    if total <= 0:
        return False
    left, right = Decimal(count) * 100, Decimal(percent) * Decimal(total)
    return left >= right if inclusive else left > right


def quorum_met(present, entitled, quorum_percent):
    """Enough entitled voters are present (at least the quorum share)."""
    return reaches(present, entitled, quorum_percent, inclusive=True)


def seats_for(kind, value, *, members=0, winners=0, minimum=0, candidates=0):
    """The number of seats a rule gives: a fixed number, a share of the members, or a
    share of another title's winners (rounded down: "no more than 20%"), at least
    ``minimum``; with no quota, as many as there are candidates."""
    if kind == UNLIMITED:
        seats = candidates
    elif kind == FIXED:
        seats = int(Decimal(value).to_integral_value(rounding=ROUND_FLOOR))
    elif kind in (SHARE_OF_MEMBERS, SHARE_OF_WINNERS):
        whole = members if kind == SHARE_OF_MEMBERS else winners
        seats = int((Decimal(value) * whole / 100).to_integral_value(rounding=ROUND_FLOOR))
    else:
        raise ValueError(f"unknown seats kind {kind!r}")
    return max(int(minimum), seats)


def check_choices(approved, candidates, *, style, seats):
    """Validate one electronic ballot: the approved keys, each a candidate, at most
    ``seats`` of them on an approval ballot. Returns them as a sorted tuple (blank
    when empty); raises ValueError otherwise."""
    approved = list(approved)
    if len(set(approved)) != len(approved):
        raise ValueError("duplicate")
    if not set(approved) <= set(candidates):
        raise ValueError("not a candidate")
    if style == APPROVAL and len(approved) > seats:
        raise ValueError("too many")
    if style not in (APPROVAL, YES_NO):
        raise ValueError(f"unknown ballot style {style!r}")
    return tuple(sorted(approved))


def count_ballots(ballots, candidates):
    """Counts from electronic ballots (each an iterable of approved keys):
    ({key: votes} for every candidate, number of blank ballots)."""
    counts = dict.fromkeys(candidates, 0)
    blank = 0
    for approved in ballots:
        approved = list(approved)
        if not approved:
            blank += 1
        for key in approved:
            counts[key] += 1
    return counts, blank


@dataclass(frozen=True)
class Line:
    """One candidate's result."""

    key: object
    votes: int
    share: Decimal
    passed: bool
    rank: int
    seated: bool
    in_runoff: bool


@dataclass(frozen=True)
class Outcome:
    base: int
    lines: tuple
    seated: tuple
    runoff: tuple
    runoff_seats: int

    @property
    def needs_runoff(self):
        return bool(self.runoff)


def rank_of(counts):
    """Competition ranking by votes (1, 2, 2, 4): {key: rank}."""
    ordered = sorted((votes for _key, votes in counts), reverse=True)
    first_position = {}
    for position, votes in enumerate(ordered, start=1):
        first_position.setdefault(votes, position)
    return {key: first_position[votes] for key, votes in counts}


def tally(counts, *, base, threshold_percent, inclusive=True, seats):
    """Tally ``counts`` — a sequence of (key, votes) in display order — against
    ``base``. Returns an ``Outcome`` with the lines ordered by rank (ties keep the
    display order), who is seated, and who goes to a runoff for how many seats."""
    counts = [(key, int(votes)) for key, votes in counts]
    if seats < 0:
        raise ValueError("seats must not be negative")
    if any(votes < 0 for _key, votes in counts):
        raise ValueError("votes must not be negative")
    ranks = rank_of(counts)
    passed = {key: reaches(votes, base, threshold_percent, inclusive) for key, votes in counts}
    passing = sorted((pair for pair in counts if passed[pair[0]]), key=lambda pair: -pair[1])
    seated, runoff = [], []
    index = 0
    while index < len(passing) and len(seated) < seats:
        votes = passing[index][1]
        group = [key for key, v in passing[index:] if v == votes]
        if len(seated) + len(group) <= seats:
            seated.extend(group)
        else:
            runoff = group
            break
        index += len(group)
    runoff_seats = seats - len(seated) if runoff else 0
    order = sorted(range(len(counts)), key=lambda i: (ranks[counts[i][0]], i))
    lines = tuple(
        Line(
            key=counts[i][0],
            votes=counts[i][1],
            share=share_percent(counts[i][1], base),
            passed=passed[counts[i][0]],
            rank=ranks[counts[i][0]],
            seated=counts[i][0] in seated,
            in_runoff=counts[i][0] in runoff,
        )
        for i in order
    )
    return Outcome(base=base, lines=lines, seated=tuple(seated), runoff=tuple(runoff), runoff_seats=runoff_seats)


def score_candidates(vote, candidates, counts, *, entitled, present, cast):
    """Tally ``counts`` ({candidate pk: votes}) against the vote's threshold, base and
    seats, and set each candidate's votes, share, passed, rank, seated and in_runoff
    (not saved). Returns the ``Outcome``."""
    outcome = tally(
        [(c.pk, counts[c.pk]) for c in candidates],
        base=base_count(vote.threshold_base, entitled=entitled, present=present, cast=cast),
        threshold_percent=vote.threshold_percent,
        inclusive=vote.threshold_inclusive,
        seats=vote.seats,
    )
    lines = {line.key: line for line in outcome.lines}
    for candidate in candidates:
        line = lines[candidate.pk]
        candidate.votes, candidate.share, candidate.passed = line.votes, line.share, line.passed
        candidate.rank, candidate.seated, candidate.in_runoff = line.rank, line.seated, line.in_runoff
    return outcome
