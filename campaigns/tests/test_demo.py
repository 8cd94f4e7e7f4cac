"""The demo campaigns of the seed articles, loaded twice without change."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from campaigns import queries
from campaigns.models import Campaign, Pledge, PledgeTarget
from campaigns.todo import pledge_actions
from emulation.models import Cluster, Title

pytestmark = pytest.mark.django_db


def test_the_seed_articles_campaigns(demo):
    ntm = Campaign.objects.get(document_number="2288/QĐ-BTP")
    assert ntm.name == "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới"
    assert (ntm.first_year, ntm.last_year, ntm.level) == (2016, 2020, "sector")
    # seed 000: the central region answered 131/QĐ-BTP and 429/QĐ-BTP in 2017; it dates neither
    for number, kind in (("131/QĐ-BTP", "regular"), ("429/QĐ-BTP", "thematic")):
        decision = Campaign.objects.get(document_number=number)
        assert (decision.first_year, decision.last_year, decision.level, decision.kind) == (2017, 2017, "sector", kind)
        assert decision.document_date is None
    central = Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen")
    running = {c.document_number for c in queries.cluster_campaigns(central, 2017)}
    assert {"131/QĐ-BTP", "429/QĐ-BTP", "01/KH-KVMTTN"} <= running
    plan = Campaign.objects.get(document_number="06/KH-STP")
    assert plan.document_date.strftime("%d/%m/%Y") == "10/01/2018" and plan.launching_unit.name.endswith("Tiền Giang")
    phases = list(plan.phases.all())
    assert [p.name for p in phases] == ["Đợt 1", "Đợt 2"]
    assert phases[0].end.strftime("%d/%m") == "30/06" and "Ngày thành lập Đảng" in phases[0].goal
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    for year in (2022, 2023):
        campaign = queries.regular_campaign(north, year)
        assert campaign.targets.count() == 7
    statuses = set(Pledge.objects.filter(year=2023, campaign__launching_cluster=north).values_list("status", flat=True))
    assert statuses == set(Pledge.Status.values)
    # the seed's region-wide totals of 2022 are the region's reported figures, on no unit's pledge
    # (seed 003 says nothing of what one unit pledged)
    region_totals = {Decimal(n) for n in (3247, 2754, 24196, 21698, 27430, 410870)}
    values = PledgeTarget.objects.filter(pledge__campaign__launching_cluster__slug=north.slug)
    assert not [v for v in values.values_list("value", "actual") if region_totals & set(v)]
    enforcement = PledgeTarget.objects.get(
        pledge__year=2022, pledge__unit__slug="cuc-thi-hanh-an-dan-su-tinh-lao-cai", name="Số việc thi hành xong"
    )
    assert enforcement.value < 24196 and enforcement.actual <= enforcement.value  # a unit-level target
    assert not Pledge.objects.filter(year=2023, unit__slug="cuc-thi-hanh-an-dan-su-tinh-lao-cai").exists()
    assert queries.agreement_state(north, 2022).ready and not queries.agreement_state(north, 2023).ready
    flag = Title.objects.get(code="co-thi-dua-nganh-tu-phap")
    central = Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen")
    members = central.memberships.filter(year=2018).values_list("unit_id", flat=True)
    registered = queries.registered_units(flag, 2018, unit_ids=members)
    assert sum(1 for m in central.memberships.filter(year=2018, unit_id__in=registered) if m.unit.type == "doj") == 8


def test_loading_twice_changes_nothing(demo):
    before = (Campaign.objects.count(), Pledge.objects.count(), PledgeTarget.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Campaign.objects.count(), Pledge.objects.count(), PledgeTarget.objects.count()) == before


def test_dashboard_actions_per_role(demo, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    users = {
        name: get_user_model().objects.select_related("official__unit").get(username=name)
        for name in ("canbo", "truongcum", "laichau", "caobang", "bo")
    }
    actions = {}
    for name, user in users.items():
        with django_assert_max_num_queries(3):  # the counts, the campaigns to register, the calendar's date
            actions[name] = {a.label: a.count for a in pledge_actions(user, 2023)}
    assert actions["canbo"] == {"Phong trào cần đăng ký thi đua": 1}
    assert actions["truongcum"]["Bản đăng ký cần xem xét"] == 3  # Lạng Sơn, Hà Giang (late), Cục THADS Hà Giang
    assert actions["truongcum"]["Kết quả cần nhập"] == 1  # its own accepted pledge
    assert actions["truongcum"]["Kết quả cần đánh giá"] == 2
    assert actions["laichau"] == {"Bản đăng ký cần gửi": 1}
    assert actions["caobang"] == {"Bản đăng ký bị trả lại cần sửa": 1}
    assert actions["bo"] == {}
