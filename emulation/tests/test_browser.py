import pytest

from emulation.testing import screenshot

pytestmark = pytest.mark.browser

DASHBOARDS = [
    ("canbo", "Cán bộ đơn vị", "Cục Thi hành án dân sự tỉnh Lào Cai"),
    ("thutruong", "Thủ trưởng đơn vị", "Cục Thi hành án dân sự tỉnh Lào Cai"),
    ("truongcum", "Cán bộ Cụm trưởng", "Sở Tư pháp tỉnh Lào Cai"),
    ("bo", "Cán bộ Bộ", "Vụ Tổ chức cán bộ"),
]


@pytest.mark.parametrize("username, role, unit", DASHBOARDS)
def test_each_role_logs_in_to_its_dashboard(open_as, username, role, unit):
    page = open_as(username)
    assert role in page.get_by_test_id("roles").inner_text()
    assert page.get_by_test_id("own-unit").inner_text() == unit
    assert "Việc cần làm" in page.get_by_test_id("actions").inner_text()
    screenshot(page, f"dashboard-{username}")


def test_ministry_staff_see_the_sector_and_set_up_next_year(open_as):
    page = open_as("bo")
    assert page.get_by_test_id("sector-cluster").count() == 4
    page.get_by_test_id("setup-next-year").click()
    page.get_by_test_id("copy-memberships").click()
    assert "đã được sao chép" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("setup-row").count() == 2  # the clusters with members in 2023
    screenshot(page, "year-setup")
    page.get_by_test_id("save-leadership").click()
    assert "Đã lưu" in page.locator(".alert-success").inner_text()


def test_the_language_switch_turns_the_interface_to_english_and_back(open_as):
    page = open_as("canbo")
    page.get_by_test_id("language-switch").get_by_role("button").click()
    page.wait_for_load_state()
    assert "Needs your action" in page.get_by_test_id("actions").inner_text()
    assert "Unit official" in page.get_by_test_id("roles").inner_text()
    page.get_by_test_id("language-switch").get_by_role("button").click()
    page.wait_for_load_state()
    assert "Việc cần làm" in page.get_by_test_id("actions").inner_text()


def test_a_cluster_page_in_the_browser(open_as):
    page = open_as("canbo")
    page.get_by_role("link", name="Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền núi biên giới phía Bắc").click()
    assert page.get_by_test_id("member-row").count() == 14
    page.select_option("#year-select", "2022")
    page.wait_for_url("**year=2022")
    son_la = page.get_by_test_id("member-row").filter(has_text="Sở Tư pháp tỉnh Sơn La")
    assert son_la.inner_text().endswith("Trưởng Cụm / Khu vực")
    screenshot(page, "cluster-detail")


@pytest.mark.parametrize("width", [1200, 1280, 1440])
def test_the_users_name_never_runs_under_the_language_switch(open_as, width):
    """At 1280 px the name's button ran 60 px under the "English" button: it was cut by a
    fixed width while its box shrank. The box now keeps the name (cut at 16rem) and the links
    wrap instead."""
    page = open_as("bo")
    page.set_viewport_size({"width": width, "height": 800})
    name = page.get_by_test_id("current-user").bounding_box()
    switch = page.get_by_test_id("language-switch").bounding_box()
    bell = page.get_by_test_id("bell").bounding_box()
    assert bell["x"] + bell["width"] <= name["x"] and name["x"] + name["width"] <= switch["x"]
    assert page.get_by_test_id("current-user").evaluate("b => b.scrollWidth <= b.clientWidth")  # "Phạm Văn Bình", whole
