"""A phase's review in a real browser: a unit reports its progress at the end of Đợt 1 of the
northern region's 2023 campaign from its pledge's phase button, late against the calendar's
step for that phase; the cluster head sees it on the cluster's page for the phase and, from
there, asks for the cluster's sơ kết of that phase (the phase itself, not its number); ministry
staff see the same page and ask for the sector's sơ kết of phase 1."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign, Phase, Pledge
from emulation.testing import screenshot
from schedule.models import Step, StepKind

pytestmark = pytest.mark.browser

NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"
NOTE = "Đợt 1 đã hoàn thành phần lớn chỉ tiêu chào mừng các ngày kỷ niệm; chỉ tiêu 3 còn chậm."


def first_phase():
    campaign = Campaign.objects.get(level="cluster", kind="regular", launching_cluster__slug=NORTH, first_year=2023)
    return Phase.objects.get(campaign=campaign, name="Đợt 1")


def test_a_unit_reports_a_phase_and_the_head_and_the_ministry_ask_for_its_review(open_as):
    phase = first_phase()
    step = Step.objects.get(kind=StepKind.PHASE_REVIEW, subject=f"phase:{phase.pk}")
    assert step.due_date == phase.end  # the demo's phase is on the calendar
    head = open_as("truongcum")
    base = head.base_url
    own = Pledge.objects.get(campaign=phase.campaign, year=2023, unit__name="Sở Tư pháp tỉnh Lào Cai")
    head.goto(f"{base}/campaigns/pledges/{own.pk}/")
    head.get_by_test_id(f"progress-phase-{phase.pk}").click()
    head.wait_for_url(f"**/progress/?phase={phase.pk}")
    expect(head.get_by_test_id("phase-goal")).to_contain_text("30/06/2023")
    expect(head.get_by_test_id("progress-deadline")).to_contain_text("Hạn gửi: 30/06/2023")
    expect(head.get_by_test_id("days-late")).to_contain_text("Chậm")  # the demo's 2023 is long past
    rows = head.get_by_test_id("progress-row")
    for index in range(rows.count()):
        rows.nth(index).locator("input").fill("1.100" if index == 0 else "75,5")
    head.fill("#id_note", NOTE)
    head.get_by_test_id("submit-progress").click()
    expect(head.get_by_test_id("progress-status")).to_have_text("Đã gửi")
    screenshot(head, "phase-progress-form")

    cluster_page = f"{base}/campaigns/clusters/{NORTH}/progress/?year=2023"
    head.goto(cluster_page)
    head.get_by_test_id(f"review-phase-{phase.pk}").click()
    head.wait_for_url(f"**phase={phase.pk}")
    expect(head.get_by_test_id("phase-goal")).to_contain_text("Đợt 1")
    expect(head.get_by_test_id("review-deadline")).to_contain_text("30/06/2023")
    table = head.get_by_test_id("progress-table")
    expect(table).to_contain_text("Sở Tư pháp tỉnh Lào Cai")
    expect(table).to_contain_text("1.100")
    expect(head.get_by_test_id("progress-summary")).to_contain_text("1 trên")
    screenshot(head, "phase-cluster-progress")
    # the phase's page leads to the reports page of that phase's review, which asks for it by
    # the phase itself (another of the region's campaigns may have a phase 1 too)
    head.get_by_test_id("phase-link").click()
    head.wait_for_url(f"**/reports/cluster/{NORTH}/2023/?phase={phase.pk}")
    expect(head.get_by_test_id("review-phase")).to_contain_text(phase.campaign.name)
    expect(head.get_by_test_id("request-form").locator("button")).to_have_count(1)
    head.get_by_test_id(f"request-cluster_mid_year:{phase.pk}").click()
    head.wait_for_url("**/reports/jobs/*/")
    expect(head.locator("h1")).to_contain_text(
        f"Báo cáo sơ kết của Cụm, Khu vực kết thúc Đợt 1 ({phase.campaign.name})"
    )

    ministry = open_as("bo")
    ministry.goto(cluster_page + f"&phase={phase.pk}")
    expect(ministry.get_by_test_id("progress-table")).to_contain_text("1.100")
    ministry.goto(f"{base}/reports/sector/2023/")
    ministry.get_by_test_id(f"request-sector_mid_year:{phase.number}").click()  # the sector's: by number
    ministry.wait_for_url("**/reports/jobs/*/")
    expect(ministry.locator("h1")).to_contain_text("Báo cáo sơ kết toàn ngành kết thúc đợt 1")
    screenshot(ministry, "phase-sector-review-requested")
