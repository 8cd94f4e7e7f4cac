"""Award records by identification number: only for clients allowed to see it, every read logged
in the personal-data access log; no other response carries a full number."""

import re

import pytest
from django.urls import reverse

from api.tests.conftest import ALL
from people.models import AccessLog, Person

pytestmark = pytest.mark.django_db


def url(number):
    return reverse("api_v1:person_awards", kwargs={"cccd": number})


def test_an_allowed_client_reads_a_persons_awards_and_the_read_is_logged(make_client, get, rows):
    client, token = make_client(may_see_cccd=True)
    response = get(url(rows.cccd), token)
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == {"full_name": "Nguyễn Thị Huệ", "cccd": rows.cccd}
    assert [t["decision_number"] for t in body["recognised_titles"]] == ["12/QĐ-CTHADS"]
    assert [r["decision_number"] for r in body["award_records"]] == ["99/QĐ-BTP"]
    log = AccessLog.objects.get()
    assert (log.person, log.user, log.outside_system) == (rows, None, f"API: {client.name}")
    assert log.viewer_unit == client.owner_unit
    assert "API" in log.purpose


def test_the_persons_page_names_the_outside_system(make_client, get, rows, client):
    api_client, token = make_client(may_see_cccd=True)
    get(url(rows.cccd), token)
    from emulation.tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("people:person_detail", kwargs={"pk": rows.pk}))
    assert f"API: {api_client.name}" in page.content.decode()


def test_a_client_without_the_right_is_refused_without_a_trace_of_the_person(make_client, get, rows):
    _, token = make_client(may_see_cccd=False)
    response = get(url(rows.cccd), token)
    assert response.status_code == 403
    assert rows.cccd not in response.content.decode() and "Huệ" not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_the_persons_scope_is_needed_too(make_client, get, rows):
    _, token = make_client(scopes=["structure", "awards"], may_see_cccd=True)
    assert get(url(rows.cccd), token).status_code == 403


@pytest.mark.parametrize("number", ["000000000000", "abc", "0" * 40, "01012345678"])
def test_an_unknown_or_malformed_number_is_not_found_and_not_logged(make_client, get, rows, number):
    _, token = make_client(may_see_cccd=True)
    response = get(url(number), token)
    assert response.status_code == 404
    assert number not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_no_other_response_carries_a_full_number(make_client, get, rows):
    _, token = make_client(scopes=ALL, may_see_cccd=True)
    numbers = set(Person.objects.values_list("cccd", flat=True))
    for name in ("units", "clusters", "memberships", "award_records", "decisions"):
        text = get(reverse(f"api_v1:{name}"), token, year=2023).content.decode()
        assert not numbers & set(re.findall(r"\d{12}", text)), name
    assert not AccessLog.objects.exists()


def test_the_person_serializer_masks_unless_told(rows):
    from api.serializers import Person as PersonSerializer

    assert PersonSerializer(rows).data["cccd"] == rows.cccd[:4] + "******" + rows.cccd[-2:]
    assert PersonSerializer(rows, context={"full_cccd": True}).data["cccd"] == rows.cccd
