"""A small cluster without the demo data: fast fixtures for service, permission and form tests."""

from types import SimpleNamespace

import pytest

from emulation.models import Membership
from emulation.tests.factories import (
    ClusterFactory,
    MembershipFactory,
    OfficialFactory,
    TitleFactory,
    UnitFactory,
    UserFactory,
)

from .factories import CampaignFactory, CampaignTargetFactory


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages are checked in Vietnamese, whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("vi"):
        yield


PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def world(db):
    """Cluster "C" in 2023 headed by unit H, with members A and B; an official per unit,
    A's head, ministry staff, and C's regular 2023 campaign with two common targets."""
    cluster = ClusterFactory(name="Cụm thi đua thử")
    head_unit = UnitFactory(name="Sở Tư pháp tỉnh Đầu")
    unit_a = UnitFactory(name="Cục Thi hành án dân sự tỉnh A")
    unit_b = UnitFactory(name="Sở Tư pháp tỉnh B")
    outsider = UnitFactory(name="Sở Tư pháp tỉnh Ngoài")
    MembershipFactory(cluster=cluster, unit=head_unit, year=2023, role=Membership.Role.HEAD)
    MembershipFactory(cluster=cluster, unit=unit_a, year=2023)
    MembershipFactory(cluster=cluster, unit=unit_b, year=2023)
    MembershipFactory(cluster=cluster, unit=unit_a, year=2022, role=Membership.Role.HEAD)
    office = UnitFactory(name="Vụ Tổ chức cán bộ thử", is_emulation_office=True)
    flag = TitleFactory(name="Cờ thi đua ngành Tư pháp", level="collective")
    excellent = TitleFactory(name="Tập thể lao động xuất sắc", level="collective")
    worker = TitleFactory(name="Lao động tiên tiến", level="individual")
    not_offered = TitleFactory(name="Danh hiệu khác", level="collective")
    campaign = CampaignFactory(launching_cluster=cluster, titles=[flag, excellent, worker])
    t1 = CampaignTargetFactory(campaign=campaign, number=1, name="Số việc thi hành xong", default_value=None)
    t2 = CampaignTargetFactory(
        campaign=campaign, number=2, name="Số báo cáo gửi chậm", direction="at_most", default_value=0
    )

    def official(unit, username, head=False, email=""):
        user = UserFactory(username=username, email=email or f"{username}@example.vn")
        OfficialFactory(user=user, unit=unit, is_unit_head=head, position="Cục trưởng" if head else "Chuyên viên")
        return user

    return SimpleNamespace(
        cluster=cluster,
        head_unit=head_unit,
        unit_a=unit_a,
        unit_b=unit_b,
        outsider=outsider,
        campaign=campaign,
        targets=[t1, t2],
        flag=flag,
        excellent=excellent,
        worker=worker,
        not_offered=not_offered,
        head_staff=official(head_unit, "truong"),
        official_a=official(unit_a, "canbo_a"),
        head_a=official(unit_a, "thutruong_a", head=True),
        official_b=official(unit_b, "canbo_b"),
        official_out=official(outsider, "canbo_ngoai"),
        ministry=official(office, "bo_thu"),
    )
