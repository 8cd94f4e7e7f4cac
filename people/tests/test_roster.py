"""Keeping the roster: add, edit, end a posting; one open posting per person; merged units."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from people import cccd, queries
from people.models import Person, Posting
from people.services import roster

from .factories import PostingFactory

pytestmark = pytest.mark.django_db
D = datetime.date
POST = {"position": "Thẩm tra viên", "staff_kind": "cong_chuc", "start": D(2024, 3, 1)}


def _fields(name="Vũ Thị Lan", serial=77):
    return {"full_name": name, "date_of_birth": D(1990, 2, 3), "gender": "female",
            "cccd": cccd.make("014", 1990, "female", serial)}  # fmt: skip


def test_an_official_adds_a_person_with_an_open_posting_and_the_name_in_nfc(world):
    decomposed = unicodedata.normalize("NFD", "Vũ  Thị Lan")
    person = roster.add_person(world.unit_a, world.official_a, POST, **_fields(decomposed))
    assert person.full_name == "Vũ Thị Lan" == unicodedata.normalize("NFC", person.full_name)
    assert [p.unit for p in person.postings.open()] == [world.unit_a]
    assert person.history.first().history_user == world.official_a


def test_a_number_already_registered_is_refused_naming_its_holder(world):
    taken = world.persons[0]
    fields = _fields() | {"cccd": taken.cccd, "date_of_birth": taken.date_of_birth, "gender": taken.gender}
    with pytest.raises(ValidationError) as raised:
        roster.add_person(world.unit_a, world.official_a, POST, **fields)
    assert taken.full_name in str(raised.value)
    assert Person.objects.filter(cccd=taken.cccd).count() == 1


def test_a_number_that_does_not_match_the_birth_year_is_refused(world):
    with pytest.raises(ValidationError) as raised:
        roster.add_person(world.unit_a, world.official_a, POST, **(_fields() | {"date_of_birth": D(1991, 2, 3)}))
    assert "cccd" in raised.value.message_dict


@pytest.mark.parametrize("who", ["official_b", "official_out", "ministry", "superuser"])
def test_only_the_units_own_officials_add_to_its_roster(world, who):
    with pytest.raises(PermissionDenied):
        roster.add_person(world.unit_a, getattr(world, who), POST, **_fields())


def test_the_database_refuses_a_second_open_posting(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.create(person=world.persons[0], unit=world.unit_b, position="x", staff_kind="cong_chuc",
                               start=D(2024, 1, 1))  # fmt: skip


def test_ending_a_posting_takes_the_person_off_the_roster(world):
    posting = world.postings[1]
    roster.end_posting(posting, world.official_a, D(2025, 6, 30))
    assert posting.person not in [p.person for p in queries.roster(world.unit_a)]
    with pytest.raises(ValidationError):
        roster.end_posting(posting, world.official_a, D(2025, 7, 1))


def test_an_end_before_the_start_is_refused(world):
    with pytest.raises(ValidationError):
        roster.end_posting(world.postings[0], world.official_a, D(2000, 1, 1))


def test_the_successor_keeps_the_roster_of_the_unit_merged_into_it(world):
    names = [p.person.full_name for p in queries.roster(world.unit_a)]
    assert "Đỗ Văn Cũ" in names and "Phạm Thị Bê" not in names
    merged_person = world.persons[2]
    roster.edit_person(merged_person, world.official_a, {"position": "Chấp hành viên"}, full_name="Đỗ Văn Cũ Mới")
    assert Posting.objects.open().get(person=merged_person).position == "Chấp hành viên"


def test_successors_are_followed_over_several_mergers(world):
    from emulation.tests.factories import UnitFactory

    older = UnitFactory(name="Đội THADS cũ hơn", active=False, successor=world.old)
    PostingFactory(unit=older, person__full_name="Hà Văn Xưa")
    assert "Hà Văn Xưa" in [p.person.full_name for p in queries.roster(world.unit_a)]
    assert queries.merged_into(world.unit_a.pk) == {world.unit_a.pk, world.old.pk, older.pk}


def test_another_unit_cannot_edit_the_person(world):
    with pytest.raises(PermissionDenied):
        roster.edit_person(world.persons[0], world.official_b, full_name="Sửa trộm")
