"""The read functions other apps call (campaigns.queries): answers and query counts."""

from decimal import Decimal

import pytest

from campaigns import queries
from campaigns.models import Pledge
from emulation.tests.factories import MembershipFactory, UnitFactory

from .factories import CampaignFactory, PledgedIndividualFactory, PledgeFactory, PledgeTargetFactory

pytestmark = pytest.mark.django_db
S = Pledge.Status


def test_regular_campaign_of_a_cluster_and_year(world, django_assert_num_queries):
    CampaignFactory(launching_cluster=world.cluster, kind="thematic")  # not the regular one
    with django_assert_num_queries(1):
        assert queries.regular_campaign(world.cluster, 2023) == world.campaign
    assert queries.regular_campaign(world.cluster.pk, 2023) == world.campaign
    assert queries.regular_campaign(world.cluster, 2024) is None


def test_registered_units_counts_accepted_or_later_only(world, django_assert_num_queries):
    for unit, status in [(world.unit_a, S.ACCEPTED), (world.unit_b, S.SUBMITTED), (world.head_unit, S.ASSESSED)]:
        PledgeFactory(campaign=world.campaign, unit=unit, status=status, collective_title=world.flag)
    other = UnitFactory()
    PledgeFactory(campaign=world.campaign, unit=other, status=S.ACCEPTED, collective_title=world.excellent)
    with django_assert_num_queries(1):
        assert queries.registered_units(world.flag, 2023) == {world.unit_a.pk, world.head_unit.pk}
    assert queries.registered_units(world.flag.pk, 2023, unit_ids=[world.unit_a.pk]) == {world.unit_a.pk}
    assert queries.registered_units(world.flag, 2022) == set()


def test_cluster_pledges_have_targets_prefetched(world, django_assert_num_queries):
    for _index in range(5):
        unit = UnitFactory()
        MembershipFactory(cluster=world.cluster, unit=unit, year=2023)
        pledge = PledgeFactory(campaign=world.campaign, unit=unit, status=S.RESULTS_REPORTED)
        PledgeTargetFactory(pledge=pledge, number=2, value=Decimal(3247), actual=Decimal(2754))
        PledgeTargetFactory(pledge=pledge, number=1, value=Decimal(24196), actual=Decimal(21698))
        PledgedIndividualFactory(pledge=pledge, title=world.worker)
    outsider = PledgeFactory(campaign=world.campaign, unit=world.outsider)  # not a member this year
    with django_assert_num_queries(3):
        pledges = queries.cluster_pledges(world.cluster, 2023)
        rates = [[round(t.rate, 2) for t in p.targets.all()] for p in pledges]
        people = [len(p.individuals.all()) for p in pledges]
    assert len(pledges) == 5 and outsider not in pledges
    assert rates == [[Decimal("89.68"), Decimal("84.82")]] * 5 and people == [1] * 5


def test_agreement_is_ready_once_every_member_is_accepted(world):
    state = queries.agreement_state(world.cluster, 2023)
    assert not state.ready and state.member_count == 3 and state.accepted_count == 0
    pledges = [
        PledgeFactory(campaign=world.campaign, unit=unit, status=S.ACCEPTED) for unit in (world.head_unit, world.unit_a)
    ]
    PledgeFactory(campaign=world.campaign, unit=world.unit_b, status=S.SUBMITTED)
    state = queries.agreement_state(world.cluster, 2023)
    assert not state.ready and state.missing_unit_ids == [world.unit_b.pk]
    Pledge.objects.filter(unit=world.unit_b).update(status=S.RESULTS_REPORTED)
    assert queries.agreement_state(world.cluster, 2023).ready
    assert pledges and not queries.agreement_state(world.cluster, 2024).ready
