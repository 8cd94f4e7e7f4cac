"""Fixtures for the scoring tests: a ministry officer, two units' officials, a published
20-criterion table (2 groups × 10 criteria × 10 points = 200)."""

import pytest

from emulation.models import Cluster, Membership
from emulation.tests.factories import ClusterFactory, MembershipFactory, OfficialFactory, UnitFactory

from .factories import build_table


@pytest.fixture
def office(db):
    return UnitFactory(name="Vụ Tổ chức cán bộ (thử)", type="ministry_unit", is_emulation_office=True)


@pytest.fixture
def ministry(office):
    return OfficialFactory(unit=office).user


@pytest.fixture
def cluster(db):
    return ClusterFactory(kind=Cluster.Kind.REGION)


@pytest.fixture
def unit(cluster):
    unit = UnitFactory(name="Cục Thi hành án dân sự tỉnh Thử", type="thads")
    MembershipFactory(cluster=cluster, unit=unit, year=2023)
    return unit


@pytest.fixture
def other_unit(cluster):
    unit = UnitFactory(name="Cục Thi hành án dân sự tỉnh Khác", type="thads")
    MembershipFactory(cluster=cluster, unit=unit, year=2023, role=Membership.Role.MEMBER)
    return unit


@pytest.fixture
def official(unit):
    return OfficialFactory(unit=unit).user


@pytest.fixture
def other_official(other_unit):
    return OfficialFactory(unit=other_unit).user


@pytest.fixture
def outsider(db):
    return OfficialFactory(unit=UnitFactory(type="doj")).user


@pytest.fixture
def table(db):
    return build_table()
