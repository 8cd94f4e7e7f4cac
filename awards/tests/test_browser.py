"""The year-end vote in real browsers, one context per person: the head opens a vote
with 7 voters present of 8, each voter votes on their own page, the head watches the
count rise, closes, a tie at the last seat produces a runoff, the result is published
and a nomination is made from it."""

import pytest

from emulation.models import Membership, Unit
from emulation.testing import screenshot, wait_until
from emulation.tests.factories import ClusterFactory

pytestmark = pytest.mark.browser

A, B, C = "Sở Tư pháp tỉnh Sơn La", "Cục Thi hành án dân sự tỉnh Lào Cai", "Sở Tư pháp tỉnh Lạng Sơn"
# unit → the demo login of its head (thủ trưởng), who votes for it
VOTERS = {
    "Sở Tư pháp tỉnh Lào Cai": "gd.lao-cai",
    B: "thutruong",
    A: "gd.son-la",
    "Cục Thi hành án dân sự tỉnh Sơn La": "ct.son-la",
    C: "gd.lang-son",
    "Cục Thi hành án dân sự tỉnh Lạng Sơn": "ct.lang-son",
    "Sở Tư pháp tỉnh Hà Giang": "gd.ha-giang",
    "Cục Thi hành án dân sự tỉnh Hà Giang": "ct.ha-giang",  # absent
}
ABSENT = "Cục Thi hành án dân sự tỉnh Hà Giang"
# 7 ballots of at most 2: A 6, B 4, C 4 → A seated, B and C tied for the last seat.
FIRST_ROUND = [[A, B], [A, B], [A, B], [A, C], [A, C], [A, C], [B, C]]
RUNOFF = [[B], [B], [B], [B], [C], [C], [C]]


@pytest.fixture
def cluster(demo):
    """A cluster of 8 of the demo's units for 2023, headed by Sở Tư pháp tỉnh Lào Cai
    (so ``truongcum`` runs its vote)."""
    cluster = ClusterFactory(name="Cụm thi đua thử nghiệm bỏ phiếu", slug="cum-thu-nghiem")
    for name in VOTERS:
        role = "head" if name == "Sở Tư pháp tỉnh Lào Cai" else "member"
        Membership.objects.create(cluster=cluster, unit=Unit.objects.get(name=name), year=2023, role=role)
    return cluster


def vote_round(pages, ballots, vote_url, shot=None):
    """Each present voter opens the awards page, follows their ballot link, ticks and
    submits; returns the receipt codes."""
    codes = []
    for page, choice in zip(pages, ballots, strict=True):
        page.goto(f"{page.base_url}/awards/?year=2023")
        page.get_by_test_id("cast-link").click()
        assert page.url.startswith(vote_url)
        for name in choice:
            page.get_by_label(name).check()
        if shot and not codes:
            screenshot(page, shot)
        page.get_by_test_id("submit-ballot").click()
        codes.append(page.get_by_test_id("receipt-code").inner_text())
    return codes


def wait_for_count(page, expected):
    wait_until(lambda: page.get_by_test_id("voted-number").inner_text() == str(expected), timeout=20)


def test_a_cluster_votes_with_a_runoff_and_nominates(open_as, cluster):
    head = open_as("truongcum")
    head.goto(f"{head.base_url}/awards/?year=2023")
    head.get_by_test_id("new-vote").click()
    head.select_option("#id_cluster", label=cluster.name)
    head.select_option("#id_title", label="Cờ thi đua ngành Tư pháp")
    head.fill("#id_meeting_place", "Thành phố Lào Cai")
    head.get_by_test_id("create-vote").click()
    head.wait_for_url("**/awards/votes/*/")
    vote_url = head.url

    # The list proposed from registrations is replaced by A, B, C, each change with a reason.
    rows = head.get_by_test_id("candidate-row")
    for index in reversed(range(rows.count())):
        row = rows.nth(index)
        if not any(name in row.inner_text() for name in (A, B, C)):
            row.locator("input[name=reason]").fill("Không đủ điều kiện theo kết quả chấm điểm")
            row.get_by_role("button").click()
            head.wait_for_load_state()
    for name in (A, B, C):
        if not head.get_by_test_id("candidate-row").filter(has_text=name).count():
            head.select_option("#add-unit", label=name)
            head.fill("#add-reason", "Thành tích tiêu biểu, được Khu vực thống nhất đề xuất")
            head.get_by_test_id("add-candidate").get_by_role("button").click()
            head.wait_for_load_state()
    assert head.get_by_test_id("candidate-row").count() == 3
    head.fill("#id_seats", "2")
    head.get_by_test_id("save-settings").click()
    assert head.get_by_test_id("seats").inner_text() == "2"
    assert head.get_by_test_id("voter-row").count() == 8
    absent = Unit.objects.get(name=ABSENT)
    head.get_by_test_id(f"present-{absent.pk}").uncheck()
    screenshot(head, "awards-1-head-prepares")
    head.get_by_test_id("open-vote").click()
    assert "Đã mở bỏ phiếu" in head.locator(".alert-success").inner_text()
    wait_for_count(head, 0)

    present_logins = [login for name, login in VOTERS.items() if name != ABSENT]
    voters = [open_as(login) for login in present_logins]
    codes = vote_round(voters[:3], FIRST_ROUND[:3], vote_url, "awards-2a-voter-ballot")
    wait_for_count(head, 3)  # the head's screen follows by itself (htmx polling)
    screenshot(head, "awards-2-head-watches-the-count")
    screenshot(voters[2], "awards-3-voter-receipt")
    # A voter cannot vote twice: their page now says they have voted.
    voters[0].goto(f"{vote_url}ballot/")
    assert voters[0].get_by_test_id("already-voted").is_visible()
    codes += vote_round(voters[3:], FIRST_ROUND[3:], vote_url)
    wait_for_count(head, 7)
    assert len(set(codes)) == 7

    head.get_by_test_id("close-vote").click()
    assert "7 trên 8 đại biểu được triệu tập đã bỏ phiếu" in head.get_by_test_id("close-count").inner_text()
    screenshot(head, "awards-3a-close-asks-first")
    head.get_by_test_id("confirm-close").click()
    assert "bằng phiếu" in head.locator(".alert-warning").inner_text()
    votes = dict(
        zip(
            [r.locator("td").nth(1).inner_text() for r in head.get_by_test_id("result-row").all()],
            [r.get_by_test_id("result-votes").inner_text() for r in head.get_by_test_id("result-row").all()],
            strict=True,
        )
    )
    assert votes == {A: "6", B: "4", C: "4"}
    screenshot(head, "awards-4-tie-and-runoff")

    head.get_by_test_id("runoff-link").click()
    runoff_url = head.url
    assert head.get_by_test_id("candidate-row").count() == 2
    head.get_by_test_id("open-vote").click()
    vote_round(voters, RUNOFF, runoff_url, "awards-4a-runoff-ballot")
    wait_for_count(head, 7)
    head.get_by_test_id("close-vote").click()
    head.get_by_test_id("confirm-close").click()
    assert "Đã kết thúc bỏ phiếu" in head.locator(".alert-success").inner_text()
    head.goto(vote_url)
    # Members do not see the result before it is published.
    voters[4].goto(vote_url)
    assert voters[4].get_by_test_id("not-published").is_visible()
    head.get_by_test_id("publish-vote").click()
    assert head.get_by_test_id("winners").inner_text().endswith(f"{A}; {B}")
    voters[4].reload()
    assert "result-row" in voters[4].content()
    # A voter checks their receipt was counted.
    voters[4].get_by_test_id("receipt-check-link").click()
    voters[4].fill("#id_code", codes[4])
    voters[4].get_by_test_id("check-receipt").click()
    assert voters[4].get_by_test_id("receipt-found").is_visible()
    screenshot(voters[4], "awards-5-member-checks-receipt")

    head.get_by_test_id("nominate").click()
    head.get_by_role("link", name=B).click()
    head.fill("#id_achievement_summary", "Năm 2023 hoàn thành xuất sắc 7/7 chỉ tiêu giao ước thi đua của Khu vực.")
    head.get_by_test_id("save-nomination").click()
    head.get_by_test_id("submit-nomination").click()
    assert "Đã gửi đề nghị" in head.locator(".alert-success").inner_text()
    assert head.get_by_test_id("state").inner_text() == "Đã gửi Bộ"
    screenshot(head, "awards-6-nomination-submitted")
    head.goto(vote_url)
    screenshot(head, "awards-7-published-result")


def test_ministry_staff_decide_a_nomination_from_the_2022_demo(open_as):
    ministry = open_as("bo")
    ministry.goto(f"{ministry.base_url}/")
    ministry.get_by_role("link", name="Đề nghị khen thưởng chờ quyết định").click()
    assert ministry.get_by_test_id("nomination-row").count() == 6
    screenshot(ministry, "awards-8-nominations-to-decide")
    ministry.get_by_test_id("nomination-row").filter(has_text="Cờ thi đua của Chính phủ").get_by_role("link").click()
    ministry.fill("#id_decision_number", "1234/QĐ-TTg")
    ministry.fill("#id_decision_date", "2023-06-15")
    ministry.get_by_test_id("approve").click()
    assert "1234/QĐ-TTg — 15/06/2023" in ministry.get_by_test_id("decision").inner_text()
    screenshot(ministry, "awards-9-nomination-approved")
    ministry.goto(f"{ministry.base_url}/awards/history/")
    decided = ministry.get_by_test_id("history-row").filter(has_text="1234/QĐ-TTg")
    assert "Cục Thi hành án dân sự tỉnh Lào Cai" in decided.inner_text()
    screenshot(ministry, "awards-10-award-history")
    ministry.goto(f"{ministry.base_url}/awards/rules/")
    screenshot(ministry, "awards-11-rules")
    ministry.goto(f"{ministry.base_url}/awards/handovers/")
    rows = ministry.get_by_test_id("handover-row")
    assert rows.count() == 2  # the northern region's 2022 and the central region's 2017 (seed 000)
    rows.filter(has_text="2022").get_by_role("link").click()
    assert ministry.get_by_test_id("next-head").inner_text() == "Sở Tư pháp tỉnh Lào Cai"
    screenshot(ministry, "awards-12-handover-confirmed")


def test_on_a_phone_the_result_table_keeps_each_unit_name_on_one_line(open_as):
    from awards.models import Vote

    vote = Vote.objects.filter(state=Vote.State.PUBLISHED, runoff_of__isnull=True).order_by("pk").first()
    ministry = open_as("bo")
    ministry.set_viewport_size({"width": 375, "height": 812})
    ministry.goto(f"{ministry.base_url}/awards/votes/{vote.pk}/")
    cells = ministry.get_by_test_id("result-unit")
    assert cells.count() >= 2
    lines = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
    for index in range(cells.count()):
        assert cells.nth(index).evaluate(lines) == 1, cells.nth(index).inner_text()
    # The table scrolls sideways inside its box; the page itself does not.
    assert ministry.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    ministry.get_by_test_id("result-table").scroll_into_view_if_needed()
    screenshot(ministry, "awards-13-result-on-a-phone")
