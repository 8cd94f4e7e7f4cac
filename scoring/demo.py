"""Demo data for scoring: realistic criteria tables for Sở Tư pháp and Cục THADS (2022 and
2023, 200 points, groups under Roman numerals, bands, a proportional target with the
over-achievement rule, bonus and penalty items, rank bands A–D) and the northern region
members' scorecards — all final in 2022 (so a ranking exists), in various states in 2023.

The decision numbers and every unit's figures are invented (the source articles do not
give them); the structure follows the Ministry's guidance quoted in domain.md. Safe to run
twice: tables are looked up by year, unit type and edition, scorecards by unit and year.
"""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from emulation.demo import NORTH, department, enforcement
from emulation.models import Cluster, Unit
from emulation.services import save_with_history

from . import computation, queries, sheets
from .models import CriteriaTable, Evidence, ReviewerAssignment, Scorecard, ScoreEntry
from .services import scorecards, tables

C = sheets.ParsedCriterion
R = sheets.ParsedRankBand
D = Decimal

LATE_2 = [(D(0), D(0), D(2)), (D(1), D(2), D("1.5")), (D(3), D(5), D(1)), (D(6), D(10), D("0.5")), (D(11), None, D(0))]
LATE_10 = [
    (D(0), D(0), D(10)),
    (D(1), D(2), D("7.5")),
    (D(3), D(5), D(5)),
    (D(6), D(10), D("2.5")),
    (D(11), None, D(0)),
]


def _rate_bands(maximum):
    """A rate > 95% → full, 75–95% → ¾, 50–75% → ½ … below → 0 (domain.md)."""
    m = D(maximum)
    return [
        (D("95.01"), None, m),
        (D(75), D(95), (m * D("0.75")).quantize(D("0.01"))),
        (D(50), D("74.99"), (m / 2).quantize(D("0.01"))),
        (None, D("49.99"), D(0)),
    ]


def _c(number, title, max_points, parent=None, **extra):
    return C(row=0, number=number, title=title, max_points=D(max_points), parent_number=parent, **extra)


THADS_CRITERIA = [
    _c("I", "Thực hiện chế độ báo cáo, thống kê", 20),
    _c("1", "Báo cáo thống kê thi hành án dân sự định kỳ", 10, "I"),
    _c(
        "1.1",
        "Báo cáo thống kê 6 tháng gửi đúng thời hạn",
        2,
        "1",
        method="bands",
        input_label="Số ngày chậm",
        bands=LATE_2,
        evidence_required=True,
        evidence_hint="Văn bản gửi báo cáo, dấu thời gian trên hệ thống",
    ),
    _c(
        "1.2",
        "Báo cáo thống kê năm gửi đúng thời hạn",
        2,
        "1",
        method="bands",
        input_label="Số ngày chậm",
        bands=LATE_2,
        evidence_required=True,
    ),
    _c("1.3", "Số liệu báo cáo chính xác, đầy đủ, không phải điều chỉnh", 6, "1"),
    _c("2", "Báo cáo chuyên đề, đột xuất theo yêu cầu của Bộ, Tổng cục", 10, "I"),
    _c("II", "Kết quả thi hành án dân sự về việc", 50),
    _c(
        "3",
        "Tỷ lệ thi hành xong về việc trên số có điều kiện thi hành (chỉ tiêu 84%)",
        40,
        "II",
        method="proportional",
        input_label="Tỷ lệ đạt được (%)",
        target=D(84),
        ceiling=D(44),
        evidence_required=True,
        note="Vượt chỉ tiêu: điểm × tỷ lệ vượt, tối đa 44 điểm.",
    ),
    _c("4", "Giảm số việc chuyển kỳ sau so với năm trước", 10, "II", method="yes_no"),
    _c("III", "Kết quả thi hành án dân sự về tiền", 40),
    _c(
        "5",
        "Tỷ lệ thi hành xong về tiền trên số có điều kiện thi hành (chỉ tiêu 45%)",
        30,
        "III",
        method="proportional",
        input_label="Tỷ lệ đạt được (%)",
        target=D(45),
        evidence_required=True,
    ),
    _c(
        "6",
        "Tỷ lệ việc tổ chức thi hành bảo đảm thời hạn luật định",
        10,
        "III",
        method="bands",
        input_label="Tỷ lệ (%)",
        bands=_rate_bands(10),
    ),
    _c("IV", "Công tác tổ chức cán bộ, xây dựng ngành", 20),
    _c("7", "Không có công chức, người lao động bị xử lý kỷ luật", 10, "IV", method="yes_no"),
    _c("8", "Đào tạo, bồi dưỡng, kiện toàn đội ngũ Chấp hành viên, Thẩm tra viên", 10, "IV"),
    _c("V", "Công tác kiểm tra, giải quyết khiếu nại, tố cáo", 25),
    _c(
        "9",
        "Tỷ lệ giải quyết khiếu nại, tố cáo đúng thời hạn",
        15,
        "V",
        method="proportional",
        input_label="Số đơn giải quyết đúng hạn",
    ),
    _c("10", "Thực hiện kế hoạch kiểm tra nghiệp vụ", 10, "V"),
    _c("VI", "Quản lý tài chính, tài sản, kho vật chứng", 15),
    _c("11", "Quản lý, sử dụng kinh phí đúng quy định; không để mất mát tài sản, vật chứng", 15, "VI"),
    _c("VII", "Công tác thi đua, khen thưởng; phối hợp liên ngành", 20),
    _c(
        "12",
        "Tổ chức phong trào thi đua, ký kết giao ước thi đua",
        10,
        "VII",
        evidence_required=True,
        evidence_hint="Kế hoạch phát động, bản giao ước thi đua",
    ),
    _c("13", "Phối hợp với Ban Chỉ đạo thi hành án dân sự tỉnh và các cơ quan liên quan", 10, "VII"),
    _c("VIII", "Ứng dụng công nghệ thông tin", 10),
    _c("14", "Cập nhật đầy đủ dữ liệu trên Hệ thống quản lý thi hành án dân sự", 5, "VIII", method="yes_no"),
    _c(
        "15",
        "Sử dụng chữ ký số, văn bản điện tử",
        5,
        "VIII",
        method="bands",
        input_label="Tỷ lệ văn bản điện tử (%)",
        bands=_rate_bands(5),
    ),
    _c("IX", "Điểm thưởng", 10, kind="bonus"),
    _c("16", "Đơn vị được Bộ, Tổng cục biểu dương, nhân rộng mô hình", 5, "IX", kind="bonus", method="yes_no"),
    _c("17", "Có sáng kiến, cách làm hay được công nhận", 5, "IX", kind="bonus"),
    _c("X", "Điểm trừ", 10, kind="penalty"),
    _c(
        "18",
        "Báo cáo gửi chậm, sai số liệu phải điều chỉnh",
        10,
        "X",
        kind="penalty",
        method="bands",
        input_label="Số lần",
        bands=[(D(0), D(0), D(0)), (D(1), D(2), D(2)), (D(3), D(4), D(5)), (D(5), None, D(10))],
    ),
]

DOJ_CRITERIA = [
    _c("I", "Thực hiện chế độ báo cáo", 20),
    _c(
        "1",
        "Báo cáo công tác tư pháp định kỳ gửi đúng thời hạn",
        10,
        "I",
        method="bands",
        input_label="Số ngày chậm",
        bands=LATE_10,
        evidence_required=True,
    ),
    _c("2", "Báo cáo chuyên đề, đột xuất theo yêu cầu của Bộ", 10, "I"),
    _c("II", "Xây dựng, kiểm tra, rà soát văn bản quy phạm pháp luật", 30),
    _c(
        "3",
        "Tham mưu xây dựng văn bản quy phạm pháp luật của tỉnh đúng tiến độ",
        15,
        "II",
        method="proportional",
        input_label="Số văn bản hoàn thành",
    ),
    _c("4", "Kiểm tra, rà soát, hệ thống hóa văn bản", 15, "II"),
    _c("III", "Phổ biến, giáo dục pháp luật; hòa giải ở cơ sở", 30),
    _c(
        "5",
        "Tỷ lệ hòa giải thành",
        15,
        "III",
        method="bands",
        input_label="Tỷ lệ hòa giải thành (%)",
        bands=[
            (D(85), None, D(15)),
            (D(75), D("84.99"), D("11.25")),
            (D(50), D("74.99"), D("7.5")),
            (None, D("49.99"), D(0)),
        ],
    ),
    _c(
        "6",
        "Tổ chức hoạt động phổ biến, giáo dục pháp luật theo kế hoạch",
        15,
        "III",
        method="proportional",
        input_label="Số cuộc đã tổ chức",
        ceiling=D(18),
        note="Vượt kế hoạch: điểm × tỷ lệ vượt, tối đa 18 điểm.",
        evidence_required=True,
    ),
    _c("IV", "Hành chính tư pháp: hộ tịch, chứng thực, lý lịch tư pháp, quốc tịch", 30),
    _c(
        "7",
        "Cấp Phiếu lý lịch tư pháp đúng thời hạn",
        15,
        "IV",
        method="bands",
        input_label="Tỷ lệ đúng hạn (%)",
        bands=_rate_bands(15),
    ),
    _c("8", "Đăng ký hộ tịch trực tuyến, cơ sở dữ liệu hộ tịch điện tử", 15, "IV"),
    _c("V", "Bổ trợ tư pháp; bồi thường nhà nước", 25),
    _c("9", "Quản lý nhà nước về luật sư, công chứng, đấu giá tài sản, giám định tư pháp", 15, "V"),
    _c("10", "Giải quyết yêu cầu bồi thường nhà nước đúng thời hạn", 10, "V", method="yes_no"),
    _c("VI", "Theo dõi thi hành pháp luật, quản lý xử lý vi phạm hành chính", 20),
    _c("11", "Theo dõi tình hình thi hành pháp luật, xử lý vi phạm hành chính theo kế hoạch", 20, "VI"),
    _c("VII", "Công tác tổ chức, thi đua, khen thưởng", 35),
    _c("12", "Xây dựng, kiện toàn tổ chức bộ máy, đội ngũ công chức", 15, "VII"),
    _c(
        "13",
        "Tổ chức phong trào thi đua, thực hiện giao ước thi đua của Khu vực",
        20,
        "VII",
        evidence_required=True,
        evidence_hint="Kế hoạch, báo cáo tổng kết phong trào thi đua",
    ),
    _c("VIII", "Ứng dụng công nghệ thông tin", 10),
    _c("14", "Cung cấp dịch vụ công trực tuyến toàn trình", 5, "VIII", method="yes_no"),
    _c("15", "Lập hồ sơ công việc, văn bản điện tử", 5, "VIII"),
    _c("IX", "Điểm thưởng", 10, kind="bonus"),
    _c("16", "Mô hình, cách làm hay được Bộ, tỉnh ghi nhận, nhân rộng", 10, "IX", kind="bonus"),
    _c("X", "Điểm trừ", 10, kind="penalty"),
    _c("17", "Sai sót bị cơ quan có thẩm quyền kết luận, phải khắc phục", 10, "X", kind="penalty"),
]

RANKS = {
    Unit.Type.ENFORCEMENT_PROVINCE: [
        R(0, "Hạng A", "Xuất sắc", D(180), ["3", "4", "5"]),
        R(0, "Hạng B", "Khá", D(160), []),
        R(0, "Hạng C", "Trung bình", D(130), []),
        R(0, "Hạng D", "Yếu", D(0), []),
    ],
    Unit.Type.JUSTICE_DEPARTMENT: [
        R(0, "Hạng A", "Xuất sắc", D(180), ["1"]),
        R(0, "Hạng B", "Khá", D(160), []),
        R(0, "Hạng C", "Trung bình", D(130), []),
        R(0, "Hạng D", "Yếu", D(0), []),
    ],
}

TABLES = [
    # year, unit type, name, legal basis, issued on, issuer, criteria
    (
        2022,
        Unit.Type.JUSTICE_DEPARTMENT,
        "Bảng tiêu chí đánh giá, chấm điểm, xếp hạng thi đua năm 2022 đối với Sở Tư pháp",
        "312/QĐ-BTP",
        date(2022, 3, 15),
        "Bộ Tư pháp",
        DOJ_CRITERIA,
    ),
    (
        2023,
        Unit.Type.JUSTICE_DEPARTMENT,
        "Bảng tiêu chí đánh giá, chấm điểm, xếp hạng thi đua năm 2023 đối với Sở Tư pháp",
        "415/QĐ-BTP",
        date(2023, 3, 20),
        "Bộ Tư pháp",
        DOJ_CRITERIA,
    ),
    (
        2022,
        Unit.Type.ENFORCEMENT_PROVINCE,
        "Bảng tiêu chí đánh giá, chấm điểm, xếp hạng thi đua năm 2022 đối với Cục Thi hành án dân sự",
        "215/QĐ-TCTHADS",
        date(2022, 3, 10),
        "Tổng cục Thi hành án dân sự",
        THADS_CRITERIA,
    ),
    (
        2023,
        Unit.Type.ENFORCEMENT_PROVINCE,
        "Bảng tiêu chí đánh giá, chấm điểm, xếp hạng thi đua năm 2023 đối với Cục Thi hành án dân sự",
        "268/QĐ-TCTHADS",
        date(2023, 3, 14),
        "Tổng cục Thi hành án dân sự",
        THADS_CRITERIA,
    ),
]

# 2023 states of the northern region's scorecards (the rest of the members are final).
STATES_2023 = {
    enforcement("Lào Cai"): None,  # not opened: the demo journey starts it (login canbo)
    enforcement("Điện Biên"): Scorecard.Status.DRAFT,
    enforcement("Lai Châu"): Scorecard.Status.SUBMITTED,
    enforcement("Cao Bằng"): Scorecard.Status.REVIEWED,
    department("Lào Cai"): Scorecard.Status.SUBMITTED,
    department("Hà Giang"): Scorecard.Status.DRAFT,
    department("Cao Bằng"): Scorecard.Status.REVIEWED,
    department("Điện Biên"): Scorecard.Status.SUBMITTED,
}
# How well each unit did (0–1); the year's figures jitter around it.
QUALITY = {
    "Sơn La": 0.86,
    "Lào Cai": 0.9,
    "Lạng Sơn": 0.8,
    "Hà Giang": 0.7,
    "Cao Bằng": 0.76,
    "Lai Châu": 0.6,
    "Điện Biên": 0.66,
}
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _q(value, places="0.01"):
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _table(year, unit_type, name, basis, issued_on, issuer, criteria, by):
    table = CriteriaTable.objects.filter(year=year, unit_type=unit_type, edition=1).first()
    if table is not None:
        return table
    table = CriteriaTable(
        year=year,
        unit_type=unit_type,
        name=name,
        legal_basis=basis,
        issued_on=issued_on,
        issuer=issuer,
        total_points=D(200),
    )
    save_with_history(table, by)
    tables.replace_tree(table, by, criteria, RANKS[unit_type])
    problems = queries.table_problems(table)
    assert not problems, problems
    table.status = CriteriaTable.Status.PUBLISHED
    table.published_at = timezone.make_aware(timezone.datetime.combine(issued_on, timezone.datetime.min.time()))
    table.published_by = by
    save_with_history(table, by)
    return table


def _inputs(node, quality, rng):
    """Plausible figures for one criterion of a unit that does ``quality`` well."""
    q = min(1.0, max(0.0, quality + rng.uniform(-0.08, 0.06)))
    if node.method == computation.YES_NO:
        return {"answer": q > 0.68}
    if node.method == computation.BANDS:
        label = node.input_label.lower()
        if "ngày" in label:
            return {"value": Decimal(0 if q > 0.85 else rng.choice([1, 2, 3, 4, 7]))}
        if "lần" in label:
            return {"value": Decimal(0 if q > 0.8 else rng.choice([1, 2, 3]))}
        return {"value": _q(60 + 40 * q)}
    if node.method == computation.PROPORTIONAL:
        if node.target is not None:
            return {"value": _q(float(node.target) * (0.7 + 0.35 * q))}
        planned = Decimal(rng.randint(12, 60))
        return {"value": _q(float(planned) * min(1.3, 0.7 + 0.45 * q), "1"), "planned": planned}
    if node.kind == computation.PENALTY:
        return {"points": _q(float(node.max_points) * (1 - q) * 0.6, "0.5")}
    if node.kind == computation.BONUS:
        return {"points": _q(float(node.max_points) * q * 0.5, "0.5")}
    return {"points": _q(float(node.max_points) * (0.5 + 0.45 * q), "0.25")}


def _scorecard(unit, table, status, by, reviewer, rng):
    card = Scorecard.objects.filter(unit=unit, year=table.year).first()
    if card is not None or status is None:
        return card
    card = Scorecard(unit=unit, year=table.year, unit_type=unit.type, table=table)
    save_with_history(card, by)
    criteria, bands = queries.table_tree(table)
    quality = QUALITY[unit.province] - (0.03 if table.year == 2022 else 0)
    entries = []
    for node in queries.leaves(criteria):
        data = _inputs(node, quality, rng)
        if status == Scorecard.Status.DRAFT and rng.random() < 0.4:
            data = {}
        points = computation.criterion_points(node, bands.get(node.pk, []), **data) if data else None
        entry = ScoreEntry(
            scorecard=card,
            criterion=node,
            value=data.get("value"),
            planned=data.get("planned"),
            answer=data.get("answer"),
            self_points=points,
        )
        entries.append(entry)
    bulk_create_with_history(entries, ScoreEntry, default_user=by)
    links = [
        Evidence(
            entry=entry,
            link=f"https://vanban.example.gov.vn/{unit.slug}/{table.year}/tieu-chi-{entry.criterion.number}",
            uploaded_by=by,
        )
        for entry in ScoreEntry.objects.filter(scorecard=card, criterion__evidence_required=True, self_points__gt=0)
        .select_related("criterion")
        .order_by("pk")
    ]
    bulk_create_with_history(links, Evidence, default_user=by)
    if status == Scorecard.Status.DRAFT:
        scorecards.store_totals(card, criteria)
        save_with_history(card, by)
        return card
    when = timezone.make_aware(timezone.datetime(table.year, 11, 20, 9, 0)) + timedelta(days=rng.randint(0, 10))
    if card.needs_certification:
        card.certification.save("xac-nhan-chu-tich-ubnd.pdf", ContentFile(TINY_PDF), save=False)
    card.status = Scorecard.Status.SUBMITTED
    card.submitted_at, card.submitted_by = when, by
    scorecards.store_totals(card, criteria)
    save_with_history(card, by)
    if status == Scorecard.Status.SUBMITTED:
        return card
    entries = list(ScoreEntry.objects.filter(scorecard=card).select_related("criterion").order_by("pk"))
    manual = [e for e in entries if e.criterion.method == computation.MANUAL and e.criterion.kind == "regular"]
    corrected = rng.choice(manual)
    corrected.reviewed_points = max(
        Decimal(0), corrected.self_points - _q(float(corrected.criterion.max_points) * 0.2, "0.25")
    )
    corrected.review_reason = "Tài liệu minh chứng chưa thể hiện đầy đủ kết quả; trừ điểm theo hướng dẫn chấm."
    corrected.reviewed_by, corrected.reviewed_at = reviewer, when + timedelta(days=14)
    save_with_history(corrected, reviewer)
    card.status = Scorecard.Status.REVIEWED
    card.reviewed_at, card.reviewed_by = when + timedelta(days=14), reviewer
    effective = scorecards.store_totals(card, criteria)
    save_with_history(card, reviewer)
    if status == Scorecard.Status.REVIEWED:
        return card
    entries = list(ScoreEntry.objects.filter(scorecard=card))
    card.final_total = effective.total
    card.band = queries.card_band(card, criteria, entries, effective)
    card.status = Scorecard.Status.FINAL
    card.finalized_at = when + timedelta(days=20)
    save_with_history(card, reviewer)
    return card


@transaction.atomic
def load():
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    reviewer = User.objects.filter(username="bo").first() or admin
    tables = {}
    for year, unit_type, name, basis, issued_on, issuer, criteria in TABLES:
        tables[year, unit_type] = _table(year, unit_type, name, basis, issued_on, issuer, criteria, admin)
    units = {u.name: u for u in Unit.objects.filter(name__in=[f(p) for p in NORTH for f in (department, enforcement)])}
    for year in (2022, 2023):
        for province in NORTH:
            for make in (department, enforcement):
                unit = units.get(make(province))
                if unit is None:
                    continue
                status = Scorecard.Status.FINAL if year == 2022 else STATES_2023.get(unit.name, Scorecard.Status.FINAL)
                rng = random.Random(f"{unit.slug}-{year}")
                owner = unit.officials.select_related("user").first()
                _scorecard(unit, tables[year, unit.type], status, owner.user if owner else admin, reviewer, rng)
    north = Cluster.objects.filter(slug="khu-vuc-mien-nui-bien-gioi-phia-bac").first()
    head_2023 = units.get(department("Lào Cai"))
    if north and head_2023 and reviewer:
        ReviewerAssignment.objects.get_or_create(
            table=tables[2023, Unit.Type.ENFORCEMENT_PROVINCE],
            reviewer=head_2023,
            cluster=north,
            defaults={"assigned_by": reviewer},
        )
