"""The journey in a real browser, on the demo data: the official of Cục THADS tỉnh Lào Cai
self-scores the 2023 table (20 criteria) with evidence and submits; the ministry's
reviewer corrects one criterion with a reason and makes the scorecard final; the ranking
shows the new order and band; the unit sees the change and why."""

from decimal import Decimal

import pytest

from emulation.testing import screenshot
from scoring.models import Scorecard

pytestmark = pytest.mark.browser

# criterion number → (value typed, planned) as the official of Lào Cai enters them
ENTRIES = {
    "1.1": "0",
    "1.2": "0",
    "1.3": "6",
    "2": "10",
    "3": "89,68",
    "4": "1",
    "5": "48",
    "6": "97",
    "7": "1",
    "8": "9",
    "9": ("20", "20"),
    "10": "9",
    "11": "14",
    "12": "10",
    "13": "9",
    "14": "1",
    "15": "92",
    "16": "0",
    "17": "2",
    "18": "1",
}
PDF = b"%PDF-1.4\n% Bao cao thong ke nam 2023 - Cuc THADS tinh Lao Cai\n"


def enter(page, number, typed):
    value, planned = typed if isinstance(typed, tuple) else (typed, None)
    field = page.get_by_test_id(f"input-{number}")
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)
    if planned is not None:
        page.get_by_test_id(f"planned-{number}").fill(planned)


def test_self_score_review_and_ranking(open_as, tmp_path):
    page = open_as("canbo")
    page.goto(f"{page.base_url}/scoring/?year=2023")
    page.get_by_test_id("start-self-score").click()
    page.wait_for_url("**/scoring/cards/*/")
    assert page.get_by_test_id("score-row").count() == 20

    for number, typed in ENTRIES.items():
        enter(page, number, typed)
    # Points appear as the official types (htmx), before anything is saved.
    page.get_by_test_id("points-3").filter(has_text="42,7").wait_for()
    page.get_by_test_id("live-total").filter(has_text="197,45").wait_for()
    assert page.get_by_test_id("points-1.1").inner_text() == "2"
    assert page.get_by_test_id("points-15").inner_text() == "3,75"
    assert "Hạng A" in page.get_by_test_id("live-band").inner_text()

    # A wrong figure is refused with the field's error, live.
    page.get_by_test_id("input-2").fill("12")
    page.get_by_test_id("errors-2").filter(has_text="10").wait_for()
    page.get_by_test_id("input-2").fill("10")
    page.get_by_test_id("errors-2").filter(has_text="10").wait_for(state="detached")

    # Evidence: a PDF for criterion 3, links for the others that require it.
    evidence = tmp_path / "bao-cao-thong-ke-2023.pdf"
    evidence.write_bytes(PDF)
    page.get_by_test_id("evidence-input-3").set_input_files(str(evidence))
    page.get_by_test_id("attach-3").click()
    page.get_by_test_id("evidence-3").get_by_test_id("evidence-file").wait_for()
    for number in ("1.1", "1.2", "5", "12"):
        page.get_by_test_id(f"evidence-{number}").locator("input[type=url]").fill(
            f"https://vanban.example.gov.vn/cuc-thads-lao-cai/2023/{number}"
        )
        page.get_by_test_id(f"attach-{number}").click()
        page.get_by_test_id(f"evidence-{number}").get_by_test_id("evidence-link").wait_for()
    assert page.get_by_test_id("input-3").input_value() == "89,68"  # typed values survive uploads
    screenshot(page, "scoring-self-score")

    page.get_by_test_id("submit-card").click()
    page.wait_for_load_state()
    card = Scorecard.objects.get(unit__name="Cục Thi hành án dân sự tỉnh Lào Cai", year=2023)
    assert card.status == "submitted", page.locator(".alert").all_inner_texts()
    assert card.self_total == Decimal("197.45")
    assert page.get_by_test_id("card-status").first.inner_text() == card.get_status_display()

    reviewer = open_as("bo")
    reviewer.goto(f"{reviewer.base_url}/scoring/cards/?year=2023&status=submitted")
    reviewer.get_by_role("link", name="Cục Thi hành án dân sự tỉnh Lào Cai").click()
    reviewer.get_by_test_id("evidence-3").get_by_test_id("evidence-file").wait_for()
    reviewer.get_by_test_id("review-3").fill("30")
    reviewer.get_by_test_id("complete-review").click()  # no reason: refused
    assert reviewer.get_by_test_id("reason-3").get_attribute("class").count("is-invalid") == 1
    card.refresh_from_db()
    assert card.status == "submitted"
    reason = "Tỷ lệ thi hành xong về việc theo số liệu thống kê là 63%, không phải 89,68%."
    reviewer.get_by_test_id("reason-3").fill(reason)
    reviewer.get_by_test_id("complete-review").click()
    reviewer.get_by_test_id("finalize-card").click()
    reviewer.get_by_test_id("locked").wait_for()
    assert reviewer.get_by_test_id("final-total").inner_text() == "184,75"
    screenshot(reviewer, "scoring-reviewed-final")

    reviewer.goto(f"{reviewer.base_url}/scoring/ranking/?year=2023&type=thads")
    units = reviewer.get_by_test_id("ranked-unit").all_inner_texts()
    assert units[:3] == [
        "Cục Thi hành án dân sự tỉnh Sơn La",
        "Cục Thi hành án dân sự tỉnh Lạng Sơn",
        "Cục Thi hành án dân sự tỉnh Lào Cai",
    ]
    lao_cai = reviewer.get_by_test_id("ranking-row").nth(2)
    assert lao_cai.get_by_test_id("rank").inner_text() == "3"
    assert lao_cai.get_by_test_id("band").inner_text().startswith("Hạng B")  # criterion 3 no longer in full
    assert reviewer.get_by_test_id("chart-bar").count() == 4
    screenshot(reviewer, "scoring-ranking")

    page.reload()
    change = page.get_by_test_id("change-row")
    assert change.count() == 1 and reason in change.inner_text()
    assert page.get_by_test_id("reviewed-3").inner_text() == "30"
    screenshot(page, "scoring-unit-sees-review")


def test_ministry_staff_copy_edit_import_and_publish_a_table(open_as, tmp_path):
    from io import BytesIO

    from openpyxl import Workbook

    from scoring.models import CriteriaTable

    page = open_as("bo")
    source = CriteriaTable.objects.get(year=2023, unit_type="thads")
    page.goto(f"{page.base_url}/scoring/tables/{source.pk}/")
    assert page.get_by_test_id("criterion-row").count() == 31  # 10 groups, 1 with 3 sub-criteria, 20 scored
    page.fill("#id_copy_year", "2024")
    page.get_by_test_id("copy-table").click()
    page.wait_for_url("**/scoring/tables/*/")
    copy = CriteriaTable.objects.get(year=2024, unit_type="thads")
    assert page.url.endswith(f"/scoring/tables/{copy.pk}/")
    assert "năm 2024" in page.get_by_test_id("table-name").inner_text()

    # Lowering one criterion's maximum breaks the sum: the page says so and publishing waits.
    page.get_by_test_id("criterion-row").filter(has_text="Báo cáo chuyên đề").get_by_role("link", name="Sửa").click()
    page.fill("#id_max_points", "8")
    page.get_by_test_id("save-criterion").click()
    page.get_by_test_id("table-problems").wait_for()
    assert "là 18, không bằng 20" in page.get_by_test_id("table-problems").inner_text()
    assert page.get_by_test_id("publish-table").is_disabled()
    screenshot(page, "scoring-table-builder")

    # A bad workbook names the row and column and imports nothing.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tiêu chí"
    for row in [["Số TT", "Tiêu chí", "Điểm chuẩn"], ["I", "Báo cáo", 200], ["1", "Báo cáo định kỳ", "hai trăm"]]:
        sheet.append(row)
    path = tmp_path / "bang-loi.xlsx"
    buffer = BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    page.get_by_test_id("import-link").click()
    page.set_input_files("#id_file", str(path))
    page.get_by_test_id("import-table").click()
    errors = page.get_by_test_id("sheet-errors").inner_text()
    assert "Dòng 3, cột C (Điểm chuẩn)" in errors
    screenshot(page, "scoring-import-errors")
    assert copy.criteria.count() == 31

    page.goto(f"{page.base_url}/scoring/tables/{copy.pk}/")
    page.get_by_test_id("criterion-row").filter(has_text="Báo cáo chuyên đề").get_by_role("link", name="Sửa").click()
    page.fill("#id_max_points", "10")
    page.get_by_test_id("save-criterion").click()
    page.get_by_test_id("publish-table").click()
    page.get_by_test_id("new-edition").wait_for()
    copy.refresh_from_db()
    assert copy.status == "published"
