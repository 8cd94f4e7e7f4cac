"""The kinds of target: a count is compared and summed, a rate (a percent) is compared
as a rate and averaged, never divided by itself; a yes/no is met when done; "at least 0"
pledges nothing and so is neither met nor missed."""

from decimal import Decimal as D

import pytest

from campaigns.models import Direction, TargetKind, target_met, target_rate
from campaigns.queries import pledge_counts

from .factories import CampaignTargetFactory, PledgeFactory, PledgeTargetFactory

AT_LEAST, AT_MOST = Direction.AT_LEAST, Direction.AT_MOST


@pytest.mark.parametrize(
    ("direction", "actual", "target", "kind", "met", "rate"),
    [
        (AT_LEAST, D(21698), D(24196), TargetKind.COUNT, False, D(21698) * 100 / D(24196)),
        (AT_LEAST, D("84.8"), D(80), TargetKind.RATE, True, None),  # hòa giải thành ≥ 80 %: met by 84,8 %
        (AT_LEAST, D(79), D(80), TargetKind.RATE, False, None),
        (AT_LEAST, D(0), D(0), TargetKind.COUNT, None, None),  # 0 of 0: nothing pledged, nothing met
        (AT_LEAST, D(5), D(0), TargetKind.COUNT, None, None),
        (AT_MOST, D(0), D(0), TargetKind.COUNT, True, None),  # no late report, as pledged
        (AT_MOST, D(2), D(0), TargetKind.COUNT, False, None),
        (AT_LEAST, D(1), D(1), TargetKind.YES_NO, True, None),
        (AT_LEAST, D(0), D(1), TargetKind.YES_NO, False, None),
        (AT_LEAST, None, D(1), TargetKind.COUNT, None, None),
    ],
)
def test_each_kind_is_compared_as_what_it_is(direction, actual, target, kind, met, rate):
    assert target_met(direction, actual, target, kind) is met
    assert target_rate(actual, target, kind) == rate


@pytest.mark.django_db
def test_a_target_typed_with_percent_is_a_rate_and_a_chosen_kind_stays():
    common = CampaignTargetFactory(unit_of_measure="%")
    assert common.kind == TargetKind.RATE
    own = PledgeTargetFactory(unit_of_measure="%", value=D(80), actual=D("84.8"))
    assert own.kind == TargetKind.RATE and own.is_met and own.rate is None
    done = PledgeTargetFactory(unit_of_measure="", kind=TargetKind.YES_NO, value=D(1), actual=D(1))
    assert done.kind == TargetKind.YES_NO and done.is_met


@pytest.mark.django_db
def test_a_pledge_copies_the_kind_of_the_campaign_targets(world):
    from campaigns import services

    CampaignTargetFactory(campaign=world.campaign, number=9, name="Tỷ lệ hòa giải thành", unit_of_measure="%")
    pledge = services.create_pledge(world.campaign, 2023, world.official_a)
    assert pledge.targets.get(number=9).kind == TargetKind.RATE


@pytest.mark.django_db
def test_the_sector_count_of_targets_met_follows_the_kinds():
    pledge = PledgeFactory(year=2031)
    PledgeTargetFactory(pledge=pledge, number=1, unit_of_measure="%", value=D(80), actual=D("84.8"))
    PledgeTargetFactory(pledge=pledge, number=2, unit_of_measure="việc", value=D(0), actual=D(0))
    PledgeTargetFactory(pledge=pledge, number=3, unit_of_measure="việc", value=D(10), actual=D(12))
    assert pledge_counts(2031) == {"pledges": 1, "with_results": 3, "met": 2}
