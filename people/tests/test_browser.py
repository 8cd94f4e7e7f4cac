"""The people journey in a real browser, with screenshots to look at: a unit official imports
the roster and fills the year grid in place, the council assesses, the head recognises, the
Ministry reads the record (logged) and a former unit sees the number masked."""

import io

import pytest
from openpyxl import Workbook

from emulation.demo import enforcement
from emulation.testing import screenshot
from people import cccd
from people.models import AccessLog, IndividualTitle, Person, Transfer

pytestmark = pytest.mark.browser
LAO_CAI = "cuc-thi-hanh-an-dan-su-tinh-lao-cai"


def _roster_file(tmp_path, existing):
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Chức vụ", "Loại cán bộ", "Từ ngày"])
    sheet.append(["Sùng Thị Mỷ", "14/08/1996", "Nữ", cccd.make("010", 1996, "female", 900001), "Thư ký thi hành án",
                  "Công chức", "01/03/2025"])  # fmt: skip
    sheet.append([existing.full_name, existing.date_of_birth.strftime("%d/%m/%Y"),
                  "Nam" if existing.gender == "male" else "Nữ", existing.cccd, "Chấp hành viên trung cấp",
                  "Công chức", "01/01/2010"])  # fmt: skip
    path = tmp_path / "danh-sach.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_roster_grid_council_decision_and_personal_data(open_as, tmp_path):
    official = open_as("canbo")
    base = official.base_url
    official.goto(f"{base}/people/")
    official.wait_for_url(f"**/people/units/{LAO_CAI}/")
    existing = Person.objects.filter(postings__unit__slug=LAO_CAI, postings__end__isnull=True).order_by("pk")[3]
    screenshot(official, "people-1-roster")

    official.goto(f"{base}/people/units/{LAO_CAI}/import/")
    official.set_input_files("input[type=file]", str(_roster_file(tmp_path, existing)))
    official.get_by_test_id("import").click()
    official.wait_for_url(f"**/people/units/{LAO_CAI}/")
    assert "thêm 1, cập nhật 1" in official.content()
    assert "Sùng Thị Mỷ" in official.get_by_test_id("roster").inner_text()

    # The year grid: grade the new person and register, then propose, without leaving the page.
    newcomer = Person.objects.get(full_name="Sùng Thị Mỷ")
    official.goto(f"{base}/people/units/{LAO_CAI}/2025/")
    row = official.locator(f"#row-{newcomer.pk}")
    row.locator("select[name$='-grading']").select_option("excellent")
    row.get_by_test_id("save-grade").click()
    official.locator(f"#row-{newcomer.pk} .alert-success").wait_for()
    official.locator(f"#row-{newcomer.pk}").get_by_test_id("register").click()
    official.locator(f"#row-{newcomer.pk}").get_by_test_id("propose").wait_for()
    official.locator(f"#row-{newcomer.pk}").get_by_test_id("propose").click()
    official.locator(f"#row-{newcomer.pk}").get_by_text("Đơn vị đã đề nghị").wait_for()
    screenshot(official, "people-2-grid-proposed")

    council = open_as("hoidong")
    council.goto(f"{base}/people/units/{LAO_CAI}/2025/")
    council.locator(f"#row-{newcomer.pk}").get_by_test_id("assess").click()
    council.locator(f"#row-{newcomer.pk}").get_by_text("Hội đồng đã xét").wait_for()

    head = open_as("thutruong")
    head.goto(f"{base}/people/units/{LAO_CAI}/2025/")
    row = head.locator(f"#row-{newcomer.pk}")
    row.locator("input[name=number]").fill("05/QĐ-CTHADS")
    row.get_by_test_id("decide").click()
    head.locator(f"#row-{newcomer.pk}").get_by_text("Đã công nhận bằng quyết định").wait_for()
    screenshot(head, "people-3-grid-recognised")
    record = IndividualTitle.objects.get(person_year__person=newcomer, person_year__year=2025)
    assert (record.status, record.decision_number) == ("decided", "05/QĐ-CTHADS")

    # The Ministry reads the full record, and the visit is logged; a former unit sees it masked.
    ministry = open_as("bo")
    ministry.goto(f"{base}/people/persons/{newcomer.pk}/")
    assert ministry.get_by_test_id("cccd").inner_text() == newcomer.cccd
    assert AccessLog.objects.filter(person=newcomer, user__username="bo").exists()
    screenshot(ministry, "people-4-person-ministry")
    ministry.goto(f"{base}/people/")
    screenshot(ministry, "people-5-sector-counts")

    moved = Transfer.objects.get(to_unit__name=enforcement("Lào Cai")).person
    former = open_as("truongcum")
    former.goto(f"{base}/people/persons/{moved.pk}/")
    assert former.get_by_test_id("cccd").inner_text() == moved.masked_cccd
    screenshot(former, "people-6-person-masked")
