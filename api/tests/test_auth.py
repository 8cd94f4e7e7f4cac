"""Bearer tokens: a good one reads, a missing, unknown, malformed or revoked one gets 401, a
token without the endpoint's scope gets 403."""

import hashlib

import pytest
from django.urls import reverse

from api import services
from api.models import ApiClient, Scope

pytestmark = pytest.mark.django_db
UNITS = "/api/v1/units/"


def test_a_good_token_reads_and_marks_the_client_used(make_client, get):
    client, token = make_client()
    assert client.last_used is None
    response = get(UNITS, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    client.refresh_from_db()
    assert client.last_used is not None


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer a b", "Token abc", "Bearer not-a-token", "Bearer ĐĐĐ"])
def test_no_token_or_a_wrong_one_is_refused_with_401(client, make_client, header):
    make_client()
    response = client.get(UNITS, headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_token_is_refused_at_once(make_client, get, staff):
    client, token = make_client()
    assert get(UNITS, token).status_code == 200
    services.revoke_client(client, staff)
    assert get(UNITS, token).status_code == 401


def test_only_the_hash_of_the_token_is_stored(make_client):
    client, token = make_client()
    stored = ApiClient.objects.filter(pk=client.pk).values()[0]
    assert token not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert stored["token_hint"] == token[:6]


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        (Scope.STRUCTURE, {"units", "clusters", "memberships"}),
        (Scope.AWARDS, {"award_records", "decisions"}),
    ],
)
def test_each_endpoint_needs_its_scope(make_client, get, scope, allowed):
    _, token = make_client(scopes=[scope])
    for name in ("units", "clusters", "memberships", "award_records", "decisions"):
        response = get(reverse(f"api_v1:{name}"), token, year=2023)
        assert response.status_code == (200 if name in allowed else 403), name


def test_unknown_scopes_are_refused_and_a_client_is_revoked_once(staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_client(staff, "X", ["everything"])
    client, _ = services.create_client(staff, "Y", [Scope.STRUCTURE])
    services.revoke_client(client, staff)
    with pytest.raises(ValidationError):
        services.revoke_client(client, staff)


def test_only_ministry_staff_create_or_revoke(make_client):
    from django.core.exceptions import PermissionDenied

    from emulation.tests.factories import UserFactory

    client, _ = make_client()
    nobody = UserFactory()
    with pytest.raises(PermissionDenied):
        services.create_client(nobody, "Z", [Scope.STRUCTURE])
    with pytest.raises(PermissionDenied):
        services.revoke_client(client, nobody)
