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


# -- fixed query counts, refusals, the scan's upload, a blank per title --------------------


def _add_recipients(decision, count, title=None, unit_name="Văn phòng Bộ"):
    title = title or decision.lines.first().title
    unit = Unit.objects.get(name=unit_name)
    start = decision.lines.count() + 10
    made = []
    for order in range(start, start + count):
        name = f"Người Nhận Số {order}"
        made.append(
            DecisionLine.objects.create(
                decision=decision, order=order, person=PersonFactory(full_name=name), unit=unit, name=name, title=title
            )
        )
    return made


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_the_certificate_pages_query_a_fixed_number_of_times_whatever_the_recipients(
    client, login, decision, layout, django_assert_max_num_queries
):
    user = login("bo")
    urls = [
        reverse("reports:certificates"),
        reverse("reports:certificate_layout", args=[layout.pk]),
        reverse("reports:decision_certificates", args=[decision.pk]),
        reverse("reports:certificates_pdf", args=[decision.pk, layout.pk]),
    ]
    before = {url: _count_queries(client, url) for url in urls}
    lines = _add_recipients(decision, 6)
    for line in lines[:3]:  # corrections of some of them, and a blank for another title
        certificate_services.correct_recipient(layout, line, user, {CertificateField.RECIPIENT: (1, 1, None)})
    _titled_blank(layout.unit, user, _other_title(decision))
    for url in urls:
        with django_assert_max_num_queries(before[url]):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("state", [Decision.State.DRAFT, Decision.State.REVOKED, Decision.State.CORRECTED])
def test_a_decision_not_in_force_prints_no_certificate(client, login, decision, layout, state):
    login("bo")
    Decision.objects.filter(pk=decision.pk).update(state=state)
    response = client.get(reverse("reports:certificates_pdf", args=[decision.pk, layout.pk]))
    assert response.status_code == 404
    page = client.get(reverse("reports:decision_certificates", args=[decision.pk])).content.decode()
    assert 'data-testid="not-issued"' in page and 'data-testid="certificates-pdf"' not in page
    assert "Chỉ in bằng khen, giấy khen của quyết định đang có hiệu lực" in page


def _png(extra=b""):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (42, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue() + extra


def _editor_data(layout):
    data = {"name": layout.name, "kind": layout.kind, "page_width_mm": "420", "page_height_mm": "297"}
    for row in layout.fields.all():
        for attribute in ("x_mm", "y_mm", "width_mm", "font", "font_size_pt", "align"):
            data[f"{row.field}-{attribute}"] = str(getattr(row, attribute))
        if row.printed:
            data[f"{row.field}-printed"] = "on"
    return data


def test_the_scan_is_uploaded_through_the_layout_form_and_a_wrong_file_refused(client, office_user, layout, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office_user)
    url = reverse("reports:certificate_layout", args=[layout.pk])

    def post(name, content):
        return client.post(url, {**_editor_data(layout), "scan": SimpleUploadedFile(name, content)})

    for name, content in [("phoi.png", b"not a picture at all"), ("phoi.pdf", b"%PDF-1.7\n%%EOF\n")]:
        refused = post(name, content)
        assert refused.status_code == 400, name
        assert "Ảnh quét phôi phải là ảnh JPEG hoặc PNG." in refused.content.decode()
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    too_large = post("phoi.png", _png(b"\0" * (1024 * 1024)))
    assert too_large.status_code == 400 and "Tệp lớn hơn 1 MB." in too_large.content.decode()
    layout.refresh_from_db()
    previous = layout.scan.name
    assert post("phoi-moi.png", _png()).status_code == 302
    layout.refresh_from_db()
    assert layout.scan.name != previous and "phoi-moi" not in layout.scan.name  # the uploader's name is not kept
    scan = client.get(reverse("reports:certificate_layout_scan", args=[layout.pk]))
    assert scan.status_code == 200 and scan["Content-Type"] == "image/png"
    assert b"".join(scan.streaming_content) == _png()


def _other_title(decision):
    from emulation.models import Title

    return Title.objects.exclude(pk=decision.lines.first().title_id).order_by("order", "pk").first()


def _titled_blank(unit, by, title, name="Phôi Chiến sĩ thi đua (A4)"):
    blank = certificate_services.create_layout(
        unit, by, name=name, kind="bang_khen", page_width_mm=Decimal("297"), page_height_mm=Decimal("210")
    )
    certificate_services.update_layout(blank, by, values={"titles": [title]}, fields={})
    return blank


def test_a_decision_mixing_titles_prints_each_line_on_the_blank_of_its_title(client, office_user, decision, layout):
    client.force_login(office_user)
    title = _other_title(decision)
    (fighter,) = _add_recipients(decision, 1, title=title)
    blank = certificate_services.create_layout(
        layout.unit,
        office_user,
        name="Phôi A4",
        kind=layout.kind,
        page_width_mm=Decimal("297"),
        page_height_mm=Decimal("210"),
    )
    # the titles are chosen in the layout's form
    editor = reverse("reports:certificate_layout", args=[blank.pk])
    data = {**_editor_data(blank), "page_width_mm": "297", "page_height_mm": "210", "titles": [title.pk]}
    assert client.post(editor, data).status_code == 302
    assert list(blank.titles.all()) == [title]
    assert title.name in client.get(reverse("reports:certificates")).content.decode()

    # printed from the default blank: the fighter on the A4 blank, the others on the A3 one
    pdf = _pdf(client, decision, layout)
    a3, a4 = (round(420 * MM, 1), round(297 * MM, 1)), (round(297 * MM, 1), round(210 * MM, 1))
    lines = office_lines(decision)
    assert [line.pk for line in lines][-1] == fighter.pk
    assert pdf_page_sizes(pdf) == [a3] * (len(lines) - 1) + [a4]
    runs = text_runs(pdf)
    assert run_of(runs[-1], fighter.name) and title.name in " ".join(run[0] for run in runs[-1])
    recipient = blank.fields.get(field=CertificateField.RECIPIENT)
    _text, _x, y = run_of(runs[-1], fighter.name)
    assert y == pytest.approx(float(recipient.y_mm), abs=0.05)  # the A4 blank's own position
    page = client.get(reverse("reports:decision_certificates", args=[decision.pk])).content.decode()
    assert "in trên phôi “Phôi A4”" in page
    assert reverse("reports:certificate_correction", args=[decision.pk, blank.pk, fighter.pk]) in page

    # a title has one blank per unit
    third = _editor_data(layout)
    third["titles"] = [title.pk]
    refused = client.post(reverse("reports:certificate_layout", args=[layout.pk]), third)
    assert refused.status_code == 400
    assert f"“{title.name}” đã được in trên phôi “Phôi A4” của đơn vị." in refused.content.decode()
