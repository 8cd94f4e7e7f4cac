"""The persons named in text by earlier years' award records, matched to the people registry:
by name (NFC, case and spacing aside), unit and year when one person fits, else chosen on the
page by an official of the unit or ministry staff."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import AwardRecord
from awards.services import history as matching
from awards.tests.test_dossiers import make_world
from people.tests.factories import PersonFactory, PostingFactory

pytestmark = pytest.mark.django_db
YEAR = 2019


@pytest.fixture
def world(db):
    world = make_world()
    world.lan = world.person  # Nguyễn Thị Lan, posted in the unit from the factory's start date
    world.lan.postings.update(start=datetime.date(2015, 1, 1))
    twins = [PersonFactory(full_name="Trần Văn Hùng") for _ in range(2)]
    for twin in twins:
        PostingFactory(person=twin, unit=world.unit, position="Thư ký", start=datetime.date(2016, 1, 1))
    world.twins = twins
    return world


def _record(world, name):
    return AwardRecord.objects.create(title=world.person_title, year=YEAR, unit=world.unit, person_name=name)


def test_one_person_of_the_name_in_the_unit_that_year_is_matched(world):
    decomposed = unicodedata.normalize("NFD", "  nguyễn  THỊ lan ")
    lan = _record(world, decomposed)
    hung = _record(world, "Trần Văn Hùng")
    nobody = _record(world, "Lê Văn Tám")
    assert matching.match_award_records(world.roles["office"]) == (1, 2)
    lan.refresh_from_db(), hung.refresh_from_db(), nobody.refresh_from_db()
    assert lan.person == world.lan and hung.person is None and nobody.person is None
    assert lan.history.first().history_user == world.roles["office"]


def test_a_record_of_another_year_is_not_matched_to_someone_who_was_not_there(world):
    world.lan.postings.update(start=datetime.date(2021, 1, 1))
    _record(world, "Nguyễn Thị Lan")
    assert matching.match_award_records() == (0, 1)


def test_an_official_of_the_unit_chooses_among_its_staff_of_the_year(client, world):
    hung = _record(world, "Trần Văn Hùng")
    client.force_login(world.roles["preparer"])
    page = client.get("/awards/history/to-match/").content.decode()
    assert page.count('data-testid="unmatched-row"') == 1 and page.count("Trần Văn Hùng") >= 3
    client.post(f"/awards/history/to-match/{hung.pk}/", {"person": world.twins[1].pk})
    hung.refresh_from_db()
    assert hung.person == world.twins[1]
    assert 'data-testid="nothing-to-match"' in client.get("/awards/history/to-match/").content.decode()
    AwardRecord.objects.filter(pk=hung.pk).update(decision_number="12/QĐ-BTP", decision_date=datetime.date(2025, 1, 9))
    person_page = client.get(f"/people/persons/{world.twins[1].pk}/").content.decode()  # counted in their history
    assert f"{YEAR}: {world.person_title.name} (12/QĐ-BTP, 09/01/2025)" in person_page
    assert world.person_title.name not in client.get(f"/people/persons/{world.twins[0].pk}/").content.decode()


def test_refusals(client, world):
    hung = _record(world, "Trần Văn Hùng")
    stranger = PersonFactory(full_name="Trần Văn Hùng")
    with pytest.raises(ValidationError, match="không công tác"):
        matching.resolve_award_record(hung, stranger, world.roles["office"])
    with pytest.raises(PermissionDenied):
        matching.resolve_award_record(hung, world.twins[0], world.roles["outsider"])
    client.force_login(world.roles["outsider"])
    assert 'data-testid="unmatched-row"' not in client.get("/awards/history/to-match/").content.decode()
    assert client.post(f"/awards/history/to-match/{hung.pk}/", {"person": world.twins[0].pk}).status_code == 404
    assert client.post("/awards/history/to-match/all/").status_code == 403
    client.force_login(world.roles["preparer"])
    client.post(f"/awards/history/to-match/{hung.pk}/", {"person": "abc"})
    assert AwardRecord.objects.get(pk=hung.pk).person is None


def test_ministry_staff_match_all_at_once(client, world):
    _record(world, "Nguyễn Thị Lan")
    client.force_login(world.roles["office"])
    response = client.post("/awards/history/to-match/all/", follow=True)
    assert "1" in response.content.decode() and AwardRecord.objects.get().person == world.lan


def test_the_page_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for index in range(30):
        AwardRecord.objects.create(title=world.person_title, year=YEAR, unit=world.unit, person_name=f"Người {index}")
    client.force_login(world.roles["office"])
    with django_assert_max_num_queries(20):
        assert client.get("/awards/history/to-match/").status_code == 200
