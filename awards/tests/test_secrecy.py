"""Secrecy of the ballot: nothing in the schema, the history, the admin or the session
ties a ballot to a voter; only the count of who voted is shown while voting."""

import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import models

from awards import services
from awards.models import Ballot, Participation, Vote, Voter

from .test_vote_flow import ids, make_vote

pytestmark = pytest.mark.django_db

PERSONAL = {"emulation.user", "emulation.official", "awards.voter", "awards.participation"}


def test_the_ballot_table_has_no_path_to_a_voter():
    fields = {field.name: field for field in Ballot._meta.get_fields()}
    assert set(fields) == {"id", "vote", "approved", "receipt_hash"}
    # A random key, no time, no other relation than the vote itself.
    assert isinstance(Ballot._meta.pk, models.UUIDField) and Ballot._meta.pk.default is uuid.uuid4
    assert not any(isinstance(f, (models.DateField, models.TimeField)) for f in fields.values())
    relations = [f for f in fields.values() if f.is_relation]
    assert [(f.name, f.related_model) for f in relations] == [("vote", Vote)]
    # Nothing points at a ballot, and no model links a ballot to a person.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model is not Ballot, f"{model.__name__}.{field.name} points at a ballot"
    # The vote row a ballot belongs to carries no voter either: it reaches voters only
    # through the roll, one-to-many, which cannot say which ballot is whose.
    vote_fks = {f.related_model._meta.label_lower for f in Vote._meta.concrete_fields if f.is_relation}
    assert not vote_fks & {"awards.voter", "awards.participation"}


def test_participation_says_who_voted_never_what():
    fields = {f.name for f in Participation._meta.get_fields()}
    assert fields == {"id", "vote", "voter"}
    unique = [c for c in Participation._meta.constraints if isinstance(c, models.UniqueConstraint)]
    assert [tuple(c.fields) for c in unique] == [("vote", "voter")]


def test_ballots_have_no_history_and_no_admin():
    labels = {model._meta.label_lower for model in apps.get_models()}
    assert "awards.historicalballot" not in labels
    assert "awards.historicalparticipation" not in labels
    assert not admin.site.is_registered(Ballot)
    assert not admin.site.is_registered(Participation)
    for model in apps.get_models():
        if model._meta.label_lower.startswith("awards.historical"):
            assert "ballot" not in {f.name for f in model._meta.get_fields()}


def test_casting_writes_nothing_a_person_is_attached_to(setup, rule, client):
    vote = make_vote(setup, rule)
    a, b, _c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    histories = [Vote.history.count(), Voter.history.count(), LogEntry.objects.count()]
    client.force_login(setup.voters[0])
    response = client.post(f"/awards/votes/{vote.pk}/ballot/", {"approve": [a, b]})
    code = response.context["code"]
    assert code in response.content.decode()
    # No history row, no log entry, no copy of the code in the session or a message.
    assert [Vote.history.count(), Voter.history.count(), LogEntry.objects.count()] == histories
    assert code not in str(dict(client.session))
    assert code not in client.get("/awards/").content.decode()
    ballot = Ballot.objects.get(vote=vote)
    assert code not in ballot.receipt_hash and sorted(ballot.approved) == sorted([a, b])
    # The page the chair watches shows a count, nothing of the choices.
    client.force_login(setup.head_staff)
    count = client.get(f"/awards/votes/{vote.pk}/count/").content.decode()
    assert ">1</span> / 8" in count
    for candidate in vote.candidates.all():
        assert candidate.unit.name not in count


def test_listing_ballots_does_not_replay_the_order_they_were_cast(setup, rule):
    vote = make_vote(setup, rule)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    for user, choice in zip(setup.voters, [[a], [b], [c], [a, b], [b, c], [a, c], [], [a]], strict=True):
        services.cast_ballot(vote, user, choice)
    listed = list(Ballot.objects.filter(vote=vote).values_list("id", flat=True))
    assert listed == sorted(listed)  # ordered by the random key, not by insertion


def test_receipt_check_page(setup, rule, client):
    vote = make_vote(setup, rule)
    a = ids(vote, 0, setup=setup)[0]
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    code = services.cast_ballot(vote, setup.voters[0], [a])
    services.close_vote(vote, setup.head_staff)
    client.force_login(setup.voters[3])
    found = client.post(f"/awards/votes/{vote.pk}/receipt/", {"code": code.lower().replace("-", " ")})
    assert found.context["counted"] is True
    missing = client.post(f"/awards/votes/{vote.pk}/receipt/", {"code": "ZZZZ-ZZZZ-ZZZZ"})
    assert missing.context["counted"] is False
    assert "receipt-missing" in missing.content.decode()


def _physical_order(vote):
    """Receipt fingerprints in the order the rows lie in the table (rowid / heap)."""
    from django.db import connection

    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT receipt_hash FROM awards_ballot WHERE vote_id = %s ORDER BY {position}",
            [vote.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def test_closing_rewrites_the_ballots_so_their_order_does_not_follow_the_voters(setup, rule):
    vote = make_vote(setup, rule)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    choices = [[a], [b], [c], [a, b], [b, c], [a, c], [], [a]]
    codes = [services.cast_ballot(vote, voter, choice) for voter, choice in zip(setup.voters, choices, strict=True)]
    cast_order = [services.receipt_hash(vote.pk, code) for code in codes]
    # While open the rows lie in the order they were cast — as do the participations.
    assert _physical_order(vote) == cast_order
    before_ids = set(Ballot.objects.filter(vote=vote).values_list("pk", flat=True))
    vote.refresh_from_db()
    services.close_vote(vote, setup.head_staff)
    # After close: the same ballots (receipts still verify), new keys, another order.
    assert sorted(_physical_order(vote)) == sorted(cast_order)
    assert _physical_order(vote) != cast_order  # 1 chance in 8! = 40 320 of failing by luck
    assert not before_ids & set(Ballot.objects.filter(vote=vote).values_list("pk", flat=True))
    assert all(services.ballot_counted(vote, code) for code in codes)
    assert sorted(map(sorted, Ballot.objects.filter(vote=vote).values_list("approved", flat=True))) == sorted(
        map(sorted, choices)
    )
