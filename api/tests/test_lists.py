"""The lists: paginated with a bounded page size, a fixed number of queries per page whatever
the number of rows, Vietnamese text as stored (NFC), a year where one is needed."""

import unicodedata

import pytest
from django.urls import reverse

from api.tests.conftest import add_rows

pytestmark = pytest.mark.django_db
LISTS = ["units", "clusters", "memberships", "award_records", "decisions"]


@pytest.mark.parametrize("name", LISTS)
def test_one_row_or_many_cost_the_same_queries(make_client, get, django_assert_max_num_queries, name):
    _, token = make_client()
    add_rows(1)
    with django_assert_max_num_queries(6) as few:
        assert get(reverse(f"api_v1:{name}"), token, year=2023).status_code == 200
    add_rows(40)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = get(reverse(f"api_v1:{name}"), token, year=2023)
    assert response.status_code == 200 and response.json()["count"] > 1
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_pages_are_bounded_and_linked(make_client, get):
    _, token = make_client()
    add_rows(5)
    first = get("/api/v1/award-records/", token, page_size=2).json()
    assert len(first["results"]) == 2 and first["count"] == 6
    assert "page=2" in first["next"] and first["previous"] is None
    second = get(first["next"], token).json()
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    assert len(get("/api/v1/award-records/", token, page_size=10_000).json()["results"]) == 6
    assert get("/api/v1/award-records/", token, page=99).status_code == 404


def test_more_than_the_largest_page_is_never_sent(make_client, get, settings):
    from api.pagination import Pagination

    _, token = make_client()
    add_rows(Pagination.max_page_size + 5)
    body = get("/api/v1/units/", token, page_size=100_000).json()
    assert len(body["results"]) == Pagination.max_page_size and body["next"]


def test_memberships_need_a_year_and_other_years_are_filtered(make_client, get, rows):
    _, token = make_client()
    assert get("/api/v1/memberships/", token).status_code == 400
    for bad in ("abc", "0", "40000", "9" * 25, "2023.5"):
        assert get("/api/v1/memberships/", token, year=bad).status_code == 400, bad
    assert get("/api/v1/memberships/", token, year=2023).json()["count"] == 3
    assert get("/api/v1/memberships/", token, year=2022).json()["count"] == 0
    assert get("/api/v1/award-records/", token, year=2022).json()["count"] == 1


def test_texts_are_sent_as_stored_in_nfc(make_client, get, rows):
    _, token = make_client()
    response = get("/api/v1/award-records/", token, year=2023)
    text = response.content.decode("utf-8")
    assert "Cờ thi đua của Bộ Tư pháp" in text  # not \\u escapes
    assert unicodedata.is_normalized("NFC", text)
    record = response.json()["results"][0]
    assert record["title"]["name"] == unicodedata.normalize("NFC", "Cờ thi đua của Bộ Tư pháp (3)")


def test_issued_decisions_list_approved_nominations_only(make_client, get, rows):
    from awards.models import Nomination

    _, token = make_client()
    Nomination.objects.filter(pk=Nomination.objects.order_by("pk").first().pk).update(state=Nomination.State.SUBMITTED)
    body = get("/api/v1/decisions/", token).json()
    assert body["count"] == 2
    row = body["results"][0]
    assert set(row) == {"nomination_id", "decision_number", "decision_date", "year", "title", "unit",
                        "person_name", "cluster"}  # fmt: skip
    assert row["decision_date"] == "2023-12-20"
