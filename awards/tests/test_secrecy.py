"""Secrecy of the ballot: nothing in the schema, the history, the admin or the session
ties a ballot to a voter; only the count of who voted is shown while voting. And at the
level of the data (issue 13 §1, docs/security.md §1): whoever reads the storage — rowid,
ctid and xmin order, a copy taken mid-vote, the dead tuples after close — or measures the
ballot requests finds nothing that joins a voter to a choice."""

import itertools
import uuid
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards import services, tally
from awards.models import Ballot, Participation, SealedBallot, Vote, Voter
from awards.services import ballot_box
from awards.views.ballot import BALLOT_BODY_BLOCK

from .factories import TitleRuleFactory, cluster_with_voters
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


def test_a_sealed_ballot_is_a_random_key_a_sealed_blob_and_a_keyed_fingerprint():
    fields = {field.name: field for field in SealedBallot._meta.get_fields()}
    assert set(fields) == {"id", "vote", "sealed", "receipt_tag"}
    assert isinstance(SealedBallot._meta.pk, models.UUIDField) and SealedBallot._meta.pk.default is uuid.uuid4
    assert [(f.name, f.related_model) for f in fields.values() if f.is_relation] == [("vote", Vote)]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model is not SealedBallot, f"{model.__name__}.{field.name} points at a ballot"


def test_ballots_have_no_history_and_no_admin():
    labels = {model._meta.label_lower for model in apps.get_models()}
    assert "awards.historicalballot" not in labels
    assert "awards.historicalsealedballot" not in labels
    assert "awards.historicalparticipation" not in labels
    assert not admin.site.is_registered(Ballot)
    assert not admin.site.is_registered(SealedBallot)
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
    # In the box, sealed: no choice, no code, no unkeyed fingerprint of the code in the row.
    assert not Ballot.objects.filter(vote=vote).exists()
    sealed = SealedBallot.objects.get(vote=vote)
    assert sealed.receipt_tag != services.receipt_hash(vote.pk, code)
    assert code.replace("-", "").encode() not in bytes(sealed.sealed)
    assert services.open_box(vote).open(sealed.sealed) == (code.replace("-", ""), sorted([a, b]))
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
    listed = list(SealedBallot.objects.filter(vote=vote).values_list("id", flat=True))
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


def test_a_receipt_is_found_in_the_box_while_the_vote_is_open(setup, rule):
    vote = make_vote(setup, rule)
    a = ids(vote, 0, setup=setup)[0]
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    vote.refresh_from_db()
    code = services.cast_ballot(vote, setup.voters[0], [a])
    assert services.ballot_counted(vote, code.lower())
    assert not services.ballot_counted(vote, "ZZZZ-ZZZZ-ZZZZ")


# --- reading the storage, the way the attack run did ---------------------------------------

NEEDS_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads xmin and dead tuples: needs PostgreSQL"
)


def _read(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in_storage_order(table, columns, vote):
    """Rows as they lie in the table: SQLite's rowid, PostgreSQL's heap (ctid) — the
    order a dump or a backup writes them in."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    return _read(f"SELECT {columns} FROM {table} WHERE vote_id = %s ORDER BY {position}", [vote.pk])


def _cast_all(setup, rule, **settings):
    """An open vote where the 8 voters have cast; returns (vote, choices, codes)."""
    vote = make_vote(setup, rule, **settings)
    a, b, c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    vote.refresh_from_db()
    choices = [[a], [b], [c], [a, b], [b, c], [a, c], [], [a]]
    codes = [services.cast_ballot(vote, user, choice) for user, choice in zip(setup.voters, choices, strict=True)]
    return vote, choices, codes


def _stranger_box(vote):
    """What the holder of the database and SECRET_KEY can build without the key file."""
    box = object.__new__(ballot_box.Box)
    box.keys = [ballot_box.hmac.digest(k, b"guess", "sha256") for k in ballot_box._server_keys()]
    box.candidate_ids = sorted(vote.candidates.filter(withdrawn=False).values_list("pk", flat=True))
    return box


def test_the_storage_order_of_an_open_vote_leads_each_voter_to_a_blob_that_opens_to_nothing(setup, rule):
    vote, choices, _codes = _cast_all(setup, rule)
    voters = [row[0] for row in _in_storage_order("awards_participation", "voter_id", vote)]
    sealed = [bytes(row[0]) for row in _in_storage_order("awards_sealedballot", "sealed", vote)]
    # The attack's join still pairs them (cast order is storage order) ...
    joined = dict(zip(voters, sealed, strict=True))
    assert len(joined) == 8
    # ... but every blob has the same length, the same choice twice gives two unrelated
    # blobs, and nothing opens without the box's key, even with SECRET_KEY.
    assert len({len(blob) for blob in sealed}) == 1
    assert sealed[0] != sealed[7] and choices[0] == choices[7]
    stranger = _stranger_box(vote)
    for blob in sealed:
        with pytest.raises(ValueError):
            stranger.open(blob)
    # Only the web process's box (key file + SECRET_KEY) opens them: the link is real, and
    # what ends it is destroying that key at close.
    assert [services.open_box(vote).open(blob)[1] for blob in sealed] == [sorted(c) for c in choices]
    # No clear value is stored anywhere a reader could group ballots by: not the choices,
    # not the unkeyed hash of a code.
    assert not Ballot.objects.filter(vote=vote).exists()


def test_a_copy_taken_mid_vote_shares_nothing_with_the_counted_ballots(setup, rule, django_capture_on_commit_callbacks):
    vote, choices, codes = _cast_all(setup, rule)
    # The copy: every row in storage order, as a dump or a backup writes them.
    copied = _in_storage_order("awards_sealedballot", "id, sealed, receipt_tag", vote)
    copied_roll = _in_storage_order("awards_participation", "voter_id", vote)
    assert len(copied) == len(copied_roll) == 8
    with django_capture_on_commit_callbacks(execute=True):
        services.close_vote(vote, setup.head_staff)
    # The key is gone: the copy's blobs open to nothing, for anyone, from now on.
    assert not ballot_box.key_path(vote).exists()
    with pytest.raises(ValidationError):
        services.open_box(vote)
    # The counted ballots share no value with the copy: keys, fingerprints, contents.
    live = _in_storage_order("awards_ballot", "id, approved, receipt_hash", vote)
    assert len(live) == 8 and not SealedBallot.objects.filter(vote=vote).exists()
    copied_values = {str(v).replace("-", "") for row in copied for v in (row[0], row[2])}
    copied_values |= {bytes(row[1]).hex() for row in copied}
    live_values = {str(v).replace("-", "") for row in live for v in (row[0], row[2])}
    assert not copied_values & live_values
    # Nor an order: the counted ballots do not lie in the order the voters cast.
    counted = Ballot.objects.filter(vote=vote)
    position = [str(row[0]).replace("-", "") for row in live]
    in_storage = [sorted(b.approved) for b in sorted(counted, key=lambda b: position.index(b.pk.hex))]
    assert sorted(in_storage) == sorted(map(sorted, choices))
    assert in_storage != [sorted(c) for c in choices]  # 1 chance in 20 160 of failing by luck
    # And the receipts still work, hashed anew.
    assert all(services.ballot_counted(vote, code) for code in codes)


@NEEDS_POSTGRES
def test_xmin_and_dead_tuples_lead_nowhere_once_the_vote_is_counted(transactional_db):
    setup = cluster_with_voters()
    rule = TitleRuleFactory()
    vote, choices, codes = _cast_all(setup, rule)  # each cast commits on its own, as in production
    # While open, xmin links them (the attack's B1 query) — to sealed blobs only.
    linked = _read(
        "SELECT p.voter_id, s.sealed FROM awards_participation p JOIN awards_sealedballot s"
        " ON s.vote_id = p.vote_id AND abs(s.xmin::text::bigint - p.xmin::text::bigint) <= 1 WHERE p.vote_id = %s",
        [vote.pk],
    )
    assert linked and all(len(bytes(blob)) == len(bytes(linked[0][1])) for _voter, blob in linked)
    services.close_vote(vote, setup.head_staff)  # commits; the key is destroyed after
    assert not ballot_box.key_path(vote).exists()
    # The counted ballots were all written by one transaction: one xmin, no order in it.
    assert len({row[0] for row in _read("SELECT xmin::text FROM awards_ballot WHERE vote_id = %s", [vote.pk])}) == 1
    live = {row[0] for row in _read("SELECT receipt_hash FROM awards_ballot WHERE vote_id = %s", [vote.pk])}
    assert len(live) == 8
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    except Exception as error:  # a database user who may not create extensions
        pytest.skip(f"pageinspect unavailable: {error}")
    dead = _read(
        "SELECT t_xmin::text, t_attrs[2], t_attrs[3] FROM generate_series(0,"
        " pg_relation_size('awards_sealedballot') / current_setting('block_size')::int - 1) AS page,"
        " heap_page_item_attrs(get_raw_page('awards_sealedballot', page::int), 'awards_sealedballot'::regclass)"
        " WHERE t_xmax <> 0 AND t_attrs IS NOT NULL"
    )
    assert len(dead) >= 8  # the attack's B3 reads them ...
    participations = {row[0] for row in _read("SELECT xmin::text FROM awards_participation")}
    assert any(abs(int(x) - int(p)) <= 1 for x, _s, _t in dead for p in participations)  # ... still linked ...
    stranger = _stranger_box(vote)
    for _xmin, sealed, tag in dead:
        assert not any(tag_hash in bytes(tag).decode("latin-1") for tag_hash in live)  # ... sharing nothing,
        with pytest.raises(ValueError):
            stranger.open(bytes(sealed)[1:])  # ... opening to nothing (varlena header dropped)
    assert sorted(map(sorted, Ballot.objects.filter(vote=vote).values_list("approved", flat=True))) == sorted(
        map(sorted, choices)
    )
    assert all(services.ballot_counted(vote, code) for code in codes)


# --- the tally is unchanged ----------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    candidate_ids=st.lists(st.integers(1, 10**9), min_size=1, max_size=40, unique=True),
    data=st.data(),
)
def test_a_sealed_ballot_opens_to_what_was_sealed_and_its_length_never_depends_on_it(
    tmp_path_factory, candidate_ids, data
):
    vote = SimpleNamespace(pk=data.draw(st.integers(1, 10**6)), opened_at=timezone.now())
    with settings_override(BALLOT_KEY_DIR=tmp_path_factory.mktemp("keys")):
        ballot_box.create_key(vote)
        box = ballot_box.Box(vote, candidate_ids)
        lengths = set()
        for _ in range(3):
            chosen = data.draw(st.lists(st.sampled_from(candidate_ids), unique=True))
            code = services.new_receipt_code().replace("-", "")
            sealed = box.seal(code, chosen)
            lengths.add(len(sealed))
            assert box.open(sealed) == (code, sorted(chosen))
        assert len(lengths) == 1
        ballot_box.destroy_key(vote)
        assert not ballot_box.key_path(vote).exists()


def settings_override(**values):
    from django.test import override_settings

    return override_settings(**values)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sealing_and_counting_never_change_the_tally(db, data):
    """Random votes — style, seats, who casts, what they choose — cast through the box and
    counted at close give exactly the tally of the choices in clear."""
    setup = cluster_with_voters()
    rule = TitleRuleFactory()
    style = data.draw(st.sampled_from([tally.APPROVAL, tally.YES_NO]))
    count = data.draw(st.integers(1, 4))
    seats = data.draw(st.integers(1, count))
    vote = make_vote(setup, rule, candidates=count, ballot_style=style, seats=seats)
    candidates = sorted(vote.candidates.values_list("pk", flat=True))
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    vote.refresh_from_db()
    casting = data.draw(st.lists(st.sampled_from(setup.voters), unique=True))
    limit = seats if style == tally.APPROVAL else count
    choices, codes = [], []
    for user in casting:
        choice = data.draw(st.lists(st.sampled_from(candidates), unique=True, max_size=limit))
        choices.append(choice)
        codes.append(services.cast_ballot(vote, user, choice))
    services.close_vote(vote, setup.head_staff)
    vote.refresh_from_db()
    counts, blank = tally.count_ballots(choices, candidates)
    assert dict(vote.candidates.values_list("pk", "votes")) == counts
    assert (vote.cast_count, vote.blank_count, vote.voted_count) == (len(choices), blank, len(casting))
    assert all(services.ballot_counted(vote, code) for code in codes)


# --- the request's size --------------------------------------------------------------------


class _BallotForm(HTMLParser):
    """What a browser sends for the ballot form: its hidden fields and one radio per group."""

    def __init__(self):
        super().__init__()
        self.inside, self.fields, self.groups = False, [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("data-testid") == "ballot-form":
            self.inside = True
        elif tag == "input" and self.inside:
            if attrs["type"] == "hidden":
                self.fields.append((attrs["name"], attrs["value"]))
            elif attrs["type"] == "radio":
                self.groups.setdefault(attrs["name"], []).append(attrs["value"])
                self.fields.append((attrs["name"], None)) if len(self.groups[attrs["name"]]) == 1 else None

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False

    def body(self, chosen):
        pairs = [(n, v if v is not None else ("1" if n[2:] in chosen else "0")) for n, v in self.fields]
        return urlencode(pairs)


@pytest.mark.parametrize("style", [tally.APPROVAL, tally.YES_NO])
def test_every_ballot_request_of_a_vote_has_the_same_length(client, setup, rule, style):
    vote = make_vote(setup, rule, ballot_style=style, seats=2)
    keys = [str(pk) for pk in ids(vote, 0, 1, 2, setup=setup)]
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    client.force_login(setup.voters[0])
    form = _BallotForm()
    form.feed(client.get(f"/awards/votes/{vote.pk}/ballot/").content.decode())
    assert sorted(form.groups) == sorted(f"c-{k}" for k in keys)
    assert all(values == ["1", "0"] for values in form.groups.values())
    limit = 2 if style == tally.APPROVAL else 3
    every = [set(c) for n in range(limit + 1) for c in itertools.combinations(keys, n)]
    lengths = {len(form.body(chosen)) for chosen in every}
    assert len(lengths) == 1 and lengths.pop() % BALLOT_BODY_BLOCK == 0
    # A fresh page (a new CSRF mask) sends the same length too, and the body counts.
    voted = []
    for user, chosen in zip(setup.voters, every, strict=False):
        client.force_login(user)
        page = _BallotForm()
        page.feed(client.get(f"/awards/votes/{vote.pk}/ballot/").content.decode())
        body = page.body(chosen)
        assert len(body) % BALLOT_BODY_BLOCK == 0 and len(body) == len(form.body(set()))
        response = client.post(
            f"/awards/votes/{vote.pk}/ballot/", body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200 and "receipt-code" in response.content.decode()
        voted.append(sorted(int(k) for k in chosen))
    services.close_vote(vote, setup.head_staff)
    counts, _blank = tally.count_ballots(voted, [int(k) for k in keys])
    assert dict(vote.candidates.values_list("pk", "votes")) == counts


# --- a process dying, a key missing --------------------------------------------------------


class Died(BaseException):
    """A process killed mid-statement: the transaction is rolled back by the database."""


def test_a_process_dying_mid_cast_or_mid_close_loses_nothing(setup, rule, monkeypatch):
    vote = make_vote(setup, rule)
    a, b, _c = ids(vote, 0, 1, 2, setup=setup)
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    vote.refresh_from_db()
    services.cast_ballot(vote, setup.voters[0], [a])

    def die(*args, **kwargs):
        raise Died

    with monkeypatch.context() as patch:
        patch.setattr(SealedBallot.objects, "create", die)  # after the participation, before the ballot
        with pytest.raises(Died):
            services.cast_ballot(vote, setup.voters[1], [b])
    # Neither row stayed: the voter votes again, and is counted once.
    assert Participation.objects.filter(vote=vote).count() == SealedBallot.objects.filter(vote=vote).count() == 1
    services.cast_ballot(vote, setup.voters[1], [b])
    with monkeypatch.context() as patch:
        patch.setattr(Ballot.objects, "bulk_create", die)  # after the sealed rows are deleted
        with pytest.raises(Died):
            services.close_vote(vote, setup.head_staff)
    # The box is intact — rows and key — and the close is simply done again.
    vote.refresh_from_db()
    assert vote.state == Vote.State.OPEN and SealedBallot.objects.filter(vote=vote).count() == 2
    assert ballot_box.key_path(vote).exists()
    services.close_vote(vote, setup.head_staff)
    assert dict(vote.candidates.filter(pk__in=[a, b]).values_list("pk", "votes")) == {a: 1, b: 1}


def test_without_the_key_a_ballot_is_refused_and_nothing_is_written(setup, rule):
    vote = make_vote(setup, rule)
    a = ids(vote, 0, setup=setup)[0]
    services.open_vote(vote, [u.pk for u in setup.units], setup.head_staff)
    vote.refresh_from_db()
    ballot_box.key_path(vote).unlink()
    with pytest.raises(ValidationError) as refusal:
        services.cast_ballot(vote, setup.voters[0], [a])
    assert refusal.value.code == "ballot_key_missing"
    assert not Participation.objects.filter(vote=vote).exists()
    assert not SealedBallot.objects.filter(vote=vote).exists()
