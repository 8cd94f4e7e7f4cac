"""Word drafts (issue 17): every drafted document downloads as an editable .docx in the official
layout, written from the same HTML as its PDF (reports/word.py), for exactly those who may
download the PDF."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from awards.tests.test_dossiers import complete_draft, make_world
from emulation.models import Cluster
from reports import builders, services, word
from reports.models import ReportJob, ReportKind

from .conftest import NORTH
from .factories import ReportJobFactory
from .test_downloads import ALLOWED, done_job

pytestmark = pytest.mark.django_db

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _vote_id():
    from awards.models import Vote

    return Vote.objects.get(cluster__slug=NORTH, year=2022, title__code="co-thi-dua-chinh-phu").pk


# kind → (parameters, texts the draft must hold besides every paragraph and cell of its HTML)
KINDS = {
    "cluster_year": (
        lambda: (ReportKind.CLUSTER_YEAR, 2022, Cluster.objects.get(slug=NORTH), None),
        ["I. THÀNH VIÊN VÀ LÃNH ĐẠO KHU VỰC, CỤM", "Cầm Văn Thanh", "Nơi nhận:"],
    ),
    "sector_year": (
        lambda: (ReportKind.SECTOR_YEAR, 2022, None, None),
        ["VỤ TỔ CHỨC CÁN BỘ", "84,62%", "Nơi nhận:"],
    ),
    "vote_minutes": (
        lambda: (ReportKind.VOTE_MINUTES, 2022, Cluster.objects.get(slug=NORTH), _vote_id()),
        ["Số đại biểu được triệu tập", "Cục Thi hành án dân sự tỉnh Lào Cai", "84,62%", "THƯ KÝ", "Nơi nhận:"],
    ),
    "pledge_agreement": (
        lambda: (ReportKind.PLEDGE_AGREEMENT, 2023, Cluster.objects.get(slug=NORTH), None),
        ["Tỷ lệ hòa giải thành", "TM. SỞ TƯ PHÁP TỈNH SƠN LA", "Nơi nhận:"],
    ),
    "cluster_mid_year": (
        lambda: (ReportKind.CLUSTER_MID_YEAR, 2023, Cluster.objects.get(slug=NORTH), None),
        ["SỞ TƯ PHÁP TỈNH LÀO CAI", "Nơi nhận:"],
    ),
}


def _squeeze(text):
    """Text without any white space: HTML's <br> and Word's line breaks compare equal."""
    return "".join(text.split())


def _paragraphs(container):
    """Every paragraph, in tables too, top down."""
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell)


def _cells(document):
    return {_squeeze(cell.text) for table in document.tables for row in table.rows for cell in row.cells}


def _text(document):
    return "\n".join(paragraph.text for paragraph in _paragraphs(document))


# -- a dossier's papers (first: the world they build has its own emulation office, which the
# full demo of the reports' tests below, kept for the rest of the module, would duplicate) --


@pytest.fixture
def dossier_world(db):
    world = make_world()
    return world, complete_draft(world)


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == word.CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return Document(io.BytesIO(response.content))


def test_the_cover_letter_as_a_word_draft(client, dossier_world):
    world, dossier = dossier_world
    client.force_login(world.roles["preparer"])
    document = _download(client, f"/reports/dossier/{dossier.pk}/cover-letter.docx")
    text = _text(document)
    assert all(line in text for line in MOTTO)
    assert "TỜ TRÌNH" in text and "THI HÀNH ÁN DÂN SỰ TỈNH LÀO CAI" in text
    assert "Chiến sĩ thi đua Bộ: 1 cá nhân" in text and "Cờ thi đua ngành Tư pháp: 1 tập thể" in text
    assert "Nơi nhận:" in text and "Vụ Tổ chức cán bộ" in text
    assert round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].page_height.mm) == 297


def test_the_list_of_recipients_as_a_word_draft(client, dossier_world):
    world, dossier = dossier_world
    client.force_login(world.roles["preparer"])
    document = _download(client, f"/reports/dossier/{dossier.pk}/recipients.docx")
    text = _text(document)
    assert all(line in text for line in MOTTO) and "DANH SÁCH" in text
    cells = _cells(document)
    assert {"STT", _squeeze("Nguyễn Thị Lan"), "1985", _squeeze("I. Cá nhân"), _squeeze("II. Tập thể")} <= cells


def test_only_those_who_see_the_dossier_download_its_word_drafts(client, dossier_world):
    world, dossier = dossier_world
    client.force_login(world.roles["outsider"])
    for paper in ("cover-letter", "recipients"):
        assert client.get(f"/reports/dossier/{dossier.pk}/{paper}.pdf").status_code == 403
        assert client.get(f"/reports/dossier/{dossier.pk}/{paper}.docx").status_code == 403
    assert client.get("/reports/dossier/999999/cover-letter.docx").status_code == 404
    client.force_login(world.roles["preparer"])
    page = client.get(f"/awards/dossiers/{dossier.pk}/").content.decode()
    assert f"/reports/dossier/{dossier.pk}/cover-letter.docx" in page
    assert f"/reports/dossier/{dossier.pk}/recipients.docx" in page


def test_the_paper_functions_give_the_word_draft_on_request(dossier_world):
    _world, dossier = dossier_world
    from reports import dossier_papers

    paper = dossier_papers.recipient_list(dossier.pk, when=datetime.date(2025, 12, 5), fmt="docx")
    assert paper.filename == f"danh-sach-trich-ngang-{dossier.pk}.docx" and not paper.pdf
    assert ", ngày 05 tháng 12 năm 2025" in _text(Document(io.BytesIO(paper.docx)))


# -- an award decision (the same world as the dossier's, with the decisions' rule rows) --


@pytest.fixture
def decision_world(db):
    from awards.tests.test_decisions import issued, with_rules

    world = with_rules(make_world())
    return world, issued(world)


def test_the_decision_as_a_word_draft(client, decision_world, monkeypatch):
    world, decision = decision_world
    rendered = []
    real = word.html_to_docx
    monkeypatch.setattr(word, "html_to_docx", lambda html: rendered.append(html) or real(html))
    client.force_login(world.roles["office"])
    response = client.get(f"/reports/decision/{decision.pk}/decision.docx")
    assert response["Content-Disposition"].endswith('filename="quyet-dinh-125-qd-btp.docx"')
    document = _download(client, f"/reports/decision/{decision.pk}/decision.docx")
    text = _text(document)
    assert all(line in text for line in MOTTO) and "BỘ TƯ PHÁP" in text and "Số: 125/QĐ-BTP" in text
    assert "QUYẾT ĐỊNH" in text and "Hà Nội, ngày 20 tháng 01 năm 2026" in text
    assert "152/2025/NĐ-CP" in text and "Vụ Tổ chức cán bộ" in text  # the grounds, the proposing office
    assert "Điều 1." in text and "Điều 3." in text and "Chiến sĩ thi đua Bộ: 1 cá nhân" in text
    assert "KT. BỘ TRƯỞNG" in text and "THỨ TRƯỞNG" in text and "Nguyễn Văn A" in text  # the signer
    assert "DANH SÁCH" in text and "Nơi nhận:" in text
    assert "(Kèm theo Quyết định số 125/QĐ-BTP ngày 20/01/2026 của Bộ trưởng Bộ Tư pháp)" in text
    cells = _cells(document)
    expected = ["Nguyễn Thị Lan", "Thi hành án dân sự tỉnh Lào Cai", "Chiến sĩ thi đua Bộ", "7.020.000"]
    expected += ["I. Cá nhân", "II. Tập thể", "Cờ thi đua ngành Tư pháp", "18.720.000", "Tổng cộng", "25.740.000"]
    assert {_squeeze(cell) for cell in expected} <= cells
    # every paragraph and every cell of the annex that the PDF prints, the draft holds too
    (html,) = rendered[-1:]
    body = lxml_html.document_fromstring(html).find("body")
    paragraphs = {_squeeze(paragraph.text) for paragraph in _paragraphs(document)}
    assert not [p.text_content() for p in body.iter("p") if _squeeze(p.text_content()) not in paragraphs]
    annex = [cell.text_content() for cell in body.xpath("//table[contains(@class, 'data')]//td")]
    assert annex and not [cell for cell in annex if _squeeze(cell) not in cells]


def test_a_draft_decision_as_a_word_draft(decision_world):
    from awards import services
    from awards.tests.test_decisions import at_council
    from reports import decision_papers

    world, _decision = decision_world
    draft = services.draft_decision([at_council(world)], world.roles["office"], subject="Tặng Cờ thi đua")
    paper = decision_papers.decision_paper(draft.pk, when=datetime.date(2026, 3, 2), fmt="docx")
    assert paper.filename == f"quyet-dinh-du-thao-{draft.pk}.docx" and not paper.pdf
    text = _text(Document(io.BytesIO(paper.docx)))
    assert "(Dự thảo: chưa ban hành)" in text and "Tặng Cờ thi đua" in text and "ngày 02 tháng 3 năm 2026" in text
    assert decision_papers.decision_paper(999999, fmt="docx") is None


def test_a_prime_ministers_decision_speaks_as_the_government_does(decision_world):
    from awards import services
    from awards.models import AwardLevel, Dossier
    from awards.tests.test_dossiers import dossier_in
    from reports import decision_papers

    world, _decision = decision_world
    dossier = dossier_in(world, Dossier.State.SENT_UP, AwardLevel.PRIME_MINISTER)
    draft = services.draft_decision([dossier], world.roles["office"], subject="Tặng Bằng khen của Thủ tướng")
    text = _text(Document(io.BytesIO(decision_papers.decision_paper(draft.pk, fmt="docx").docx)))
    assert "Xét đề nghị của Bộ trưởng Bộ Tư pháp và Trưởng Ban Thi đua – Khen thưởng Trung ương." in text
    assert "Trưởng Ban Thi đua – Khen thưởng Trung ương và các cá nhân, tập thể có tên tại Điều 1" in text
    assert "Chánh Văn phòng Bộ" not in text and "THỦ TƯỚNG" in text


def test_only_those_who_see_the_decision_download_it(client, decision_world):
    world, decision = decision_world
    urls = [f"/reports/decision/{decision.pk}/decision.pdf", f"/reports/decision/{decision.pk}/decision.docx"]
    for url in urls:
        assert client.get(url)["Location"].startswith("/accounts/login/")
    for role in ("preparer", "unit head", "managing level", "officer", "outsider"):
        if role == "officer":
            continue  # ministry staff, like the office
        client.force_login(world.roles[role])
        assert [client.get(url).status_code for url in urls] == [403, 403], role
    client.force_login(world.roles["office"])
    assert client.get("/reports/decision/999999/decision.docx").status_code == 404
    pdf = client.get(urls[0])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="quyet-dinh-125-qd-btp.pdf"'
    page = client.get(f"/awards/decisions/{decision.pk}/").content.decode()
    assert f'href="{urls[0]}"' in page and f'href="{urls[1]}"' in page


# -- the reports --


@pytest.fixture(scope="module")
def drafts(full_demo, django_db_blocker):
    """Each kind's HTML and Word draft, built once for the module (no WeasyPrint)."""
    result = {}
    with django_db_blocker.unblock():
        for name, (params, _texts) in KINDS.items():
            kind, year, cluster, vote_id = params()
            report = builders.report_for(builders.Params(kind, year, cluster, vote_id))
            html = report.document_html([report.section_html(key) for key in report.section_keys()])
            result[name] = (report.header(), html, Document(io.BytesIO(word.html_to_docx(html))))
    return result


@pytest.mark.parametrize("name", KINDS)
def test_each_report_drafts_the_same_text_in_the_official_layout(drafts, name):
    header, html, document = drafts[name]
    text = _text(document)
    assert all(line in text for line in MOTTO)
    assert header.kind_title in text and header.subject in text and header.number_line.split("/")[-1] in text
    assert header.date_line in text
    assert all(expected in text for expected in KINDS[name][1])
    body = lxml_html.document_fromstring(html).find("body")
    paragraphs = {_squeeze(paragraph.text) for paragraph in _paragraphs(document)}
    missing = [p.text_content() for p in body.iter("p") if _squeeze(p.text_content()) not in paragraphs]
    assert not missing, missing
    cells = _cells(document)
    html_cells = [
        cell.text_content()
        for table in body.xpath("//table[contains(@class, 'data')]")
        for cell in table.iter("td", "th")
    ]
    assert html_cells and not [cell for cell in html_cells if _squeeze(cell) not in cells]


@pytest.mark.parametrize("name", ["cluster_year", "vote_minutes"])
def test_sections_are_numbered_as_in_the_pdf(drafts, name):
    _header, html, document = drafts[name]
    headings = [
        h2.text_content() for h2 in lxml_html.document_fromstring(html).iter("h2") if "section" in h2.get("class", "")
    ]
    text = _text(document)
    for number, heading in enumerate(headings, start=1):
        assert f"{word.roman(number)}. {' '.join(heading.split()).upper()}" in text


def test_the_page_is_a4_with_the_decrees_margins_and_times_new_roman(drafts):
    _header, _html, document = drafts["vote_minutes"]
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert [round(margin.mm) for margin in margins] == [20, 15, 20, 30]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    assert section.different_first_page_header_footer  # the page number from page 2
    recipients = [p for p in _paragraphs(document) if p.text.startswith("- Lưu:")]
    assert recipients and recipients[0].runs[0].font.size.pt == 11


def test_a_group_row_spans_the_table_and_the_heading_row_repeats(drafts):
    _header, _html, document = drafts["cluster_mid_year"]
    table = next(t for t in document.tables if _squeeze(t.rows[0].cells[0].text) == "STT")
    assert (
        table.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
        is not None
    )
    group = table.rows[1]
    assert len({id(cell._tc) for cell in group.cells}) == 1  # one merged cell across the row


def test_every_class_the_templates_use_is_styled_in_the_word_draft():
    """A class added to an official template must be given its Word formatting too."""
    used = set()
    for path in (Path(settings.BASE_DIR) / "templates" / "reports" / "pdf").rglob("*.html"):
        if path.name == "certificates.html":  # printed on a unit's blanks, never a Word draft
            continue
        for value in re.findall(r'class="([^"]*)"', path.read_text()):
            used.update(name for name in re.sub(r"{%.*?%}|{{.*?}}", " ", value).split())
    assert used and used <= set(word.CLASSES), sorted(used - set(word.CLASSES))


# -- report jobs --


def test_a_built_report_keeps_its_word_draft_for_download(client, login, north):
    report = builders.report_for(builders.Params(ReportKind.CLUSTER_MID_YEAR, 2023, north))
    built = report.build()
    job = ReportJobFactory(kind=ReportKind.CLUSTER_MID_YEAR, year=2023, cluster=north, state=ReportJob.State.RUNNING)
    services.finish_job(job.pk, built)
    job.refresh_from_db()
    assert job.docx.name.endswith(".docx")
    login("bo")
    assert 'data-testid="download-docx"' in client.get(f"/reports/jobs/{job.pk}/").content.decode()
    response = client.get(f"/reports/jobs/{job.pk}/download/docx/")
    assert response.status_code == 200 and response["Content-Type"] == word.CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'{report.slug()}.docx"')
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = _text(document)
    assert all(line in text for line in MOTTO) and report.header().kind_title in text


@pytest.fixture
def jobs(north):
    made = {
        "north-2022": done_job(north, year=2022),
        "north-2023": done_job(north, year=2023),
        "agreement-2023": done_job(north, ReportKind.PLEDGE_AGREEMENT, 2023),
        "sector-2023": done_job(None, ReportKind.SECTOR_YEAR, 2023),
        "central-2018": done_job(Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen"), year=2018),
    }
    draft = word.html_to_docx("<html><body><p>Dự thảo</p></body></html>")
    for job in made.values():
        job.docx.save("x.docx", ContentFile(draft))
    return made


@pytest.mark.parametrize("username", list(ALLOWED))
def test_the_word_draft_follows_the_pdfs_rule(client, login, jobs, username):
    login(username)
    for name, job in jobs.items():
        pdf = client.get(f"/reports/jobs/{job.pk}/download/").status_code
        docx = client.get(f"/reports/jobs/{job.pk}/download/docx/")
        assert docx.status_code == pdf == (200 if name in ALLOWED[username] else 403), (username, name)
        if docx.status_code == 200:
            assert Document(io.BytesIO(b"".join(docx.streaming_content))).paragraphs[0].text == "Dự thảo"


def test_a_job_without_a_word_draft_offers_none(client, login, north):
    job = done_job(north, year=2023)  # finished before drafts were kept
    login("bo")
    assert client.get(f"/reports/jobs/{job.pk}/download/docx/").status_code == 404
    assert "download-docx" not in client.get(f"/reports/jobs/{job.pk}/").content.decode()
