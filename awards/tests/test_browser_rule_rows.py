"""The dated rule rows' pages and the decision's Word draft in Chromium, as ministry staff,
with screenshots under test-artifacts/."""

import pytest

from awards.models import BaseSalary, Decision
from emulation.testing import screenshot

pytestmark = pytest.mark.browser


def test_ministry_staff_add_a_base_salary_from_the_rules_tab(open_as):
    page = open_as("bo")
    page.goto(page.base_url + "/awards/rules/")
    page.get_by_test_id("rules-nav-reward-amounts").click()
    assert page.get_by_test_id("rule-row").count() > 0 and page.get_by_test_id("unverified").count() > 0
    screenshot(page, "rule-rows-reward-amounts")
    page.get_by_test_id("rules-nav-decision-bases").click()
    screenshot(page, "rule-rows-decision-bases")
    page.get_by_test_id("rules-nav-base-salaries").click()
    page.get_by_test_id("new-rule-row").click()
    page.fill("#id_amount", "2.530.000")
    page.fill("#id_legal_basis", "Nghị định 152/2025/NĐ-CP")
    page.fill("#id_valid_from", "2026-07-01")
    page.fill("#id_valid_to", "2026-06-30")
    page.check("#id_unverified")
    page.get_by_test_id("save-rule-row").click()
    assert "Ngày kết thúc không được trước ngày bắt đầu." in page.content()
    screenshot(page, "rule-row-edit-error")
    page.fill("#id_valid_to", "")
    page.get_by_test_id("save-rule-row").click()
    assert "Đã lưu quy định." in page.locator(".alert-success").inner_text()
    assert "2.530.000" in page.get_by_test_id("rule-row").first.inner_text()
    screenshot(page, "rule-rows-base-salaries")
    row = BaseSalary.objects.get(amount=2_530_000)
    page.goto(f"{page.base_url}/awards/rules/base-salaries/{row.pk}/")
    assert page.get_by_test_id("history-row").count() == 1
    screenshot(page, "rule-row-edit")


def test_the_decision_page_offers_its_word_draft(open_as):
    decision = Decision.objects.filter(state=Decision.State.ISSUED).order_by("pk").first()
    page = open_as("bo")
    page.goto(f"{page.base_url}/awards/decisions/{decision.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("decision-docx").click()
    assert download.value.suggested_filename.startswith("quyet-dinh-") and download.value.suggested_filename.endswith(
        ".docx"
    )
    screenshot(page, "decision-detail-word")
