import pytest
from django.contrib.auth import get_user_model

from emulation.models import Cluster, Unit
from emulation.permissions import heads_cluster, is_cluster_head_staff, is_ministry_staff, is_unit_head

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def test_roles_of_the_demo_users(demo):
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    assert is_ministry_staff(user("bo")) and is_ministry_staff(user("admin"))
    assert not is_ministry_staff(user("canbo")) and not is_ministry_staff(user("truongcum"))
    assert heads_cluster(user("truongcum"), north.pk, 2023)
    assert not heads_cluster(user("truongcum"), north.pk, 2022)  # Sơn La headed it in 2022
    assert not heads_cluster(user("canbo"), north.pk, 2023)
    assert is_cluster_head_staff(user("truongcum")) and not is_cluster_head_staff(user("bo"))
    assert is_cluster_head_staff(user("canbo"))  # Cục THADS Lào Cai headed the northern bloc in 2022
    assert is_unit_head(user("thutruong")) and not is_unit_head(user("canbo"))


@pytest.mark.parametrize(
    "username, allowed", [("bo", True), ("admin", True), ("truongcum", False), ("thutruong", False), ("canbo", False)]
)
def test_only_ministry_staff_set_up_the_year(demo, username, allowed):
    assert user(username).has_perm("emulation.setup_year") is allowed


def test_the_emulation_office_is_configurable(demo):
    old = Unit.objects.get(name="Vụ Tổ chức cán bộ")
    old.is_emulation_office = False
    old.save()
    assert not is_ministry_staff(user("bo"))
    Unit.objects.filter(name="Cục Thi hành án dân sự tỉnh Lào Cai").update(is_emulation_office=True)
    assert is_ministry_staff(get_user_model().objects.get(username="canbo"))


@pytest.mark.parametrize("username, sees", [("bo", True), ("canbo", True), ("truongcum", False)])
def test_officials_of_a_unit_are_shown_to_its_own_staff_and_the_ministry(demo, username, sees):
    unit = Unit.objects.get(name="Cục Thi hành án dân sự tỉnh Lào Cai")
    assert user(username).has_perm("emulation.view_unit_officials", unit) is sees
