"""Browser journey: ministry staff open the demo decision's certificates, adjust the blank's
layout against its scan (dragging a field, then typing its position), save it as the unit's
default and download the PDF, whose recipient sits where it was typed."""

import pytest

from emulation.testing import screenshot

from .test_certificates import run_of, text_runs

pytestmark = pytest.mark.browser


def test_staff_adjust_a_blank_and_print_the_decisions_certificates(open_as):
    from awards.models import Decision

    decision = Decision.objects.get(number="125")
    page = open_as("bo")
    page.goto(f"{page.base_url}/awards/decisions/{decision.pk}/")
    page.get_by_test_id("decision-certificates").click()
    page.get_by_test_id("recipient").first.wait_for()
    screenshot(page, "certificates-decision")
    page.get_by_test_id("edit-layout").click()
    page.get_by_test_id("scan").wait_for()
    field = page.get_by_test_id("field-recipient")
    before = float(page.input_value("#id_recipient-x_mm"))
    box = field.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 80, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    assert float(page.input_value("#id_recipient-x_mm")) > before  # dragged right
    page.select_option("#id_recipient-align", "left")
    page.fill("#id_recipient-x_mm", "70.5")
    page.fill("#id_recipient-y_mm", "150")
    screenshot(page, "certificate-layout-editor")
    page.get_by_test_id("save-default").click()
    page.get_by_text("Đã lưu mẫu in.").wait_for()
    assert page.get_by_test_id("is-default").count() == 1
    assert page.input_value("#id_recipient-x_mm") == "70.5"
    page.goto(f"{page.base_url}/reports/decision/{decision.pk}/certificates/")
    href = page.get_by_test_id("certificates-pdf").get_attribute("href")
    response = page.context.request.get(f"{page.base_url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    (runs,) = text_runs(response.body())  # the demo decision awards Văn phòng Bộ itself: one page
    _text, x, y = run_of(runs, "Văn phòng Bộ")
    assert x == pytest.approx(70.5, abs=0.05) and y == pytest.approx(150, abs=0.05)
