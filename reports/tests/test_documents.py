"""The document framework and the four reports on the full demo: what the PDF says,
in which fonts, on which paper."""

from datetime import date

import pytest

from emulation.models import Cluster
from reports import builders
from reports.documents import date_line, render_pdf
from reports.models import ReportKind

from .conftest import NORTH
from .pdf import pdf_fonts, pdf_has_images, pdf_page_sizes, pdf_text

pytestmark = pytest.mark.django_db

A4 = (595.3, 841.9)


@pytest.fixture
def north(full_demo, db):
    return Cluster.objects.get(slug=NORTH)


def test_the_date_line_follows_decree_30():
    assert date_line("Sơn La", date(2022, 11, 28)) == "Sơn La, ngày 28 tháng 11 năm 2022"
    assert date_line("Hà Nội", date(2023, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2023"
    assert date_line("Hà Nội", date(2023, 3, 9)) == "Hà Nội, ngày 09 tháng 3 năm 2023"


def test_a_units_part_of_its_document_numbers(db):
    from emulation.models import Unit

    department = Unit(name="Sở Tư pháp tỉnh Sơn La", type=Unit.Type.JUSTICE_DEPARTMENT)
    office = Unit(name="Cục Thi hành án dân sự tỉnh Lào Cai", type=Unit.Type.ENFORCEMENT_PROVINCE)
    division = Unit(name="Vụ Tổ chức cán bộ", type=Unit.Type.MINISTRY_UNIT)
    assert department.symbol() == "STP"  # "06/KH-STP" (seed 001)
    assert office.symbol() == office.symbol() == "CTHADS"
    office.name = "Thi hành án dân sự tỉnh Lào Cai"  # its name from 1/7/2025
    assert office.symbol() == "THADS"
    assert division.symbol() == "TCCB"
    division.document_symbol = "TCCB-TĐ"
    assert division.symbol() == "TCCB-TĐ"


def build(kind, year=None, cluster=None, vote_id=None, when=None, number=""):
    return builders.report_for(builders.Params(kind, year, cluster, vote_id, number, when)).build()


def test_the_cluster_year_report(north):
    built = build(ReportKind.CLUSTER_YEAR, 2022, north, number="15")
    text = pdf_text(built.pdf)
    flat = " ".join(text.split())
    # the official header: motto, issuing body (this year's head), number, place and the conference's date
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND TỈNH SƠN LA" in text and "SỞ TƯ PHÁP TỈNH SƠN LA" in text and "Số: 15/BC-STP" in text
    assert "Sơn La, ngày 28 tháng 11 năm 2022" in text
    assert "BÁO CÁO" in text
    # members and leadership, with diacritics
    for name in ["Sở Tư pháp tỉnh Điện Biên", "Cục Thi hành án dân sự tỉnh Lạng Sơn"]:
        assert name in text
    # campaigns and phases, pledges against results with the region's real figures
    assert "CÁC PHONG TRÀO THI ĐUA" in text
    # the common targets' rows carry the region's own totals, not the sum of the members' pledges
    # (the cell wraps, so the text comes out beside the next column's; the HTML test reads it whole)
    assert "Số việc thi hành xong (việc) 21.698/24.196 vụ, việc (đạt" in flat
    assert "Tỷ lệ hòa giải thành (vụ việc) 2.754/3.247 vụ việc (đạt tỷ lệ 85%)" in flat
    assert flat.count("theo báo cáo của cụm, khu vực") >= 4
    # the region's own totals, as its conference reported them (seed 003)
    assert "Hòa giải thành công: 2.754/3.247 vụ việc (đạt tỷ lệ 85%)." in flat
    assert "Thi hành xong về việc có điều kiện: 21.698/24.196 vụ, việc (đạt 89,68%)." in flat
    assert "Hội nghị, cuộc tuyên truyền pháp luật: 27.430 hội nghị, cuộc." in flat
    # scores, ranking and band, with a vector chart
    assert "Hạng A" in text and "182,13" in text
    assert not pdf_has_images(built.pdf)
    # votes and nominations: Cục THADS Lào Cai proposed for the Government's flag
    votes = flat.split("KẾT QUẢ BỎ PHIẾU")[1]
    assert "Cờ thi đua của Chính phủ" in votes and "84,62% Đã đề xuất" in votes
    # exemplary models, next year's head and deputies
    assert "ĐIỂN HÌNH TIÊN TIẾN" in text
    next_year = flat.split("LÃNH ĐẠO KHU VỰC, CỤM NĂM 2023")[1]
    assert "Sở Tư pháp tỉnh Lào Cai" in next_year and "Cục Thi hành án dân sự tỉnh Hà Giang" in next_year
    assert "Chưa có số liệu" not in text  # every source app has landed
    assert built.pages > 1 and "Trang" not in text  # page numbers: test_layout
    assert set(pdf_page_sizes(built.pdf)) == {A4}
    assert built.filename == "bao-cao-tong-ket-khu-vuc-mien-nui-bien-gioi-phia-bac-2022.pdf"
    assert built.xlsx.startswith(b"PK")


def test_only_the_shipped_fonts_are_used_and_embedded(north):
    built = build(ReportKind.PLEDGE_AGREEMENT, 2023, north)
    fonts = pdf_fonts(built.pdf)
    assert fonts, "no font resources found"
    assert all("LiberationSerif" in name.replace("-", "") for name in fonts), fonts
    assert all(fonts.values()), f"not embedded: {fonts}"
    assert any("Bold" in name for name in fonts)
    assert set(built.fonts_loaded) >= {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"}


def test_the_fetcher_refuses_anything_but_the_shipped_fonts():
    html = '<html><body><img src="file:///etc/passwd"><p>x</p></body></html>'
    with pytest.raises(RuntimeError, match="only the shipped fonts"):
        render_pdf(html)


def test_charts_are_vector_svg():
    from django.template import Context, Template

    from reports.charts import bar_chart

    svg = bar_chart(
        [("Sở Tư pháp tỉnh Sơn La", 182.5, "Xuất sắc", 0), ("Cục THADS tỉnh Lào Cai", 171, "Tốt", 1)], maximum=200
    )
    assert svg.startswith("<svg") and "182,5" in svg
    rendered = render_pdf(Template("<html><body>{{ svg }}</body></html>").render(Context({"svg": svg})))
    assert not pdf_has_images(rendered.pdf)
    assert "Sở Tư pháp tỉnh Sơn La" in pdf_text(rendered.pdf)


def test_the_sector_summary(full_demo, db):
    built = build(ReportKind.SECTOR_YEAR, 2022, when=date(2022, 12, 15))
    text = pdf_text(built.pdf)
    flat = " ".join(text.split())
    assert "VỤ TỔ CHỨC CÁN BỘ" in text and "/BC-TCCB" in text
    assert "Hà Nội, ngày 15 tháng 12 năm 2022" in text
    pages = [" ".join(page.split()) for page in text.split("\f")]
    north_pages = [
        i for i, page in enumerate(pages) if "KHU VỰC THI ĐUA KHỐI CƠ QUAN TƯ PHÁP CÁC TỈNH MIỀN NÚI" in page
    ]
    bloc_pages = [i for i, page in enumerate(pages) if "KHỐI CỤC THI HÀNH ÁN DÂN SỰ CÁC TỈNH MIỀN NÚI" in page]
    assert north_pages and bloc_pages and north_pages[0] != bloc_pages[0]  # a page per cluster
    assert "XẾP HẠNG THI ĐUA TOÀN NGÀNH THEO LOẠI ĐƠN VỊ" in flat and "Xếp hạng toàn ngành — Sở Tư pháp" in flat
    nominations = flat.split("ĐỀ NGHỊ KHEN THƯỞNG THEO DANH HIỆU")[1]
    assert "2. Cờ thi đua của Chính phủ" in nominations and "11 84,62% Đã gửi Bộ" in nominations
    assert "TỔNG HỢP CHUNG" in text
    assert "Chưa có số liệu" not in text
    assert not pdf_has_images(built.pdf) and set(pdf_page_sizes(built.pdf)) == {A4}


def test_a_cluster_with_its_own_abbreviation_prints_it(north):
    report = builders.report_for(builders.Params(ReportKind.CLUSTER_YEAR, 2022, north, None, "15", None))
    assert report.header().symbol == "BC-STP"  # issued by the head unit, Sở Tư pháp tỉnh Sơn La
    north.document_symbol = "KVMNBG"
    north.save()
    report = builders.report_for(builders.Params(ReportKind.CLUSTER_YEAR, 2022, north, None, "15", None))
    assert report.header().symbol == "BC-KVMNBG"


def test_the_central_regions_2017_report_is_dated_by_its_conference(full_demo, db):
    central = Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen")
    header = builders.report_for(builders.Params(ReportKind.CLUSTER_YEAR, 2017, central)).header()
    assert header.date_line == "Thanh Hóa, ngày 27 tháng 11 năm 2017"  # seed 000
    assert header.issuing_body == "SỞ TƯ PHÁP TỈNH THANH HÓA" and header.symbol == "BC-STP"


def test_the_vote_minutes_never_say_who_voted_how(full_demo, db):
    from awards.models import Vote

    vote = Vote.objects.get(cluster__slug=NORTH, year=2022, title__code="co-thi-dua-chinh-phu")
    built = build(ReportKind.VOTE_MINUTES, 2022, vote.cluster, vote.pk)
    text = pdf_text(built.pdf)
    flat = " ".join(text.split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "/BB-STP" in text
    assert "Sơn La, ngày 28 tháng 11 năm 2022" in text
    assert "Số đại biểu được triệu tập 14" in flat and "Số đại biểu có mặt 13" in flat
    assert "Phiếu trắng 0" in flat and "Phiếu không hợp lệ 0" in flat
    assert "Cục Thi hành án dân sự tỉnh Lào Cai 11 84,62% Đã đề xuất" in flat
    assert "THƯ KÝ" in text and "CHỦ TRÌ HỘI NGHỊ" in text
    # those present are named (Nghị định 30: the minutes state who took part), but nowhere near
    # the count: from the count to the signatures no voter's name appears
    voter_names = [v.official.user.get_full_name() for v in vote.voters.select_related("official__user") if v.official]
    count = flat.split("KẾT QUẢ KIỂM PHIẾU")[1].split("THƯ KÝ")[0]
    assert voter_names and not [name for name in voter_names if name in count]
    present = [
        v.official.user.get_full_name() for v in vote.voters.filter(present=True).select_related("official__user")
    ]
    assert len(present) == 13 and all(name in flat.split("KẾT QUẢ KIỂM PHIẾU")[0] for name in present)


def test_the_pledge_agreement(north):
    built = build(ReportKind.PLEDGE_AGREEMENT, 2023, north)
    text = pdf_text(built.pdf)
    flat = " ".join(text.split())
    assert "BẢN KÝ KẾT GIAO ƯỚC THI ĐUA" in text
    # no invented symbol (Phụ lục III has none for a giao ước): no number unless one is typed
    assert "GƯ-KVTĐ" not in text and "GƯ-STP" not in text
    assert builders.report_for(builders.Params(ReportKind.PLEDGE_AGREEMENT, 2023, north)).header().number_line == ""
    assert "SỞ TƯ PHÁP TỈNH LÀO CAI" in text  # the 2023 head issues it
    assert "Lào Cai, ngày 28 tháng 11 năm 2022" in text  # signed at the 2022 conference
    assert "Tỷ lệ hòa giải thành" in flat and "tối đa 0" in flat  # the common targets
    from campaigns.models import PledgeTarget
    from emulation.templatetags.emulation import number

    pledged = PledgeTarget.objects.get(
        pledge__year=2023, pledge__unit__slug="cuc-thi-hanh-an-dan-su-tinh-dien-bien", name="Số việc thi hành xong"
    )
    assert number(pledged.value, 0) in flat  # Cục THADS Điện Biên's pledged value
    assert text.count("TM. ") == 14  # a signature block per member
    assert "TM. SỞ TƯ PHÁP TỈNH SƠN LA" in flat
    assert "chưa đăng ký" in flat  # Cục THADS Lào Cai has no 2023 pledge in the demo


def test_the_chart_label_names_the_whole_band_in_the_reports_palette():
    from types import SimpleNamespace

    from reports.charts import BAND_COLOURS, bar_chart
    from reports.sections import _band_bar

    band = SimpleNamespace(name="Xuất sắc", label="", position=0)
    row = SimpleNamespace(unit=SimpleNamespace(short_name="", name="Sở Tư pháp tỉnh Sơn La"), total=90, band=band)
    svg = bar_chart([_band_bar(row)], maximum=100)
    assert "90,0 · Xuất sắc" in svg and "· sắc" not in svg.replace("Xuất sắc", "")
    assert f'fill="{BAND_COLOURS[0]}"' in svg
    labelled = SimpleNamespace(name="Hạng A", label="Xuất sắc", position=1)
    svg = bar_chart([_band_bar(SimpleNamespace(unit=row.unit, total=80, band=labelled))])
    assert "80,0 · Xuất sắc" in svg and f'fill="{BAND_COLOURS[1]}"' in svg


@pytest.mark.parametrize(
    "symbol, typed, printed",
    [
        ("BB-CTĐ", "05", "Số: 05/BB-CTĐ"),
        ("BB-CTĐ", "05/BB-CTĐVII", "Số: 05/BB-CTĐVII"),
        ("BB-CTĐ", " 12/BC-KV ", "Số: 12/BC-KV"),
        ("", "01", "Số: 01"),
        ("", "01/GƯ-KVMNBG", "Số: 01/GƯ-KVMNBG"),
        ("", "", ""),
    ],
)
def test_a_document_number_is_the_ordinal_or_the_whole_number(symbol, typed, printed):
    from django.utils import translation

    from reports.documents import Header

    header = Header("", "", symbol, "Hà Nội", date(2023, 12, 1), "BIÊN BẢN", "", number=typed)
    with translation.override("vi"):
        assert header.number_line == printed


def _report_progress(pledge, reached, note):
    """The unit's official reports its figures through the service, as the page does."""
    from decimal import Decimal

    from campaigns import services
    from emulation.models import Official

    official = Official.objects.filter(unit=pledge.unit).select_related("user").first().user
    progress = services.start_progress(pledge, official)
    figures = progress.figures.order_by("target__number")
    values = {f.target_id: Decimal(n) for f, n in zip(figures, reached, strict=False)}
    progress = services.save_progress(
        progress, official, progress.version, as_of=date(2023, 6, 15), values=values, note=note
    )
    return services.submit_progress(progress, official)


def test_the_cluster_mid_year_report(north):
    from campaigns.models import Pledge
    from campaigns.queries import regular_campaign

    campaign = regular_campaign(north, 2023)
    pledges = Pledge.objects.filter(campaign=campaign, year=2023, status=Pledge.Status.ACCEPTED)
    pledge = pledges.order_by("unit__name").first()
    count = pledge.targets.count()
    _report_progress(pledge, ["12001"] + ["1"] * (count - 1), "Sáu tháng đầu năm đã thi hành xong 12.001 việc.")
    built = build(ReportKind.CLUSTER_MID_YEAR, 2023, north, number="7")
    text = pdf_text(built.pdf)
    flat = " ".join(text.split())
    assert "BÁO CÁO" in text and "Số: 7/BC-STP" in text
    assert pledge.unit.name in flat and "12.001" in flat
    assert "số liệu tính đến ngày 15/06/2023" in flat
    assert "Chưa có báo cáo tiến độ" in flat  # the members that have not reported are listed too
    assert set(pdf_page_sizes(built.pdf)) == {A4}
    assert built.filename == "bao-cao-so-ket-khu-vuc-mien-nui-bien-gioi-phia-bac-2023.pdf"
    assert built.xlsx.startswith(b"PK")
