"""The region's head enters a figure of its own report in the browser: from the region's page,
typed the Vietnamese way, shown back exactly; a member unit's official only reads the figures.
Screenshots go to test-artifacts/cluster-figures-*.png."""

import pytest

from emulation.testing import screenshot

pytestmark = pytest.mark.browser
NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"


def test_the_head_enters_a_figure_and_a_member_reads_it(open_as):
    head = open_as("truongcum")  # Sở Tư pháp Lào Cai heads the region in 2023
    head.goto(f"{head.base_url}/clusters/{NORTH}/?year=2023")
    head.click("[data-testid=cluster-figures]")
    head.fill("input[name=label]", "Vụ việc trợ giúp pháp lý")
    head.fill("input[name=value]", "mười hai")
    head.click("[data-testid=add-figure]")
    assert "Nhập một số" in head.inner_text("main")  # refused, and the typing stays
    assert head.input_value("input[name=label]") == "Vụ việc trợ giúp pháp lý"
    head.fill("input[name=value]", "1.234,5")
    head.fill("input[name=unit_of_measure]", "vụ việc")
    head.click("[data-testid=add-figure]")
    row = head.locator("[data-testid=figure-row]")
    assert row.count() == 1 and "1.234,5 vụ việc" in row.inner_text()
    screenshot(head, "cluster-figures-head")
    member = open_as("canbo")
    member.goto(f"{member.base_url}/clusters/{NORTH}/2023/figures/")
    assert "1.234,5 vụ việc" in member.inner_text("[data-testid=figures]")
    assert member.locator("[data-testid=add-figure]").count() == 0
    member.goto(f"{member.base_url}/clusters/{NORTH}/2022/figures/")
    assert "đạt tỷ lệ 85%" in member.inner_text("[data-testid=figures]")
