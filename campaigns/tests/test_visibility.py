"""The pledge lists show, per role, exactly the pledges the object rules allow: the unit's
own list those it may edit, the review list those it may review."""

import pytest
import rules

from campaigns.models import Pledge

from .factories import PledgeFactory, SectorCampaignFactory

pytestmark = pytest.mark.django_db

ROLES = ["official_a", "head_a", "official_b", "head_staff", "ministry", "official_out"]


@pytest.fixture
def pledges(world):
    sector = SectorCampaignFactory()
    made = [PledgeFactory(campaign=world.campaign, unit=unit) for unit in (world.unit_a, world.unit_b, world.head_unit)]
    made += [PledgeFactory(campaign=sector, unit=unit) for unit in (world.unit_a, world.outsider)]
    made.append(PledgeFactory(campaign=world.campaign, unit=world.unit_a, year=2022))
    return made


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("params, perm", [("", "campaigns.edit_pledge"), ("&role=review", "campaigns.review_pledge")])
def test_the_pledge_list_equals_what_the_rule_allows(client, world, pledges, role, params, perm):
    user = getattr(world, role)
    client.force_login(user)
    listed = {p.pk for p in client.get(f"/campaigns/pledges/?year=2023{params}").context["page"]}
    allowed = {p.pk for p in Pledge.objects.filter(year=2023) if rules.has_perm(perm, user, p)}
    assert listed == allowed
    assert role not in ("head_staff", "ministry") or params == "" or allowed  # the reviewers see some
