"""Every kind of PDF against the official layout of Nghị định 30/2020/NĐ-CP, read back
from the PDF itself (poppler's word boxes): the page number alone, centred in the top
margin, 13–14 pt, not on page 1; the governing body above the issuing body, never a
cluster; the motto with hyphens; recipients in 11 pt ending with the archive line; the
vote minutes' times and people; a name under every signature.

Set ``LAYOUT_PDF_DIR`` to keep the PDFs (then ``pdftoppm -png -r 60`` them to look)."""

import os
from datetime import date
from pathlib import Path

import pytest

from awards.models import Vote
from emulation.models import Cluster, Unit
from reports import builders
from reports.models import ReportKind

from .conftest import NORTH
from .pdf import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
TOP_MARGIN, LEFT_MARGIN, RIGHT_MARGIN = 20 * MM, 30 * MM, 15 * MM
A4_WIDTH = 210 * MM
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# kind → (params: kind, year, cluster, vote id[, date]; the governing line, the issuing body,
# the archive line, the signers' names)
KINDS = {
    "cluster_year": (
        lambda: (ReportKind.CLUSTER_YEAR, 2022, Cluster.objects.get(slug=NORTH), None),
        "UBND TỈNH SƠN LA",
        "SỞ TƯ PHÁP TỈNH SƠN LA",
        "- Lưu: VT, VP.",
        ["Cầm Văn Thanh"],
    ),
    "cluster_year_enforcement_bloc": (
        # the bloc held no conference: dated in the year, before Tổng cục THADS was reorganised
        lambda: (
            ReportKind.CLUSTER_YEAR,
            2022,
            Cluster.objects.get(slug="khoi-thads-mien-nui-phia-bac"),
            None,
            date(2022, 12, 9),
        ),
        "TỔNG CỤC THI HÀNH ÁN DÂN SỰ",
        "CỤC THI HÀNH ÁN DÂN SỰ TỈNH LÀO CAI",
        "- Lưu: VT, VP.",
        ["Trần Văn Đức"],
    ),
    "cluster_year_ministry_units": (
        lambda: (ReportKind.CLUSTER_YEAR, 2017, Cluster.objects.get(slug="cum-thi-dua-so-i"), None),
        "BỘ TƯ PHÁP",
        "VỤ CÁC VẤN ĐỀ CHUNG VỀ XÂY DỰNG PHÁP LUẬT",
        None,
        ["Nguyễn Hồng Tuyến"],  # the Cụm trưởng of 2017 (seed 002)
    ),
    "sector_year": (
        lambda: (ReportKind.SECTOR_YEAR, 2022, None, None),
        "BỘ TƯ PHÁP",
        "VỤ TỔ CHỨC CÁN BỘ",
        "- Lưu: VT, TCCB.",
        ["Phạm Quốc Việt"],
    ),
    "vote_minutes": (
        lambda: (ReportKind.VOTE_MINUTES, 2022, Cluster.objects.get(slug=NORTH), _north_flag_vote().pk),
        "UBND TỈNH SƠN LA",
        "SỞ TƯ PHÁP TỈNH SƠN LA",
        "- Lưu: VT, VP.",
        ["Hoàng Văn Nam", "Hoàng Thị Liên", "Cầm Văn Thanh"],
    ),
    "pledge_agreement": (
        lambda: (ReportKind.PLEDGE_AGREEMENT, 2023, Cluster.objects.get(slug=NORTH), None),
        "UBND TỈNH LÀO CAI",
        "SỞ TƯ PHÁP TỈNH LÀO CAI",
        "- Lưu: VT, VP.",
        [],
    ),
    "cluster_mid_year": (
        lambda: (ReportKind.CLUSTER_MID_YEAR, 2023, Cluster.objects.get(slug=NORTH), None),
        "UBND TỈNH LÀO CAI",
        "SỞ TƯ PHÁP TỈNH LÀO CAI",
        "- Lưu: VT, VP.",
        ["Hoàng Văn Tuấn"],
    ),
}


def _north_flag_vote():
    return Vote.objects.get(
        cluster__slug=NORTH, year=2022, title__code="co-thi-dua-nganh-tu-phap", runoff_of__isnull=True
    )


@pytest.fixture(scope="module")
def built(full_demo, django_db_blocker):
    """Each kind built once for the module: {name: (Built, [Page])}."""
    keep = os.environ.get("LAYOUT_PDF_DIR")
    result = {}
    with django_db_blocker.unblock():
        for name, (params, *_rest) in KINDS.items():
            kind, year, cluster, vote_id, *when = params()
            report = builders.report_for(builders.Params(kind, year, cluster, vote_id, when=when[0] if when else None))
            output = report.build()
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                (Path(keep) / f"{name}.pdf").write_bytes(output.pdf)
            result[name] = (output, pdf_pages(output.pdf))
    return result


def _header_lines(page):
    """The left column of the header on page 1, top down, down to the number line (or, on a
    paper without a number, to the place and date line beside it)."""
    date_y = next(y for y, text, _words in page.lines() if " ngày " in text and " tháng " in text)
    lines = []
    for y, text, _words in page.lines(right=LEFT_MARGIN + 0.42 * (A4_WIDTH - LEFT_MARGIN - RIGHT_MARGIN)):
        if text.startswith("Số:") or y >= date_y - 1:
            break
        lines.append(text)
    return lines


@pytest.mark.parametrize("name", KINDS)
def test_the_page_number_is_alone_centred_in_the_top_margin_from_page_2(built, name):
    output, pages = built[name]
    assert "Trang" not in pdf_text(output.pdf)
    first_top = [word for word in pages[0].words if word.y1 < TOP_MARGIN]
    assert first_top == [], "page 1 carries no number"
    centre = LEFT_MARGIN + (A4_WIDTH - LEFT_MARGIN - RIGHT_MARGIN) / 2
    for number, page in enumerate(pages[1:], start=2):
        top = [word for word in page.words if word.y1 < TOP_MARGIN]
        assert [word.text for word in top] == [str(number)], f"page {number}: {top}"
        assert abs(top[0].centre - centre) < 3
        assert 13 <= round(top[0].size, 1) <= 14, top[0].size
        bottom = [word for word in page.words if word.y0 > page.height - 20 * MM]
        assert bottom == [], f"page {number} prints nothing in the bottom margin"


@pytest.mark.parametrize("name", KINDS)
def test_the_governing_body_stands_above_the_issuing_body(built, name):
    _output, pages = built[name]
    governing, issuing = KINDS[name][1:3]
    lines = _header_lines(pages[0])
    assert " ".join(lines) == f"{governing} {issuing}"  # either may wrap
    assert lines[0] == governing or governing.startswith(lines[0])
    assert not any("KHU VỰC" in line or "CỤM" in line for line in lines), lines


@pytest.mark.parametrize("name", KINDS)
def test_the_motto_is_printed_with_hyphens(built, name):
    output, _pages = built[name]
    text = pdf_text(output.pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert MOTTO in text and "Độc lập –" not in text


def _recipients(pages):
    """The recipient lines, from "Nơi nhận:" down the left column, with their words."""
    for page in pages:
        lines = page.lines(right=LEFT_MARGIN + 0.46 * (A4_WIDTH - LEFT_MARGIN - RIGHT_MARGIN))
        for index, (_y, text, _words) in enumerate(lines):
            if text == "Nơi nhận:":
                following = []
                for line in lines[index + 1 :]:
                    if not line[1].startswith("-") and not following[-1][1].endswith(";"):
                        following[-1] = (following[-1][0], following[-1][1] + " " + line[1], following[-1][2] + line[2])
                        continue
                    if not line[1].startswith("-"):
                        break
                    following.append(line)
                return following
    return None


@pytest.mark.parametrize("name", [name for name in KINDS if KINDS[name][3]])
def test_recipients_are_in_11_pt_and_end_with_the_archive_line(built, name):
    _output, pages = built[name]
    recipients = _recipients(pages)
    assert recipients, "no recipients"
    assert recipients[-1][1] == KINDS[name][3]
    assert all(line[1].endswith(";") for line in recipients[:-1])
    sizes = {round(word.size) for line in recipients for word in line[2]}
    assert sizes == {11}, sizes


@pytest.mark.parametrize("name", KINDS)
def test_every_signature_block_names_its_signer(built, name):
    output, pages = built[name]
    text = " ".join(pdf_text(output.pdf).split())
    assert "Ký, ghi rõ họ tên" not in text
    last = " ".join(" ".join(line[1] for line in pages[-1].lines()).split())
    for signer in KINDS[name][4]:
        assert signer in last


def test_each_member_signs_the_pledge_by_name(built):
    _output, pages = built["pledge_agreement"]
    lines = [text for page in pages for _y, text, _w in page.lines()]
    start = next(i for i, text in enumerate(lines) if "CHỮ KÝ CỦA CÁC ĐƠN VỊ THÀNH VIÊN" in text.upper())
    blocks = [i for i, text in enumerate(lines[start:], start) if text.startswith("TM. ")]
    assert len(blocks) >= 7  # two a row: 14 members
    for index in blocks:
        after = lines[index + 1 : index + 4]
        assert any(text and not text.isupper() for text in after), after


def test_the_vote_minutes_state_times_and_people(built):
    output, _pages = built["vote_minutes"]
    text = " ".join(pdf_text(output.pdf).split())
    assert "bắt đầu lúc 14:00 và kết thúc lúc 14:45" in text
    assert "Chủ trì: Cầm Văn Thanh, Giám đốc Sở, Sở Tư pháp tỉnh Sơn La" in text
    assert "Thư ký (ghi biên bản): Hoàng Văn Nam, Chánh Văn phòng Sở Tư pháp tỉnh Sơn La" in text
    assert "Hoàng Thị Liên, Giám đốc Sở Tư pháp tỉnh Lạng Sơn — Trưởng ban" in text
    assert "Vàng Thị Dung, Cục trưởng Cục Thi hành án dân sự tỉnh Hà Giang — thành viên" in text
    assert "Đại biểu có mặt, có quyền biểu quyết (13):" in text
    for present in ["Cầm Văn Thanh", "Quàng Thị Mai", "Hoàng Văn Tuấn", "Vừ A Tráng"]:
        assert present in text
    assert "Lò Văn Chiến" not in text  # Cục THADS Lai Châu was absent


def test_the_governing_body_follows_the_unit_and_the_date():
    department = Unit(name="Sở Tư pháp tỉnh Sơn La", type=Unit.Type.JUSTICE_DEPARTMENT, province="Sơn La")
    city = Unit(name="Sở Tư pháp thành phố Hà Nội", type=Unit.Type.JUSTICE_DEPARTMENT, province="Hà Nội")
    office = Unit(name="Cục Thi hành án dân sự tỉnh Lào Cai", type=Unit.Type.ENFORCEMENT_PROVINCE, province="Lào Cai")
    assert department.governing_body_on(date(2022, 11, 28)) == "UBND tỉnh Sơn La"
    assert city.governing_body_on(date(2022, 11, 28)) == "UBND thành phố Hà Nội"
    assert office.governing_body_on(date(2022, 11, 28)) == "Tổng cục Thi hành án dân sự"
    assert office.governing_body_on(date(2025, 12, 1)) == "Cục Quản lý Thi hành án dân sự"
    office.governing_body = "Bộ Tư pháp"
    assert office.governing_body_on(date(2025, 12, 1)) == "Bộ Tư pháp"
    assert Unit(name="Bộ Tư pháp", type=Unit.Type.MINISTRY).governing_body_on(date(2022, 1, 1)) == ""
