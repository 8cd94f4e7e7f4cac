"""The pages: who sees what (masked CCCD, 403, access log), and query counts that do not
grow with the number of persons."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from people.models import AccessLog, CouncilMember, Person, Prerequisite
from people.permissions import may
from people.services import years

from .conftest import history
from .factories import PostingFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_units_officials_see_the_whole_number_and_nothing_is_logged(client, world):
    person = world.persons[0]
    page = _page(client, world.official_a, f"/people/persons/{person.pk}/").content.decode()
    assert person.cccd in page
    assert not AccessLog.objects.exists()


def test_ministry_staff_see_the_whole_number_and_their_view_is_logged(client, world):
    person = world.persons[0]
    page = _page(client, world.ministry, f"/people/persons/{person.pk}/").content.decode()
    assert person.cccd in page
    log = AccessLog.objects.get()
    assert (log.user, log.person, log.viewer_unit.is_emulation_office) == (world.ministry, person, True)


def test_a_former_unit_sees_the_number_masked_and_is_logged(client, world):
    person = world.persons[0]
    person.postings.update(end=D(2024, 12, 31))
    PostingFactory(person=person, unit=world.unit_b, start=D(2025, 1, 1))
    page = _page(client, world.official_a, f"/people/persons/{person.pk}/").content.decode()
    assert person.cccd not in page and person.masked_cccd in page
    assert AccessLog.objects.filter(user=world.official_a, person=person).exists()


@pytest.mark.parametrize("who", ["official_b", "official_out"])
def test_an_outsider_is_refused_the_page(client, world, who):
    response = _page(client, getattr(world, who), f"/people/persons/{world.persons[0].pk}/")
    assert response.status_code == 403


def test_the_page_says_who_may_see_the_record(client, world):
    page = _page(client, world.official_a, f"/people/persons/{world.persons[0].pk}/").content.decode()
    assert 'data-testid="who-may-see"' in page and "Nghị định 13/2023/NĐ-CP" in page


def test_the_roster_shows_full_numbers_to_the_unit_and_masked_ones_to_the_ministry(client, world):
    person = world.persons[0]
    assert person.cccd in _page(client, world.official_a, f"/people/units/{world.unit_a.slug}/").content.decode()
    page = _page(client, world.ministry, f"/people/units/{world.unit_a.slug}/").content.decode()
    assert person.cccd not in page and person.masked_cccd in page
    assert _page(client, world.official_b, f"/people/units/{world.unit_a.slug}/").status_code == 403


def test_adding_a_person_through_the_form(client, world):
    client.force_login(world.official_a)
    data = {"full_name": "Lò Văn Mới", "date_of_birth": "1992-04-05", "gender": "male", "cccd": "014 092 000 555",
            "staff_code": "", "position": "Chuyên viên", "staff_kind": "cong_chuc", "start": "2025-02-01"}  # fmt: skip
    response = client.post(f"/people/units/{world.unit_a.slug}/new/", data)
    assert response.status_code == 302
    assert Person.objects.get(cccd="014092000555").postings.get().unit == world.unit_a


def _grid_queries(client, world, django_assert_max_num_queries, count):
    for _ in range(count):
        person = PostingFactory(unit=world.unit_a).person
        history(person, world.unit_a, world.titles, [2024, 2025])
    client.force_login(world.head_a)
    with django_assert_max_num_queries(30) as captured:
        assert client.get(f"/people/units/{world.unit_a.slug}/2025/").status_code == 200
    return len(captured)


def test_the_year_grid_runs_the_same_queries_for_3_or_15_more_persons(client, world, django_assert_max_num_queries):
    few = _grid_queries(client, world, django_assert_max_num_queries, 3)
    many = _grid_queries(client, world, django_assert_max_num_queries, 12)
    assert many == few


def test_the_year_grid_is_paged_by_name(client, world, monkeypatch):
    from people.views import years

    monkeypatch.setattr(years, "GRID_PAGE_SIZE", 2)
    for _ in range(3):
        PostingFactory(unit=world.unit_a)
    client.force_login(world.head_a)
    url = f"/people/units/{world.unit_a.slug}/2025/"
    first = client.get(url)
    total = first.context["page"].paginator.count
    assert total >= 4 and len(first.context["rows"]) == 2
    seen = []
    for number in range(1, first.context["page"].paginator.num_pages + 1):
        seen += [row["posting"].person_id for row in client.get(url, {"page": number}).context["rows"]]
    assert len(seen) == len(set(seen)) == total


def test_the_roster_and_the_person_page_run_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for _ in range(10):
        PostingFactory(unit=world.unit_a)
    client.force_login(world.official_a)
    with django_assert_max_num_queries(12):
        assert client.get(f"/people/units/{world.unit_a.slug}/").status_code == 200
    person = world.persons[0]
    history(person, world.unit_a, world.titles, range(2015, 2026))
    # 24: the initiatives the person authored (one prefetch) and, per title, their recognised initiatives
    with django_assert_max_num_queries(24):
        assert client.get(f"/people/persons/{person.pk}/").status_code == 200


def test_the_grid_saves_a_grading_in_place_with_htmx(client, world):
    client.force_login(world.official_a)
    person = world.persons[0]
    url = f"/people/units/{world.unit_a.slug}/2025/persons/{person.pk}/grade/"
    response = client.post(url, {f"p{person.pk}-grading": "excellent", f"p{person.pk}-discipline": ""},
                           HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200 and f'id="row-{person.pk}"' in response.content.decode()
    assert person.years.get(year=2025).grading == "excellent"
    page = client.get(f"/people/units/{world.unit_a.slug}/2025/").content.decode()
    assert '<option value="excellent" selected>' in page  # the saved grading is shown
    assert '<option value="">Chưa xếp loại</option>' in page and "---------" not in page  # the others'


def test_only_ministry_staff_edit_prerequisites(client, world):
    rule = Prerequisite.objects.first()
    assert _page(client, world.official_a, f"/people/prerequisites/{rule.pk}/").status_code == 403
    assert _page(client, world.official_a, "/people/prerequisites/").status_code == 200
    client.force_login(world.ministry)
    data = {"title": rule.title_id, "kind": rule.kind, "required_title": rule.required_title_id or "",
            "years": 2, "times": 1, "grading": rule.grading, "share_percent": "", "legal_basis": "Thông tư thử",
            "valid_from": "2024-01-01", "valid_to": "", "unverified": "on"}  # fmt: skip
    assert client.post(f"/people/prerequisites/{rule.pk}/", data).status_code == 302
    rule.refresh_from_db()
    assert (rule.years, rule.legal_basis) == (2, "Thông tư thử")


def test_the_council_is_named_by_the_head(client, world):
    url = f"/people/units/{world.unit_a.slug}/2026/council/"
    client.force_login(world.official_a)
    assert client.post(url, {"user": world.official_a.pk}).status_code == 403
    record = years.register_title(world.unit_a, world.persons[0], 2026, world.titles.worker, world.official_a)
    assert not may(world.official_a, "people.assess_title", record)
    client.force_login(world.head_a)
    client.post(url, {"user": world.official_a.pk})
    fresh = get_user_model().objects.get(pk=world.official_a.pk)  # permissions are cached per user object
    assert may(fresh, "people.assess_title", record)
    client.post(url, {"user": world.official_out.pk})  # not an official of the unit
    assert list(CouncilMember.objects.filter(unit=world.unit_a, year=2026).values_list("user", flat=True)) == [
        world.official_a.pk
    ]


def test_the_dashboard_lists_the_steps_waiting_for_each_role(world):
    from people.todo import people_actions

    record = years.register_title(world.unit_a, world.persons[0], 2025, world.titles.worker, world.official_a)
    years.grade(world.unit_a, world.persons[0], 2025, world.official_a, "good")
    years.propose_title(record, world.official_a)
    labels = [action.label for action in people_actions(world.council_a, 2023)]
    assert labels == ["Danh hiệu chờ Hội đồng xét (2025)"]
    assert people_actions(world.head_a, 2023) == []
    years.assess_title(record, world.council_a)
    assert [a.count for a in people_actions(get_user_model().objects.get(pk=world.head_a.pk), 2023)] == [1]


def test_a_council_term_seats_the_member_for_each_of_its_years(client, world):
    client.force_login(world.head_a)
    url = f"/people/units/{world.unit_a.slug}/2026/council/"
    data = {"user": world.official_a.pk, "role": "chair", "last_year": "2028", "appointed_by": "QĐ số 12/QĐ-CTHADS"}
    assert client.post(url, data).status_code == 302
    seat = CouncilMember.objects.get(unit=world.unit_a, user=world.official_a)
    assert (seat.year, seat.last_year, seat.role, seat.term) == (2026, 2028, "chair", "2026–2028")
    assert [CouncilMember.objects.seated_in(y).filter(pk=seat.pk).exists() for y in (2025, 2026, 2028, 2029)] == [
        False, True, True, False,
    ]  # fmt: skip
    record = years.register_title(world.unit_a, world.persons[0], 2027, world.titles.worker, world.official_a)
    assert may(get_user_model().objects.get(pk=world.official_a.pk), "people.assess_title", record)
    page = client.get(f"/people/units/{world.unit_a.slug}/2027/").content.decode()
    assert "Chủ tịch" in page and "2026–2028" in page and "QĐ số 12/QĐ-CTHADS" in page


def test_a_term_that_overlaps_or_ends_before_it_starts_is_refused(client, world):
    client.force_login(world.head_a)
    url = f"/people/units/{world.unit_a.slug}/2024/council/"
    client.post(url, {"user": world.council_a.pk, "role": "member", "last_year": "2026"})  # overlaps 2025
    client.post(url, {"user": world.official_a.pk, "role": "member", "last_year": "2023"})
    assert list(CouncilMember.objects.filter(unit=world.unit_a).values_list("user", "year", "last_year")) == [
        (world.council_a.pk, 2025, None)
    ]
    with pytest.raises(ValidationError):
        years.add_council_member(world.unit_a, 2024, world.official_a, world.head_a, last_year=2023)


def test_removing_a_member_mid_term_ends_the_term_and_keeps_the_years_served(client, world):
    seat = years.add_council_member(world.unit_a, 2024, world.official_a, world.head_a, last_year=2028)
    client.force_login(world.head_a)
    response = client.post(f"/people/council/{seat.pk}/remove/", {"year": "2026"})
    assert response.status_code == 302 and response.url.endswith("/2026/")
    seat.refresh_from_db()
    assert (seat.year, seat.last_year) == (2024, 2025)
    client.post(f"/people/council/{seat.pk}/remove/", {"year": "2024"})
    assert not CouncilMember.objects.filter(pk=seat.pk).exists()
