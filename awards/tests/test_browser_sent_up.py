"""A dossier for Bằng khen của Thủ tướng Chính phủ in the browser: Văn phòng Bộ's dossier (the unit
and one of its staff) stands before the council; the emulation office (``bo``) sends it up with the
number and date of the Ministry's tờ trình, the page then says who has it (the Prime Minister,
followed up by the office) and its history; the outcome comes back and the office records that the
unit was not awarded, with the reason; the inbox lists the dossier apart, as waiting on the
Government, not on the office.

Screenshots go to test-artifacts/dossier-sent-up-*.png."""

import pytest

from awards import services
from awards.demo_dossiers import K, _pdf
from awards.models import AwardLevel, Dossier, DossierLine
from emulation.models import Official, Title, Unit
from emulation.testing import screenshot
from people.models import Prerequisite
from people.tests.factories import PersonFactory, PostingFactory
from schedule.models import Step, StepKind

pytestmark = pytest.mark.browser

SUBJECT = "Đề nghị tặng Bằng khen của Thủ tướng Chính phủ năm 2025 (thử nghiệm)"
NUMBER = "45/TTr-BTP"
REASON = "Tập thể chưa đủ 5 năm liên tục được tặng Bằng khen của Bộ trưởng (trả lời của Ban Thi đua – Khen thưởng)."


@pytest.fixture
def at_council(demo):
    """Văn phòng Bộ's 2025 dossier for Bằng khen của Thủ tướng Chính phủ, before the council (its
    prerequisites are not this test's subject: they are lifted)."""
    from django.contrib.auth import get_user_model

    unit = Unit.objects.get(name="Văn phòng Bộ")
    by = Official.objects.filter(unit=unit).select_related("user").first().user
    ministry = get_user_model().objects.get(username="bo")
    title = Title.objects.get(code="bang-khen-thu-tuong")
    Prerequisite.objects.filter(title=title).delete()
    # Walked after the round's date for dossiers (10/01/2026), which the demo's calendar keeps
    # strictly; this round's calendar takes late dossiers, recorded late.
    Step.objects.filter(year=2025, kind=StepKind.DOSSIERS).update(blocking=False)
    dossier = services.create_dossier(unit, 2025, AwardLevel.PRIME_MINISTER, by, subject=SUBJECT)
    unit_line = services.add_line(dossier, by, title=title, unit=unit, achievement_summary="Hoàn thành xuất sắc.")
    person = PersonFactory(full_name="Lương Thị Thu")
    PostingFactory(person=person, unit=unit, position="Chánh Văn phòng")
    person_line = services.add_line(
        dossier, by, title=title, person=person, position="Chánh Văn phòng", achievement_summary="Xuất sắc."
    )
    services.attach_document(dossier, by, kind=K.NO_DISCIPLINE, uploaded=_pdf("kl.pdf"), line=person_line)
    for kind in (K.COVER_LETTER, K.RECIPIENT_LIST, K.COUNCIL_MINUTES, K.BALLOT_RESULT):
        services.attach_document(dossier, by, kind=kind, uploaded=_pdf(f"{kind}.pdf"))
    for line in (unit_line, person_line):
        services.attach_document(dossier, by, kind=K.ACHIEVEMENT_REPORT, uploaded=_pdf("bc.pdf"), line=line)
    dossier = services.submit_dossier(dossier, by)
    dossier = services.receive_dossier(dossier, ministry, officer=ministry)
    for line in dossier.lines.all():
        services.record_verdict(line, ministry, DossierLine.Verdict.ELIGIBLE)
    services.finish_check(dossier, ministry)
    return services.send_to_council(Dossier.objects.get(pk=dossier.pk), ministry)


def test_the_office_sends_a_dossier_up_and_records_the_outcome(open_as, at_council):
    office = open_as("bo")
    url = f"{office.base_url}/awards/dossiers/{at_council.pk}/"
    office.goto(url)
    assert office.get_by_test_id("decide-dossier").count() == 0  # the Prime Minister decides
    office.fill("#id_sent_up_number", NUMBER)
    office.fill("#id_sent_up_on", "2026-01-12")
    office.get_by_test_id("send-up-dossier").click()
    office.wait_for_load_state()
    assert "Thủ tướng Chính phủ" in office.get_by_test_id("holder").inner_text()
    assert NUMBER in office.get_by_test_id("sent-up").inner_text()
    history = office.get_by_test_id("history-row").first.inner_text()
    assert "Đã trình Chính phủ / Chủ tịch nước" in history
    unit_row = office.get_by_test_id("dossier-line").filter(has_text="Văn phòng Bộ").first
    form = unit_row.get_by_test_id("outcome-form")
    form.locator('input[name="awarded"][value="0"]').check()
    form.locator('input[name="reason"]').fill(REASON)
    form.get_by_test_id("record-outcome").click()
    office.wait_for_load_state()
    assert REASON in office.get_by_test_id("not-awarded").inner_text()
    screenshot(office, "dossier-sent-up-1-outcome-recorded")
    office.goto(f"{office.base_url}/awards/dossiers/inbox/")
    assert SUBJECT in office.get_by_test_id("sent-up-list").inner_text()
    screenshot(office, "dossier-sent-up-2-inbox")
