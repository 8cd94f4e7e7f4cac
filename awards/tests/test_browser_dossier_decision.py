"""Issue 15's journey in the browser, from a unit's dossier to the published decision: Cục Thi hành
án dân sự tỉnh Lào Cai (``canbo``) prepares its 2025 dossier, one of its staff for Chiến sĩ thi
đua Bộ, ngành and the unit itself for Cờ thi đua ngành Tư pháp; it attaches the documents the
checklist asks for but one and is refused until it adds it; it sends the dossier. The emulation
office (``bo``) receives it, opens the person's achievement report, finds it lacks the
superior's certification and returns the dossier once with the reason; the unit replaces the
report and sends again. The office receives it again, records its verdicts, finishes the check,
sends it to the council and puts it on the agenda of the council's session; the three members of
the council each cast a secret ballot for the person (the rule asks 90% of the whole membership)
and the office closes the session, which counts them. The office publishes the recipients for
comment; an anonymous visitor comments on the public page; deciding is blocked during the
period. When the period has passed the office closes the consultation, resolves the comment,
drafts the decision from the dossier in the register and issues it with its number, date and
signer: both awards appear in the award history and in the public list of decisions.

Screenshots go to test-artifacts/dossier-decision-*.png."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from awards.consultations import Consultation, ConsultationRule
from awards.models import Dossier
from emulation.models import Title, Unit
from emulation.testing import screenshot
from people.models import IndividualTitle, Initiative, InitiativeAuthor, Person, PersonYear
from schedule.models import Step, StepKind

pytestmark = pytest.mark.browser

UNIT = "Cục Thi hành án dân sự tỉnh Lào Cai"
PERSON = "Hà Ngọc Ánh"
YEAR = 2025
SUBJECT = "Đề nghị khen thưởng cấp Bộ năm 2025 (hành trình thử nghiệm)"
COMMENT = "Đồng chí Hà Ngọc Ánh nhiệt tình, được nhân dân trong huyện tin tưởng."
RETURN_REASON = "Báo cáo thành tích của đồng chí Hà Ngọc Ánh chưa có xác nhận của cấp trình khen."
NUMBER = "215"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
COUNCIL = ("hoidongnganh", "uyvien1", "uyvien2")  # the demo's sector council


@pytest.fixture
def setup(demo):
    """What stands before the journey: the person's three years of Chiến sĩ thi đua cơ sở and an
    initiative recognised with a sector-wide effect in 2024 (the prerequisites of the Bộ, ngành
    title, decided in earlier years) and the rule that
    the Bộ, ngành title is published for comment for 3 days (rule data, as ministry staff keep it)."""
    unit = Unit.objects.get(name=UNIT)
    person = Person.objects.get(full_name=PERSON, postings__unit=unit)
    base_title = Title.objects.get(code="chien-si-thi-dua-co-so")
    # Walked after the round's date for dossiers (10/01/2026), which the demo's calendar keeps
    # strictly; this round's calendar takes late dossiers, recorded late.
    Step.objects.filter(year=2025, kind=StepKind.DOSSIERS).update(blocking=False)
    for year in (2023, 2024, 2025):
        person_year, _created = PersonYear.objects.update_or_create(
            person=person, year=year, defaults={"unit": unit, "grading": "excellent", "discipline": ""}
        )
        IndividualTitle.objects.update_or_create(
            person_year=person_year,
            title=base_title,
            defaults={
                "status": IndividualTitle.Status.DECIDED,
                "decision_number": f"{year}/QĐ-CTHADS",
                "decision_date": datetime.date(year + 1, 1, 15),
            },
        )
    initiative = Initiative.objects.create(
        unit=unit, year=2024, name="Sổ theo dõi thi hành án điện tử dùng chung toàn ngành", changes="Sổ điện tử",
        first_applied=datetime.date(2024, 3, 1), effect="Áp dụng tại các cơ quan thi hành án dân sự",
        status=Initiative.Status.RECOGNISED, scope="sector", decision_number="88/QĐ-BTP",
        decision_date=datetime.date(2024, 11, 20),
    )  # fmt: skip
    InitiativeAuthor.objects.create(initiative=initiative, person=person, share=100)
    ConsultationRule.objects.create(
        title=Title.objects.get(code="chien-si-thi-dua-bo-nganh"),
        days=3,
        legal_basis="Nghị định 152/2025/NĐ-CP (lấy ý kiến) [cần xác minh]",
        valid_from=datetime.date(2024, 1, 1),
        unverified=True,
    )
    return unit, person


def attach(page, kind, line="", name="tai-lieu.pdf"):
    page.select_option("#id_kind", kind)
    page.select_option("#id_line", line)
    page.set_input_files("#id_file", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_test_id("attach-document").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count(), page.locator(".alert").all_inner_texts()


def add_line(page, *, title, person="", unit="", summary):
    page.locator("details", has=page.get_by_test_id("add-line")).locator("summary").click()
    if person:
        page.select_option("#id_person", person)
    if unit:
        page.select_option("#id_unit", unit)
    page.select_option("#id_title", str(title.pk))
    page.fill("#id_achievement_summary", summary)
    page.get_by_test_id("add-line").click()
    page.wait_for_load_state()


def checklist_missing(page):
    return page.get_by_test_id("missing").count()


def receive(office, dossier_url):
    office.goto(dossier_url)
    office.select_option("#id_officer", label="Phạm Văn Bình")
    office.get_by_test_id("receive-dossier").click()
    assert office.get_by_test_id("verdict-form").count() == 2


def _prepare(j):
    """The unit prepares its dossier: refused until the checklist is complete."""
    j.unit_page = j.open_as("canbo")
    j.unit_page.goto(f"{j.unit_page.base_url}/awards/dossiers/new/")
    j.unit_page.fill("#id_year", str(YEAR))
    j.unit_page.select_option("#id_level", "ministry")
    j.unit_page.fill("#id_subject", SUBJECT)
    j.unit_page.get_by_test_id("save-dossier").click()
    j.unit_page.wait_for_url("**/awards/dossiers/*/")
    j.url = j.unit_page.url
    j.dossier = Dossier.objects.get(subject=SUBJECT)
    assert j.dossier.unit == j.unit and j.dossier.state == Dossier.State.DRAFT

    add_line(
        j.unit_page,
        title=j.cstd_bo,
        person=str(j.person.pk),
        summary="Ba năm liền đạt Chiến sĩ thi đua cơ sở; sáng kiến rút ngắn thời gian xác minh điều kiện thi hành án.",
    )
    add_line(
        j.unit_page,
        title=j.flag,
        unit=str(j.unit.pk),
        summary="Dẫn đầu Khu vực về tỷ lệ thi hành xong việc và tiền năm 2025.",
    )
    assert j.unit_page.get_by_test_id("dossier-line").count() == 2
    assert not j.unit_page.get_by_test_id("ineligible").count()  # both meet the title's prerequisites
    j.person_line, j.unit_line = j.dossier.lines.order_by("pk")
    # Everything the checklist asks for but the minutes of the unit council's meeting.
    for kind, line in [
        ("cover_letter", ""),
        ("recipient_list", ""),
        ("ballot_result", ""),
        ("achievement_report", str(j.person_line.pk)),
        ("initiative_proof", str(j.person_line.pk)),
        ("no_discipline", str(j.person_line.pk)),
        ("achievement_report", str(j.unit_line.pk)),
    ]:
        attach(j.unit_page, kind, line, name=f"{kind}.pdf")
    assert checklist_missing(j.unit_page) == 1
    assert "Biên bản họp" in j.unit_page.get_by_test_id("missing").locator("..").inner_text()
    screenshot(j.unit_page, "dossier-decision-1-unit-checklist-one-missing")
    # Sending is refused, naming the missing document.
    j.unit_page.get_by_test_id("submit-dossier").click()
    assert "Biên bản họp" in j.unit_page.locator(".alert-danger").inner_text()
    assert j.unit_page.get_by_test_id("submit-dossier").is_visible()
    attach(j.unit_page, "council_minutes", name="bien-ban-hop.pdf")
    assert checklist_missing(j.unit_page) == 0
    j.unit_page.get_by_test_id("submit-dossier").click()
    assert j.unit_page.locator(".alert-success").count()
    assert j.unit_page.get_by_test_id("holder").inner_text() == "Vụ Tổ chức cán bộ"  # straight to the office
    assert "Chậm" in j.unit_page.get_by_test_id("days-late").inner_text()  # reached the Ministry after 10/01/2026


def _return_once(j):
    """The office receives it, finds the report uncertified and returns it."""
    j.office = j.open_as("bo")
    j.office.goto(f"{j.office.base_url}/awards/dossiers/inbox/")
    j.office.get_by_role("link", name=SUBJECT).click()
    assert j.office.url == j.url
    receive(j.office, j.url)
    report = j.office.get_by_test_id("dossier-document").filter(has_text="Báo cáo thành tích").filter(has_text=PERSON)
    with j.office.expect_download() as download:
        report.get_by_role("link").click()
    assert download.value.suggested_filename.endswith(".pdf")
    j.office.fill("#id_reason", RETURN_REASON)
    j.office.get_by_test_id("return-dossier").click()
    assert j.office.get_by_test_id("holder").inner_text() == UNIT
    screenshot(j.office, "dossier-decision-2-office-returns")


def _resend(j):
    """The unit replaces the report and sends again."""
    j.unit_page.goto(j.url)
    assert RETURN_REASON in j.unit_page.get_by_test_id("return-reason").inner_text()
    old = j.unit_page.get_by_test_id("dossier-document").filter(has_text="Báo cáo thành tích").filter(has_text=PERSON)
    old.get_by_role("button").click()
    j.unit_page.wait_for_load_state()
    assert checklist_missing(j.unit_page) == 1
    attach(j.unit_page, "achievement_report", str(j.person_line.pk), name="bao-cao-thanh-tich-co-xac-nhan.pdf")
    assert checklist_missing(j.unit_page) == 0
    j.unit_page.get_by_test_id("submit-dossier").click()
    assert not j.unit_page.get_by_test_id("return-reason").count()


def _to_council(j):
    """The office receives it again, checks it and sends it to the council."""
    receive(j.office, j.url)
    for index in range(2):
        form = j.office.get_by_test_id("verdict-form").nth(index)
        form.locator("input[value=eligible]").check()
        form.get_by_role("button").click()
        j.office.wait_for_load_state()
    j.office.get_by_test_id("finish-check").click()
    j.office.get_by_test_id("to-council").click()
    assert Dossier.objects.get(pk=j.dossier.pk).state == Dossier.State.AT_COUNCIL
    assert j.office.get_by_test_id("decide-blocked").is_visible()  # the council and a consultation first


def _consult(j):
    """The recipients are published for comment; a visitor comments; the period passes."""
    j.office.get_by_test_id("consultation-link").click()
    j.office.get_by_test_id("open-consultation").click()
    assert j.office.get_by_test_id("consultation").count() == 1
    j.consultation = Consultation.objects.get(dossier=j.dossier)
    assert list(j.consultation.lines.all()) == [j.person_line]  # only the title the rule names

    visitor_context = j.chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    try:
        visitor = visitor_context.new_page()
        visitor.goto(f"{j.live_server.url}/awards/consultations/")
        published = visitor.get_by_test_id("consultation").filter(has_text=UNIT)
        assert PERSON in published.get_by_test_id("published-line").inner_text()
        published.locator("summary").click()
        prefix = f"#id_c{j.consultation.pk}-"
        visitor.select_option(prefix + "line", str(j.person_line.pk))
        visitor.fill(prefix + "text", COMMENT)
        visitor.fill(prefix + "name", "Nguyễn Văn Dân")
        screenshot(visitor, "dossier-decision-3-public-comment")
        published.get_by_role("button").click()
        assert visitor.locator(".alert-success").count()
    finally:
        visitor_context.close()

    j.office.goto(j.url)
    blocked = j.office.get_by_test_id("decide-blocked").inner_text()
    assert j.consultation.decidable_from.strftime("%d/%m/%Y") in blocked

    # The period passes: moving the consultation's dates into the past stands for the days going by.
    j.today = timezone.localdate()
    Consultation.objects.filter(pk=j.consultation.pk).update(
        starts_on=j.today - datetime.timedelta(days=5), ends_on=j.today - datetime.timedelta(days=3)
    )
    j.office.reload()
    assert not j.office.get_by_test_id("decide-blocked").count()
    j.office.get_by_test_id("consultation-link").click()
    j.office.locator("form[action$='/close/'] button").click()
    assert j.office.locator(".alert-success").count()
    comment = j.office.get_by_test_id("comment")
    assert COMMENT in comment.inner_text()
    comment.locator("select[name=resolution]").select_option("noted")
    comment.locator("input[name=note]").fill("Ghi nhận, báo cáo Hội đồng thi đua – khen thưởng ngành.")
    comment.get_by_role("button").click()
    assert "Ghi nhận, báo cáo" in j.office.get_by_test_id("comment").inner_text()
    screenshot(j.office, "dossier-decision-4-consultation-closed")


def _decide(j):
    """The decision is drafted from the dossier and issued."""
    j.office.goto(f"{j.office.base_url}/awards/decisions/")
    j.office.check(f"#dossier-{j.dossier.pk}")
    j.office.fill("#id_subject", "Về việc tặng danh hiệu thi đua năm 2025 cho Cục Thi hành án dân sự tỉnh Lào Cai")
    j.office.get_by_test_id("draft-decision").click()
    j.office.wait_for_url("**/awards/decisions/*/")
    lines = j.office.get_by_test_id("decision-line")
    assert lines.count() == 2
    annex = lines.all_inner_texts()
    assert any(PERSON in text and j.cstd_bo.name in text for text in annex)
    assert any(UNIT in text and j.flag.name in text for text in annex)
    j.office.fill("#id_number", NUMBER)
    j.office.fill("#id_date", j.today.isoformat())
    j.office.fill("#id_signing_capacity", "KT. BỘ TRƯỞNG")
    j.office.fill("#id_signer_position", "THỨ TRƯỞNG")
    j.office.fill("#id_signer_name", "Nguyễn Thanh Tịnh")
    j.office.get_by_test_id("issue-decision").click()
    assert j.office.locator(".alert-success").count(), j.office.locator(".alert").all_inner_texts()
    assert NUMBER in j.office.locator("h1").inner_text()
    screenshot(j.office, "dossier-decision-5-decision-issued")
    j.dossier.refresh_from_db()
    assert j.dossier.state == Dossier.State.DECIDED and NUMBER in j.dossier.decision_number


def _published(j):
    """Both awards are in the history and the public list."""
    j.office.goto(f"{j.office.base_url}/awards/history/?q={PERSON}")
    # (the demo's imported history already holds earlier years of this person's awards)
    rows = j.office.get_by_test_id("history-row").filter(has_text=j.cstd_bo.name).filter(has_text=f"{NUMBER}/")
    assert rows.count() == 1 and UNIT in rows.inner_text() and rows.inner_text().startswith(str(YEAR))
    j.office.goto(f"{j.office.base_url}/awards/history/?q=Lào Cai")
    flag_rows = j.office.get_by_test_id("history-row").filter(has_text=j.flag.name).filter(has_text=f"{NUMBER}/")
    assert flag_rows.count() == 1 and str(YEAR) in flag_rows.inner_text()

    public_context = j.chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    try:
        public = public_context.new_page()
        public.goto(f"{j.live_server.url}/awards/decisions/public/")
        heading = public.get_by_test_id("public-decision").filter(has_text=f"{NUMBER}/")
        assert heading.count() == 1
        public_lines = public.get_by_test_id("public-line").all_inner_texts()
        assert any(PERSON in text and j.cstd_bo.name in text for text in public_lines)
        assert any(UNIT in text and j.flag.name in text for text in public_lines)
        screenshot(public, "dossier-decision-6-public-decisions")
    finally:
        public_context.close()


def _council(j):
    """The office puts the dossier on the session's agenda and opens it; the three members each
    cast a secret ballot for the person; the office closes the session and the count carries it."""
    j.office.get_by_test_id("council-link").click()
    j.office.get_by_test_id("council-session").first.get_by_role("link").click()
    j.office.select_option("#id_dossier", str(j.dossier.pk))
    j.office.get_by_test_id("add-to-agenda").click()
    assert j.office.get_by_test_id("agenda-dossier").filter(has_text=SUBJECT).count() == 1
    j.office.get_by_test_id("open-session").click()
    assert j.office.locator(".alert-success").count(), j.office.locator(".alert").all_inner_texts()
    ballot = j.office.get_by_test_id("council-ballot")
    assert ballot.count() == 1 and PERSON in ballot.inner_text()  # the flag needs no ballot
    session_url = j.office.url
    for login in COUNCIL:
        member = j.open_as(login)
        member.goto(session_url)
        member.get_by_test_id("cast-council-ballot").click()
        assert PERSON in member.get_by_test_id("ballot-form").inner_text()
        member.get_by_test_id("agree").check()
        if login == COUNCIL[0]:
            screenshot(member, "dossier-decision-3a-council-ballot")
        member.get_by_test_id("submit-ballot").click()
        assert member.get_by_test_id("receipt-code").count(), member.content()[:2000]
        member.goto(session_url)
        assert member.get_by_test_id("my-ballot-cast").count()
    j.office.reload()
    assert "3" in ballot.inner_text()
    j.office.get_by_test_id("close-session").click()
    result = j.office.get_by_test_id("council-candidate").filter(has_text=PERSON)
    assert "Được thông qua" in result.inner_text()
    screenshot(j.office, "dossier-decision-3b-council-counted")
    j.office.goto(j.url)
    assert "bỏ phiếu kín" not in j.office.get_by_test_id("decide-blocked").inner_text()


def test_a_dossier_goes_from_the_unit_to_a_published_decision(open_as, chromium, live_server, setup):
    unit, person = setup
    j = SimpleNamespace(
        open_as=open_as,
        chromium=chromium,
        live_server=live_server,
        unit=unit,
        person=person,
        cstd_bo=Title.objects.get(code="chien-si-thi-dua-bo-nganh"),
        flag=Title.objects.get(code="co-thi-dua-nganh-tu-phap"),
    )
    for phase in (_prepare, _return_once, _resend, _to_council, _council, _consult, _decide, _published):
        phase(j)
