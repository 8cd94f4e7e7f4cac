"""A statistics form's files through the browser: the page's button, the job's page while the
worker builds it, and both downloads."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from emulation.testing import screenshot

from .pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_ministry_staff_build_a_statistics_form_and_download_both_files(open_as, celery_worker):
    page = open_as("bo")
    page.goto(f"{page.base_url}/reports/?year=2023")
    page.get_by_test_id("statistics-link").click()
    page.get_by_test_id("form-0603").click()
    page.wait_for_url("**form=0603")
    screenshot(page, "statistics-form")
    page.get_by_test_id("request-statistics").click()
    page.wait_for_url("**/reports/jobs/*/")
    download_button = page.get_by_test_id("download-pdf")
    download_button.wait_for(timeout=90_000)
    screenshot(page, "statistics-job-done")
    with page.expect_download() as info:
        download_button.click()
    assert info.value.suggested_filename == "bieu-0603-2023.pdf"
    with open(info.value.path(), "rb") as handle:
        assert "BIỂU THỐNG KÊ 0603" in pdf_text(handle.read())
    with page.expect_download() as info:
        page.get_by_test_id("download-xlsx").click()
    assert info.value.suggested_filename == "bieu-0603-2023.xlsx"
    with open(info.value.path(), "rb") as handle:
        assert load_workbook(BytesIO(handle.read()))["Biểu 0603"]["A2"].value
    page.get_by_test_id("statistics-page").click()
    page.wait_for_url("**form=0603")
    assert page.get_by_test_id("job-row").count() == 1
