"""The same voter submitting twice at the same moment stores exactly one ballot.

Runs with real threads and connections on PostgreSQL; SQLite serialises writers, so
there the test is skipped (the unique constraint test in test_vote_flow covers it)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from awards import services
from awards.models import Ballot, Participation, SealedBallot

from .factories import TitleRuleFactory, cluster_with_voters


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises writers")
@pytest.mark.parametrize("attempts", [2, 6])
def test_simultaneous_submissions_store_one_ballot(transactional_db, attempts):
    setup = cluster_with_voters(members=3)
    rule = TitleRuleFactory()
    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    candidate = services.add_candidate(vote, setup.units[1], "Xuất sắc", setup.head_staff)
    vote.refresh_from_db()
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    voter = setup.voters[0]
    barrier = threading.Barrier(attempts)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(services.cast_ballot(vote, voter, [candidate.pk]))
        except ValidationError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 1
    assert len(errors) == attempts - 1
    assert all(e.code == "already_voted" for e in errors)
    assert SealedBallot.objects.filter(vote=vote).count() == 1
    assert Participation.objects.filter(vote=vote).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises writers")
def test_a_ballot_racing_the_close_is_either_counted_or_refused(transactional_db):
    setup = cluster_with_voters(members=3)
    rule = TitleRuleFactory()
    vote = services.create_vote(setup.cluster, setup.year, rule.title, setup.head_staff)
    candidate = services.add_candidate(vote, setup.units[1], "Xuất sắc", setup.head_staff)
    vote.refresh_from_db()
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    barrier = threading.Barrier(2)
    outcome = {}

    def cast():
        try:
            barrier.wait()
            outcome["code"] = services.cast_ballot(vote, setup.voters[0], [candidate.pk])
        except ValidationError as error:
            outcome["refused"] = error
        finally:
            connections.close_all()

    def close():
        try:
            barrier.wait()
            services.close_vote(vote, setup.head_staff)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    vote.refresh_from_db()
    candidate.refresh_from_db()
    # Locked on the vote row: the ballot is in the count, or it was refused; never lost.
    assert vote.cast_count == Ballot.objects.filter(vote=vote).count()
    assert candidate.votes == (1 if "code" in outcome else 0)
