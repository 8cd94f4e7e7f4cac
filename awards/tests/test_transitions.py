"""Every state × action × role of the three machines: the actions a page offers are
exactly the actions its service accepts (``awards.transitions``)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from awards import services
from awards.models import AwardLevel, Dossier, Handover, Nomination, TitleRule, Vote
from awards.transitions import DOSSIER, HANDOVER, NOMINATION, VOTE
from emulation.models import Unit
from emulation.tests.factories import OfficialFactory, TitleFactory, UserFactory

from .factories import TitleRuleFactory, cluster_with_voters
from .test_dossiers import dossier_call, dossier_in, make_world
from .test_vote_flow import ids, make_vote

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def accepts(call):
    """Does the service accept the action? Whatever it does is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise Rollback
    except Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def offered(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return set(response.context["actions"]) if response.status_code == 200 else set()


@pytest.fixture
def world(db):
    setup = cluster_with_voters(members=4)
    office = Unit.objects.create(name="Vụ Thi đua", slug="vu-thi-dua", type="ministry_unit", is_emulation_office=True)
    ministry = UserFactory()
    OfficialFactory(user=ministry, unit=office)
    outsider = UserFactory()
    OfficialFactory(user=outsider)
    roles = {
        "chair": setup.head_staff,
        "chair who votes": setup.voters[0],
        "member": setup.voters[1],
        "ministry": ministry,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "outsider": outsider,
    }
    return setup, roles


# --- votes ------------------------------------------------------------------------------


def vote_in(setup, state, mode):
    rule = TitleRuleFactory()
    TitleRuleFactory(
        seats_kind=TitleRule.SeatsKind.SHARE_OF_WINNERS, seats_source_title=rule.title, seats_value=50, seats_minimum=1
    )
    vote = make_vote(setup, rule, candidates=2, mode=mode)
    everyone = [u.pk for u in setup.units]
    if state == Vote.State.DRAFT:
        return vote
    vote = services.open_vote(vote, everyone, setup.head_staff)
    a = ids(vote, 0, setup=setup)[0]
    if vote.is_paper:
        cast = len(setup.units) if state != Vote.State.OPEN else 0
        vote = services.record_paper_totals(vote, setup.head_staff, cast=cast, blank=0, invalid=0, votes={a: cast})
    if state == Vote.State.OPEN:
        return vote
    if not vote.is_paper:
        for user in setup.voters:
            services.cast_ballot(vote, user, [a])
    services.close_vote(vote, setup.head_staff)
    if state == Vote.State.PUBLISHED:
        services.publish_vote(vote, setup.head_staff)
    return Vote.objects.get(pk=vote.pk)


def vote_call(action, vote, user, setup):
    fresh = Vote.objects.get(pk=vote.pk)
    second_title = TitleRule.objects.get(seats_source_title=vote.title).title
    calls = {
        "edit": lambda: services.update_vote(fresh, user, note="Ghi chú"),
        "delete": lambda: services.delete_vote(fresh, user),
        "open": lambda: services.open_vote(fresh, [u.pk for u in setup.units], user),
        "cast": lambda: services.cast_ballot(fresh, user, []),
        "record_totals": lambda: services.record_paper_totals(fresh, user, cast=0, blank=0, invalid=0, votes={}),
        "close": lambda: services.close_vote(fresh, user),
        "publish": lambda: services.publish_vote(fresh, user),
        "second_round": lambda: services.create_second_round(fresh, second_title, user),
        "nominate": lambda: services.nominate_from_vote(fresh, user),
    }
    return calls[action]


@pytest.mark.parametrize("mode", [Vote.Mode.ELECTRONIC, Vote.Mode.PAPER])
@pytest.mark.parametrize("state", Vote.State.values)
def test_the_vote_page_offers_what_the_services_accept(client, world, state, mode):
    setup, roles = world
    vote = vote_in(setup, state, mode)
    assert vote.state == state
    for role, user in roles.items():
        accepted = {action for action in VOTE if accepts(vote_call(action, vote, user, setup))}
        assert offered(client, user, f"/awards/votes/{vote.pk}/") == accepted, (state, mode, role)


def test_the_superuser_cannot_close_a_vote_of_a_cluster_they_do_not_chair(client, world):
    setup, roles = world
    vote = vote_in(setup, Vote.State.OPEN, Vote.Mode.ELECTRONIC)
    client.force_login(roles["superuser"])
    page = client.get(f"/awards/votes/{vote.pk}/").content.decode()
    assert "close-vote" not in page
    assert client.post(f"/awards/votes/{vote.pk}/close/", {"confirm": "1"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.close_vote(vote, roles["superuser"])
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.OPEN


def test_a_wrong_state_is_a_message_not_a_403(client, world):
    setup, roles = world
    vote = vote_in(setup, Vote.State.CLOSED, Vote.Mode.ELECTRONIC)
    client.force_login(roles["chair"])
    response = client.post(f"/awards/votes/{vote.pk}/open/", follow=True)
    assert response.status_code == 200
    assert "Trạng thái hiện tại: Đã kiểm phiếu" in response.content.decode()


# --- nominations --------------------------------------------------------------------------


def nomination_in(setup, state, official):
    nomination = services.create_nomination(
        TitleFactory(), setup.year, setup.units[1], official, achievement_summary="Hoàn thành xuất sắc nhiệm vụ"
    )
    if state != Nomination.State.DRAFT:
        services.submit_nomination(nomination, official)
    if state in (Nomination.State.APPROVED, Nomination.State.REJECTED):
        Nomination.objects.filter(pk=nomination.pk).update(
            state=state, decision_number="12/QĐ-BTP", decision_date=datetime.date(2024, 1, 15)
        )
    return Nomination.objects.get(pk=nomination.pk)


def nomination_call(action, nomination, user):
    fresh = Nomination.objects.get(pk=nomination.pk)
    decision = {"decision_number": "15/QĐ-BTP", "decision_date": datetime.date(2024, 2, 1)}
    calls = {
        "edit": lambda: services.update_nomination(fresh, user, achievement_summary="Thành tích mới"),
        "submit": lambda: services.submit_nomination(fresh, user),
        "approve": lambda: services.approve_nomination(fresh, user, **decision),
        "reject": lambda: services.reject_nomination(fresh, user, **decision),
    }
    return calls[action]


@pytest.mark.parametrize("state", Nomination.State.values)
def test_the_nomination_page_offers_what_the_services_accept(client, world, state):
    setup, roles = world
    nomination = nomination_in(setup, state, setup.voters[1])
    roles = {**roles, "another member": setup.voters[2]}
    for role, user in roles.items():
        accepted = {action for action in NOMINATION if accepts(nomination_call(action, nomination, user))}
        assert offered(client, user, f"/awards/nominations/{nomination.pk}/") == accepted, (state, role)


# --- handovers -----------------------------------------------------------------------------


@pytest.mark.parametrize("state", Handover.State.values)
def test_the_handover_page_offers_what_the_services_accept(client, world, state):
    setup, roles = world
    handover = services.record_handover(setup.cluster, setup.year, setup.head_staff, head=setup.units[1])
    if state == Handover.State.CONFIRMED:
        services.confirm_handover(handover, roles["ministry"])
    calls = {
        "record": lambda user: services.record_handover(setup.cluster, setup.year, user, head=setup.units[2]),
        "confirm": lambda user: services.confirm_handover(Handover.objects.get(pk=handover.pk), user),
    }
    url = f"/awards/handovers/{setup.cluster.slug}/{setup.year}/"
    for role, user in roles.items():
        accepted = {action for action in HANDOVER if accepts(lambda a=action, u=user: calls[a](u))}
        assert offered(client, user, url) == accepted, (state, role)


# --- dossiers -------------------------------------------------------------------------------


# Every state of a dossier of the Minister's level (which is never sent up), and the states
# where a dossier of the Prime Minister's level differs: before the council it is sent up, not
# decided; sent up, it is decided (with its outcome) or returned.
DOSSIER_WALK = [(state, AwardLevel.MINISTRY) for state in Dossier.State.values if state != Dossier.State.SENT_UP] + [
    (state, AwardLevel.PRIME_MINISTER)
    for state in (Dossier.State.AT_COUNCIL, Dossier.State.SENT_UP, Dossier.State.DECIDED)
]


@pytest.mark.parametrize("state,level", DOSSIER_WALK)
def test_the_dossier_page_offers_what_the_services_accept(client, db, state, level):
    dossiers = make_world()
    dossier = dossier_in(dossiers, state, level)
    assert (dossier.state, dossier.level) == (state, level)
    for role, user in dossiers.roles.items():
        accepted = {action for action in DOSSIER if accepts(dossier_call(action, dossier, user, dossiers))}
        assert offered(client, user, f"/awards/dossiers/{dossier.pk}/") == accepted, (state, level, role)


def test_the_walk_covers_every_dossier_state():
    assert {state for state, _level in DOSSIER_WALK} == set(Dossier.State.values)


def test_a_dossier_refused_for_everyone_is_offered_closing_exactly_where_the_service_accepts(client, db):
    from .test_closing import _refuse_everyone_at_the_check

    dossiers = make_world()
    dossier = _refuse_everyone_at_the_check(dossiers)
    for role, user in dossiers.roles.items():
        accepted = {action for action in DOSSIER if accepts(dossier_call(action, dossier, user, dossiers))}
        assert offered(client, user, f"/awards/dossiers/{dossier.pk}/") == accepted, role
    assert "close" in offered(client, dossiers.roles["office"], f"/awards/dossiers/{dossier.pk}/")
