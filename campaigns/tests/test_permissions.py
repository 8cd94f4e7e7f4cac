"""Who may launch, see, review: per role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import permissions, services
from campaigns.models import Campaign
from emulation.tests.factories import UnitFactory

from .factories import CampaignFactory, PledgeFactory, SectorCampaignFactory

pytestmark = pytest.mark.django_db


def test_ministry_staff_launch_sector_campaigns_and_nobody_else_does(world):
    for user in (world.head_staff, world.official_a):
        assert not permissions.may_launch(user, Campaign.Level.SECTOR, years=[2023])
    assert permissions.may_launch(world.ministry, Campaign.Level.SECTOR, years=[2023])


def test_cluster_head_staff_launch_for_the_years_they_head_it(world):
    assert permissions.may_launch(world.head_staff, "cluster", world.cluster, years=[2023])
    assert not permissions.may_launch(world.head_staff, "cluster", world.cluster, years=[2022])
    assert not permissions.may_launch(world.head_staff, "cluster", world.cluster, years=[2023, 2024])
    assert permissions.may_launch(world.official_a, "cluster", world.cluster, years=[2022])  # A headed it in 2022
    assert not permissions.may_launch(world.official_b, "cluster", world.cluster, years=[2023])


def test_a_unit_launches_only_its_own_internal_campaigns(world):
    assert permissions.may_launch(world.official_a, "unit", unit=world.unit_a, years=[2023])
    assert not permissions.may_launch(world.official_a, "unit", unit=world.unit_b, years=[2023])


def test_save_campaign_refuses_a_launcher_without_the_right(world):
    campaign = Campaign(
        name="Phong trào",
        level="cluster",
        launching_cluster=world.cluster,
        kind="thematic",
        document_number="1/KH",
        document_date="2023-01-01",
        issuing_body="Cụm",
        first_year=2024,
        last_year=2024,
    )
    with pytest.raises(PermissionDenied):
        services.save_campaign(campaign, world.head_staff, titles=[], phases=[], targets=[])
    campaign.first_year = campaign.last_year = 2023
    saved = services.save_campaign(
        campaign,
        world.head_staff,
        titles=[world.flag],
        phases=[],
        targets=[
            {"number": 1, "name": "Chỉ tiêu", "unit_of_measure": "việc", "direction": "at_least", "default_value": 5}
        ],
    )
    assert list(saved.clusters.all()) == [world.cluster] and saved.scope == "clusters"
    assert saved.targets.get().default_value == 5 and saved.created_by == world.head_staff


def test_a_second_regular_campaign_of_a_cluster_in_the_same_year_is_refused(world):
    duplicate = Campaign(
        name="Trùng",
        level="cluster",
        launching_cluster=world.cluster,
        kind="regular",
        document_number="2/KH",
        document_date="2023-01-01",
        issuing_body="Cụm",
        first_year=2023,
        last_year=2023,
    )
    with pytest.raises(ValidationError):
        services.save_campaign(duplicate, world.head_staff)
    assert Campaign.objects.filter(launching_cluster=world.cluster).count() == 1


def test_visibility_follows_the_scope(world):
    sector = SectorCampaignFactory()
    internal = CampaignFactory(
        level="unit", launching_cluster=None, launching_unit=world.unit_b, scope="units", kind="periodic"
    )
    internal.units.add(world.unit_b)
    other = CampaignFactory()  # another cluster's
    visible = {
        user: set(permissions.visible_campaigns(user))
        for user in (world.official_a, world.official_b, world.official_out, world.ministry)
    }
    assert visible[world.official_a] == {sector, world.campaign}
    assert visible[world.official_b] == {sector, world.campaign, internal}
    assert visible[world.official_out] == {sector}
    assert visible[world.ministry] >= {sector, world.campaign, internal, other}


def test_who_may_view_and_review_a_pledge(world):
    pledge = PledgeFactory(campaign=world.campaign, unit=world.unit_a)
    assert world.official_a.has_perm("campaigns.view_pledge", pledge)
    assert world.head_a.has_perm("campaigns.edit_pledge", pledge)
    assert world.head_staff.has_perm("campaigns.review_pledge", pledge)
    assert world.ministry.has_perm("campaigns.view_pledge", pledge)
    assert not world.ministry.has_perm("campaigns.review_pledge", pledge)  # a cluster's campaign
    for user in (world.official_b, world.official_out):
        assert not user.has_perm("campaigns.view_pledge", pledge)
        assert not user.has_perm("campaigns.edit_pledge", pledge)
    assert not world.official_a.has_perm("campaigns.review_pledge", pledge)


def test_ministry_staff_review_sector_campaign_pledges(world):
    sector = SectorCampaignFactory()
    pledge = PledgeFactory(campaign=sector, unit=world.unit_a)
    assert world.ministry.has_perm("campaigns.review_pledge", pledge)
    assert not world.head_staff.has_perm("campaigns.review_pledge", pledge)


def test_an_internal_campaign_is_reviewed_by_its_units_head(world):
    internal = CampaignFactory(level="unit", launching_cluster=None, launching_unit=world.unit_a, scope="units")
    pledge = PledgeFactory(campaign=internal, unit=world.unit_a)
    assert world.head_a.has_perm("campaigns.review_pledge", pledge)
    assert not world.official_a.has_perm("campaigns.review_pledge", pledge)


def test_the_overview_is_for_the_head_staff_of_that_year_and_ministry_staff(world):
    key = (world.cluster.pk, 2023)
    assert world.head_staff.has_perm("campaigns.view_cluster_overview", key)
    assert world.ministry.has_perm("campaigns.view_cluster_overview", key)
    assert not world.official_a.has_perm("campaigns.view_cluster_overview", key)
    assert world.official_a.has_perm("campaigns.view_cluster_overview", (world.cluster.pk, 2022))
    assert not UnitFactory().pledges.exists()
