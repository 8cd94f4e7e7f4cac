"""Each client has its own request budget; past it, 429 with Retry-After, other clients unaffected."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_client_past_its_budget_waits_and_others_do_not(make_client, get, settings):
    settings.API_THROTTLE_RATE = "3/min"
    _, greedy = make_client(name="A")
    _, other = make_client(name="B")
    assert [get("/api/v1/units/", greedy).status_code for _ in range(3)] == [200, 200, 200]
    refused = get("/api/v1/units/", greedy)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert get("/api/v1/units/", other).status_code == 200


def test_refused_tokens_do_not_spend_a_budget(client, make_client, get, settings):
    settings.API_THROTTLE_RATE = "2/min"
    _, token = make_client()
    for _ in range(5):
        assert client.get("/api/v1/units/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert get("/api/v1/units/", token).status_code == 200
