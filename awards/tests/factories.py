"""Factories and small builders for the awards tests."""

from dataclasses import dataclass
from decimal import Decimal

import factory

from awards.models import TitleRule
from emulation.models import Membership, Unit
from emulation.tests.factories import (
    ClusterFactory,
    MembershipFactory,
    OfficialFactory,
    TitleFactory,
    UnitFactory,
    UserFactory,
)


class TitleRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TitleRule

    title = factory.SubFactory(TitleFactory)
    legal_basis = "Thông tư 11/2023/TT-BTP"
    first_year = 2017
    chosen_by_vote = True
    quorum_percent = Decimal("66.67")
    threshold_percent = Decimal("50")
    threshold_base = "present"
    threshold_inclusive = False
    ballot_style = "approval"
    seats_kind = TitleRule.SeatsKind.FIXED
    seats_value = Decimal("2")
    seats_minimum = 0
    requires_registration = True


@dataclass
class Setup:
    cluster: object
    year: int
    units: list
    head_staff: object  # a user of the head unit (not its unit head)
    voters: list  # users: the unit head of each member unit, same order as units


def cluster_with_voters(members=8, year=2023, password=None):
    """A cluster of ``members`` units in ``year``, the first the head, each with a unit
    head (thủ trưởng) login, plus a staff login of the head unit."""
    cluster = ClusterFactory()
    units = [UnitFactory(type=Unit.Type.JUSTICE_DEPARTMENT) for _ in range(members)]
    for index, unit in enumerate(units):
        role = Membership.Role.HEAD if index == 0 else Membership.Role.MEMBER
        MembershipFactory(cluster=cluster, unit=unit, year=year, role=role)
    extra = {"password": factory.django.Password(password)} if password else {}
    voters = []
    for unit in units:
        user = UserFactory(**extra)
        OfficialFactory(user=user, unit=unit, is_unit_head=True, position="Giám đốc")
        voters.append(user)
    staff = UserFactory(**extra)
    OfficialFactory(user=staff, unit=units[0], is_unit_head=False)
    return Setup(cluster, year, units, staff, voters)
