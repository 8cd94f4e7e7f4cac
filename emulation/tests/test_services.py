import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from emulation import services
from emulation.models import Cluster, Membership, Unit

from .factories import ClusterFactory, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(demo):
    return get_user_model().objects.get(username="bo")


def north():
    return Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")


def test_copying_a_year_brings_every_member_without_roles(ministry):
    created = services.copy_memberships(2023, 2024, by=ministry)
    assert created == Membership.objects.filter(year=2023).count()
    assert not Membership.objects.filter(year=2024).leaders().exists()
    assert services.copy_memberships(2023, 2024, by=ministry) == 0  # safe to repeat
    copied = Membership.objects.filter(year=2024).first()
    assert copied.history.first().history_user == ministry


def test_a_merged_unit_is_replaced_by_its_successor(ministry):
    ha_giang = Unit.objects.get(name="Sở Tư pháp tỉnh Hà Giang")
    tuyen_quang = UnitFactory(name="Sở Tư pháp tỉnh Tuyên Quang")
    ha_giang.active, ha_giang.successor = False, tuyen_quang
    ha_giang.save()
    services.copy_memberships(2023, 2024, by=ministry)
    units_2024 = set(Membership.objects.filter(cluster=north(), year=2024).values_list("unit__name", flat=True))
    assert "Sở Tư pháp tỉnh Tuyên Quang" in units_2024 and "Sở Tư pháp tỉnh Hà Giang" not in units_2024


def test_only_ministry_staff_copy_or_set_leadership(demo):
    official = get_user_model().objects.get(username="truongcum")
    with pytest.raises(PermissionDenied):
        services.copy_memberships(2023, 2024, by=official)
    head = Unit.objects.get(name="Sở Tư pháp tỉnh Lào Cai")
    with pytest.raises(PermissionDenied):
        services.set_leadership(north(), 2023, head, [], by=official)


def test_set_leadership_moves_the_head_and_deputies(ministry):
    cluster = north()
    new_head = Unit.objects.get(name="Sở Tư pháp tỉnh Cao Bằng")
    deputies = list(Unit.objects.filter(name__in=["Sở Tư pháp tỉnh Lào Cai", "Cục Thi hành án dân sự tỉnh Lai Châu"]))
    services.set_leadership(cluster, 2023, new_head, deputies, by=ministry)
    leaders = dict(Membership.objects.filter(cluster=cluster, year=2023).leaders().values_list("unit__name", "role"))
    assert leaders == {
        "Sở Tư pháp tỉnh Cao Bằng": "head",
        "Sở Tư pháp tỉnh Lào Cai": "deputy",
        "Cục Thi hành án dân sự tỉnh Lai Châu": "deputy",
    }


def test_a_leader_must_be_a_member_that_year(ministry):
    outsider = Unit.objects.get(name="Sở Tư pháp tỉnh Nghệ An")
    with pytest.raises(ValidationError, match="Nghệ An"):
        services.set_leadership(north(), 2023, outsider, [], by=ministry)
    head = Unit.objects.get(name="Sở Tư pháp tỉnh Lào Cai")
    with pytest.raises(ValidationError):
        services.set_leadership(north(), 2023, head, [head], by=ministry)
    assert Membership.objects.get(cluster=north(), year=2023, role="head").unit == head  # unchanged


def test_rotation_proposes_the_member_longest_without_heading():
    cluster = ClusterFactory()
    a, b, c = UnitFactory(name="Sở A"), UnitFactory(name="Sở B"), UnitFactory(name="Sở C")
    for year, head in [(2020, a), (2021, b), (2022, c)]:
        for unit in (a, b, c):
            MembershipFactory(cluster=cluster, unit=unit, year=year, role="head" if unit == head else "member")
    for unit in (a, b, c):
        MembershipFactory(cluster=cluster, unit=unit, year=2023)
    assert services.propose_head(cluster, 2023) == a
    newcomer = UnitFactory(name="Sở Đ")
    MembershipFactory(cluster=cluster, unit=newcomer, year=2023)
    assert services.propose_head(cluster, 2023) == newcomer  # never headed: first in line


def test_rotation_never_proposes_last_years_head_again():
    cluster = ClusterFactory()
    only = UnitFactory()
    other = UnitFactory()
    MembershipFactory(cluster=cluster, unit=only, year=2022, role="head")
    MembershipFactory(cluster=cluster, unit=only, year=2023)
    MembershipFactory(cluster=cluster, unit=other, year=2023)
    assert services.propose_head(cluster, 2023) == other


def test_working_year_is_the_latest_year_with_members(demo):
    assert services.working_year() == 2023
