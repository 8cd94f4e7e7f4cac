"""The sector council's sessions: the agenda, the quorum and the threshold of the whole
membership (rule data), a secret ballot per title through the vote engine with persons and
units as candidates, written votes of absent members, and the decision that waits on the
count and awards only those the council carried."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from awards import services
from awards.council import CouncilRule, CouncilSession, council_members, council_pending
from awards.models import Ballot, Dossier, Participation, SealedBallot, Vote
from awards.tests.test_dossiers import SINCE, YEAR, _official, dossier_in, make_world
from awards.transitions import COUNCIL_SESSION, DOSSIER
from emulation.models import Unit
from emulation.tests.factories import UnitFactory
from people.models import CouncilMember

pytestmark = pytest.mark.django_db
D = Dossier.State
S = CouncilSession.State
MEMBERS = 10


@pytest.fixture
def world(db, settings, tmp_path):
    settings.BALLOT_KEY_DIR = tmp_path
    return make_council_world()


def make_council_world():
    world = make_world()
    ministry = UnitFactory(name="Bộ Tư pháp", type=Unit.Type.MINISTRY)
    world.members = []
    for _number in range(MEMBERS):
        user = _official(world.office)
        world.members.append(CouncilMember.objects.create(unit=ministry, year=YEAR, user=user))
    CouncilRule.objects.create(
        title=world.person_title,
        quorum_percent=Decimal("50"),
        threshold_percent=Decimal("90"),
        written_votes=True,
        legal_basis="Nghị định 98/2023/NĐ-CP [cần xác minh]",
        valid_from=SINCE,
        unverified=True,
    )
    return world


def _session(world, *dossiers):
    office = world.roles["office"]
    session = services.create_session(office, year=YEAR, meeting_date=datetime.date(2026, 1, 12), place="Hà Nội")
    for dossier in dossiers:
        services.add_to_agenda(session, dossier, office)
    return session


def _vote_all(vote, members, agree):
    """Each member in ``members`` casts; ``agree`` says for how many of them the ballot approves."""
    candidate_ids = list(vote.candidates.values_list("pk", flat=True))
    for index, member in enumerate(members):
        services.cast_ballot(vote, member.user, candidate_ids if index < agree else [])


def test_only_dossiers_before_the_council_go_on_the_agenda(world):
    checked = dossier_in(world, D.CHECKED)
    with pytest.raises(ValidationError, match="Hội đồng"):
        _session(world, checked)
    with pytest.raises(PermissionDenied):
        services.create_session(world.roles["outsider"], year=YEAR, meeting_date=datetime.date(2026, 1, 12))


def test_a_session_puts_a_secret_ballot_per_title_to_the_whole_membership(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    session = _session(world, dossier)
    assert council_pending(dossier)  # on the agenda of an open session
    assert "decide" not in DOSSIER.available(dossier, world.roles["office"])
    present = [m.pk for m in world.members[:6]]
    session = services.open_session(session, present, world.roles["office"])
    assert session.state == S.VOTING and not COUNCIL_SESSION.allows(session, "edit")
    vote = session.votes.get()
    # Only the person's title: no rule puts the unit's flag to a ballot.
    assert vote.title == world.person_title and vote.is_council and vote.cluster_id is None
    assert [c.name for c in vote.candidates.all()] == [world.person]
    assert vote.voters.count() == MEMBERS and vote.voters.filter(present=True).count() == 6
    assert (vote.threshold_base, vote.threshold_percent) == ("entitled", Decimal("90"))


def test_no_quorum_no_session(world):
    session = _session(world, dossier_in(world, D.AT_COUNCIL))
    with pytest.raises(ValidationError, match="4"):
        services.open_session(session, [m.pk for m in world.members[:4]], world.roles["office"])
    assert CouncilSession.objects.get(pk=session.pk).state == S.DRAFT
    assert not Vote.objects.filter(session=session).exists()


def test_ninety_percent_of_the_whole_membership_carries_with_written_votes(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    session = services.open_session(_session(world, dossier), [m.pk for m in world.members[:6]], world.roles["office"])
    vote = session.votes.get()
    # The four absent members vote in writing (the rule allows it): 9 of 10 agree.
    _vote_all(vote, world.members, agree=9)
    with pytest.raises(ValidationError):
        services.cast_ballot(vote, world.members[0].user, [])  # once only
    assert Participation.objects.filter(vote=vote).count() == MEMBERS
    services.close_session(session, world.roles["office"])
    candidate = vote.candidates.get()
    assert (candidate.votes, candidate.passed) == (9, True)
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.PUBLISHED
    # The ballots are counted without their voters; nothing sealed is left.
    assert Ballot.objects.filter(vote=vote).count() == MEMBERS and not SealedBallot.objects.filter(vote=vote).exists()
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "vote", "approved", "receipt_hash"}
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert council_pending(dossier) is None
    decision = services.draft_decision([dossier], world.roles["office"], subject="Tặng danh hiệu")
    assert decision.lines.count() == 2  # the person carried, the unit needed no ballot


def test_below_the_threshold_the_person_is_left_out_of_the_decision(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    session = services.open_session(_session(world, dossier), [m.pk for m in world.members], world.roles["office"])
    _vote_all(session.votes.get(), world.members[:9], agree=8)  # 8 of 10: under 90% of the whole membership
    services.close_session(session, world.roles["office"])
    candidate = session.votes.get().candidates.get()
    assert (candidate.votes, candidate.passed) == (8, False)
    decision = services.draft_decision([Dossier.objects.get(pk=dossier.pk)], world.roles["office"])
    assert [line.title_id for line in decision.lines.all()] == [world.unit_title.pk]


def test_without_written_votes_the_absent_cannot_vote(world):
    CouncilRule.objects.update(written_votes=False)
    session = _session(world, dossier_in(world, D.AT_COUNCIL))
    session = services.open_session(session, [m.pk for m in world.members[:6]], world.roles["office"])
    vote = session.votes.get()
    with pytest.raises(ValidationError, match="có mặt"):
        services.cast_ballot(vote, world.members[9].user, [])
    with pytest.raises(PermissionDenied):
        services.cast_ballot(vote, world.roles["preparer"], [])  # not on the roll


def test_a_rule_unmet_keeps_the_dossier_from_the_decision(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    reason = council_pending(dossier)
    assert reason and world.person.full_name in reason
    with pytest.raises(ValidationError, match="bỏ phiếu kín"):
        services.draft_decision([dossier], world.roles["office"])


def test_the_session_table_refuses_out_of_state(world):
    session = _session(world, dossier_in(world, D.AT_COUNCIL))
    with pytest.raises(ValidationError):
        services.close_session(session, world.roles["office"])
    session = services.open_session(session, [m.pk for m in world.members], world.roles["office"])
    with pytest.raises(ValidationError):
        services.add_to_agenda(session, dossier_in(world, D.AT_COUNCIL), world.roles["office"])
    with pytest.raises(ValidationError):
        services.open_session(session, [], world.roles["office"])


# --- the table, the pages, the roles -----------------------------------------------------------


def _session_call(action, session, user, world):
    members = [m.pk for m in world.members]
    return {
        "edit": lambda: services.update_session(session, user, meeting_date=session.meeting_date, place="Hà Nội"),
        "delete": lambda: services.delete_session(session, user),
        "open": lambda: services.open_session(session, members, user),
        "close": lambda: services.close_session(session, user),
    }[action]


def _session_in(world, state):
    session = _session(world, dossier_in(world, D.AT_COUNCIL))
    if state != S.DRAFT:
        services.open_session(session, [m.pk for m in world.members], world.roles["office"])
    if state == S.CLOSED:
        services.close_session(session, world.roles["office"])
    return CouncilSession.objects.get(pk=session.pk)


@pytest.mark.parametrize("state", S.values)
def test_the_session_page_offers_what_the_services_accept(client, world, state):
    from awards.tests.test_transitions import accepts, offered

    session = _session_in(world, state)
    roles = {**world.roles, "member": world.members[0].user}
    for role, user in roles.items():
        accepted = {action for action in COUNCIL_SESSION if accepts(_session_call(action, session, user, world))}
        assert offered(client, user, f"/awards/council/{session.pk}/") == accepted, (state, role)


def test_the_office_and_the_members_see_the_session_others_do_not(client, world):
    session = _session_in(world, S.VOTING)
    client.force_login(world.roles["outsider"])
    assert client.get(f"/awards/council/{session.pk}/").status_code == 403
    assert client.get("/awards/council/").status_code == 403
    member = world.members[3].user
    client.force_login(member)
    page = client.get(f"/awards/council/{session.pk}/")
    assert page.status_code == 200 and b'data-testid="cast-council-ballot"' in page.content
    vote = session.votes.get()
    ballot = client.get(f"/awards/votes/{vote.pk}/ballot/")
    assert ballot.status_code == 200 and world.person.full_name in ballot.content.decode()
    candidate = vote.candidates.get()
    client.post(f"/awards/votes/{vote.pk}/ballot/", {f"c-{candidate.pk}": "1"})
    assert Participation.objects.filter(vote=vote, voter__official__user=member).exists()
    assert b'data-testid="my-ballot-cast"' in client.get(f"/awards/council/{session.pk}/").content


def test_the_session_page_runs_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    session = _session_in(world, S.CLOSED)
    client.force_login(world.roles["office"])
    with django_assert_max_num_queries(40):
        assert client.get(f"/awards/council/{session.pk}/").status_code == 200


# --- concurrency: real threads and connections on PostgreSQL ------------------------------------


def _in_threads(*calls):
    """Run each call in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises writers")
def test_members_voting_at_once_and_a_member_voting_twice_store_one_ballot_each(transactional_db, settings, tmp_path):
    settings.BALLOT_KEY_DIR = tmp_path
    world = make_council_world()
    session = _session(world, dossier_in(world, D.AT_COUNCIL))
    session = services.open_session(session, [m.pk for m in world.members], world.roles["office"])
    vote = session.votes.get()
    candidate = vote.candidates.get().pk
    twice = world.members[0].user
    calls = [lambda m=m: services.cast_ballot(vote, m.user, [candidate]) for m in world.members]
    calls.append(lambda: services.cast_ballot(vote, twice, []))
    outcomes = _in_threads(*calls)
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "already_voted"
    assert Participation.objects.filter(vote=vote).count() == SealedBallot.objects.filter(vote=vote).count() == MEMBERS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises writers")
def test_a_written_vote_racing_the_close_is_counted_or_refused(transactional_db, settings, tmp_path):
    settings.BALLOT_KEY_DIR = tmp_path
    world = make_council_world()
    session = _session(world, dossier_in(world, D.AT_COUNCIL))
    session = services.open_session(session, [m.pk for m in world.members[:6]], world.roles["office"])
    vote = session.votes.get()
    candidate = vote.candidates.get().pk
    cast, _closed = _in_threads(
        lambda: services.cast_ballot(vote, world.members[9].user, [candidate]),
        lambda: services.close_session(session, world.roles["office"]),
    )
    counted = Vote.objects.get(pk=vote.pk)
    assert counted.state == Vote.State.PUBLISHED and not SealedBallot.objects.filter(vote=vote).exists()
    assert counted.cast_count == (0 if isinstance(cast, ValidationError) else 1)


def test_the_minutes_list_each_ballot_without_who_voted_how(client, world):
    import io

    from pypdf import PdfReader

    dossier = dossier_in(world, D.AT_COUNCIL)
    session = services.open_session(_session(world, dossier), [m.pk for m in world.members[:7]], world.roles["office"])
    _vote_all(session.votes.get(), world.members, agree=9)
    services.close_session(session, world.roles["office"])
    client.force_login(world.members[2].user)
    response = client.get(f"/reports/council/{session.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "BIÊN BẢN" in text and world.person.full_name in text and "90" in text
    assert "7 / 10" in text and "HỘI ĐỒNG THI ĐUA" in text
    docx = client.get(f"/reports/council/{session.pk}/minutes.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    client.force_login(world.roles["outsider"])
    assert client.get(f"/reports/council/{session.pk}/minutes.pdf").status_code == 403
    assert client.get("/reports/council/999999/minutes.pdf").status_code == 404


def test_the_council_of_a_year_is_every_seat_whose_term_covers_it(world):
    ministry = world.members[0].unit
    CouncilMember.objects.filter(pk=world.members[0].pk).update(year=YEAR - 2, last_year=YEAR + 1)  # a longer term
    CouncilMember.objects.filter(pk=world.members[1].pk).update(last_year=YEAR)  # a one-year term, written out
    ended = CouncilMember.objects.create(unit=ministry, year=YEAR - 3, last_year=YEAR - 1, user=_official(world.office))
    assert {m.pk for m in council_members(YEAR)} == {m.pk for m in world.members}
    assert {m.pk for m in council_members(YEAR - 1)} == {world.members[0].pk, ended.pk}
    assert [m.pk for m in council_members(YEAR + 1)] == [world.members[0].pk]
