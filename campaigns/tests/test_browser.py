"""The whole pledge journey in a real browser, with screenshots to look at."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign, Pledge
from emulation.testing import screenshot

pytestmark = pytest.mark.browser

NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"


def regular_2023():
    return Campaign.objects.get(level="cluster", kind="regular", launching_cluster__slug=NORTH, first_year=2023)


def test_pledge_journey_create_return_fix_accept_and_results(open_as):
    campaign = regular_2023()
    official = open_as("canbo")
    base = official.base_url

    # The dashboard says a campaign waits for the unit's pledge.
    assert "Phong trào cần đăng ký thi đua" in official.get_by_test_id("actions").inner_text()
    official.goto(f"{base}/campaigns/{campaign.pk}/?year=2023")
    official.get_by_test_id("create-pledge").click()
    official.wait_for_url("**/edit/")
    rows = official.get_by_test_id("target-row")
    assert rows.count() == 7  # the region's seven common targets

    # Common targets without a default are typed the Vietnamese way.
    values = {1: "2.450", 2: "31.000", 3: "0", 4: "24.196"}
    for number, value in values.items():
        rows.nth(number - 1).locator("input[name$='-value']").fill(value)
    # Three own targets, added in place (one added by mistake and removed again).
    own = [
        ("Số việc thi hành xong có điều kiện", "việc", "21.000"),
        ("Tỷ lệ giải quyết khiếu nại", "%", "89,68"),
        ("Số buổi tập huấn nghiệp vụ", "buổi", "12"),
        ("Dòng thừa", "", "1"),
    ]
    for index, (name, measure, value) in enumerate(own):
        official.get_by_test_id("add-target").click()
        row = rows.nth(7 + index)
        row.locator("input[name$='-name']").wait_for()
        expect(row.locator("input[name$='-name']")).to_be_focused()  # autofocus on the new row
        row.locator("input[name$='-name']").fill(name)
        official.keyboard.press("Tab")
        official.keyboard.type(measure)
        row.locator("input[name$='-value']").fill(value)
    rows.nth(10).get_by_test_id("remove-target").click()
    official.get_by_test_id("removed-row").wait_for(state="attached")
    # The keyboard user lands on "add a target" again.
    expect(official.locator("#add-targets")).to_be_focused()
    assert rows.count() == 10
    official.select_option("#id_collective_title", label="Cờ thi đua ngành Tư pháp")
    official.fill("#id_commitments", "Hoàn thành vượt mức các chỉ tiêu được giao.")
    official.get_by_test_id("add-individual").click()
    person = official.get_by_test_id("individual-row").first
    person.locator("input[name$='-full_name']").fill("Nguyễn Thị Mai")
    person.locator("input[name$='-position']").fill("Chuyên viên")
    person.locator("select[name$='-title']").select_option(label="Chiến sĩ thi đua cơ sở")
    screenshot(official, "campaigns-pledge-form")
    official.get_by_test_id("save-submit").click()
    official.wait_for_url("**/campaigns/pledges/*/")
    assert official.get_by_test_id("status").first.inner_text() == "Đã gửi"
    pledge = Pledge.objects.get(campaign=campaign, unit__slug="cuc-thi-hanh-an-dan-su-tinh-lao-cai", year=2023)
    assert pledge.targets.count() == 10 and pledge.targets.filter(campaign_target__isnull=True).count() == 3
    assert pledge.is_late  # 2023's deadline has passed: the head decides

    # The cluster head sees it in the overview and returns it with a reason.
    head = open_as("truongcum")
    head.goto(f"{base}/campaigns/clusters/{NORTH}/?year=2023")
    row = head.get_by_test_id("member-row").filter(has_text="Cục Thi hành án dân sự tỉnh Lào Cai")
    assert "Đã gửi" in row.inner_text() and "quá hạn" in row.inner_text()
    screenshot(head, "campaigns-cluster-overview")
    row.get_by_role("link", name="Xem xét").click()
    head.fill("#id_reason", "Chỉ tiêu 2 thấp hơn kết quả năm 2022; đề nghị nâng lên.")
    head.get_by_test_id("return").click()
    assert "Bị trả lại" in head.get_by_test_id("status").first.inner_text()

    # The official sees why, fixes the target and resubmits.
    official.goto(f"{base}/")
    assert "Bản đăng ký bị trả lại cần sửa" in official.get_by_test_id("actions").inner_text()
    official.goto(f"{base}/campaigns/pledges/{pledge.pk}/")
    assert "đề nghị nâng lên" in official.get_by_test_id("return-reason").inner_text()
    official.get_by_test_id("edit").click()
    official.get_by_test_id("target-row").nth(1).locator("input[name$='-value']").fill("41.000")
    official.get_by_test_id("save-submit").click()
    official.wait_for_url("**/campaigns/pledges/*/")
    assert official.get_by_test_id("status").first.inner_text() == "Đã gửi"

    # The head accepts.
    head.goto(f"{base}/campaigns/pledges/{pledge.pk}/")
    head.get_by_test_id("accept").click()
    assert "Đã chấp thuận" in head.get_by_test_id("status").first.inner_text()

    # Year end: the official enters the results and sees 89,68%.
    official.goto(f"{base}/campaigns/pledges/{pledge.pk}/")
    official.get_by_test_id("enter-results").click()
    actuals = ["2.500", "42.000", "0", "21.698", "100", "0", "0", "20.500", "90,5", "12"]
    inputs = official.get_by_test_id("result-row").locator("input")
    for index, value in enumerate(actuals):
        inputs.nth(index).fill(value)
    official.fill("#id_results_report", "Đơn vị hoàn thành cơ bản các chỉ tiêu giao ước năm 2023.")
    screenshot(official, "campaigns-results-form")
    official.get_by_test_id("save-results").click()
    official.wait_for_url(f"**/campaigns/pledges/{pledge.pk}/")
    enforcement = official.get_by_test_id("target").filter(has_text="Số việc thi hành xong").first
    assert "89,68%" in enforcement.get_by_test_id("rate").inner_text()
    assert "không đạt" in enforcement.get_by_test_id("met").inner_text()
    screenshot(official, "campaigns-pledge-results")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.RESULTS_REPORTED


def test_cluster_head_launches_a_thematic_campaign_and_members_see_it(open_as):
    head = open_as("truongcum")
    base = head.base_url
    head.goto(f"{base}/campaigns/?year=2023")
    screenshot(head, "campaigns-index")
    head.get_by_test_id("launch").click()
    head.fill("#id_name", "Thi đua chuyên đề đẩy mạnh cải cách hành chính năm 2023")
    head.select_option("#id_kind", "thematic")
    head.select_option("#id_level", "cluster")
    head.select_option(
        "#id_launching_cluster", label="Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền núi biên giới phía Bắc"
    )
    head.fill("#id_document_number", "05/KH-KVMNBG")
    head.fill("#id_document_date", "2023-02-15")
    head.fill("#id_issuing_body", "Sở Tư pháp tỉnh Lào Cai (Trưởng Khu vực)")
    head.fill("#id_registration_deadline", "2023-03-15")
    head.get_by_label("Cờ thi đua ngành Tư pháp").check()
    head.fill("#id_phases-0-name", "Đợt 1")
    head.fill("#id_phases-0-number", "1")
    head.fill("#id_phases-0-start", "2023-01-01")
    head.fill("#id_phases-0-end", "2023-06-30")
    head.fill("#id_phases-0-goal", "Chào mừng 75 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc")
    head.fill("#id_targets-0-number", "1")
    head.fill("#id_targets-0-name", "Số thủ tục hành chính được cắt giảm")
    head.fill("#id_targets-0-unit_of_measure", "thủ tục")
    head.fill("#id_targets-0-default_value", "1.000")
    head.get_by_test_id("add-campaign-target").click()  # a fourth row, in place (htmx)
    head.fill("#id_targets-3-name", "Tỷ lệ hồ sơ giải quyết đúng hạn")
    head.fill("#id_targets-3-unit_of_measure", "%")
    head.fill("#id_targets-3-default_value", "98,5")
    screenshot(head, "campaigns-launch-form")
    head.get_by_test_id("save-campaign").click()
    head.wait_for_url("**/campaigns/*/")
    assert "cải cách hành chính" in head.get_by_test_id("campaign-name").inner_text()
    assert head.get_by_test_id("common-target").first.inner_text().endswith("1.000")
    assert head.get_by_test_id("common-target").last.inner_text().endswith("98,5")
    screenshot(head, "campaigns-campaign-detail")
    campaign = Campaign.objects.get(document_number="05/KH-KVMNBG")
    assert campaign.created_by.username == "truongcum" and campaign.clusters.get().slug == NORTH
    assert list(campaign.targets.order_by("number").values_list("number", "name")) == [
        (1, "Số thủ tục hành chính được cắt giảm"),
        (4, "Tỷ lệ hồ sơ giải quyết đúng hạn"),
    ]

    member = open_as("canbo")
    member.goto(f"{base}/campaigns/?year=2023")
    assert member.get_by_test_id("campaign-row").filter(has_text="cải cách hành chính").count() == 1


def test_the_signed_copy_is_linked_by_its_own_name_and_the_history_says_what_changed(open_as):
    from django.contrib.auth import get_user_model

    from campaigns import services

    from .conftest import PDF

    user = get_user_model().objects.get(username="canbo")
    pledge = services.create_pledge(regular_2023(), 2023, user)
    official = open_as("canbo")
    official.goto(f"{official.base_url}/campaigns/pledges/{pledge.pk}/edit/")
    official.set_input_files(
        "#id_signed_copy", files=[{"name": "Giao ước đã ký.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    official.fill("#id_commitments", "Hoàn thành các chỉ tiêu.")
    official.get_by_test_id("save").click()
    official.wait_for_load_state()
    link = official.locator("#div_id_signed_copy a, a[href$='/signed-copy/']").first
    expect(link).to_have_text("Giao ước đã ký.pdf")
    href = link.get_attribute("href")
    assert href == f"/campaigns/pledges/{pledge.pk}/signed-copy/" and "/media/" not in official.content()
    download = official.request.get(official.base_url + href)
    assert download.status == 200 and download.body().startswith(b"%PDF")
    official.goto(f"{official.base_url}/campaigns/pledges/{pledge.pk}/")
    history = official.get_by_test_id("history-line")
    expect(history.first).to_contain_text("Sửa nội dung")
    expect(history.first).to_contain_text("Nội dung cam kết")
    expect(history.last).to_contain_text("Tạo mới ở trạng thái Dự thảo")
    screenshot(official, "pledge-signed-copy-and-history")


def test_the_mid_year_progress_from_the_unit_to_the_cluster_head(open_as):
    head = open_as("truongcum")
    base = head.base_url
    own = Pledge.objects.get(campaign=regular_2023(), year=2023, unit__name="Sở Tư pháp tỉnh Lào Cai")
    assert own.status == Pledge.Status.ACCEPTED
    head.goto(f"{base}/campaigns/pledges/{own.pk}/")
    head.get_by_test_id("progress").click()
    head.wait_for_url("**/progress/")
    rows = head.get_by_test_id("progress-row")
    for index in range(rows.count()):
        rows.nth(index).locator("input").fill("1.250" if index == 0 else "84,8")
    head.get_by_test_id("submit-progress").click()  # no report text yet: the form comes back
    expect(head.get_by_test_id("form-errors").or_(head.locator(".invalid-feedback")).first).to_be_visible()
    expect(rows.nth(0).locator("input")).to_have_value("1.250")
    head.fill("#id_note", "Sáu tháng đầu năm đã hoàn thành phần lớn chỉ tiêu; chỉ tiêu 3 còn chậm do thiếu biên chế.")
    head.get_by_test_id("submit-progress").click()
    expect(head.get_by_test_id("progress-status")).to_have_text("Đã gửi")
    screenshot(head, "progress-form")

    head.goto(f"{base}/campaigns/clusters/{NORTH}/?year=2023")
    head.get_by_test_id("cluster-progress").click()
    table = head.get_by_test_id("progress-table")
    expect(table).to_contain_text("Sở Tư pháp tỉnh Lào Cai")
    expect(table).to_contain_text("1.250")
    expect(head.get_by_test_id("progress-summary")).to_contain_text("1 trên")
    screenshot(head, "cluster-progress")
