import pytest
from django.core.management import call_command

from emulation.models import Cluster, Membership, Official, Title, Unit

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Cluster, Unit, Membership, Official, Title)]


def test_seed_demo_twice_changes_nothing_the_second_time(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    out = capsys.readouterr().out
    assert "ThiDua@2026" in out and "canbo" in out


def test_seed_demo_has_the_real_clusters(demo):
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    assert north.memberships.filter(year=2022).count() == 14
    assert north.memberships.get(year=2023, role="head").unit.name == "Sở Tư pháp tỉnh Lào Cai"
    central = Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen")
    assert central.memberships.get(year=2018, role="head").unit.name == "Sở Tư pháp tỉnh Thừa Thiên Huế"
    assert set(central.memberships.filter(year=2018, role="deputy").values_list("unit__name", flat=True)) == {
        "Sở Tư pháp tỉnh Nghệ An",
        "Cục Thi hành án dân sự tỉnh Quảng Bình",
    }
    first = Cluster.objects.get(slug="cum-thi-dua-so-i")
    assert first.memberships.get(year=2017, role="head").unit.name == "Vụ Các vấn đề chung về xây dựng pháp luật"
    assert set(Membership.objects.values_list("year", flat=True)) == {2017, 2018, 2022, 2023}
    assert Title.objects.filter(name="Cờ thi đua của Chính phủ").exists()
    assert Unit.objects.get(is_emulation_office=True).name == "Vụ Tổ chức cán bộ"
