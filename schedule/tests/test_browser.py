"""The calendar's pages in Chromium, with screenshots under test-artifacts/ (today's date:
the demo's 2026 calendar, with the demo's 2023 members copied into 2026)."""

import pytest

from emulation.models import Membership
from emulation.testing import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def members_2026(demo):
    Membership.objects.bulk_create(
        Membership(cluster_id=m.cluster_id, unit_id=m.unit_id, year=2026, role=m.role)
        for m in Membership.objects.filter(year=2023)
    )


def test_a_cluster_head_sees_the_calendar_and_reminds_a_late_member(open_as, members_2026):
    page = open_as("truongcum")
    assert page.get_by_test_id("bell").is_visible()
    page.get_by_role("link", name="Lịch", exact=True).click()
    assert page.get_by_test_id("mine-row").count() >= 1
    assert page.get_by_test_id("watched-row").count() >= 1
    screenshot(page, "schedule-calendar-truongcum")
    page.get_by_test_id("schedule-nav").get_by_role("link", name="Quá hạn").click()
    rows = page.get_by_test_id("overdue-row")
    assert rows.count() > 0
    rows.first.get_by_test_id("remind").click()
    assert "Đã nhắc" in page.locator(".alert-success").inner_text()
    screenshot(page, "schedule-overdue-truongcum")
    rows.first.get_by_test_id("remind").click()
    assert "đã được nhắc" in page.locator(".alert-danger").inner_text()


def test_ministry_staff_edit_and_copy_the_calendar(open_as, members_2026):
    page = open_as("bo")
    page.goto(page.base_url + "/schedule/year/2027/")
    page.get_by_test_id("copy-year").click()
    assert "Đã sao chép 8 mốc" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("step-row").count() == 8
    page.locator("#id_steps-0-due_date").fill("2027-03-25")
    page.get_by_test_id("save-calendar").click()
    assert "Đã lưu lịch năm 2027" in page.locator(".alert-success").inner_text()
    screenshot(page, "schedule-year-2027")


def test_the_bell_the_notifications_and_the_feed_link(open_as):
    page = open_as("canbo")
    assert page.get_by_test_id("unread-count").inner_text() == "2"
    page.get_by_test_id("bell").click()
    assert page.get_by_test_id("notification").count() == 2
    screenshot(page, "schedule-notifications")
    page.get_by_test_id("read-all").click()
    assert page.get_by_test_id("unread-count").count() == 0
    page.goto(page.base_url + "/schedule/feed/")
    page.get_by_test_id("new-link").click()
    link = page.get_by_test_id("feed-url").input_value()
    assert link.endswith(".ics")
    screenshot(page, "schedule-feed-link")
    page.goto(page.base_url + "/schedule/notifications/preferences/")
    screenshot(page, "schedule-preferences")
