"""The persons a pledge registers, linked to the people registry (issue 14): a row is linked
when its name, unit and year point to one person, a renamed row is linked again, and where the
name points to nobody or to several an official of the unit chooses, on a page that offers only
the unit's staff of the year."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from campaigns.models import PledgedIndividual
from campaigns.todo import pledge_actions
from emulation.tests.factories import TitleFactory
from people.models import IndividualTitle
from people.tests.factories import PostingFactory

from .test_services import fill, make

pytestmark = pytest.mark.django_db


def _staff(world, name, unit=None, start=datetime.date(2015, 1, 1), end=None):
    return PostingFactory(unit=unit or world.unit_a, person__full_name=name, start=start, end=end).person


def _rows(pledge, *names):
    title = pledge.campaign.titles.filter(level="individual").earliest("pk")
    return [{"full_name": name, "position": "Chuyên viên", "title": title} for name in names]


def test_a_row_whose_name_unit_and_year_point_to_one_person_is_linked_on_save(world):
    an = _staff(world, "Nguyễn Văn An")
    _staff(world, "Nguyễn Văn An", unit=world.unit_b)  # the same name in another unit
    _staff(world, "Lê Thị Bình", end=datetime.date(2022, 12, 31))  # left before the pledge's year
    pledge = fill(world, make(world))  # registers «Nguyễn Văn An»
    pledge = services.update_pledge(pledge, world.official_a, pledge.version,
                                    individuals=_rows(pledge, " nguyễn  văn an ", "Lê Thị Bình"))  # fmt: skip
    linked = dict(pledge.individuals.values_list("full_name", "person"))
    assert linked == {" nguyễn  văn an ": an.pk, "Lê Thị Bình": None}


def test_two_of_the_same_name_are_left_to_choose_and_a_renamed_row_is_linked_again(world):
    first, second = _staff(world, "Trần Thị Hà"), _staff(world, "Trần Thị Hà")
    pledge = make(world)
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, individuals=_rows(pledge, "Trần Thị Hà"))
    row = pledge.individuals.get()
    assert row.person is None
    services.link_individual(row, second, world.official_a)
    assert PledgedIndividual.objects.get(pk=row.pk).person == second
    cuong = _staff(world, "Phạm Văn Cường")
    renamed = [{"id": row.pk, **_rows(pledge, "Phạm Văn Cường")[0]}]
    pledge.refresh_from_db()
    services.update_pledge(pledge, world.official_a, pledge.version, individuals=renamed)
    assert PledgedIndividual.objects.get(pk=row.pk).person == cuong
    assert first.pk != cuong.pk


def test_only_the_units_staff_of_the_year_and_only_its_officials_or_ministry_staff(world):
    pledge = make(world)
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, individuals=_rows(pledge, "Tên Gõ Sai"))
    row = pledge.individuals.get()
    stranger = _staff(world, "Người Đơn Vị Khác", unit=world.unit_b)
    with pytest.raises(ValidationError, match="không công tác tại|did not work in"):
        services.link_individual(row, stranger, world.official_a)
    own = _staff(world, "Tên Đúng")
    with pytest.raises(PermissionDenied):
        services.link_individual(row, own, world.official_b)
    assert services.link_individual(row, own, world.ministry).person == own


def test_the_page_lists_the_units_rows_and_links_the_one_chosen(client, world):
    pledge = make(world)
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, individuals=_rows(pledge, "Tên Gõ Sai"))
    row = pledge.individuals.get()
    own = _staff(world, "Tên Đúng")
    client.force_login(world.official_b)
    assert "Tên Gõ Sai" not in client.get("/campaigns/pledges/persons-to-link/").content.decode()
    assert client.post(f"/campaigns/pledges/persons-to-link/{row.pk}/", {"person": own.pk}).status_code == 404
    client.force_login(world.official_a)
    listing = client.get("/campaigns/pledges/?year=2023").content.decode()
    assert 'data-testid="unlinked-alert"' in listing
    page = client.get("/campaigns/pledges/persons-to-link/").content.decode()
    assert "Tên Gõ Sai" in page and f'value="{own.pk}"' in page
    for typed in ("abc", "9" * 25, ""):
        assert client.post(f"/campaigns/pledges/persons-to-link/{row.pk}/", {"person": typed}).status_code == 302
    assert PledgedIndividual.objects.get(pk=row.pk).person is None
    client.post(f"/campaigns/pledges/persons-to-link/{row.pk}/", {"person": own.pk})
    assert PledgedIndividual.objects.get(pk=row.pk).person == own
    detail = client.get(f"/campaigns/pledges/{pledge.pk}/").content.decode()
    assert f"/people/persons/{own.pk}/" in detail
    person_page = client.get(f"/people/persons/{own.pk}/").content.decode()  # the registration shows there
    assert "2023: Lao động tiên tiến" in person_page and f"/campaigns/pledges/{pledge.pk}/" in person_page


def test_ministry_staff_link_every_unambiguous_row_at_once(client, world):
    pledge = make(world)
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, individuals=_rows(pledge, "Đỗ Văn Sau"))
    later = _staff(world, "Đỗ Văn Sau")  # entered in the registry after the pledge was saved
    client.force_login(world.official_a)
    assert client.post("/campaigns/pledges/persons-to-link/all/").status_code == 403
    client.force_login(world.ministry)
    client.post("/campaigns/pledges/persons-to-link/all/")
    assert pledge.individuals.get().person == later


def _unit_titles(world):
    world.worker.decided_by = "unit"
    world.worker.save()
    higher = TitleFactory(name="Chiến sĩ thi đua Bộ, ngành", level="individual", decided_by="ministry")
    world.campaign.titles.add(higher)
    return world.worker, higher


def _registered(person):
    rows = IndividualTitle.objects.filter(person_year__person=person)
    return sorted(rows.values_list("person_year__year", "title__name", "status"))


def test_a_sent_pledge_registers_its_persons_for_the_units_own_titles_in_the_year_grid(world):
    worker, higher = _unit_titles(world)
    an, binh = _staff(world, "Nguyễn Văn An"), _staff(world, "Lê Thị Bình")
    pledge = fill(world, make(world))
    rows = [*_rows(pledge, "Nguyễn Văn An"), {**_rows(pledge, "Lê Thị Bình")[0], "title": higher}]
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, individuals=rows)
    assert _registered(an) == []  # a draft registers nothing yet
    pledge = services.submit_pledge(pledge, world.official_a)
    assert _registered(an) == [(2023, "Lao động tiên tiến", "registered")]
    assert _registered(binh) == []  # decided by the Minister: the pledge keeps it, not the unit's grid
    services.return_pledge(pledge, world.head_staff, "Bổ sung chỉ tiêu")
    pledge.refresh_from_db()
    services.submit_pledge(pledge, world.official_a)
    assert _registered(an) == [(2023, "Lao động tiên tiến", "registered")]  # sent again: not twice


def test_a_row_linked_after_the_pledge_was_sent_is_registered_when_it_is_linked(world):
    _unit_titles(world)
    pledge = fill(world, make(world))
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, individuals=_rows(pledge, "Tên Gõ Sai"))
    pledge = services.submit_pledge(pledge, world.official_a)
    own, gone = _staff(world, "Tên Đúng"), _staff(world, "Đỗ Văn Sau")
    assert _registered(own) == []
    services.link_individual(pledge.individuals.get(), own, world.official_a)
    assert _registered(own) == [(2023, "Lao động tiên tiến", "registered")]
    assert _registered(gone) == []


def test_the_dashboard_asks_the_unit_to_link_its_pledges_persons_while_one_is_left(world):
    def line():
        return {a.label: (a.count, a.url) for a in pledge_actions(world.official_a, 2023)}.get(
            "Bản đăng ký có cá nhân cần liên kết với hồ sơ cán bộ"
        )

    pledge = make(world)
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, individuals=_rows(pledge, "Tên Gõ Sai"))
    assert line() is None  # the unit keeps no roster here: nothing it could link to
    own = _staff(world, "Tên Đúng")
    assert line() == (1, "/campaigns/pledges/persons-to-link/")
    services.link_individual(pledge.individuals.get(), own, world.official_a)
    assert line() is None
