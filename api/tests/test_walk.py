"""The API's own URL walk (tests/test_url_permissions.py walks the session pages; these answer
tokens): every endpoint × no token, an unknown one, a revoked one, one without the scope, one
with it."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from api import services
from api.models import Scope

pytestmark = pytest.mark.django_db

# endpoint → the scope it needs, and whether it also needs may_see_cccd; None: open (the schema).
ENDPOINTS = {
    "units": (Scope.STRUCTURE, False),
    "clusters": (Scope.STRUCTURE, False),
    "memberships": (Scope.STRUCTURE, False),
    "award_records": (Scope.AWARDS, False),
    "decisions": (Scope.AWARDS, False),
    "person_awards": (Scope.PERSONS, True),
    "schema": None,
    "docs": None,
}


def api_urls(rows):
    resolver = next(r for r in get_resolver().url_patterns if getattr(r, "namespace", None) == "api_v1")
    names = [p.name for p in resolver.url_patterns if isinstance(p, URLPattern)]
    assert set(names) == set(ENDPOINTS), "a new endpoint needs its line in ENDPOINTS"
    kwargs = {"person_awards": {"cccd": rows.cccd}}
    return {name: reverse(f"api_v1:{name}", kwargs=kwargs.get(name)) + "?year=2023" for name in names}


def test_every_endpoint_for_every_kind_of_token(client, make_client, get, rows, staff):
    revoked, revoked_token = make_client(name="revoked")
    services.revoke_client(revoked, staff)
    _, none_token = make_client(scopes=[], name="no scope")
    _, all_token = make_client(may_see_cccd=True, name="all")
    for name, url in api_urls(rows).items():
        needs = ENDPOINTS[name]
        unauthorised = 200 if needs is None else 401
        assert client.get(url).status_code == unauthorised, name
        assert get(url, "unknown-token").status_code == unauthorised, name
        assert get(url, revoked_token).status_code == unauthorised, name
        assert get(url, none_token).status_code == (200 if needs is None else 403), name
        assert get(url, all_token).status_code == 200, name
        for method in (client.post, client.put, client.delete):
            assert method(url, headers={"Authorization": f"Bearer {all_token}"}).status_code == 405, name
        if needs:
            scope, cccd = needs
            _, other = make_client(scopes=[s for s in Scope.values if s != scope], may_see_cccd=True, name=name)
            assert get(url, other).status_code == 403, name
            if cccd:
                _, no_cccd = make_client(scopes=[scope], may_see_cccd=False, name=f"{name} no cccd")
                assert get(url, no_cccd).status_code == 403, name
