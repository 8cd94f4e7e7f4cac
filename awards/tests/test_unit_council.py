"""A unit's council (Hội đồng thi đua – khen thưởng cơ sở) votes by secret ballot on the titles
its unit proposes, where a rule says so, on the sector council's ballot engine: the unit's head
runs the session, the proposed titles are the candidates, the council's seats the voters, the
quorum and the threshold count against the whole membership, and a title the ballot did not
carry can be neither assessed nor recognised (people's INDIVIDUAL_TITLE, through its registry)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from awards import services, unit_council
from awards.council import CouncilBody, CouncilRule, CouncilSession, session_members
from awards.models import Ballot, Participation, SealedBallot, Vote
from awards.tests.test_transitions import accepts, offered
from awards.transitions import COUNCIL_SESSION
from emulation.demo import enforcement
from emulation.tests.factories import OfficialFactory, UserFactory
from people.models import CouncilMember, IndividualTitle, Initiative, InitiativeAuthor, PersonYear
from people.services import years
from people.tests.conftest import history, titles, vietnamese, world  # noqa: F401 (fixtures)
from people.tests.factories import PostingFactory
from people.transitions import INDIVIDUAL_TITLE

pytestmark = pytest.mark.django_db
D = datetime.date
S = CouncilSession.State
T = IndividualTitle.Status
YEAR = 2025
SEATS = 6


@pytest.fixture
def council(world, settings, tmp_path):  # noqa: F811 (the people fixture)
    """Unit A's council of six seats for 2025, the rule that Chiến sĩ thi đua cơ sở goes to a
    secret ballot carried by more than half of the whole membership, and three proposals: the
    fighter's title for two persons (each eligible: worker recognised, an initiative) and the
    worker's title, which no rule puts to a ballot, for the third."""
    settings.BALLOT_KEY_DIR = tmp_path
    world.members = [CouncilMember.objects.get(user=world.council_a)]
    for number in range(SEATS - 1):
        user = UserFactory(username=f"uyvien_a{number}")
        OfficialFactory(user=user, unit=world.unit_a)
        world.members.append(CouncilMember.objects.create(unit=world.unit_a, year=YEAR, user=user))
    world.rule = CouncilRule.objects.create(
        body=CouncilBody.UNIT,
        title=world.titles.fighter,
        quorum_percent=Decimal("50"),
        threshold_percent=Decimal("50"),
        threshold_inclusive=False,
        written_votes=False,
        legal_basis="Quy chế Hội đồng Thi đua – Khen thưởng cơ sở [cần xác minh]",
        valid_from=D(2024, 1, 1),
        unverified=True,
    )
    world.fighters = [_fighter_proposed(world, person) for person in world.persons[:2]]
    person_year = PersonYear.objects.create(person=world.persons[2], year=YEAR, unit=world.old, grading="good")
    world.worker = IndividualTitle.objects.create(person_year=person_year, title=world.titles.worker, status=T.PROPOSED)
    return world


def _fighter_proposed(council, person):
    history(person, council.unit_a, council.titles, [YEAR])  # Lao động tiên tiến 2025, recognised
    initiative = Initiative.objects.create(
        unit=council.unit_a, year=YEAR, name=f"Sáng kiến {person.pk}", first_applied=D(YEAR, 2, 1), changes="-",
        effect="-", status=Initiative.Status.RECOGNISED, scope="unit", decision_number="1/QĐ",
        decision_date=D(YEAR, 11, 1),
    )  # fmt: skip
    InitiativeAuthor.objects.create(initiative=initiative, person=person, share=100)
    person_year = PersonYear.objects.get(person=person, year=YEAR)
    return IndividualTitle.objects.create(person_year=person_year, title=council.titles.fighter, status=T.PROPOSED)


def _session(council, by=None):
    return services.create_session(
        by or council.head_a, year=YEAR, unit=council.unit_a, meeting_date=D(2026, 1, 12), place="Phòng họp Cục"
    )


def _opened(council, present=SEATS):
    session = services.open_session(_session(council), [m.pk for m in council.members[:present]], council.head_a)
    return session, session.votes.get()


def _cast(vote, members, agree):
    """Each member casts: ``agree`` maps a record to how many of the members (the first ones) agree."""
    candidates = {c.individual_title_id: c.pk for c in vote.candidates.all()}
    for index, member in enumerate(members):
        chosen = [candidates[record.pk] for record, count in agree.items() if index < count]
        services.cast_ballot(vote, member.user, chosen)


def _counted(council, agree):
    session, vote = _opened(council)
    _cast(vote, council.members, agree)
    services.close_session(session, council.head_a)
    return CouncilSession.objects.get(pk=session.pk), Vote.objects.get(pk=vote.pk)


def _fresh(record):
    return IndividualTitle.objects.get(pk=record.pk)


def test_the_head_opens_one_ballot_of_the_proposed_persons_for_the_whole_council(council):
    session, vote = _opened(council, present=4)
    assert session.state == S.VOTING and session.unit == council.unit_a
    assert vote.is_council and vote.cluster_id is None and vote.title == council.titles.fighter
    assert {c.individual_title_id for c in vote.candidates.all()} == {r.pk for r in council.fighters}
    assert [c.name for c in vote.candidates.order_by("pk")] == council.persons[:2]
    assert vote.voters.count() == SEATS and vote.voters.filter(present=True).count() == 4
    assert {v.council_member_id for v in vote.voters.all()} == {m.pk for m in council.members}
    assert (vote.threshold_base, vote.threshold_percent, vote.threshold_inclusive) == ("entitled", 50, False)
    assert vote.legal_basis == council.rule.legal_basis and not vote.absent_may_vote
    assert "Hội đồng thi đua – khen thưởng" in str(vote.body) and council.unit_a.name in str(vote.body)
    # Lao động tiên tiến needs no ballot: it is not a candidate.
    assert not vote.candidates.filter(individual_title=council.worker).exists()


def test_no_quorum_of_the_whole_membership_no_session(council):
    session = _session(council)
    with pytest.raises(ValidationError, match="Không đủ số thành viên") as refusal:
        services.open_session(session, [m.pk for m in council.members[:2]], council.head_a)
    assert "2" in str(refusal.value) and "6" in str(refusal.value)
    assert CouncilSession.objects.get(pk=session.pk).state == S.DRAFT and not Vote.objects.exists()


def test_more_than_half_of_the_whole_membership_carries_exactly_half_does_not(council):
    first, second = council.fighters
    _session, vote = _counted(council, {first: 4, second: 3})
    assert vote.state == Vote.State.PUBLISHED and (vote.entitled_count, vote.cast_count) == (SEATS, SEATS)
    results = {c.individual_title_id: (c.votes, c.passed) for c in vote.candidates.all()}
    assert results == {first.pk: (4, True), second.pk: (3, False)}


def test_the_ballot_is_secret(council):
    first, second = council.fighters
    session, vote = _opened(council)
    _cast(vote, council.members, {first: 6, second: 1})
    assert SealedBallot.objects.filter(vote=vote).count() == Participation.objects.filter(vote=vote).count() == SEATS
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.cast_ballot(vote, council.members[0].user, [])
    services.close_session(session, council.head_a)
    # Counted ballots: no voter, no time, no history; the sealed ones are gone.
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "vote", "approved", "receipt_hash"}
    assert {f.related_model for f in Ballot._meta.get_fields() if f.is_relation} == {Vote}
    assert not hasattr(Ballot, "history") and not SealedBallot.objects.filter(vote=vote).exists()
    assert Ballot.objects.filter(vote=vote).count() == SEATS
    assert Participation.objects.filter(vote=vote).count() == SEATS  # who voted, never what


def test_a_title_needing_a_ballot_waits_for_it_and_only_a_carried_one_moves_on(council):
    first, second = council.fighters
    # Before the ballot: the council cannot assess the fighter's title; the worker's needs none.
    with pytest.raises(ValidationError, match="bỏ phiếu kín") as refusal:
        years.assess_title(first, council.council_a)
    assert refusal.value.code == "guard"
    assert "assess" not in INDIVIDUAL_TITLE.available(_fresh(first), council.council_a)
    assert "assess" in INDIVIDUAL_TITLE.available(council.worker, council.council_a)
    session, vote = _opened(council)
    # While it is voted on, nothing moves the title, not even withdrawing it.
    with pytest.raises(ValidationError, match="đang bỏ phiếu"):
        years.withdraw_title(first, council.official_a)
    _cast(vote, council.members, {first: 5, second: 2})
    services.close_session(session, council.head_a)
    # The count is the council's assessment: the carried title is assessed, the other waits.
    assert _fresh(first).status == T.ASSESSED and _fresh(second).status == T.PROPOSED
    assert (
        _fresh(first).council_note
        == "Được Hội đồng thi đua – khen thưởng cơ sở thông qua bằng bỏ phiếu kín phiên ngày 12/01/2026: "
        "5/6 thành viên."
    )
    assert _fresh(first).history.first().history_user == council.head_a
    assert not INDIVIDUAL_TITLE.allows(_fresh(first), "assess")
    with pytest.raises(ValidationError, match="không đạt") as refusal:
        years.assess_title(second, council.council_a)
    assert "2" in str(refusal.value) and "6" in str(refusal.value)
    # A title assessed otherwise (before the rule, by hand) is still not recognised.
    IndividualTitle.objects.filter(pk=second.pk).update(status=T.ASSESSED)
    with pytest.raises(ValidationError, match="không đạt"):
        years.decide_title(second, council.head_a, "3/QĐ-CTHADS", D(2026, 1, 15))
    for _number in range(6):  # the quota: Chiến sĩ thi đua cơ sở is a share of those recognised Lao động tiên tiến
        history(PostingFactory(unit=council.unit_a).person, council.unit_a, council.titles, [YEAR])
    assert years.decide_title(first, council.head_a, "3/QĐ-CTHADS", D(2026, 1, 15)).status == T.DECIDED
    # The council may still refuse the title the ballot did not carry.
    IndividualTitle.objects.filter(pk=second.pk).update(status=T.PROPOSED)
    assert years.reject_title(second, council.council_a, "Không đạt phiếu").status == T.REJECTED


def test_a_new_session_votes_only_on_what_no_ballot_carried(council):
    first, second = council.fighters
    _counted(council, {first: 6, second: 0})
    session = services.open_session(_session(council), [m.pk for m in council.members], council.head_a)
    assert [c.individual_title_id for c in session.votes.get().candidates.all()] == [second.pk]


def test_the_grid_says_why_a_title_waits_and_links_to_the_council(client, council, django_assert_max_num_queries):
    first, second = council.fighters
    _counted(council, {first: 6, second: 0})
    client.force_login(council.council_a)
    grid = client.get(f"/people/units/{council.unit_a.slug}/{YEAR}/").content.decode()
    # The carried title was assessed by the count (the council may still refuse it); the other waits.
    assert f"/people/titles/{first.pk}/assess/" not in grid and f"/people/titles/{first.pk}/reject/" in grid
    assert f"/people/titles/{second.pk}/assess/" not in grid
    assert 'data-testid="title-held"' in grid and "không đạt" in grid
    assert f'href="/awards/units/{council.unit_a.slug}/council/{YEAR}/"' in grid
    client.force_login(council.official_a)  # neither head nor member: no link
    assert "/council/" not in client.get(f"/people/units/{council.unit_a.slug}/{YEAR}/").content.decode()
    client.force_login(council.head_a)
    with django_assert_max_num_queries(40):
        assert client.get(f"/people/units/{council.unit_a.slug}/{YEAR}/").status_code == 200


def test_only_the_head_runs_the_unit_council(client, council):
    for user in (council.official_a, council.council_a, council.head_b, council.ministry):
        with pytest.raises(PermissionDenied):
            _session(council, by=user)
    session = _session(council)
    with pytest.raises(PermissionDenied):
        services.open_session(session, [m.pk for m in council.members], council.council_a)
    with pytest.raises(ValidationError, match="hồ sơ"):
        services.add_to_agenda(session, None, council.head_a)
    page = f"/awards/units/{council.unit_a.slug}/council/{YEAR}/"
    for user, status in ((council.official_out, 403), (council.official_a, 403), (council.head_b, 403),
                         (council.council_a, 200), (council.ministry, 200), (council.head_a, 200)):  # fmt: skip
        client.force_login(user)
        assert client.get(page).status_code == status, user
        assert client.get(f"/awards/council/{session.pk}/").status_code == status, user
    client.force_login(council.council_a)
    assert client.post(page, {"meeting_date": "2026-01-20"}).status_code == 403
    client.force_login(council.head_a)
    response = client.post(page, {"meeting_date": "2026-01-20", "place": "Hội trường"})
    assert response.status_code == 302 and CouncilSession.objects.filter(unit=council.unit_a).count() == 2
    # The sector council's list does not show the unit's sessions.
    client.force_login(council.ministry)
    assert f"/awards/council/{session.pk}/" not in client.get("/awards/council/").content.decode()


def test_members_vote_on_the_ballot_page_and_see_the_result(client, council):
    first, second = council.fighters
    session, vote = _opened(council)
    member = council.members[1].user
    client.force_login(member)
    page = client.get(f"/awards/council/{session.pk}/").content.decode()
    assert 'data-testid="cast-council-ballot"' in page
    ballot = client.get(f"/awards/votes/{vote.pk}/ballot/").content.decode()
    assert council.persons[0].full_name in ballot and council.persons[1].full_name in ballot
    candidate = vote.candidates.get(individual_title=first)
    response = client.post(f"/awards/votes/{vote.pk}/ballot/", {f"c-{candidate.pk}": "1"})
    assert response.status_code == 200 and Participation.objects.filter(vote=vote).count() == 1
    _cast(vote, [m for m in council.members if m.user != member], {first: 5, second: 0})
    services.close_session(session, council.head_a)
    page = client.get(f"/awards/council/{session.pk}/").content.decode()
    assert page.count('data-testid="carried"') == 1 and page.count('data-testid="not-carried"') == 1


def test_the_minutes_of_a_unit_session_are_the_units_with_roles_and_who_was_present(client, council):
    import io

    from pypdf import PdfReader

    CouncilMember.objects.filter(pk=council.members[0].pk).update(role=CouncilMember.Role.CHAIR)
    session, vote = _opened(council, present=SEATS - 1)  # the last seat is absent
    carried = council.fighters[0]
    _cast(vote, council.members[: SEATS - 1], {carried: SEATS - 1})
    page = f"/awards/council/{session.pk}/"
    client.force_login(council.head_a)
    assert "council-minutes" not in client.get(page).content.decode()  # nothing to minute before the count
    services.close_session(session, council.head_a)
    assert 'data-testid="council-minutes"' in client.get(page).content.decode()
    response = client.get(f"/reports/council/{session.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)
    # The unit's council under the unit, not the sector's under the Ministry.
    assert "CỤC THI HÀNH ÁN DÂN SỰ TỈNH A" in text and "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "BỘ TƯ PHÁP" not in text and "NGÀNH TƯ PHÁP" not in text
    assert "Hội đồng thi đua – khen thưởng Cục Thi hành án dân sự tỉnh A họp ngày 12/01/2026" in text
    members = [str(member.user.official) for member in council.members]
    assert all(name in text for name in members)
    assert "Chủ tịch" in text and text.count("Vắng mặt") == 1
    assert "trên 50% tổng số thành viên" in text  # the rule's "more than half", not "at least"
    assert carried.person_year.person.full_name in text
    assert client.get(f"/reports/council/{session.pk}/minutes.docx").content.startswith(b"PK")
    for user, status in ((council.council_a, 200), (council.ministry, 200), (council.official_a, 403),
                         (council.head_b, 403)):  # fmt: skip
        client.force_login(user)
        assert client.get(f"/reports/council/{session.pk}/minutes.pdf").status_code == status, user


@pytest.mark.parametrize("state", S.values)
def test_the_session_page_offers_what_the_services_accept(client, council, state):
    session = _session(council)
    if state != S.DRAFT:
        services.open_session(session, [m.pk for m in council.members], council.head_a)
    if state == S.CLOSED:
        services.close_session(session, council.head_a)
    session = CouncilSession.objects.get(pk=session.pk)
    members = [m.pk for m in council.members]
    calls = {
        "edit": lambda user: services.update_session(session, user, meeting_date=session.meeting_date),
        "delete": lambda user: services.delete_session(session, user),
        "open": lambda user: services.open_session(session, members, user),
        "close": lambda user: services.close_session(session, user),
    }
    for role in ("head_a", "council_a", "official_a", "ministry", "superuser"):
        user = getattr(council, role)
        accepted = {action for action in COUNCIL_SESSION if accepts(lambda a=action, u=user: calls[a](u))}
        assert offered(client, user, f"/awards/council/{session.pk}/") == accepted, (state, role)


def test_the_demo_council_of_lao_cai_has_its_rule_and_a_session_being_prepared(demo, settings, tmp_path):
    settings.BALLOT_KEY_DIR = tmp_path
    users = get_user_model().objects
    head, member = users.get(username="thutruong"), users.get(username="hoidong")
    rule = CouncilRule.objects.get(body=CouncilBody.UNIT)
    assert rule.unverified and "[cần xác minh]" in rule.legal_basis and not rule.threshold_inclusive
    session = CouncilSession.objects.get(unit__name=enforcement("Lào Cai"), year=YEAR)
    assert COUNCIL_SESSION.available(session, head) == {"edit", "delete", "open"}
    assert COUNCIL_SESSION.available(session, member) == frozenset()
    balloted = [record for record, needs in unit_council.agenda(session) if needs]
    assert [record.title.code for record in balloted] == ["chien-si-thi-dua-co-so"]
    (fighter,) = balloted
    assert "assess" not in INDIVIDUAL_TITLE.available(fighter, member)
    session = services.open_session(session, [m.pk for m in session_members(session)], head)
    vote = session.votes.get()
    for user in (member, head):
        services.cast_ballot(vote, user, [vote.candidates.get().pk])
    services.close_session(session, head)
    assert _fresh(fighter).status == T.ASSESSED  # assessed by the count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises writers")
def test_members_voting_at_once_and_one_twice_store_one_ballot_each(transactional_db, council):
    from awards.tests.test_council import _in_threads

    session, vote = _opened(council)
    first = vote.candidates.get(individual_title=council.fighters[0]).pk
    calls = [lambda m=m: services.cast_ballot(vote, m.user, [first]) for m in council.members]
    calls.append(lambda: services.cast_ballot(vote, council.members[0].user, []))
    refused = [o for o in _in_threads(*calls) if isinstance(o, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "already_voted"
    services.close_session(session, council.head_a)
    assert Vote.objects.get(pk=vote.pk).cast_count == SEATS
    assert vote.candidates.get(pk=first).votes in (SEATS, SEATS - 1)  # the second ballot lost, whichever came first


def test_an_open_ballot_is_on_each_present_members_dashboard_until_cast(council):
    from awards.todo import award_actions

    session, vote = _opened(council, present=SEATS - 1)
    present, absent = council.members[1].user, council.members[-1].user
    mine = [(a.label, a.url) for a in award_actions(present, YEAR)]
    assert ("Bỏ phiếu của bạn", f"/awards/votes/{vote.pk}/ballot/") in mine
    assert all(a.label != "Bỏ phiếu của bạn" for a in award_actions(absent, YEAR))  # written votes not allowed
    services.cast_ballot(vote, present, [])
    assert all(a.label != "Bỏ phiếu của bạn" for a in award_actions(present, YEAR))
