"""On 3 December with next year's campaign open for registration, an official's pages
open on next year (the campaigns' to-dos reach the core through the registry)."""

import datetime

import pytest

from campaigns.tests.factories import CampaignFactory
from emulation import years
from emulation.models import Cluster, Membership, Unit

pytestmark = pytest.mark.django_db


def test_an_official_opens_on_next_year_when_its_campaign_is_open(client, login, demo, monkeypatch):
    monkeypatch.setattr(years, "today", lambda: datetime.date(2026, 12, 3))
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    unit = Unit.objects.get(name="Cục Thi hành án dân sự tỉnh Lào Cai")  # canbo's unit
    Membership.objects.create(cluster=north, unit=unit, year=2027)
    CampaignFactory(
        launching_cluster=north,
        first_year=2027,
        last_year=2027,
        document_date=datetime.date(2026, 11, 28),
        registration_deadline=datetime.date(2027, 1, 31),
    )
    login("canbo")
    response = client.get("/")
    assert response.context["year"] == 2027
    assert "Phong trào cần đăng ký thi đua" in response.content.decode()
    assert client.get("/campaigns/").context["year"] == 2027
