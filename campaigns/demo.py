"""Demo campaigns and pledges from the seed articles (safe to run twice).

Real: "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới" 2016–2020 (Quyết định
2288/QĐ-BTP ngày 31/10/2016); Sở Tư pháp Tiền Giang's Kế hoạch 06/KH-STP of 10/01/2018
with its two phases and the anniversaries they honour; the northern region's 2023 pledge
signed at its conference of 28/11/2022 in Sơn La. The region's 2022 totals of seed 003
(mediation 2.754 of 3.247, enforcement 21.698 of 24.196 cases, 27.430 events …) are the
region's own reported figures (``emulation.demo``), not any unit's pledge: no seed says what
one unit pledged, so every unit's values here are plausible unit-level ones. Invented where
the articles are silent: the regions' document numbers, the per-unit target values and the
people registered. Rows are looked up by natural key; an existing pledge is never overwritten.

Cục THADS tỉnh Lào Cai (login ``canbo``) has no 2023 pledge, so the journey of making one
can be walked in ``make run``.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from emulation.demo import CENTRAL, DEMO_PASSWORD, MINISTRY_UNITS, NORTH, department, enforcement
from emulation.models import Cluster, Official, Title, Unit

from .calendar import sync_phase_steps
from .models import Campaign, CampaignTarget, Direction, Phase, Pledge, PledgedIndividual, PledgeTarget
from .services.individuals import link_individuals

AT_LEAST, AT_MOST = Direction.AT_LEAST, Direction.AT_MOST
S = Pledge.Status

# Extra demo logins (password DEMO_PASSWORD): the 2022 head's staff, and officials of
# members that have not yet submitted in 2023 (they receive the reminders).
DEMO_OFFICIALS = [
    ("sonla", "Hoàng Văn Nam", "Sở Tư pháp tỉnh Sơn La", "Chánh Văn phòng Sở", "nam.hv@stp-sonla.example.vn"),
    ("laichau", "Lò Thị Hoa", "Sở Tư pháp tỉnh Lai Châu", "Chuyên viên thi đua", "hoa.lt@stp-laichau.example.vn"),
    ("caobang", "Nông Văn Tiến", "Sở Tư pháp tỉnh Cao Bằng", "Chuyên viên thi đua", "tien.nv@stp-caobang.example.vn"),
]
HEADS = {  # unit head named on the pledge (signer); invented
    "doj": ("Giám đốc Sở", ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Quang", "Phạm Thị Thu"]),
    "thads": ("Cục trưởng", ["Vũ Văn Long", "Đỗ Thị Hạnh", "Bùi Văn Thắng", "Đặng Thị Yến"]),
}
PEOPLE = ["Nguyễn Thị Hương", "Trần Văn Minh", "Lê Thị Ngọc", "Hoàng Văn Sơn", "Phạm Thị Vân", "Vũ Đức Anh"]

REGION_TARGETS = [
    # number, name, unit of measure, direction, default
    (1, "Số hội nghị, cuộc tuyên truyền, phổ biến pháp luật", "cuộc", AT_LEAST, None),
    (2, "Số bộ tài liệu tuyên truyền pháp luật được cấp phát", "bộ", AT_LEAST, None),
    (3, "Tỷ lệ hòa giải thành", "vụ việc", AT_LEAST, None),
    (4, "Số việc thi hành xong", "việc", AT_LEAST, None),
    (5, "Tỷ lệ văn bản quy phạm pháp luật được thẩm định, góp ý đúng thời hạn", "%", AT_LEAST, Decimal(100)),
    (6, "Số báo cáo công tác thi đua, khen thưởng gửi chậm", "báo cáo", AT_MOST, Decimal(0)),
    (7, "Số đơn khiếu nại, tố cáo tồn đọng, kéo dài", "đơn", AT_MOST, Decimal(0)),
]
BASIC_TARGETS = [
    (1, "Tỷ lệ nhiệm vụ trọng tâm hoàn thành đúng hạn", "%", AT_LEAST, Decimal(100)),
    (2, "Số báo cáo công tác thi đua, khen thưởng gửi chậm", "báo cáo", AT_MOST, Decimal(0)),
    (3, "Tỷ lệ cán bộ, công chức đăng ký thi đua", "%", AT_LEAST, Decimal(100)),
]
NTM_TARGETS = [
    (1, "Số xã bãi ngang ven biển được hỗ trợ xây dựng xã đạt chuẩn tiếp cận pháp luật", "xã", AT_LEAST, Decimal(1)),
    (2, "Số xã được chọn làm điểm triển khai trợ giúp pháp lý", "xã", AT_LEAST, Decimal(3)),
]


def _titles():
    return {title.code: title for title in Title.objects.all()}


def _campaign(key, *, titles=(), targets=(), phases=(), clusters=(), units=(), **fields):
    """update_or_create a campaign by (document number, first year, level), with its titles,
    common targets and phases (looked up by number)."""
    campaign, _created = Campaign.objects.update_or_create(
        document_number=key, first_year=fields["first_year"], level=fields["level"], defaults=fields
    )
    campaign.titles.set(titles)
    campaign.clusters.set(clusters)
    campaign.units.set(units)
    for number, name, measure, direction, default in targets:
        CampaignTarget.objects.update_or_create(
            campaign=campaign,
            number=number,
            defaults={"name": name, "unit_of_measure": measure, "direction": direction, "default_value": default},
        )
    for number, name, start, end, goal in phases:
        Phase.objects.update_or_create(
            campaign=campaign, number=number, defaults={"name": name, "start": start, "end": end, "goal": goal}
        )
    return campaign


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _signer(unit, index):
    position, names = HEADS.get(unit.type, ("Thủ trưởng đơn vị", ["Nguyễn Văn Bình", "Trần Thị Hà"]))
    return names[index % len(names)], position


def _pledge(campaign, unit, year, status, *, index, title=None, values, actuals=None, individuals=(), **extra):
    """Create the pledge once (never overwrite an existing one) with the campaign's common
    targets at ``values`` (by number) and, when given, the actual values."""
    if Pledge.objects.filter(campaign=campaign, unit=unit, year=year).exists():
        return None
    signer, position = _signer(unit, index)
    submitted = datetime.date(year, 1, 10) + datetime.timedelta(days=index)
    reviewed = submitted + datetime.timedelta(days=5)
    pledge = Pledge(
        campaign=campaign,
        unit=unit,
        year=year,
        status=status,
        collective_title=title,
        commitments=(
            "Đơn vị cam kết thực hiện đầy đủ các chỉ tiêu đã đăng ký; hưởng ứng các phong trào thi đua do Bộ Tư pháp, "
            "Khu vực thi đua và địa phương phát động; thực hiện nghiêm chế độ báo cáo."
        ),
        signer_name=signer,
        signer_position=position,
        **extra,
    )
    if status != S.DRAFT:
        pledge.submitted_at = _at(submitted)
    if status in (S.RETURNED, *Pledge.ACCEPTED_OR_LATER):
        pledge.reviewed_at = _at(reviewed)
    if status in (S.RESULTS_REPORTED, S.ASSESSED):
        pledge.results_at = _at(datetime.date(year, 12, 5))
        pledge.results_report = (
            "Đơn vị đã hoàn thành cơ bản các chỉ tiêu giao ước; một số chỉ tiêu chưa đạt do số việc có điều kiện "
            "thi hành tăng, đơn vị đã có giải pháp khắc phục trong năm tới."
        )
    if status == S.ASSESSED:
        pledge.assessed_at = _at(datetime.date(year, 12, 20))
        pledge.assessment_note = "Kết quả được Khu vực thi đua thống nhất tại Hội nghị tổng kết."
    pledge.save()
    common = {target.number: target for target in campaign.targets.all()}
    rows = [
        PledgeTarget(
            pledge=pledge,
            campaign_target=target,
            number=number,
            name=target.name,
            unit_of_measure=target.unit_of_measure,
            kind=target.kind,
            direction=target.direction,
            value=values.get(number, target.default_value or Decimal(0)),
            actual=(actuals or {}).get(number),
        )
        for number, target in sorted(common.items())
    ]
    bulk_create_with_history(rows, PledgeTarget)
    people = [PledgedIndividual(pledge=pledge, full_name=n, position=p, title=t) for n, p, t in individuals]
    bulk_create_with_history(people, PledgedIndividual)
    return pledge


def _region_values(unit, index):
    """Plausible per-unit targets for the region's seven targets (and their actuals at 96%)."""
    is_doj = unit.type == Unit.Type.JUSTICE_DEPARTMENT
    values = {
        1: Decimal(1800 + 150 * index),
        2: Decimal(26000 + 1500 * index),
        3: Decimal(420 + 15 * index) if is_doj else Decimal(0),
        4: Decimal(0) if is_doj else Decimal(2900 + 120 * index),
        5: Decimal(100),
        6: Decimal(0),
        7: Decimal(0),
    }
    actuals = {number: (value * Decimal("0.96")).quantize(Decimal(1)) for number, value in values.items()}
    actuals[5] = Decimal("98.5")
    return values, actuals


def _people(titles, index):
    lao_dong, chien_si = titles["lao-dong-tien-tien"], titles["chien-si-thi-dua-co-so"]
    first, second = PEOPLE[index % len(PEOPLE)], PEOPLE[(index + 3) % len(PEOPLE)]
    return [(first, "Phó trưởng phòng", chien_si), (second, "Chuyên viên", lao_dong)]


def _north(titles):
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    region_titles = [
        titles[code]
        for code in (
            "tap-the-lao-dong-tien-tien",
            "tap-the-lao-dong-xuat-sac",
            "co-thi-dua-nganh-tu-phap",
            "co-thi-dua-chinh-phu",
            "lao-dong-tien-tien",
            "chien-si-thi-dua-co-so",
            "chien-si-thi-dua-bo-nganh",
        )
    ]
    common = {
        "kind": Campaign.Kind.REGULAR,
        "level": Campaign.Level.CLUSTER,
        "launching_cluster": north,
        "scope": Campaign.Scope.CLUSTERS,
    }
    # The plans are the head unit's, in the region's name (Phụ lục III has no "GƯ"); renamed in place.
    Campaign.objects.filter(document_number="01/GƯ-KVMNBG").update(document_number="01/KH-STP")
    c2022 = _campaign(
        "01/KH-STP",
        name="Phong trào thi đua thường xuyên và giao ước thi đua năm 2022 của Khu vực thi đua khối cơ quan Tư pháp "
        "các tỉnh miền núi biên giới phía Bắc",
        document_date=datetime.date(2021, 12, 10),
        issuing_body="Sở Tư pháp tỉnh Sơn La (Trưởng Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền núi biên giới "
        "phía Bắc)",
        first_year=2022,
        last_year=2022,
        registration_deadline=datetime.date(2022, 1, 31),
        description="Giao ước thi đua 7 chỉ tiêu giữa 14 Sở Tư pháp, Cục Thi hành án dân sự các tỉnh trong Khu vực "
        "(số hiệu văn bản minh họa).",
        titles=region_titles,
        targets=REGION_TARGETS,
        clusters=[north],
        **common,
    )
    c2023 = _campaign(
        "01/KH-STP",
        name="Phong trào thi đua thường xuyên và giao ước thi đua năm 2023 của Khu vực thi đua khối cơ quan Tư pháp "
        "các tỉnh miền núi biên giới phía Bắc",
        document_date=datetime.date(2022, 11, 28),
        issuing_body="Sở Tư pháp tỉnh Lào Cai (Trưởng Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền núi biên giới "
        "phía Bắc)",
        first_year=2023,
        last_year=2023,
        registration_deadline=datetime.date(2023, 1, 31),
        description="Ký kết tại Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022 ngày 28/11/2022 tại Sơn La "
        "(số hiệu văn bản minh họa).",
        titles=region_titles,
        targets=REGION_TARGETS,
        clusters=[north],
        # Two phases, each reviewed at its end (sơ kết đợt) besides the mid-year review.
        phases=[
            (
                1,
                "Đợt 1",
                datetime.date(2023, 1, 1),
                datetime.date(2023, 6, 30),
                "Lập thành tích chào mừng kỷ niệm 93 năm Ngày thành lập Đảng Cộng sản Việt Nam "
                "(03/02/1930 - 03/02/2023) và 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2023).",
            ),
            (
                2,
                "Đợt 2",
                datetime.date(2023, 7, 1),
                datetime.date(2023, 12, 31),
                "Chào mừng kỷ niệm 78 năm Ngày truyền thống ngành Tư pháp Việt Nam (28/8/1945 - 28/8/2023); hoàn "
                "thành toàn diện các chỉ tiêu giao ước năm 2023.",
            ),
        ],
        **common,
    )
    units = {unit.name: unit for unit in Unit.objects.filter(memberships__cluster=north, memberships__year=2023)}
    ordered = [units[f(p)] for p in NORTH for f in (department, enforcement)]
    flag, gov, excellent = (
        titles["co-thi-dua-nganh-tu-phap"],
        titles["co-thi-dua-chinh-phu"],
        titles["tap-the-lao-dong-xuat-sac"],
    )
    # 2022: every member's results assessed (the region's totals are its reported figures).
    for index, unit in enumerate(ordered):
        values, actuals = _region_values(unit, index)
        title = gov if unit.name == enforcement("Lào Cai") else flag if index % 2 == 0 else excellent
        _pledge(
            c2022,
            unit,
            2022,
            S.ASSESSED,
            index=index,
            title=title,
            values=values,
            actuals=actuals,
            individuals=_people(titles, index),
        )
    # 2023: several states; Cục THADS Lào Cai has none yet (the journey makes it).
    states = {
        department("Sơn La"): (S.ACCEPTED, {}),
        department("Lào Cai"): (S.ACCEPTED, {}),
        department("Lạng Sơn"): (S.SUBMITTED, {}),
        department("Hà Giang"): (S.SUBMITTED, {"is_late": True}),
        department("Cao Bằng"): (
            S.RETURNED,
            {"return_reason": "Chỉ tiêu 1 thấp hơn kết quả năm 2022; đề nghị rà soát, nâng chỉ tiêu và gửi lại."},
        ),
        department("Lai Châu"): (S.DRAFT, {}),
        department("Điện Biên"): (S.RESULTS_REPORTED, {}),
        enforcement("Sơn La"): (S.ACCEPTED, {}),
        enforcement("Lạng Sơn"): (S.ACCEPTED, {}),
        enforcement("Hà Giang"): (S.SUBMITTED, {}),
        enforcement("Cao Bằng"): (S.ASSESSED, {}),
        enforcement("Lai Châu"): (S.DRAFT, {}),
        enforcement("Điện Biên"): (S.RESULTS_REPORTED, {}),
    }
    for index, unit in enumerate(ordered):
        if unit.name not in states:
            continue
        status, extra = states[unit.name]
        values, actuals = _region_values(unit, index)
        with_results = status in (S.RESULTS_REPORTED, S.ASSESSED)
        _pledge(
            c2023,
            unit,
            2023,
            status,
            index=index,
            title=flag if index % 3 else excellent,
            values=values,
            actuals=actuals if with_results else None,
            individuals=_people(titles, index),
            **extra,
        )
    return c2022, c2023


def _regular_pledges(cluster, year, head, names, titles, title_for, document, issued, status=S.ASSESSED):
    """A cluster's regular campaign for a year with every member's pledge."""
    campaign = _campaign(
        document,
        name=f"Phong trào thi đua thường xuyên năm {year} của {cluster.name}",
        kind=Campaign.Kind.REGULAR,
        level=Campaign.Level.CLUSTER,
        launching_cluster=cluster,
        scope=Campaign.Scope.CLUSTERS,
        document_date=issued,
        issuing_body=f"{cluster.name} (Trưởng: {head})",
        first_year=year,
        last_year=year,
        registration_deadline=datetime.date(year, 2, 15),
        description="Số hiệu văn bản minh họa.",
        titles=[
            titles[code]
            for code in (
                "tap-the-lao-dong-xuat-sac",
                "co-thi-dua-nganh-tu-phap",
                "co-thi-dua-chinh-phu",
                "lao-dong-tien-tien",
                "chien-si-thi-dua-co-so",
            )
        ],
        targets=BASIC_TARGETS,
        clusters=[cluster],
    )
    units = Unit.objects.in_bulk(field_name="name")
    for index, name in enumerate(names):
        values = {1: Decimal(100), 2: Decimal(0), 3: Decimal(100)}
        actuals = {1: Decimal(100) if index % 4 else Decimal("96.5"), 2: Decimal(0), 3: Decimal(100)}
        _pledge(
            campaign,
            units[name],
            year,
            status,
            index=index,
            title=titles[title_for(index, name)],
            values=values,
            actuals=actuals if status in (S.RESULTS_REPORTED, S.ASSESSED) else None,
            individuals=_people(titles, index),
        )
    return campaign


def _central_and_first(titles):
    central = Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen")
    members = [f(p) for p in CENTRAL for f in (department, enforcement)]

    def central_2018_title(index, name):
        # 2018: 8 Sở Tư pháp registered for the Ministry's flag; 3 Cục THADS for the Government's.
        if name.startswith("Sở"):
            return "co-thi-dua-nganh-tu-phap" if index // 2 < 8 else "tap-the-lao-dong-xuat-sac"
        return "co-thi-dua-chinh-phu" if index // 2 < 3 else "co-thi-dua-nganh-tu-phap"

    _regular_pledges(
        central,
        2017,
        department("Thanh Hóa"),
        members,
        titles,
        lambda i, n: "co-thi-dua-nganh-tu-phap" if i % 3 == 0 else "tap-the-lao-dong-xuat-sac",
        "01/KH-KVMTTN",
        datetime.date(2017, 1, 16),
    )
    _regular_pledges(
        central,
        2018,
        department("Thừa Thiên Huế"),
        members,
        titles,
        central_2018_title,
        "01/KH-KVMTTN",
        datetime.date(2018, 1, 15),
    )
    first = Cluster.objects.get(slug="cum-thi-dua-so-i")
    _regular_pledges(
        first,
        2017,
        "Vụ Các vấn đề chung về xây dựng pháp luật",
        MINISTRY_UNITS,
        titles,
        lambda i, n: "co-thi-dua-nganh-tu-phap",
        "01/KH-CTĐ1",
        datetime.date(2017, 1, 20),
    )
    _regular_pledges(
        first,
        2018,
        "Văn phòng Bộ",
        MINISTRY_UNITS,
        titles,
        lambda i, n: "co-thi-dua-nganh-tu-phap" if i < 2 else "tap-the-lao-dong-xuat-sac",
        "01/KH-CTĐ1",
        datetime.date(2018, 1, 19),
        status=S.ACCEPTED,
    )


def _sector_2017(titles):
    """The two decisions of 2017 the central region's conference of 27/11/2017 answered (seed 000).
    The seed gives their numbers and subjects, not their dates ("131/QĐ-BTP ngày của Bộ trưởng"):
    the dates stay empty and the pages say they are not known."""
    common = {"level": Campaign.Level.SECTOR, "scope": Campaign.Scope.SECTOR, "document_date": None,
              "issuing_body": "Bộ trưởng Bộ Tư pháp", "first_year": 2017, "last_year": 2017}  # fmt: skip
    _campaign(
        "131/QĐ-BTP",
        name="Phong trào thi đua trong toàn ngành Tư pháp năm 2017",
        kind=Campaign.Kind.REGULAR,
        description="Kế hoạch phát động phong trào thi đua trong toàn ngành năm 2017. Ngày ban hành không có trong "
        "nguồn (bài viết về Hội nghị tổng kết Khu vực thi đua miền Trung – Tây Nguyên ngày 27/11/2017).",
        titles=[titles["co-thi-dua-nganh-tu-phap"], titles["tap-the-lao-dong-xuat-sac"]],
        **common,
    )
    _campaign(
        "429/QĐ-BTP",
        name="Cơ quan Tư pháp địa phương tăng cường kỷ cương, đề cao trách nhiệm, thi đua sáng tạo, hoàn thành xuất "
        "sắc nhiệm vụ trọng tâm công tác Tư pháp 2017",
        kind=Campaign.Kind.THEMATIC,
        description="Kế hoạch phát động phong trào thi đua theo chuyên đề dành cho các cơ quan tư pháp địa phương "
        "(Sở Tư pháp, Cục Thi hành án dân sự). Ngày ban hành không có trong nguồn (bài viết về Hội nghị tổng kết "
        "Khu vực thi đua miền Trung – Tây Nguyên ngày 27/11/2017).",
        **common,
    )


def _sector_and_tien_giang(titles):
    tien_giang = Unit.objects.get(name=department("Tiền Giang"))
    ntm = _campaign(
        "2288/QĐ-BTP",
        name="Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới",
        kind=Campaign.Kind.THEMATIC,
        level=Campaign.Level.SECTOR,
        scope=Campaign.Scope.SECTOR,
        document_date=datetime.date(2016, 10, 31),
        issuing_body="Bộ Tư pháp",
        first_year=2016,
        last_year=2020,
        registration_deadline=datetime.date(2016, 12, 31),
        description="Phong trào thi đua giai đoạn 2016 – 2020, chú trọng tiêu chí tiếp cận pháp luật trong Bộ tiêu chí "
        "quốc gia về xã nông thôn mới.",
        titles=[titles["bang-khen-bo-truong"], titles["tap-the-lao-dong-xuat-sac"]],
        targets=NTM_TARGETS,
    )
    _pledge(
        ntm,
        tien_giang,
        2018,
        S.ACCEPTED,
        index=0,
        title=titles["tap-the-lao-dong-xuat-sac"],
        values={1: Decimal(1), 2: Decimal(3)},
    )
    _campaign(
        "06/KH-STP",
        name="Phát động phong trào thi đua ngành Tư pháp năm 2018 (Sở Tư pháp tỉnh Tiền Giang)",
        kind=Campaign.Kind.PERIODIC,
        level=Campaign.Level.UNIT,
        launching_unit=tien_giang,
        scope=Campaign.Scope.UNITS,
        units=[tien_giang],
        document_date=datetime.date(2018, 1, 10),
        issuing_body="Sở Tư pháp tỉnh Tiền Giang",
        first_year=2018,
        last_year=2018,
        registration_deadline=datetime.date(2018, 2, 28),
        description="Ba phong trào: “Toàn ngành Tư pháp đổi mới lề lối làm việc, siết chặt kỷ luật, kỷ cương …”; "
        "“Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới” giai đoạn 2016-2020; “Cán bộ Tư pháp tiếp tục đẩy "
        "mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”.",
        titles=[titles["lao-dong-tien-tien"], titles["chien-si-thi-dua-co-so"], titles["tap-the-lao-dong-tien-tien"]],
        phases=[
            (
                1,
                "Đợt 1",
                datetime.date(2018, 1, 1),
                datetime.date(2018, 6, 30),
                "Chào mừng kỷ niệm 88 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2018); 43 năm "
                "Ngày thống nhất đất nước (30/4/1975 - 30/4/2018); 128 năm Ngày sinh Chủ tịch Hồ Chí Minh "
                "(19/5/1890 - 19/5/2018); 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc "
                "(11/6/1948 - 11/6/2018).",
            ),
            (
                2,
                "Đợt 2",
                datetime.date(2018, 7, 1),
                datetime.date(2018, 12, 31),
                "Chào mừng kỷ niệm 73 năm Ngày thành lập nước Cộng hoà xã hội chủ nghĩa Việt Nam "
                "(02/9/1945 - 02/9/2018); 73 năm Ngày truyền thống ngành Tư pháp Việt Nam (28/8/1945 - 28/8/2018).",
            ),
        ],
    )


def _officials():
    User = get_user_model()
    for login, full_name, unit_name, position, email in DEMO_OFFICIALS:
        user, created = User.objects.get_or_create(username=login, defaults={"full_name": full_name, "email": email})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Official.objects.update_or_create(
            user=user, defaults={"unit": Unit.objects.get(name=unit_name), "position": position}
        )


@transaction.atomic
def load():
    titles = _titles()
    _officials()
    _sector_and_tien_giang(titles)
    _sector_2017(titles)
    _north(titles)
    _central_and_first(titles)
    # each phase's review on the calendar (the northern region's Đợt 1 and Đợt 2 of 2023)
    sync_phase_steps(set(Phase.objects.values_list("end__year", flat=True)))
    # the registered persons whose name, unit and year point to one person of the people demo
    link_individuals()
