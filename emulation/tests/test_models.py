import pytest
from django.db import IntegrityError, transaction

from emulation.models import Cluster, Membership, Unit

from .factories import ClusterFactory, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_unit_is_member_of_a_cluster_once_a_year():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(cluster=membership.cluster, unit=membership.unit, year=membership.year)
    Membership.objects.create(cluster=membership.cluster, unit=membership.unit, year=membership.year + 1)


def test_one_head_per_cluster_and_year_is_enforced_by_the_database():
    head = MembershipFactory(role=Membership.Role.HEAD)
    other = MembershipFactory(cluster=head.cluster, year=head.year)
    other.role = Membership.Role.HEAD
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    MembershipFactory(cluster=head.cluster, year=head.year + 1, unit=other.unit, role=Membership.Role.HEAD)
    MembershipFactory(cluster=head.cluster, year=head.year, role=Membership.Role.DEPUTY)
    MembershipFactory(cluster=head.cluster, year=head.year, role=Membership.Role.DEPUTY)


def test_only_one_unit_is_the_emulation_office():
    UnitFactory(is_emulation_office=True)
    UnitFactory(is_emulation_office=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(is_emulation_office=True)


def test_a_cluster_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterFactory(first_year=2020, last_year=2019)


def test_active_in_year():
    old = ClusterFactory(first_year=2010, last_year=2015)
    current = ClusterFactory(first_year=2016)
    assert list(Cluster.objects.active_in(2015)) == [old]
    assert list(Cluster.objects.active_in(2023)) == [current]


def test_edits_keep_history():
    unit = UnitFactory(name="Sở Tư pháp tỉnh Cũ")
    unit.name = "Sở Tư pháp tỉnh Mới"
    unit.save()
    assert [h.name for h in unit.history.order_by("history_date")] == ["Sở Tư pháp tỉnh Cũ", "Sở Tư pháp tỉnh Mới"]
    assert Unit.history.count() == 2
