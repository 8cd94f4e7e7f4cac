import pytest

from emulation.testing import screenshot

from .pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_ministry_staff_build_the_sector_summary_and_download_it(open_as, celery_worker):
    page = open_as("bo")
    page.get_by_role("link", name="Báo cáo").first.click()
    page.select_option("#year-select", "2022")
    page.wait_for_url("**year=2022")
    screenshot(page, "reports-index")
    page.get_by_test_id("sector-link").click()
    screenshot(page, "report-sector-request")
    page.fill("#id_document_date", "2022-12-15")
    page.get_by_test_id("request-sector_year").click()
    page.wait_for_url("**/reports/jobs/*/")
    screenshot(page, "report-job-progress")
    download_button = page.get_by_test_id("download-pdf")
    download_button.wait_for(timeout=90_000)
    assert page.get_by_test_id("job-percent").inner_text() == "100%"
    screenshot(page, "report-job-done")
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "bao-cao-tong-hop-nganh-2022.pdf"
    with open(download.path(), "rb") as handle:
        text = pdf_text(handle.read())
    assert "BÁO CÁO" in text and "Hà Nội, ngày 15 tháng 12 năm 2022" in text


def test_a_member_gets_the_pledge_agreement_from_the_cluster_page(open_as, celery_worker):
    page = open_as("canbo")
    page.goto(f"{page.base_url}/reports/?year=2023")
    page.get_by_test_id("cluster-link").filter(has_text="Khu vực thi đua khối cơ quan Tư pháp").click()
    assert page.get_by_test_id("request-cluster_year").count() == 0  # not for members
    screenshot(page, "report-cluster-member")
    page.get_by_test_id("request-pledge_agreement").click()
    page.get_by_test_id("download-pdf").wait_for(timeout=90_000)
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    with open(info.value.path(), "rb") as handle:
        assert "BẢN KÝ KẾT GIAO ƯỚC THI ĐUA" in pdf_text(handle.read())
