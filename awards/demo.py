"""Demo data for awards (safe to run twice: each block is skipped when its rows exist).

- Rules for every title of the catalogue, from domain.md; numbers domain.md marks
  [verify] carry "[cần xác minh]" in their notes.
- Logins (password DEMO_PASSWORD) for the unit heads (thủ trưởng) who vote: every
  member of the northern region and of Cụm thi đua số I; ``sonla``, the 2022 head's
  staff (Sở Tư pháp tỉnh Sơn La). The names are invented.
- The northern region's 2022 conference (28/11/2022, Sơn La), voted on paper: the
  Ministry's flag, then the second round where Cục THADS tỉnh Lào Cai is proposed for
  Cờ thi đua của Chính phủ (real); the counts are invented. Nominations submitted to
  the Ministry. The handover to Sở Tư pháp tỉnh Lào Cai for 2023, confirmed (the core
  demo already holds that 2023 leadership, so confirming changes nothing there).
- Cụm thi đua số I's 2017 vote: four proposed for Cờ thi đua ngành Tư pháp, two of
  them — Vụ Các vấn đề chung về XDPL and Vụ Tổ chức cán bộ — for Cờ thi đua của
  Chính phủ (real); counts invented.
- The central region's conference of 27/11/2017 in Thanh Hóa (seed 000): the handover to Sở Tư
  pháp tỉnh Thừa Thiên Huế for 2018, with Sở Tư pháp tỉnh Nghệ An and Cục THADS tỉnh Quảng Bình
  as deputies (real), confirmed. Its vote for the Ministry's flag is not recorded: the seed names
  no collective. ``vp.thanh-hoa`` is the 2017 head's office account that records it.
- Award dossiers and their checklist (``demo_dossiers``); the rule data of decisions: grounds and
  office by period, base salary, reward amounts (``demo_decisions``); the 2022 and 2023 award
  records the statistics forms count, with each individual's category (``demo_statistics``); the
  sector council's ballot rule, its three members and a session being prepared (``demo_council``);
  the units' councils' rule for Chiến sĩ thi đua cơ sở and a session of Cục THADS tỉnh Lào Cai's
  council being prepared on its 2025 proposal (``demo_unit_council``).
- A 2023 vote of the northern region left as a draft for ``truongcum`` to open, so the
  electronic journey can be walked in ``make run``.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from emulation.demo import DEMO_PASSWORD, LEGAL_BASIS, MINISTRY_UNITS, NORTH, department, enforcement
from emulation.models import Cluster, Official, Title, Unit
from emulation.text import vi_slug

from . import demo_council, demo_decisions, demo_dossiers, demo_statistics, demo_unit_council, services
from .models import Handover, Prerequisite, TitleRule, Vote
from .services.history import match_award_records

VERIFY = "[cần xác minh]"
# A vote of December 2017 cites what was in force then: Thông tư 05/2018/TT-BTP is of June 2018.
BASIS_2017 = f"Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013); Nghị định 91/2017/NĐ-CP {VERIFY}"
OLD_BASIS = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013); Thông tư 05/2018/TT-BTP"
NEW_BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; Thông tư 11/2023/TT-BTP"

NO_VOTE = {"chosen_by_vote": False, "requires_registration": False}
FLAG_VOTE = {
    "chosen_by_vote": True,
    "quorum_percent": Decimal("66.67"),
    "threshold_percent": Decimal("50"),
    "threshold_base": "present",
    "threshold_inclusive": False,
    "ballot_style": "approval",
    "requires_registration": True,
}
# code: [(first_year, last_year, legal basis, values, notes)]
RULES = {
    "lao-dong-tien-tien": [
        (2017, None, LEGAL_BASIS, {**NO_VOTE, "seats_kind": "unlimited"}, "Không hạn chế số lượng.")
    ],
    "chien-si-thi-dua-co-so": [
        (
            2017,
            None,
            LEGAL_BASIS,
            {
                **NO_VOTE,
                "seats_kind": "share_winners",
                "seats_value": Decimal(15),
                "source": "lao-dong-tien-tien",
            },
            f"Không quá 15% số cá nhân đạt Lao động tiên tiến {VERIFY}; phải có sáng kiến được công nhận.",
        )
    ],
    "chien-si-thi-dua-bo-nganh": [
        (
            2017,
            None,
            LEGAL_BASIS,
            {**NO_VOTE, "seats_kind": "unlimited"},
            f"3 lần liên tục Chiến sĩ thi đua cơ sở {VERIFY}.",
        )
    ],
    "chien-si-thi-dua-toan-quoc": [
        (2017, None, LEGAL_BASIS, {**NO_VOTE, "seats_kind": "unlimited"}, "2 lần liên tục Chiến sĩ thi đua Bộ, ngành.")
    ],
    "tap-the-lao-dong-tien-tien": [(2017, None, LEGAL_BASIS, {**NO_VOTE, "seats_kind": "unlimited"}, "")],
    "tap-the-lao-dong-xuat-sac": [
        (
            2017,
            None,
            LEGAL_BASIS,
            {**NO_VOTE, "seats_kind": "unlimited"},
            f"Từ 70% thành viên đạt Lao động tiên tiến, có Chiến sĩ thi đua cơ sở, không ai bị kỷ luật {VERIFY}.",
        )
    ],
    "co-thi-dua-nganh-tu-phap": [
        (
            first,
            last,
            basis,
            {**FLAG_VOTE, "seats_kind": "fixed", "seats_value": Decimal(5)},
            f"Số lượng mỗi Cụm, Khu vực {VERIFY}; ngưỡng quá bán số đại biểu có mặt, có mặt từ 2/3 {VERIFY}.",
        )
        for first, last, basis in ((2017, 2017, BASIS_2017), (2018, 2023, OLD_BASIS))
    ]
    + [
        (
            2024,
            None,
            NEW_BASIS,
            {**FLAG_VOTE, "seats_kind": "fixed", "seats_value": Decimal(5)},
            f"Số lượng mỗi Cụm, Khu vực {VERIFY}; ngưỡng quá bán số đại biểu có mặt, có mặt từ 2/3 {VERIFY}.",
        ),
    ],
    "co-thi-dua-chinh-phu": [
        (
            first,
            last,
            basis,
            {
                **FLAG_VOTE,
                "seats_kind": "share_winners",
                "seats_value": Decimal(20),
                "seats_minimum": 1,
                "source": "co-thi-dua-nganh-tu-phap",
            },
            "Không quá 20% số đơn vị được đề nghị Cờ thi đua ngành Tư pháp (theo Nghị định cũ).",
        )
        for first, last, basis in ((2017, 2017, BASIS_2017), (2018, 2023, OLD_BASIS))
    ]
    + [
        (
            2024,
            None,
            NEW_BASIS,
            {
                **FLAG_VOTE,
                "seats_kind": "share_winners",
                "seats_value": Decimal(20),
                "seats_minimum": 1,
                "source": "co-thi-dua-nganh-tu-phap",
            },
            f"Không quá 20% số đơn vị được đề nghị Cờ thi đua ngành Tư pháp {VERIFY} theo Nghị định hiện hành.",
        ),
    ],
    "bang-khen-bo-truong": [(2017, None, LEGAL_BASIS, {**NO_VOTE, "seats_kind": "unlimited"}, "")],
    "bang-khen-thu-tuong": [
        (2017, None, LEGAL_BASIS, {**NO_VOTE, "seats_kind": "unlimited"}, f"Điều kiện nhiều năm liên tục {VERIFY}.")
    ],
    "ky-niem-chuong-tu-phap": [(2017, None, LEGAL_BASIS, {**NO_VOTE, "seats_kind": "unlimited"}, "")],
}
BASIS_2025 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 11/2023/TT-BTP"
DECREE_152_YEAR = 2025  # in force 01/07/2025: the year-end votes of 2025 fall under it


def _split_at_decree_152(rows):
    """A rule of the 2022 Law open-ended from 2024 becomes two: Nghị định 98/2023/NĐ-CP for 2024,
    Nghị định 152/2025/NĐ-CP (to verify against the gazette, domain.md) from 2025."""
    for first_year, last_year, basis, values, notes in rows:
        if basis != NEW_BASIS or last_year is not None:
            yield first_year, last_year, basis, values, notes
            continue
        yield first_year, DECREE_152_YEAR - 1, basis, values, notes
        later = f"{notes} Nghị định 152/2025/NĐ-CP thay Nghị định 98/2023/NĐ-CP từ 01/07/2025 {VERIFY}."
        yield DECREE_152_YEAR, None, BASIS_2025, values, later


RULES = {code: list(_split_at_decree_152(rows)) for code, rows in RULES.items()}
# (title, required title, consecutive years, ending with the year considered, note)
# (title, required title, years, times within them or None for every year, ending with the year, note).
# A Chiến sĩ thi đua Bộ, ngành covers three years: its "2 lần liên tục" is read as twice in six (as people/demo.py).
PREREQUISITES = [
    ("chien-si-thi-dua-co-so", "lao-dong-tien-tien", 1, None, True, ""),
    ("chien-si-thi-dua-bo-nganh", "chien-si-thi-dua-co-so", 3, None, True, VERIFY),
    ("chien-si-thi-dua-toan-quoc", "chien-si-thi-dua-bo-nganh", 6, 2, True,
     f"2 lần liên tục đạt Chiến sĩ thi đua Bộ, ngành, tức 2 lần trong 6 năm {VERIFY}"),
]  # fmt: skip

# Voters: the head (thủ trưởng) of each member unit. login → (full name, unit, position).
NORTH_HEAD_NAMES = {
    "Sơn La": ("Cầm Văn Thanh", "Quàng Thị Mai"),
    "Lào Cai": ("Hoàng Văn Tuấn", None),  # Cục THADS tỉnh Lào Cai: the core demo's ``thutruong``
    "Lạng Sơn": ("Hoàng Thị Liên", "Nông Văn Khánh"),
    "Hà Giang": ("Nguyễn Văn Lực", "Vàng Thị Dung"),
    "Cao Bằng": ("Bế Văn Hải", "Đàm Thị Loan"),
    "Lai Châu": ("Tao Văn Phong", "Lò Văn Chiến"),
    "Điện Biên": ("Lò Thị Xuân", "Vừ A Tráng"),
}
FIRST_HEADS = [
    ("cvp.bo", "Trần Văn Hòa", "Văn phòng Bộ", "Chánh Văn phòng Bộ"),
    # Cụm trưởng of 2017, named by seed 002.
    ("vt.xdpl", "Nguyễn Hồng Tuyến", "Vụ Các vấn đề chung về xây dựng pháp luật", "Vụ trưởng"),
    ("vt.tccb", "Phạm Quốc Việt", "Vụ Tổ chức cán bộ", "Vụ trưởng"),
    ("ct.khtc", "Lê Minh Châu", "Cục Kế hoạch – Tài chính", "Cục trưởng"),
]
SON_LA_STAFF = ("sonla", "Hoàng Văn Nam", "Sở Tư pháp tỉnh Sơn La", "Chánh Văn phòng Sở")


# What the minutes of the demo's votes state beyond the counts. The seeds give no times nor
# committee: these are illustrations, drawn from the demo's own people (the chair is the head
# unit's head, the default). One member a line, "name, position"; the first heads the committee.
def _minutes(start, end, secretary, committee):
    return {
        "meeting_start": datetime.time(*start),
        "meeting_end": datetime.time(*end),
        "secretary_name": secretary[0],
        "secretary_position": secretary[1],
        "counting_committee": "\n".join(", ".join(member) for member in committee),
    }


NORTH_2022_COMMITTEE = [
    ("Hoàng Thị Liên", "Giám đốc Sở Tư pháp tỉnh Lạng Sơn"),
    ("Vàng Thị Dung", "Cục trưởng Cục Thi hành án dân sự tỉnh Hà Giang"),
    ("Bế Văn Hải", "Giám đốc Sở Tư pháp tỉnh Cao Bằng"),
]
NORTH_2022_SECRETARY = ("Hoàng Văn Nam", "Chánh Văn phòng Sở Tư pháp tỉnh Sơn La")  # SON_LA_STAFF
NORTH_2022_MINUTES = {
    "flag": _minutes((14, 0), (14, 45), NORTH_2022_SECRETARY, NORTH_2022_COMMITTEE),
    "government": _minutes((14, 50), (15, 20), NORTH_2022_SECRETARY, NORTH_2022_COMMITTEE),
}
FIRST_2017_COMMITTEE = [
    ("Trần Văn Hòa", "Chánh Văn phòng Bộ"),
    ("Lê Minh Châu", "Cục trưởng Cục Kế hoạch – Tài chính"),
]
FIRST_2017_SECRETARY = ("Phạm Quốc Việt", "Vụ trưởng Vụ Tổ chức cán bộ")
FIRST_2017_MINUTES = {
    "flag": _minutes((9, 0), (9, 40), FIRST_2017_SECRETARY, FIRST_2017_COMMITTEE),
    "government": _minutes((9, 45), (10, 15), FIRST_2017_SECRETARY, FIRST_2017_COMMITTEE),
}


def voter_logins():
    """[(login, full name, unit name, position)] of the demo's voters."""
    logins = []
    for province, (director, chief) in NORTH_HEAD_NAMES.items():
        slug = vi_slug(province)
        logins.append((f"gd.{slug}", director, department(province), "Giám đốc Sở"))
        if chief:
            logins.append((f"ct.{slug}", chief, enforcement(province), "Cục trưởng"))
    return logins + FIRST_HEADS


def _user(login, full_name, unit, position, is_head):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=login, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Official.objects.get_or_create(user=user, defaults={"unit": unit, "position": position, "is_unit_head": is_head})
    return user


def _logins(units):
    for login, full_name, unit_name, position in voter_logins():
        _user(login, full_name, units[unit_name], position, True)
    login, full_name, unit_name, position = SON_LA_STAFF
    return _user(login, full_name, units[unit_name], position, False)


def _rules(titles):
    # a demo seeded before the 2025 split had these rules open-ended: close them at 2024
    TitleRule.objects.filter(first_year=2024, last_year__isnull=True, legal_basis=NEW_BASIS).update(
        last_year=DECREE_152_YEAR - 1
    )
    for code, rows in RULES.items():
        for first_year, last_year, basis, values, notes in rows:
            values = dict(values)
            source = values.pop("source", None)
            defaults = {"last_year": last_year, "legal_basis": basis, "notes": notes, **values}
            if source:
                defaults["seats_source_title"] = titles[source]
            TitleRule.objects.get_or_create(title=titles[code], first_year=first_year, defaults=defaults)
    for code, required, years, times, current, note in PREREQUISITES:
        for rule in TitleRule.objects.filter(title=titles[code]):
            Prerequisite.objects.get_or_create(
                rule=rule,
                required_title=titles[required],
                defaults={
                    "consecutive_years": years,
                    "times": times,
                    "include_current_year": current,
                    "legal_basis": note,
                },  # fmt: skip
            )


def _paper_vote(
    cluster, year, title, by, *, date, place, present, votes, seats=None, note="", only_listed=True, minutes=None
):
    """Create, adjust, open, enter the counted totals, close and publish a paper vote.
    ``votes`` maps unit → votes (others get none); with ``only_listed`` the units
    proposed but not in ``votes`` are removed from the list, with a reason; ``minutes``
    gives the times, the secretary and the counting committee the minutes state."""
    vote = services.create_vote(cluster, year, title, by, mode=Vote.Mode.PAPER, meeting_place=place, meeting_date=date)
    listed = {c.unit_id: c for c in vote.candidates.all()}
    for unit in votes:
        if unit.pk not in listed:
            listed[unit.pk] = services.add_candidate(vote, unit, "Đề xuất tại Hội nghị", by)
    for unit_id, candidate in list(listed.items()):
        if only_listed and all(unit.pk != unit_id for unit in votes):
            services.remove_candidate(candidate, "Không được Hội nghị đưa vào danh sách bỏ phiếu", by)
    vote.refresh_from_db()
    changes = {"seats": seats or vote.seats, **(minutes or {})}
    if note:
        changes["note"] = "\n".join(filter(None, [vote.note, note]))
    vote = services.update_vote(vote, by, **changes)
    vote = services.open_vote(vote, [u.pk for u in present], by)
    by_unit = {c.unit_id: c.pk for c in vote.candidates.filter(withdrawn=False)}
    cast = len(present)
    services.record_paper_totals(
        vote, by, cast=cast, blank=0, invalid=0, votes={by_unit[u.pk]: n for u, n in votes.items()}
    )
    services.close_vote(vote, by)
    services.publish_vote(vote, by)
    return vote


SUMMARY = (
    "Năm {year}, đơn vị hoàn thành xuất sắc các chỉ tiêu giao ước thi đua của {cluster}; "
    "dẫn đầu Khu vực về kết quả thi hành án dân sự và cải cách hành chính (nội dung minh họa)."
)


def _nominate(vote, by):
    for nomination in services.nominate_from_vote(vote, by):
        nomination = services.update_nomination(
            nomination, by, achievement_summary=SUMMARY.format(year=vote.year, cluster=vote.cluster.name)
        )
        services.submit_nomination(nomination, by)


def _north_2022(units, titles, head_staff):
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    flag, government = titles["co-thi-dua-nganh-tu-phap"], titles["co-thi-dua-chinh-phu"]
    if Vote.objects.filter(cluster=north, year=2022, title=flag).exists():
        return
    members = [units[f(p)] for p in NORTH for f in (department, enforcement)]
    present = [u for u in members if u.name != enforcement("Lai Châu")]  # 13 of 14
    date, place = datetime.date(2022, 11, 28), "Thành phố Sơn La, tỉnh Sơn La"
    counts = [
        (enforcement("Lào Cai"), 13),
        (department("Sơn La"), 12),
        (department("Lào Cai"), 12),
        (department("Điện Biên"), 10),
        (department("Lạng Sơn"), 9),
        (department("Hà Giang"), 5),
        (department("Cao Bằng"), 3),
        (department("Lai Châu"), 1),
    ]
    first = _paper_vote(
        north,
        2022,
        flag,
        head_staff,
        date=date,
        place=place,
        present=present,
        votes={units[name]: n for name, n in counts},
        minutes=NORTH_2022_MINUTES["flag"],
    )
    second = _paper_vote(
        north,
        2022,
        government,
        head_staff,
        date=date,
        place=place,
        present=present,
        votes={units[enforcement("Lào Cai")]: 11, units[department("Sơn La")]: 1, units[department("Lào Cai")]: 1},
        only_listed=False,
        minutes=NORTH_2022_MINUTES["government"],
    )
    _nominate(first, head_staff)
    _nominate(second, head_staff)
    _handover(
        north,
        2022,
        head_staff,
        units[department("Lào Cai")],
        [units[department("Lạng Sơn")], units[enforcement("Hà Giang")]],
        date,
        place,
    )


def _handover(cluster, year, by, head, deputies, date, place):
    """The conference's handover to next year's head and deputies, recorded once and confirmed
    by ministry staff."""
    handover = Handover.objects.filter(cluster=cluster, year=year).first()
    if handover is None:
        handover = services.record_handover(
            cluster, year, by, head=head, deputies=deputies, conference_date=date, conference_place=place
        )
    if handover.state == Handover.State.PROPOSED:
        services.confirm_handover(handover, get_user_model().objects.get(username="bo"))


def _first_2017(units, titles):
    first = Cluster.objects.get(slug="cum-thi-dua-so-i")
    flag, government = titles["co-thi-dua-nganh-tu-phap"], titles["co-thi-dua-chinh-phu"]
    if Vote.objects.filter(cluster=first, year=2017, title=flag).exists():
        return
    chair = get_user_model().objects.get(username="vt.xdpl")  # the 2017 head unit's head
    members = [units[name] for name in MINISTRY_UNITS]
    xdpl, tccb, office, finance = (
        units["Vụ Các vấn đề chung về xây dựng pháp luật"],
        units["Vụ Tổ chức cán bộ"],
        units["Văn phòng Bộ"],
        units["Cục Kế hoạch – Tài chính"],
    )
    date, place = datetime.date(2017, 12, 1), "Trụ sở Bộ Tư pháp, Hà Nội"  # "hôm qua (1/12)", seed 002
    _paper_vote(
        first,
        2017,
        flag,
        chair,
        date=date,
        place=place,
        present=members,
        votes={xdpl: 4, tccb: 4, office: 4, finance: 3},
        minutes=FIRST_2017_MINUTES["flag"],
    )
    _paper_vote(
        first,
        2017,
        government,
        chair,
        date=date,
        place=place,
        present=members,
        votes={xdpl: 4, tccb: 3, office: 1},
        seats=2,
        only_listed=False,
        note="Hội nghị thống nhất đề nghị 2 đơn vị; tỷ lệ 20% được Bộ xét trên toàn ngành [cần xác minh].",
        minutes=FIRST_2017_MINUTES["government"],
    )


def _central_2017(units):
    """The central region's conference of 27/11/2017 in Thanh Hóa (seed 000): it announced the
    2018 head (Sở Tư pháp Thừa Thiên Huế) and deputies (Sở Tư pháp Nghệ An, Cục THADS Quảng
    Bình). It also voted on the collectives to propose for the Ministry's flag, but the seed
    names none, so no vote is recorded. Recorded by the 2017 head's office account."""
    thanh_hoa = units[department("Thanh Hóa")]
    office = _user("vp.thanh-hoa", "Văn phòng Sở Tư pháp tỉnh Thanh Hóa", thanh_hoa, "Văn phòng Sở", False)
    _handover(
        Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen"),
        2017,
        office,
        units[department("Thừa Thiên Huế")],
        [units[department("Nghệ An")], units[enforcement("Quảng Bình")]],
        datetime.date(2017, 11, 27),
        "Thanh Hóa",
    )


def _north_2023_draft(titles):
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    flag = titles["co-thi-dua-nganh-tu-phap"]
    chair = get_user_model().objects.filter(username="truongcum").first()
    if chair is None or Vote.objects.filter(cluster=north, year=2023, title=flag).exists():
        return
    services.create_vote(
        north,
        2023,
        flag,
        chair,
        meeting_place="Thành phố Lào Cai, tỉnh Lào Cai",
        meeting_date=datetime.date(2023, 12, 1),
    )


@transaction.atomic
def load():
    titles = {title.code: title for title in Title.objects.all()}
    units = {unit.name: unit for unit in Unit.objects.all()}
    _rules(titles)
    head_staff = _logins(units)
    _north_2022(units, titles, head_staff)
    _first_2017(units, titles)
    _central_2017(units)
    _north_2023_draft(titles)
    demo_dossiers.load()
    demo_decisions.load()
    demo_council.load()
    demo_unit_council.load()
    match_award_records()  # the imported history's persons, wherever the registry has them
    demo_statistics.load()
