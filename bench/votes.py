"""Many voters casting at once through the real service, ``awards.services.cast_ballot``.

A bench cluster of N member units (one unit head each, all entitled voters) gets a vote
on a title chosen by vote, five candidates, everyone present; the vote is opened with
``open_vote``, then all N cast from a pool of threads released together (each thread
its own database connection). Some voters also cast a second time, both casts released
at the same instant, to show the participation's unique constraint refuses the second.
Then the vote is closed (``close_vote`` tallies it).

Proof printed: ballots stored == participations == distinct voters who took part == N,
and every concurrent duplicate refused. Meaningful on PostgreSQL (row locks, real
concurrency); ``workers=1`` runs the same steps one after another (SQLite, tests).

    from bench.votes import run_vote_bench
    result = run_vote_bench(voters=200, workers=32, duplicates=20)
"""

import contextlib
import queue
import threading
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection

from bench import people
from bench.timing import percentile

CANDIDATES = 5


@dataclass
class VoteResult:
    voters: int
    workers: int
    cast_seconds: float = 0.0
    accepted: int = 0
    duplicates_tried: int = 0
    duplicates_refused: int = 0
    errors: list = field(default_factory=list)
    ballots: int = 0
    participations: int = 0
    distinct_voters: int = 0
    cast_count_at_close: int | None = None
    close_error: str = ""
    close_ms: float = 0.0
    latencies_ms: list = field(default_factory=list)

    @property
    def per_second(self):
        return self.accepted / self.cast_seconds if self.cast_seconds else 0.0

    @property
    def exactly_once(self):
        return self.ballots == self.participations == self.distinct_voters == self.voters

    @property
    def ok(self):
        counted = self.cast_count_at_close == self.voters and not self.close_error
        return self.exactly_once and counted and self.duplicates_refused == self.duplicates_tried and not self.errors


def vote_title_and_year():
    """The latest year with data and a title chosen by a first-round cluster vote that year."""
    from awards.models import TitleRule
    from bench.pages import latest_year

    year = latest_year()
    rule = (
        TitleRule.objects.filter(chosen_by_vote=True, first_year__lte=year)
        .exclude(seats_kind=TitleRule.SeatsKind.SHARE_OF_WINNERS)
        .exclude(last_year__lt=year)
        .select_related("title")
        .order_by("-first_year", "pk")
        .first()
    )
    if rule is None:
        raise RuntimeError(f"no title is chosen by a cluster vote in {year}: load the demo data first")
    return rule.title, year


def prepare_vote(voters):
    """A bench cluster of ``voters`` units and its vote, opened with everyone present.
    Returns (vote, [(user, approved candidate ids)]) in roll order."""
    from awards import services
    from awards.models import Candidate

    title, year = vote_title_and_year()
    bench = people.make_cluster(f"vote-{voters}", voters, year)
    by = bench.head_user
    vote = services.create_vote(bench.cluster, year, title, by)
    proposed = set(vote.candidates.values_list("unit_id", flat=True))
    for unit in bench.units[:CANDIDATES]:
        if unit.pk not in proposed:
            services.add_candidate(vote, unit, "Bench candidate", by)
    services.open_vote(vote, [unit.pk for unit in bench.units], by)
    candidate_ids = list(
        Candidate.objects.filter(vote=vote, withdrawn=False).order_by("pk").values_list("pk", flat=True)
    )
    # A skewed choice (no tie at the last seat, so closing makes no runoff).
    weights = [c for i, c in enumerate(candidate_ids) for _ in range(len(candidate_ids) - i)]
    casts = [(official.user, [weights[i % len(weights)]]) for i, official in enumerate(bench.officials)]
    return vote, casts


def _cast(vote, user, approved, result, lock):
    from awards import services

    start = time.perf_counter()
    try:
        services.cast_ballot(vote, user, approved)
        outcome = "accepted"
    except ValidationError as refusal:
        outcome = "refused" if refusal.code == "already_voted" else f"invalid: {refusal.messages}"
    except Exception as error:  # every failure is counted and printed, none hidden
        outcome = f"error: {error!r}"
    with lock:
        result.latencies_ms.append((time.perf_counter() - start) * 1000)
    return outcome


def _tasks(casts, duplicates, concurrent):
    """(user, approved, pair barrier) in order; a duplicate follows its original so
    two workers take them together and the barrier releases both at once."""
    tasks = []
    for i, (user, approved) in enumerate(casts):
        if i < duplicates:
            barrier = threading.Barrier(2, timeout=10) if concurrent else None
            tasks += [(user, approved, barrier), (user, approved, barrier)]
        else:
            tasks.append((user, approved, None))
    return tasks


def _on_threads(tasks, work, workers):
    """``work(task)`` for every task on ``workers`` threads released together."""
    pending = queue.SimpleQueue()
    for task in tasks:
        pending.put(task)
    release = threading.Barrier(workers)

    def worker():
        release.wait()
        try:
            while True:
                try:
                    task = pending.get_nowait()
                except queue.Empty:
                    return
                work(task)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=worker, name=f"voter-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def cast_concurrently(vote, casts, workers, duplicates, result):
    """Run every cast (and the duplicates) on ``workers`` threads released together."""
    tasks = _tasks(casts, duplicates, concurrent=workers > 1)
    lock = threading.Lock()
    outcomes = []

    def work(task):
        user, approved, barrier = task
        if barrier is not None:
            with contextlib.suppress(threading.BrokenBarrierError):  # partner late: cast anyway
                barrier.wait()
        outcomes.append(_cast(vote, user, approved, result, lock))

    start = time.perf_counter()
    if workers <= 1:
        for task in tasks:
            work(task)
    else:
        _on_threads(tasks, work, workers)
    result.cast_seconds = time.perf_counter() - start
    result.duplicates_tried = min(duplicates, len(casts))
    result.accepted = outcomes.count("accepted")
    result.duplicates_refused = outcomes.count("refused")
    result.errors = [outcome for outcome in outcomes if outcome not in ("accepted", "refused")]


def check_stored(vote, result):
    from awards.models import Ballot, Participation, SealedBallot

    # While the vote is open its ballots are sealed in the box; after close, opened.
    result.ballots = SealedBallot.objects.filter(vote=vote).count() + Ballot.objects.filter(vote=vote).count()
    result.participations = Participation.objects.filter(vote=vote).count()
    result.distinct_voters = Participation.objects.filter(vote=vote).values("voter").distinct().count()


def close(vote, by, result):
    from awards import services
    from awards.models import Vote

    start = time.perf_counter()
    try:
        services.close_vote(vote, by)
    except Exception as error:  # reported beside the casts, which stand on their own
        result.close_error = f"{type(error).__name__}: {error}"
        return
    result.close_ms = (time.perf_counter() - start) * 1000
    result.cast_count_at_close = Vote.objects.get(pk=vote.pk).cast_count


def run_vote_bench(voters=200, workers=32, duplicates=20, before_close=None):
    """Prepare, cast, prove and close; returns a VoteResult. ``before_close(vote, casts)``
    runs while the vote is open with every ballot in (to time its pages at this size).
    Leaves the bench rows (``people.cleanup()`` removes them)."""
    vote, casts = prepare_vote(voters)
    result = VoteResult(voters=voters, workers=workers)
    cast_concurrently(vote, casts, workers, duplicates, result)
    check_stored(vote, result)
    if before_close:
        before_close(vote, casts)
    close(vote, vote.created_by, result)
    return result


def print_vote_table(result):
    lat = result.latencies_ms
    once = result.exactly_once and result.duplicates_refused == result.duplicates_tried and not result.errors
    print(
        "| voters | threads | ballots/s | cast p50 ms | cast p95 ms | ballots | participations | distinct voters "
        "| concurrent duplicates refused | errors | close+tally ms | cast count at close | exactly once |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print(
        f"| {result.voters} | {result.workers} | {result.per_second:.0f} | {percentile(lat, 0.5):.1f} | "
        f"{percentile(lat, 0.95):.1f} | {result.ballots} | {result.participations} | {result.distinct_voters} | "
        f"{result.duplicates_refused}/{result.duplicates_tried} | {len(result.errors)} | {result.close_ms:.0f} | "
        f"{result.cast_count_at_close} | {'yes' if once else 'NO'} |"
    )
    for error in result.errors[:5]:
        print(f"\n- error: {error}")
    if result.close_error:
        print(f"\n- closing the vote failed: {result.close_error}")
