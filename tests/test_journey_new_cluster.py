"""The journey of issue 10, in the browser, as the users would walk it: on 3 December
ministry staff create a new cluster for next year with four new units, appoint its head and
create the officials' accounts; each official sets their own password from the e-mailed
link and logs in. The official of Sở Tư pháp tỉnh Đắk Lắk finds next year's campaign
waiting on the dashboard (the working year), fills the pledge's targets and submits it; the
cluster head (Sở Tư pháp tỉnh Gia Lai) accepts it from the dashboard. At the end of 2027
the unit self-scores and submits its scorecard; the cluster head, assigned by ministry
staff to review the cluster's scorecards, reviews it from the dashboard and ministry staff
make it final; the cluster head prepares and runs the electronic vote for the sector's
flag, the four members' heads vote from their dashboards, the head closes and publishes it;
ministry staff build the cluster's year-end report (a real Celery worker) and download the
PDF, which names the cluster, its head, the final score and the vote.

Screenshots of each step go to /tmp/journey-*.png."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail

from awards.models import Vote
from campaigns.models import Pledge
from campaigns.tests.factories import CampaignFactory, CampaignTargetFactory
from emulation import years
from emulation.models import Cluster, Membership, Title, Unit
from reports.tests.pdf import pdf_text
from scoring.models import Scorecard
from scoring.tests.factories import build_table

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CLUSTER = "Cụm thi đua số VII"
SLUG = "cum-thi-dua-so-vii"
UNITS = [
    "Sở Tư pháp tỉnh Đắk Lắk",
    "Cục Thi hành án dân sự tỉnh Đắk Lắk",
    "Sở Tư pháp tỉnh Gia Lai",
    "Sở Tư pháp tỉnh Kon Tum",
]
DAK_LAK, THADS_DAK_LAK, GIA_LAI, KON_TUM = UNITS
HEAD_UNIT = GIA_LAI
# unit → its head's (name, e-mail, position); Đắk Lắk also gets a member of staff
HEADS = {
    DAK_LAK: ("Phạm Văn An", "an@daklak.gov.vn", "Giám đốc"),
    THADS_DAK_LAK: ("Lê Văn Cường", "cuong@thads-daklak.gov.vn", "Cục trưởng"),
    GIA_LAI: ("Trần Thị Dung", "dung@gialai.gov.vn", "Giám đốc"),
    KON_TUM: ("Hoàng Văn Em", "em@kontum.gov.vn", "Giám đốc"),
}
FLAG = "Cờ thi đua ngành Tư pháp"
PDF = b"%PDF-1.4\n% Xac nhan cua Chu tich UBND tinh Dak Lak nam 2027\n"


def shot(page, name):
    page.screenshot(path=f"/tmp/journey-{name}.png", full_page=True)


def reset_link(email):
    """The set-your-password link of the e-mail sent to ``email``."""
    message = next(m for m in mail.outbox if email in m.to)
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


def create_officials(page, unit, rows):
    """Ministry staff create a unit's officials from one form: rows of (name, e-mail,
    position, is the unit's head)."""
    page.goto(page.base_url + f"/units/{unit.slug}/officials/new/")
    for index, (name, email, position, is_head) in enumerate(rows):
        page.fill(f"#id_o-{index}-full_name", name)
        page.fill(f"#id_o-{index}-email", email)
        if position:
            page.fill(f"#id_o-{index}-position", position)
        if is_head:
            page.check(f"#id_o-{index}-is_unit_head")
    page.click("[data-testid=create-officials]")
    page.wait_for_url(re.compile(rf"/units/{unit.slug}/$"))


@pytest.fixture
def sign_in(chromium, live_server):
    """sign_in(email, password, name): the official follows the e-mailed link, sets their
    password and logs in; a page of their own browser context (closed after the test, with
    no Content Security Policy violation)."""
    contexts, violations = [], []

    def sign_in_as(email, password, name):
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.base_url = live_server.url
        page.goto(reset_link(email))
        page.fill("#id_new_password1", password)
        page.fill("#id_new_password2", password)
        shot(page, f"set-password-{name}")
        page.click("[data-testid=set-password]")
        page.click("[data-testid=to-login]")
        page.fill("#id_username", email)
        page.fill("#id_password", password)
        page.press("#id_password", "Enter")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield sign_in_as
    for context in contexts:
        context.close()
    assert not violations, f"Content Security Policy violations: {violations}"


def set_up_cluster(page):
    """Ministry staff: the cluster, its four units, their membership in 2027, the head."""
    page.goto(page.base_url + "/setup/2027/")
    page.click("[data-testid=new-cluster]")
    page.fill("#id_name", CLUSTER)
    page.fill("#id_first_year", "2027")
    page.click("[data-testid=save]")
    page.wait_for_url(re.compile(rf"/clusters/{SLUG}/"))
    for name in UNITS:
        page.goto(page.base_url + "/setup/units/new/")
        page.fill("#id_name", name)
        page.select_option("#id_type", "doj" if name.startswith("Sở") else "thads")
        page.click("[data-testid=save]")
        page.wait_for_url(re.compile(r"/units/"))
    shot(page, "01-unit-created")
    page.goto(page.base_url + f"/setup/2027/clusters/{SLUG}/members/")
    for name in UNITS:
        page.get_by_label(name, exact=True).check()
    shot(page, "02-cluster-members")
    page.click("[data-testid=save-members]")
    page.wait_for_selector("[data-testid=member]")
    cluster = Cluster.objects.get(slug=SLUG)
    assert Membership.objects.filter(cluster=cluster, year=2027).count() == 4

    # The year's set-up page: the new cluster's row, its head chosen among its members.
    page.goto(page.base_url + "/setup/2027/")
    row = page.get_by_test_id("setup-row").filter(has_text=CLUSTER)
    row.locator(f"#id_c{cluster.pk}-head").select_option(label=HEAD_UNIT)
    shot(page, "03-year-setup")
    page.get_by_test_id("save-leadership").click()
    page.locator(".alert-success").wait_for()
    head = Membership.objects.get(cluster=cluster, year=2027, role=Membership.Role.HEAD)
    assert head.unit.name == HEAD_UNIT
    return cluster


def test_a_new_cluster_for_next_year_from_set_up_to_the_year_end_report(open_as, sign_in, monkeypatch, celery_worker):
    monkeypatch.setattr(years, "today", lambda: datetime.date(2026, 12, 3))
    ministry = open_as("bo")
    base = ministry.base_url
    cluster = set_up_cluster(ministry)

    # Officials: Đắk Lắk's head and one member of staff, and the head of each other unit.
    units = {name: Unit.objects.get(name=name) for name in UNITS}
    dak_lak = units[DAK_LAK]
    create_officials(ministry, dak_lak, [(*HEADS[DAK_LAK], True), ("Vũ Thị Bình", "binh@daklak.gov.vn", "", False)])
    shot(ministry, "04-officials-created")
    for name in UNITS[1:]:
        create_officials(ministry, units[name], [(*HEADS[name], True)])
    assert len(mail.outbox) == 5

    # Made by factories, walked in the browser by other tests: next year's regular campaign
    # that the cluster head launches (campaigns/tests/test_browser.py walks that form),
    # with two common targets and the sector's flag to register for; and the published
    # 2027 criteria table for the provinces' departments of justice (scoring's browser test
    # walks copying a table to a new year and publishing it).
    campaign = CampaignFactory(
        name="Phong trào thi đua thường xuyên năm 2027 của Cụm thi đua số VII",
        launching_cluster=cluster,
        first_year=2027,
        last_year=2027,
        document_number="12/KH-CTĐVII",
        document_date=datetime.date(2026, 11, 30),
        issuing_body="Sở Tư pháp tỉnh Gia Lai (Trưởng Cụm)",
        registration_deadline=datetime.date(2027, 1, 31),
        titles=[Title.objects.get(name=FLAG)],
    )
    CampaignTargetFactory(campaign=campaign, number=1, name="Số văn bản được thẩm định", unit_of_measure="văn bản")
    CampaignTargetFactory(campaign=campaign, number=2, name="Số vụ việc được trợ giúp pháp lý", unit_of_measure="vụ")
    table = build_table(year=2027, unit_type="doj", groups=2, per_group=2, name="Bảng tiêu chí Sở Tư pháp năm 2027")

    # Ministry staff assign the cluster head to review the cluster's scorecards of that table.
    ministry.goto(f"{base}/scoring/tables/{table.pk}/reviewers/")
    ministry.select_option("#id_reviewer", label=HEAD_UNIT)
    ministry.select_option("#id_cluster", label=CLUSTER)
    ministry.get_by_role("button", name="Phân công").click()
    ministry.get_by_test_id("assignment").filter(has_text=HEAD_UNIT).wait_for()
    shot(ministry, "05-reviewer-assigned")

    # Each official sets their own password and logs in.
    official = sign_in(HEADS[DAK_LAK][1], "Cum-VII-2027-an", "dak-lak")
    assert DAK_LAK in official.content()
    head = sign_in(HEADS[GIA_LAI][1], "Cum-VII-2027-dung", "gia-lai")
    others = [
        sign_in(HEADS[name][1], f"Cum-VII-2027-{i}", f"member-{i}") for i, name in enumerate((THADS_DAK_LAK, KON_TUM))
    ]

    # The official's dashboard opens on 2027 and says a campaign waits for the pledge.
    assert "2027" in official.locator("h1").inner_text()
    shot(official, "06-official-dashboard")
    official.get_by_text("Phong trào cần đăng ký thi đua").click()
    official.get_by_role("link", name=campaign.name).click()
    official.get_by_test_id("create-pledge").click()
    official.wait_for_url("**/edit/")
    rows = official.get_by_test_id("target-row")
    assert rows.count() == 2
    rows.nth(0).locator("input[name$='-value']").fill("1.250")
    rows.nth(1).locator("input[name$='-value']").fill("340")
    official.get_by_test_id("add-target").click()
    own = rows.nth(2)
    own.locator("input[name$='-name']").wait_for()
    own.locator("input[name$='-name']").fill("Tỷ lệ hồ sơ lý lịch tư pháp trả đúng hạn")
    own.locator("input[name$='-unit_of_measure']").fill("%")
    own.locator("input[name$='-value']").fill("98,5")
    official.select_option("#id_collective_title", label=FLAG)
    official.fill("#id_commitments", "Hoàn thành vượt mức các chỉ tiêu giao ước năm 2027 của Cụm.")
    shot(official, "07-pledge-form")
    official.get_by_test_id("save-submit").click()
    official.wait_for_url("**/campaigns/pledges/*/")
    assert official.get_by_test_id("status").first.inner_text() == "Đã gửi"
    pledge = Pledge.objects.get(campaign=campaign, unit=dak_lak, year=2027)
    assert pledge.targets.count() == 3 and not pledge.is_late
    assert sorted(pledge.targets.values_list("value", flat=True)) == [Decimal("98.5"), 340, 1250]

    # The cluster head sees it in the cluster's overview, and on the dashboard's to-do list
    # from which they open it and accept it.
    head.goto(f"{base}/campaigns/clusters/{SLUG}/?year=2027")
    assert "Đã gửi" in head.get_by_test_id("member-row").filter(has_text=DAK_LAK).inner_text()
    shot(head, "08-cluster-overview")
    head.goto(f"{base}/")
    head.get_by_test_id("actions").get_by_role("link", name="Bản đăng ký cần xem xét").click()
    head.get_by_test_id("pledge-row").get_by_role("link", name=DAK_LAK).click()
    head.get_by_test_id("accept").click()
    assert "Đã chấp thuận" in head.get_by_test_id("status").first.inner_text()
    shot(head, "09-pledge-accepted")

    # December 2027: the unit self-scores its scorecard and submits it.
    monkeypatch.setattr(years, "today", lambda: datetime.date(2027, 12, 10))
    official.goto(f"{base}/scoring/?year=2027")
    official.get_by_test_id("start-self-score").click()
    official.wait_for_url("**/scoring/cards/*/")
    assert official.get_by_test_id("score-row").count() == 4
    # A department of justice's scorecard goes with the provincial chairman's certification.
    official.get_by_test_id("certification-input").set_input_files(
        files=[{"name": "Xác nhận của Chủ tịch UBND tỉnh.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    official.get_by_test_id("attach-certification").click()
    official.get_by_test_id("certification-file").wait_for()
    for number, typed in {"1": "10", "2": "9", "3": "10", "4": "8,5"}.items():
        official.get_by_test_id(f"input-{number}").fill(typed)
    official.get_by_test_id("live-total").filter(has_text="37,5").wait_for()
    shot(official, "10-self-score")
    official.get_by_test_id("submit-card").click()
    official.wait_for_load_state()
    card = Scorecard.objects.get(unit=dak_lak, year=2027)
    assert card.status == Scorecard.Status.SUBMITTED, official.locator(".alert").all_inner_texts()
    assert card.self_total == Decimal("37.5")

    # The cluster head reviews it: one criterion lowered, with the reason.
    head.goto(f"{base}/")
    shot(head, "11-head-dashboard")
    head.get_by_test_id("actions").get_by_role("link", name="Phiếu chấm điểm chờ thẩm định").click()
    head.get_by_role("link", name=DAK_LAK).click()
    head.get_by_test_id("review-3").fill("8")
    head.get_by_test_id("reason-3").fill("Hồ sơ chứng minh chỉ đủ cho 8 điểm.")
    head.get_by_test_id("complete-review").click()
    head.wait_for_load_state()
    shot(head, "12-card-reviewed")
    card.refresh_from_db()
    assert card.status == Scorecard.Status.REVIEWED and card.reviewed_total == Decimal("35.5")

    # Ministry staff make it final from their dashboard: the ranking and the report count it.
    ministry.goto(f"{base}/?year=2027")
    ministry.get_by_test_id("actions").get_by_role("link", name="Phiếu đã thẩm định chờ chốt kết quả").click()
    ministry.get_by_role("link", name=DAK_LAK).click()
    ministry.get_by_test_id("finalize-card").click()
    ministry.get_by_test_id("locked").wait_for()
    assert ministry.get_by_test_id("final-total").inner_text() == "35,5"
    shot(ministry, "12a-card-final")
    ministry.goto(f"{base}/scoring/ranking/?year=2027&type=doj")
    assert ministry.get_by_test_id("ranked-unit").all_inner_texts() == [DAK_LAK]
    shot(ministry, "12b-ranking")
    # The unit sees what the review changed, and why.
    official.goto(f"{base}/scoring/cards/{card.pk}/")
    assert "chỉ đủ cho 8 điểm" in official.get_by_test_id("change-row").inner_text()

    # The cluster head prepares the vote for the sector's flag: the pledge's registration
    # proposes Đắk Lắk; Kon Tum is added by hand; one seat.
    head.goto(f"{base}/awards/?year=2027")
    head.get_by_test_id("new-vote").click()
    head.select_option("#id_cluster", label=CLUSTER)
    head.select_option("#id_title", label=FLAG)
    head.fill("#id_meeting_place", "Thành phố Pleiku")
    head.get_by_test_id("create-vote").click()
    head.wait_for_url("**/awards/votes/*/")
    vote_url = head.url
    vote = Vote.objects.get(cluster=cluster, year=2027)
    assert head.get_by_test_id("candidate-row").filter(has_text=DAK_LAK).count() == 1
    head.select_option("#add-unit", label=KON_TUM)
    head.fill("#add-reason", "Thành tích tiêu biểu trong công tác hộ tịch")
    head.get_by_test_id("add-candidate").get_by_role("button").click()
    head.get_by_test_id("candidate-row").filter(has_text=KON_TUM).wait_for()
    assert head.get_by_test_id("voter-row").count() == 4
    head.fill("#id_seats", "1")  # the rule's five seats are more than this cluster's members
    head.get_by_test_id("save-settings").click()
    assert head.get_by_test_id("seats").inner_text() == "1"
    shot(head, "13-vote-prepared")
    head.get_by_test_id("open-vote").click()
    assert "Đã mở bỏ phiếu" in head.locator(".alert-success").inner_text()

    # The four members' heads vote, each on their own page; the head of the head unit too.
    for voter, choice in zip([official, head, *others], [DAK_LAK, DAK_LAK, KON_TUM, DAK_LAK], strict=True):
        voter.goto(f"{base}/")
        voter.get_by_test_id("actions").get_by_role("link", name="Bỏ phiếu của bạn").click()
        voter.get_by_label(choice).check()
        if voter is official:
            shot(voter, "14-ballot")
        voter.get_by_test_id("submit-ballot").click()
        voter.get_by_test_id("receipt-code").wait_for()
    head.goto(vote_url)
    assert head.get_by_test_id("voted-number").inner_text() == "4"
    head.get_by_test_id("close-vote").click()
    assert "4 trên 4" in head.get_by_test_id("close-count").inner_text()
    head.get_by_test_id("confirm-close").click()
    head.get_by_test_id("publish-vote").click()
    assert head.get_by_test_id("winners").inner_text().endswith(DAK_LAK)
    shot(head, "15-vote-published")
    vote.refresh_from_db()
    assert vote.state == Vote.State.PUBLISHED

    # The cluster head may build the cluster's year-end report too; ministry staff build it
    # (a real worker) and download it.
    head.goto(f"{base}/reports/cluster/{SLUG}/2027/")
    assert head.get_by_test_id("request-cluster_year").count() == 1
    ministry.goto(f"{base}/reports/?year=2027")
    ministry.get_by_test_id("cluster-link").filter(has_text=CLUSTER).click()
    shot(ministry, "16-cluster-reports")
    ministry.fill("#id_document_date", "2027-12-20")
    ministry.get_by_test_id("request-cluster_year").click()
    ministry.wait_for_url("**/reports/jobs/*/")
    download = ministry.get_by_test_id("download-pdf")
    download.wait_for(timeout=90_000)
    shot(ministry, "17-report-done")
    with ministry.expect_download() as info:
        download.click()
    with open(info.value.path(), "rb") as handle:
        text = pdf_text(handle.read())
    for name in (CLUSTER, DAK_LAK, GIA_LAI, "ngày 20 tháng 12 năm 2027", "35,5"):
        assert name in " ".join(text.split()), name
