"""Transfers: the receiving unit accepts; the TRANSFER machine walked state × action × role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from emulation.transitions import walk
from people import queries
from people.models import Posting, Transfer
from people.services import transfers
from people.transitions import TRANSFER

pytestmark = pytest.mark.django_db
D = datetime.date
ROLES = ["official_a", "head_a", "official_b", "head_b", "official_out", "ministry", "superuser"]
CALLS = {
    "accept": transfers.accept_transfer,
    "refuse": lambda t, u: transfers.refuse_transfer(t, u, "Không đủ biên chế"),
    "cancel": transfers.cancel_transfer,
}


def _request(world, person=None):
    person = person or world.persons[0]
    return transfers.request_transfer(person, world.unit_b, world.official_a, D(2025, 9, 1), "Chuyên viên", "cong_chuc")


def test_accepting_ends_the_old_posting_the_day_before_and_opens_the_new_one(world):
    transfer = _request(world)
    person = transfer.person
    assert Posting.objects.open().get(person=person).unit == world.unit_a  # stays until accepted
    transfers.accept_transfer(transfer, world.official_b)
    old, new = Posting.objects.filter(person=person).order_by("start")
    assert (old.unit, old.end) == (world.unit_a, D(2025, 8, 31))
    assert (new.unit, new.start, new.end) == (world.unit_b, D(2025, 9, 1), None)
    assert person in [p.person for p in queries.roster(world.unit_b)]
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.ACCEPTED


def test_a_second_waiting_transfer_of_the_same_person_is_refused(world):
    _request(world)
    with pytest.raises(ValidationError):
        _request(world)


def test_the_sender_cannot_accept_for_the_receiver(world):
    transfer = _request(world)
    with pytest.raises(PermissionDenied):
        transfers.accept_transfer(transfer, world.official_a)


def test_a_transfer_from_a_unit_merged_away_is_sent_by_its_successor(world):
    transfer = _request(world, world.persons[2])
    assert transfer.from_unit == world.old


class _Rollback(Exception):
    pass


def accepts(action, transfer, user):
    try:
        with transaction.atomic():
            CALLS[action](transfer, user)
            raise _Rollback
    except _Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def test_the_table_names_every_action_the_page_offers():
    assert set(TRANSFER) == set(CALLS)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_offers_exactly_what_the_service_accepts(client, world, role):
    user = getattr(world, role)
    client.force_login(user)
    transfer = _request(world)
    for state in TRANSFER.states(Transfer):
        Transfer.objects.filter(pk=transfer.pk).update(status=state)
        transfer.refresh_from_db()
        response = client.get("/people/transfers/")
        page = response.content.decode() if response.status_code == 200 else ""
        accepted = {a for s, a in walk(TRANSFER, Transfer) if s == state and accepts(a, transfer, user)}
        offered = {a for a in TRANSFER if f"/people/transfers/{transfer.pk}/{a}/" in page}
        assert offered == accepted, (role, state)
        assert TRANSFER.available(transfer, user) == accepted, (role, state)


def test_a_wrong_state_is_a_message_not_a_403(client, world):
    transfer = _request(world)
    transfers.cancel_transfer(transfer, world.official_a)
    client.force_login(world.official_b)
    response = client.post(f"/people/transfers/{transfer.pk}/accept/", follow=True)
    assert response.status_code == 200
    assert "Chỉ tiếp nhận được đề nghị điều động đang chờ." in response.content.decode()
    assert Posting.objects.open().get(person=transfer.person).unit == world.unit_a
