"""A decision's certificates on a unit's blanks (reports/certificate_papers.py): one page per
recipient, each field where the layout puts it to the millimetre (measured in the PDF: the
origin and baseline of the text as pypdf reads the content stream, the centre of a centred
field from poppler's word boxes), a correction that moves one recipient's page only, the
layout editor's saving, and who is refused."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from awards.models import Decision, DecisionLine
from emulation.models import Official, Unit
from emulation.tests.factories import UnitFactory, UserFactory
from people.tests.factories import PersonFactory
from reports import certificate_services
from reports.certificates import CertificateField, CertificateLayout

from .pdf import pdf_fonts, pdf_page_sizes, pdf_pages

MM = 72 / 25.4
pytestmark = pytest.mark.usefixtures("full_demo")


def text_runs(pdf_bytes):
    """Per page, [(text, x mm, baseline y mm from the top)] of every text run."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        height = float(page.mediabox.height)
        runs = []

        def visit(text, cm, tm, font, size, runs=runs, height=height):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((text.strip(), x / MM, (height - y) / MM))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def run_of(runs, text):
    matches = [run for run in runs if run[0] == text]
    assert matches, (text, runs)
    return matches[0]


@pytest.fixture
def decision(db):
    """The demo's decision 125/QĐ-BTP (Văn phòng Bộ awarded), with two persons added to its
    annex: one of Văn phòng Bộ, one of Cục THADS tỉnh Lào Cai."""
    decision = Decision.objects.get(number="125")
    title = decision.lines.first().title
    for order, (name, unit) in enumerate(
        [("Trần Thị Hồng Nhung", "Văn phòng Bộ"), ("Lê Văn Tám", "Cục Thi hành án dân sự tỉnh Lào Cai")], start=2
    ):
        person = PersonFactory(full_name=name)
        DecisionLine.objects.create(
            decision=decision, order=order, person=person, unit=Unit.objects.get(name=unit), name=name, title=title
        )
    return decision


def office_lines(decision):
    return list(decision.lines.filter(unit__name="Văn phòng Bộ").order_by("order", "pk"))


@pytest.fixture
def layout(db):
    return CertificateLayout.objects.get(unit__name="Văn phòng Bộ")


@pytest.fixture
def office_user(db):
    """An official of Văn phòng Bộ, the unit the demo decision awards."""
    return Official.objects.filter(unit__name="Văn phòng Bộ").select_related("user").first().user


def _pdf(client, decision, layout):
    response = client.get(reverse("reports:certificates_pdf", args=[decision.pk, layout.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _left_aligned_name(layout, by, x="61.5", y="142.0"):
    certificate_services.update_layout(
        layout,
        by,
        values={},
        fields={CertificateField.RECIPIENT: {"align": "left", "x_mm": Decimal(x), "y_mm": Decimal(y)}},
    )


def test_one_page_per_recipient_each_field_placed_to_the_millimetre(client, login, decision, layout):
    user = login("bo")
    _left_aligned_name(layout, user)
    pdf = _pdf(client, decision, layout)
    lines = office_lines(decision)  # Văn phòng Bộ's blanks print its own recipients only
    assert len(lines) == 2
    assert pdf_page_sizes(pdf) == [(round(420 * MM, 1), round(297 * MM, 1))] * 2
    runs = text_runs(pdf)
    assert len(runs) == len(lines)
    for page, line in zip(runs, lines, strict=True):
        _text, x, y = run_of(page, line.name)
        assert x == pytest.approx(61.5, abs=0.05) and y == pytest.approx(142.0, abs=0.05)
    # A centred field: the words' box is centred on the field's box (to the millimetre).
    title = layout.fields.get(field=CertificateField.TITLE)
    baseline = float(title.y_mm) * MM
    words = [word for word in pdf_pages(pdf)[0].words if word.y0 < baseline < word.y1]
    assert " ".join(word.text for word in words) == lines[0].title.name
    centre = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2 / MM
    assert centre == pytest.approx(float(title.x_mm + title.width_mm / 2), abs=1)
    # The calligraphic font is shipped and embedded; the scan of the blank is not printed.
    assert any("DancingScript" in name and embedded for name, embedded in pdf_fonts(pdf).items())
    assert "Quyết định số 125/QĐ-BTP" in " ".join(run[0] for run in runs[0])


def test_a_correction_moves_that_recipient_only(client, login, decision, layout):
    user = login("bo")
    _left_aligned_name(layout, user)
    first, second = office_lines(decision)
    certificate_services.correct_recipient(
        layout, first, user, {CertificateField.RECIPIENT: (Decimal("10"), Decimal("-4.5"), Decimal("20"))}
    )
    runs = text_runs(_pdf(client, decision, layout))
    _text, x, y = run_of(runs[0], first.name)
    assert (x, y) == (pytest.approx(71.5, abs=0.05), pytest.approx(137.5, abs=0.05))
    _text, x, y = run_of(runs[1], second.name)
    assert (x, y) == (pytest.approx(61.5, abs=0.05), pytest.approx(142.0, abs=0.05))
    # No change at all removes the correction.
    certificate_services.correct_recipient(layout, first, user, {CertificateField.RECIPIENT: (0, 0, None)})
    assert not layout.corrections.exists()


def test_the_unit_adjusts_its_layout_and_saves_it_as_its_default(client, office_user, layout):
    client.force_login(office_user)
    url = reverse("reports:certificate_layout", args=[layout.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Lưu làm mẫu mặc định của đơn vị" in page.content.decode()
    data = {"name": layout.name, "kind": layout.kind, "page_width_mm": "420", "page_height_mm": "297"}
    for row in layout.fields.all():
        for attribute in ("x_mm", "y_mm", "width_mm", "font", "font_size_pt", "align"):
            data[f"{row.field}-{attribute}"] = str(getattr(row, attribute))
        data[f"{row.field}-printed"] = "on"
    data["recipient-x_mm"] = "55.5"
    data["unit-x_mm"] = "400"  # 400 + 294 mm wide: beyond the page
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "vượt ra ngoài trang" in refused.content.decode()
    data["unit-x_mm"] = "63"
    data["make_default"] = "1"
    assert client.post(url, data).status_code == 302
    layout.refresh_from_db()
    assert layout.fields.get(field="recipient").x_mm == Decimal("55.5")
    assert layout.is_default
    assert layout.history.first().history_user == office_user


def test_the_preview_prints_the_sample_once(client, office_user, layout):
    client.force_login(office_user)
    response = client.get(reverse("reports:certificate_layout_preview", args=[layout.pk]))
    assert response.status_code == 200
    assert len(text_runs(response.content)) == 1


def test_another_units_official_may_not_use_the_units_blanks(client, login, decision, layout):
    user = login("canbo")  # Cục THADS tỉnh Lào Cai: one of its staff is awarded, the layout is not its own
    for url in (
        reverse("reports:certificate_layout", args=[layout.pk]),
        reverse("reports:certificate_layout_scan", args=[layout.pk]),
        reverse("reports:certificate_layout_preview", args=[layout.pk]),
        reverse("reports:certificates_pdf", args=[decision.pk, layout.pk]),
    ):
        assert client.get(url).status_code == 403, url
    page = client.get(reverse("reports:decision_certificates", args=[decision.pk])).content.decode()
    assert "Đơn vị chưa có mẫu in phôi nào" in page  # its own recipient, no blank of its own yet
    line = office_lines(decision)[0]
    url = reverse("reports:certificate_correction", args=[decision.pk, layout.pk, line.pk])
    assert client.post(url, {}).status_code == 403
    with pytest.raises(PermissionDenied):
        certificate_services.correct_recipient(layout, line, user, {CertificateField.RECIPIENT: (1, 1, None)})
    with pytest.raises(PermissionDenied):
        certificate_services.make_default(layout, user)


def test_an_official_of_a_unit_not_awarded_sees_no_decision_to_print(client, decision, layout):
    outsider = UserFactory(username="nguoila")
    Official.objects.create(user=outsider, unit=UnitFactory(name="Sở Tư pháp tỉnh Ngoài Cụm"), position="Chuyên viên")
    client.force_login(outsider)
    assert client.get(reverse("reports:decision_certificates", args=[decision.pk])).status_code == 403
    page = client.get(reverse("reports:certificates")).content.decode()
    assert "Không có quyết định nào đã ban hành khen thưởng người của đơn vị" in page


def test_the_units_official_prints_its_recipients(client, office_user, decision, layout):
    client.force_login(office_user)
    page = client.get(reverse("reports:certificates")).content.decode()
    assert reverse("reports:decision_certificates", args=[decision.pk]) in page
    page = client.get(reverse("reports:decision_certificates", args=[decision.pk])).content.decode()
    assert "In 2 bản (PDF)" in page
    assert len(text_runs(_pdf(client, decision, layout))) == 2


def test_anonymous_visitors_log_in_first(client, decision, layout):
    response = client.get(reverse("reports:certificates_pdf", args=[decision.pk, layout.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
