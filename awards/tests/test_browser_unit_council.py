"""Browser journey of a unit's council voting by secret ballot (issue 14), in Chromium on the
demo: Cục THADS tỉnh Lào Cai's head opens the session being prepared from the year grid, the
council's two members vote on two proposals of Chiến sĩ thi đua cơ sở (one agreed by both, one
by neither: more than half of the whole council carries), the head closes and counts, which
assesses the title the ballot carried and leaves the other waiting, and the head recognises only
the carried one. Screenshots under test-artifacts/."""

import datetime
import io

import pytest
from pypdf import PdfReader

from awards.council import CouncilSession
from emulation.demo import enforcement
from emulation.testing import screenshot
from people.models import IndividualTitle, Person

pytestmark = pytest.mark.browser
S = IndividualTitle.Status
YEAR = 2025
FIGHTER = "chien-si-thi-dua-co-so"


def _the_year_so_far():
    """The unit's Lao động tiên tiến of 2025 all recognised (so the quota of Chiến sĩ thi đua cơ
    sở, 15% of them, leaves room for one), and a second proposal of Chiến sĩ thi đua cơ sở beside
    the demo's, for someone the council will not carry."""
    workers = IndividualTitle.objects.filter(
        person_year__unit__name=enforcement("Lào Cai"),
        person_year__year=YEAR,
        title__code="lao-dong-tien-tien",
    )
    workers.update(status=S.DECIDED, decision_number="01/QĐ-CTHADS", decision_date=datetime.date(2026, 1, 8))
    carried = IndividualTitle.objects.get(title__code=FIGHTER, person_year__year=YEAR, status=S.PROPOSED)
    other = (
        IndividualTitle.objects.filter(title__code="lao-dong-tien-tien", status=S.DECIDED, person_year__year=YEAR)
        .filter(person_year__unit=carried.person_year.unit)
        .exclude(person_year=carried.person_year)
        .order_by("-pk")  # not the head's own title
        .first()
    )
    not_carried = IndividualTitle.objects.create(person_year=other.person_year, title=carried.title, status=S.PROPOSED)
    return carried, not_carried


def _vote(page, base, session, agree):
    page.goto(f"{base}/awards/council/{session.pk}/")
    page.get_by_test_id("cast-council-ballot").click()
    page.check(f"#y{agree}")
    page.get_by_test_id("submit-ballot").click()
    page.get_by_test_id("receipt-code").wait_for()


def test_the_council_votes_and_the_head_recognises_only_what_it_carried(open_as, settings, tmp_path):
    settings.BALLOT_KEY_DIR = tmp_path
    carried, not_carried = _the_year_so_far()
    persons = {record.pk: Person.objects.get(years=record.person_year) for record in (carried, not_carried)}
    session = CouncilSession.objects.get(unit__name=enforcement("Lào Cai"), year=YEAR)
    slug = session.unit.slug

    # The head goes from the year grid to the council's sessions and opens the one being prepared.
    head = open_as("thutruong")
    base = head.base_url
    head.goto(f"{base}/people/units/{slug}/{YEAR}/")
    head.get_by_test_id("year-grid-link").click()
    head.get_by_test_id("unit-council-session").get_by_role("link").click()
    assert head.get_by_test_id("agenda-title").count() >= 2
    screenshot(head, "unit-council-1-agenda")
    head.get_by_test_id("open-session").click()
    head.get_by_test_id("council-ballot").wait_for()
    assert "Đang bỏ phiếu" in head.get_by_test_id("session-state").inner_text()
    vote = session.votes.get()
    candidates = {c.individual_title_id: c.pk for c in vote.candidates.all()}
    assert set(candidates) == {carried.pk, not_carried.pk}

    # Both members agree with the first proposal only, each on the ballot page.
    member = open_as("hoidong")
    _vote(member, base, session, candidates[carried.pk])
    screenshot(member, "unit-council-2-receipt")
    _vote(head, base, session, candidates[carried.pk])

    head.goto(f"{base}/awards/council/{session.pk}/")
    head.get_by_test_id("close-session").click()
    head.get_by_test_id("carried").wait_for()
    assert head.get_by_test_id("carried").count() == 1 and head.get_by_test_id("not-carried").count() == 1
    screenshot(head, "unit-council-3-result")
    # The minutes of the count (a PDF shown inline), under the unit's own heading.
    link = head.get_by_test_id("council-minutes").get_attribute("href")
    response = head.request.get(f"{base}{link}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    minutes = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in minutes and "BỘ TƯ PHÁP" not in minutes

    # The count assessed the carried title on the grid; the other waits, and says why.
    member.goto(f"{base}/people/units/{slug}/{YEAR}/")
    held = member.locator(f"#row-{persons[not_carried.pk].pk}").get_by_test_id(f"title-{FIGHTER}")
    assert held.get_by_test_id("assess").count() == 0 and "không đạt" in held.inner_text()
    title = member.locator(f"#row-{persons[carried.pk].pk}").get_by_test_id(f"title-{FIGHTER}")
    assert title.get_by_test_id("assess").count() == 0
    member.locator(f"#row-{persons[carried.pk].pk}").get_by_text("Hội đồng đã xét").wait_for()
    screenshot(member, "unit-council-4-grid-assessed")

    # The head recognises the carried title; the other is offered nothing to decide.
    head.goto(f"{base}/people/units/{slug}/{YEAR}/")
    assert (
        head.locator(f"#row-{persons[not_carried.pk].pk}")
        .get_by_test_id(f"title-{FIGHTER}")
        .get_by_test_id("decide")
        .count()
        == 0
    )
    title = head.locator(f"#row-{persons[carried.pk].pk}").get_by_test_id(f"title-{FIGHTER}")
    title.locator("input[name=number]").fill("07/QĐ-CTHADS")
    title.get_by_test_id("decide").click()
    head.locator(f"#row-{persons[carried.pk].pk}").get_by_test_id(f"title-{FIGHTER}").get_by_text(
        "Đã công nhận bằng quyết định"
    ).wait_for()
    screenshot(head, "unit-council-5-grid-recognised")
    assert IndividualTitle.objects.get(pk=carried.pk).status == S.DECIDED
    assert IndividualTitle.objects.get(pk=not_carried.pk).status == S.PROPOSED
