"""A dossier proposes only what its level's authority confers, in the browser: the unit's official
(``canbo``, Cục Thi hành án dân sự tỉnh Lào Cai) opens a new dossier to the Minister and is offered
the Minister's titles and commendations, not Lao động tiên tiến (the unit's head confers it) nor the
Prime Minister's commendation; with a Bộ, ngành title on the list, moving the dossier up to the
Prime Minister is refused with the title's name.

Screenshots go to test-artifacts/dossier-authority-*.png."""

import pytest

from awards.models import Dossier
from emulation.models import Title, Unit
from emulation.testing import screenshot
from people.models import Person

pytestmark = pytest.mark.browser

SUBJECT = "Đề nghị khen thưởng cấp Bộ năm 2025 (kiểm tra thẩm quyền)"


def offered_titles(page):
    page.locator("details", has=page.get_by_test_id("add-line")).locator("summary").click()
    return [text.strip() for text in page.locator("#id_title option").all_inner_texts()]


def test_the_line_form_offers_only_the_titles_of_the_dossiers_authority(open_as):
    unit = Unit.objects.get(name="Cục Thi hành án dân sự tỉnh Lào Cai")
    person = Person.objects.filter(postings__unit=unit).order_by("pk").first()
    cstd_bo = Title.objects.get(code="chien-si-thi-dua-bo-nganh")
    page = open_as("canbo")
    page.goto(f"{page.base_url}/awards/dossiers/new/")
    page.fill("#id_year", "2025")
    page.select_option("#id_level", "ministry")
    page.fill("#id_subject", SUBJECT)
    page.get_by_test_id("save-dossier").click()
    page.wait_for_url("**/awards/dossiers/*/")
    dossier = Dossier.objects.get(subject=SUBJECT)

    offered = offered_titles(page)
    assert "Chiến sĩ thi đua Bộ, ngành" in offered
    assert "Bằng khen của Bộ trưởng Bộ Tư pháp" in offered
    assert "Cờ thi đua ngành Tư pháp" in offered
    for elsewhere in ("Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Bằng khen của Thủ tướng Chính phủ"):
        assert elsewhere not in offered, offered
    screenshot(page, "dossier-authority-1-titles-offered")

    page.select_option("#id_person", str(person.pk))
    page.select_option("#id_title", str(cstd_bo.pk))
    page.fill("#id_achievement_summary", "Hoàn thành xuất sắc nhiệm vụ năm 2025.")
    page.get_by_test_id("add-line").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("dossier-line").count() == 1

    page.get_by_test_id("edit-dossier").click()
    page.select_option("#id_level", "prime_minister")
    page.get_by_test_id("save-dossier").click()
    page.wait_for_load_state()
    refusal = page.locator(".alert-danger, .invalid-feedback, .errorlist").all_inner_texts()
    assert any("Chiến sĩ thi đua Bộ, ngành" in text for text in refusal), refusal
    screenshot(page, "dossier-authority-2-level-refused")
    dossier.refresh_from_db()
    assert dossier.level == "ministry" and dossier.lines.count() == 1
