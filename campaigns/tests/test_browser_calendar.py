"""In Chromium: ministry staff move the pledge step on the year's calendar page and the unit
official sees the new registration deadline on its cluster's regular campaign, in place of the
campaign's own date."""

import datetime

import pytest

from emulation.models import Cluster, Membership
from emulation.testing import screenshot

from .factories import CampaignFactory

pytestmark = pytest.mark.browser
NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"


@pytest.fixture
def campaign_2026(demo):
    Membership.objects.bulk_create(
        Membership(cluster_id=m.cluster_id, unit_id=m.unit_id, year=2026, role=m.role)
        for m in Membership.objects.filter(year=2023)
    )
    return CampaignFactory(
        name="Phong trào thi đua thường xuyên năm 2026 của Khu vực miền núi phía Bắc",
        launching_cluster=Cluster.objects.get(slug=NORTH),
        first_year=2026,
        last_year=2026,
        document_date=datetime.date(2026, 1, 5),
        registration_deadline=datetime.date(2026, 2, 15),
    )


def test_a_step_moved_on_the_calendar_page_moves_the_campaigns_deadline(open_as, campaign_2026):
    official = open_as("canbo")
    official.goto(f"{official.base_url}/campaigns/{campaign_2026.pk}/?year=2026")
    assert official.get_by_test_id("deadline").inner_text().startswith("31/03/2026")  # the calendar's, not 15/02
    staff = open_as("bo")
    staff.goto(staff.base_url + "/schedule/year/2026/")
    staff.locator("#id_steps-0-due_date").fill("2026-04-15")
    staff.get_by_test_id("save-calendar").click()
    assert "Đã lưu lịch năm 2026" in staff.locator(".alert-success").inner_text()
    official.reload()
    assert official.get_by_test_id("deadline").inner_text().startswith("15/04/2026")
    screenshot(official, "campaign-deadline-from-calendar")
