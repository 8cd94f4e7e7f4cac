"""Demo data: the real clusters and units of domain.md, the titles catalogue and
one login per role. Safe to run twice (every row is looked up by its natural key).

Where the source articles are silent (most deputies, some members) the demo
invents plausible values; the named facts (heads, dates, members) are real.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Cluster, Membership, Official, ReportedFigure, Title, Unit
from .text import vi_slug

DEMO_PASSWORD = "ThiDua@2026"

NORTH = ["Sơn La", "Lào Cai", "Lạng Sơn", "Hà Giang", "Cao Bằng", "Lai Châu", "Điện Biên"]
CENTRAL = [
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Trị",
    "Thừa Thiên Huế",
    "Quảng Nam",
    "Quảng Ngãi",
    "Kon Tum",
    "Gia Lai",
    "Đắk Lắk",
    "Lâm Đồng",
]
MINISTRY_UNITS = [
    "Văn phòng Bộ",
    "Vụ Các vấn đề chung về xây dựng pháp luật",
    "Vụ Tổ chức cán bộ",
    "Cục Kế hoạch – Tài chính",
]
# Abbreviations in document numbers that a name's initials would not give ("VP", not "PB").
DOCUMENT_SYMBOLS = {"Văn phòng Bộ": "VP", "Vụ Các vấn đề chung về xây dựng pháp luật": "VĐCXDPL"}

# (login, full name, unit, position, is unit head) — all share DEMO_PASSWORD.
DEMO_USERS = [
    ("canbo", "Nguyễn Thị Mai", "Cục Thi hành án dân sự tỉnh Lào Cai", "Chuyên viên thi đua", False),
    ("thutruong", "Trần Văn Đức", "Cục Thi hành án dân sự tỉnh Lào Cai", "Cục trưởng", True),
    ("truongcum", "Lê Thị Hồng", "Sở Tư pháp tỉnh Lào Cai", "Chánh Văn phòng Sở", False),
    ("bo", "Phạm Văn Bình", "Vụ Tổ chức cán bộ", "Chuyên viên Phòng Thi đua – Khen thưởng", False),
]

TITLES = [
    # code, name, kind, level, authority, criteria
    (
        "lao-dong-tien-tien",
        "Lao động tiên tiến",
        "title",
        "individual",
        "Thủ trưởng cơ quan, đơn vị",
        "Hoàn thành tốt nhiệm vụ trở lên; không hạn chế số lượng.",
    ),
    (
        "chien-si-thi-dua-co-so",
        "Chiến sĩ thi đua cơ sở",
        "title",
        "individual",
        "Thủ trưởng cơ quan, đơn vị",
        "Đạt Lao động tiên tiến và có sáng kiến được công nhận; tỷ lệ thường không quá 15% số "
        "đạt Lao động tiên tiến [cần xác minh].",
    ),
    (
        "chien-si-thi-dua-bo-nganh",
        "Chiến sĩ thi đua Bộ, ngành",
        "title",
        "individual",
        "Bộ trưởng Bộ Tư pháp",
        "3 lần liên tục đạt Chiến sĩ thi đua cơ sở, sáng kiến có phạm vi ảnh hưởng trong ngành [cần xác minh].",
    ),
    (
        "chien-si-thi-dua-toan-quoc",
        "Chiến sĩ thi đua toàn quốc",
        "title",
        "individual",
        "Thủ tướng Chính phủ",
        "2 lần liên tục đạt Chiến sĩ thi đua Bộ, ngành.",
    ),
    (
        "tap-the-lao-dong-tien-tien",
        "Tập thể lao động tiên tiến",
        "title",
        "collective",
        "Thủ trưởng cơ quan, đơn vị",
        "",
    ),
    (
        "tap-the-lao-dong-xuat-sac",
        "Tập thể lao động xuất sắc",
        "title",
        "collective",
        "Bộ trưởng Bộ Tư pháp",
        "Từ 70% thành viên đạt Lao động tiên tiến, có Chiến sĩ thi đua cơ sở, không ai bị kỷ luật [cần xác minh].",
    ),
    (
        "co-thi-dua-nganh-tu-phap",
        "Cờ thi đua ngành Tư pháp",
        "title",
        "collective",
        "Bộ trưởng Bộ Tư pháp",
        "Đơn vị tiêu biểu xuất sắc nhất của Cụm, Khu vực, qua bình xét, so sánh và bỏ phiếu; "
        "số lượng theo Cụm [cần xác minh].",
    ),
    (
        "co-thi-dua-chinh-phu",
        "Cờ thi đua của Chính phủ",
        "title",
        "collective",
        "Thủ tướng Chính phủ",
        "Chọn trong số đơn vị được đề nghị Cờ thi đua ngành Tư pháp, không quá 20% số đó [cần xác minh].",
    ),
    ("bang-khen-bo-truong", "Bằng khen của Bộ trưởng Bộ Tư pháp", "commendation", "both", "Bộ trưởng Bộ Tư pháp", ""),
    (
        "bang-khen-thu-tuong",
        "Bằng khen của Thủ tướng Chính phủ",
        "commendation",
        "both",
        "Thủ tướng Chính phủ",
        "Có điều kiện nhiều năm liên tục trước đó.",
    ),
    (
        "ky-niem-chuong-tu-phap",
        "Kỷ niệm chương \u201cVì sự nghiệp Tư pháp\u201d",
        "commendation",
        "individual",
        "Bộ trưởng Bộ Tư pháp",
        "",
    ),
]
LEGAL_BASIS = (
    "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Thông tư 05/2018/TT-BTP; từ 01/01/2024: "
    "Luật Thi đua, khen thưởng số 06/2022/QH15, Thông tư 11/2023/TT-BTP"
)


def department(province):
    return f"Sở Tư pháp tỉnh {province}"


def enforcement(province):
    return f"Cục Thi hành án dân sự tỉnh {province}"


def _unit(name, unit_type, province="", short_name="", **extra):
    unit, _created = Unit.objects.update_or_create(
        slug=vi_slug(name)[:100],
        defaults={"name": name, "type": unit_type, "province": province, "short_name": short_name, **extra},
    )
    return unit


def _units():
    ministry = _unit("Bộ Tư pháp", Unit.Type.MINISTRY, short_name="BTP")
    units = {"Bộ Tư pháp": ministry}
    for name in MINISTRY_UNITS:
        units[name] = _unit(
            name,
            Unit.Type.MINISTRY_UNIT,
            parent=ministry,
            is_emulation_office=(name == "Vụ Tổ chức cán bộ"),
            document_symbol=DOCUMENT_SYMBOLS.get(name, ""),
        )
    _unit(
        "Vụ Thi đua – Khen thưởng",
        Unit.Type.MINISTRY_UNIT,
        parent=ministry,
        active=False,
        successor=units["Vụ Tổ chức cán bộ"],
    )
    for province in NORTH + CENTRAL + ["Tiền Giang"]:
        units[department(province)] = _unit(
            department(province), Unit.Type.JUSTICE_DEPARTMENT, province, short_name=f"STP {province}"
        )
        units[enforcement(province)] = _unit(
            enforcement(province), Unit.Type.ENFORCEMENT_PROVINCE, province, short_name=f"Cục THADS {province}"
        )
    return units


def _cluster(name, short_name, kind, first_year, parent=None):
    cluster, _created = Cluster.objects.update_or_create(
        slug=vi_slug(short_name),
        defaults={"name": name, "short_name": short_name, "kind": kind, "first_year": first_year, "parent": parent},
    )
    return cluster


def _members(cluster, year, units, head, deputies=()):
    for unit in units:
        role = Membership.Role.MEMBER
        if unit == head:
            role = Membership.Role.HEAD
        elif unit in deputies:
            role = Membership.Role.DEPUTY
        Membership.objects.update_or_create(cluster=cluster, unit=unit, year=year, defaults={"role": role})


def _clusters(units):
    north = _cluster(
        "Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền núi biên giới phía Bắc",
        "Khu vực miền núi biên giới phía Bắc",
        Cluster.Kind.REGION,
        2015,
    )
    north_units = [units[f(p)] for p in NORTH for f in (department, enforcement)]
    _members(
        north,
        2022,
        north_units,
        units[department("Sơn La")],
        [units[department("Lào Cai")], units[enforcement("Điện Biên")]],
    )
    _members(
        north,
        2023,
        north_units,
        units[department("Lào Cai")],
        [units[department("Lạng Sơn")], units[enforcement("Hà Giang")]],
    )
    bloc = _cluster(
        "Khối Cục Thi hành án dân sự các tỉnh miền núi biên giới phía Bắc",
        "Khối THADS miền núi phía Bắc",
        Cluster.Kind.BLOC,
        2022,
        parent=north,
    )
    bloc_units = [units[enforcement(p)] for p in NORTH]
    _members(bloc, 2022, bloc_units, units[enforcement("Lào Cai")])
    _members(bloc, 2023, bloc_units, units[enforcement("Sơn La")])

    central = _cluster(
        "Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền Trung – Tây Nguyên",
        "Khu vực miền Trung – Tây Nguyên",
        Cluster.Kind.REGION,
        2015,
    )
    central_units = [units[f(p)] for p in CENTRAL for f in (department, enforcement)]
    _members(
        central,
        2017,
        central_units,
        units[department("Thanh Hóa")],
        [units[department("Quảng Nam")], units[enforcement("Gia Lai")]],
    )
    _members(
        central,
        2018,
        central_units,
        units[department("Thừa Thiên Huế")],
        [units[department("Nghệ An")], units[enforcement("Quảng Bình")]],
    )

    first = _cluster("Cụm thi đua số I, khối các đơn vị thuộc Bộ", "Cụm thi đua số I", Cluster.Kind.CLUSTER, 2015)
    first_units = [units[name] for name in MINISTRY_UNITS]
    _members(first, 2017, first_units, units["Vụ Các vấn đề chung về xây dựng pháp luật"], [units["Văn phòng Bộ"]])
    _members(first, 2018, first_units, units["Văn phòng Bộ"], [units["Cục Kế hoạch – Tài chính"]])


def _titles():
    for order, (code, name, kind, level, authority, criteria) in enumerate(TITLES, start=1):
        Title.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": level,
                "authority": authority,
                "decided_by": Title.decided_by_of(authority),
                "criteria": criteria,
                "legal_basis": LEGAL_BASIS,
                "first_year": 2017,
                "order": order,
            },
        )


def _users(units):
    User = get_user_model()
    admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for login, full_name, unit_name, position, is_head in DEMO_USERS:
        user, created = User.objects.get_or_create(username=login, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Official.objects.update_or_create(
            user=user, defaults={"unit": units[unit_name], "position": position, "is_unit_head": is_head}
        )


# The northern region's own totals of 2022, as its year-end conference reported them (seed 003):
# (indicator, figure, out of, unit of measure, the report's wording, the common target of the
# region's 2022 campaign it is the total of — campaigns.demo.REGION_TARGETS).
NORTH_FIGURES_2022 = [
    ("Hội nghị, cuộc tuyên truyền pháp luật", "27430", None, "hội nghị, cuộc", "", 1),
    ("Lượt người được tuyên truyền", "1800000", None, "lượt người", "hơn 1,8 triệu lượt người", None),
    ("Bộ tài liệu tuyên truyền pháp luật cấp phát", "410870", None, "bộ", "", 2),
    ("Hòa giải thành công", "2754", "3247", "vụ việc", "đạt tỷ lệ 85%", 3),
    ("Thi hành xong về việc có điều kiện", "21698", "24196", "vụ, việc", "đạt 89,68%", 4),
]
NORTH_SOURCE = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022 của Khu vực, Sơn La, 28/11/2022"


def _reported_figures():
    north = Cluster.objects.get(short_name="Khu vực miền núi biên giới phía Bắc")
    for order, (label, value, total, measure, stated, target) in enumerate(NORTH_FIGURES_2022, start=1):
        ReportedFigure.objects.get_or_create(
            cluster=north,
            year=2022,
            label=label,
            defaults={
                "value": Decimal(value),
                "of_total": Decimal(total) if total else None,
                "unit_of_measure": measure,
                "stated_as": stated,
                "source": NORTH_SOURCE,
                "order": order,
                "target_number": target,
            },
        )


@transaction.atomic
def load():
    units = _units()
    _clusters(units)
    _titles()
    _users(units)
    _reported_figures()
