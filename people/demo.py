"""Demo staff (safe to run twice): a dozen persons in each of six demo units, their postings,
gradings of 2023–2025, the titles their heads recognised, and the prerequisites of titles.

Names and positions are plausible and invented; the CCCD numbers are well formed but
obviously fake (the six random digits start with 000). Cục THADS tỉnh Lào Cai has a council
for 2025 (logins ``hoidong`` and ``thutruong``) and 2025 titles waiting at every step:
``canbo`` proposes, ``hoidong`` assesses, ``thutruong`` recognises. One of its staff was transferred
from Sở Tư pháp tỉnh Lào Cai in 2024, and one was reprimanded in 2024.
Its register of initiatives: one recognised in 2024 (for the 2024 Chiến sĩ thi đua cơ sở), one
recognised in 2025 (its first author's Lao động tiên tiến waits for ``thutruong``; once recognised,
that person meets Chiến sĩ thi đua cơ sở) and one submitted in 2025, waiting for ``hoidong``.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from emulation.demo import DEMO_PASSWORD, department, enforcement
from emulation.models import Official, Title, Unit

from . import cccd
from .models import (
    CouncilMember,
    Gender,
    IndividualTitle,
    Initiative,
    InitiativeAuthor,
    Person,
    PersonYear,
    Posting,
    Prerequisite,
    StaffKind,
    Transfer,
)  # fmt: skip

S = IndividualTitle.Status
M, F = Gender.MALE, Gender.FEMALE
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Hà", "Nông", "Giàng", "Lương"]
MALE_NAMES = ["Văn Hải", "Đức Thắng", "Quang Huy", "Văn Tuấn", "Minh Khoa", "Văn Lâm", "Xuân Trường", "Công Sơn"]
FEMALE_NAMES = ["Thị Thu Hà", "Thị Lan", "Thị Hồng Nhung", "Thị Thảo", "Ngọc Ánh", "Thị Hằng", "Thu Trang", "Thị Yến"]
THADS_POSTS = [
    ("Phó Cục trưởng", StaffKind.CIVIL_SERVANT), ("Chấp hành viên cao cấp", StaffKind.CIVIL_SERVANT),
    ("Chấp hành viên trung cấp", StaffKind.CIVIL_SERVANT), ("Chấp hành viên sơ cấp", StaffKind.CIVIL_SERVANT),
    ("Thẩm tra viên", StaffKind.CIVIL_SERVANT), ("Thư ký thi hành án", StaffKind.CIVIL_SERVANT),
    ("Kế toán viên", StaffKind.CIVIL_SERVANT), ("Chuyên viên", StaffKind.CIVIL_SERVANT),
    ("Văn thư", StaffKind.PUBLIC_EMPLOYEE), ("Lái xe", StaffKind.WORKER),
]  # fmt: skip
DOJ_POSTS = [
    ("Phó Giám đốc Sở", StaffKind.CIVIL_SERVANT), ("Chánh Văn phòng Sở", StaffKind.CIVIL_SERVANT),
    ("Trưởng phòng Phổ biến, giáo dục pháp luật", StaffKind.CIVIL_SERVANT),
    ("Chuyên viên chính", StaffKind.CIVIL_SERVANT),
    ("Chuyên viên", StaffKind.CIVIL_SERVANT), ("Trợ giúp viên pháp lý", StaffKind.PUBLIC_EMPLOYEE),
    ("Công chứng viên", StaffKind.PUBLIC_EMPLOYEE), ("Kế toán", StaffKind.PUBLIC_EMPLOYEE),
    ("Văn thư", StaffKind.PUBLIC_EMPLOYEE), ("Bảo vệ", StaffKind.WORKER),
]  # fmt: skip
PROVINCE_CODE = {"Lào Cai": "010", "Sơn La": "014", "Lạng Sơn": "020"}
UNITS = [(enforcement(p), THADS_POSTS, p) for p in PROVINCE_CODE]
UNITS += [(department(p), DOJ_POSTS, p) for p in PROVINCE_CODE]
# Known staff of Cục THADS Lào Cai, who are also demo logins.
NAMED = {enforcement("Lào Cai"): [("Trần Văn Đức", M, "Cục trưởng"), ("Nguyễn Thị Mai", F, "Chuyên viên thi đua"),
                                  ("Hà Văn Toàn", M, "Phó Cục trưởng")]}  # fmt: skip
GRADES = ["excellent", "good", "good", "excellent", "good", "done", "good", "excellent", "good", "good", "good", "done"]
V = "[cần xác minh]"
LAW_2013 = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Nghị định 91/2017/NĐ-CP"
LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP"
LAW_2025 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP"
PERIODS = [
    (datetime.date(2017, 1, 1), datetime.date(2023, 12, 31), LAW_2013),
    (datetime.date(2024, 1, 1), datetime.date(2025, 6, 30), LAW_2022),
    (datetime.date(2025, 7, 1), None, LAW_2025),
]
# title code, kind, required title code, years, grading, share, unverified, note on the figure
PREREQUISITES = [
    ("lao-dong-tien-tien", "grading", None, 1, "good", None, True, "hoàn thành tốt nhiệm vụ trở lên"),
    ("lao-dong-tien-tien", "no_discipline", None, 1, "", None, True, "không bị kỷ luật trong năm"),
    ("chien-si-thi-dua-co-so", "title_same_year", "lao-dong-tien-tien", 1, "", None, False, "đạt Lao động tiên tiến"),
    # Luật Thi đua, khen thưởng 2022 Điều 24 as the brief cites it; domain.md names no article.
    ("chien-si-thi-dua-co-so", "initiative", None, 1, "", None, True, "có sáng kiến được công nhận; Điều 24"),
    ("chien-si-thi-dua-co-so", "quota", "lao-dong-tien-tien", 1, "", Decimal(15), True, "không quá 15%"),
    ("chien-si-thi-dua-bo-nganh", "title_consecutive", "chien-si-thi-dua-co-so", 3, "", None, True, "3 năm liên tục"),
    # domain.md: "initiative with ministry-wide effect [verify]"; one in the three years is this app's reading.
    ("chien-si-thi-dua-bo-nganh", "initiative", None, 3, "", None, True,
     "có sáng kiến được công nhận có phạm vi ảnh hưởng toàn ngành trong 3 năm xét tặng"),
    # domain.md: two consecutive Chiến sĩ thi đua Bộ, ngành and an initiative of national effect. A
    # Chiến sĩ thi đua Bộ, ngành covers three years, so "two consecutive" is read as twice in six years.
    ("chien-si-thi-dua-toan-quoc", "title_times", "chien-si-thi-dua-bo-nganh", 6, "", None, True,
     "2 lần liên tục đạt Chiến sĩ thi đua Bộ, ngành, tức 2 lần trong 6 năm"),
    ("chien-si-thi-dua-toan-quoc", "initiative", None, 6, "", None, True,
     "có sáng kiến được công nhận có phạm vi ảnh hưởng toàn quốc trong 6 năm xét tặng"),
    ("bang-khen-bo-truong", "grading", None, 2, "excellent", None, True, "2 năm hoàn thành xuất sắc"),
]  # fmt: skip

# the narrowest scope of effect an initiative requirement asks for, and the times a title is held
SCOPE = {
    "chien-si-thi-dua-co-so": "unit",
    "chien-si-thi-dua-bo-nganh": "sector",
    "chien-si-thi-dua-toan-quoc": "nation",
}
TIMES = {("chien-si-thi-dua-toan-quoc", "title_times"): 2}


def _prerequisites(titles):
    for code, kind, required, years, grading, share, unverified, note in PREREQUISITES:
        if code not in titles or (required and required not in titles):
            continue
        for valid_from, valid_to, law in PERIODS:
            basis = f"{law} ({note}){' ' + V if unverified else ''}"
            Prerequisite.objects.update_or_create(
                title=titles[code], kind=kind, valid_from=valid_from,
                defaults={"required_title": titles.get(required), "years": years, "grading": grading,
                          "share_percent": share, "scope": SCOPE[code] if kind == "initiative" else "",
                          "times": TIMES.get((code, kind), 1), "unverified": unverified,
                          "legal_basis": basis, "valid_to": valid_to},
            )  # fmt: skip


def _people_of(unit, posts, province, offset):
    named = NAMED.get(unit.name, [])
    people = []
    for index in range(12):
        gender = F if index % 2 else M
        if index < len(named):
            name, gender, position = named[index]
            kind = StaffKind.CIVIL_SERVANT
        else:
            given = (FEMALE_NAMES if gender == F else MALE_NAMES)[(index + offset) % 8]
            name = f"{FAMILY[(index * 3 + offset) % len(FAMILY)]} {given}"
            position, kind = posts[index % len(posts)]
        born = datetime.date(1968 + (index * 7 + offset) % 30, 1 + index % 12, 1 + (index * 5) % 28)
        number = cccd.make(PROVINCE_CODE[province], born.year, gender, offset * 100 + index)
        person, _created = Person.objects.update_or_create(
            cccd=number, defaults={"full_name": name, "date_of_birth": born, "gender": gender}
        )
        people.append((person, position, kind))
    return people


def _posting(person, unit, position, kind, start, end=None):
    Posting.objects.update_or_create(
        person=person, unit=unit, start=start, defaults={"position": position, "staff_kind": kind, "end": end}
    )


def _titles_of(person_year, index, titles, year, unit):
    number = f"{10 + index % 3:02d}/QĐ-{unit.short_name.replace(' ', '')[:12] or 'DV'}"
    decided = {"decision_number": number, "decision_date": datetime.date(year + 1, 1, 15)}
    eligible = person_year.grading in ("excellent", "good") and not person_year.discipline
    states = []
    if year < 2025 and eligible:
        states.append((titles["lao-dong-tien-tien"], S.DECIDED, decided))
        if index == 3:
            states.append((titles["chien-si-thi-dua-co-so"], S.DECIDED, decided))
    elif year == 2025:
        status = [S.REGISTERED, S.PROPOSED, S.ASSESSED][index % 3] if eligible else S.REGISTERED
        states.append((titles["lao-dong-tien-tien"], status, {}))
    for title, status, extra in states:
        IndividualTitle.objects.update_or_create(
            person_year=person_year, title=title, defaults={"status": status, **extra}
        )


def _years(unit, people, titles):
    for index, (person, _position, _kind) in enumerate(people):
        for year in (2023, 2024, 2025):
            in_year = Posting.objects.during(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            if not in_year.filter(person=person, unit=unit).exists():
                continue
            discipline = ("khien_trach", datetime.date(2024, 3, 12)) if (index, year) == (5, 2024) else ("", None)
            grading = GRADES[(index + year) % len(GRADES)]
            fields = {"unit": unit, "grading": grading, "discipline": discipline[0], "discipline_date": discipline[1]}
            person_year, _created = PersonYear.objects.update_or_create(person=person, year=year, defaults=fields)
            _titles_of(person_year, index, titles, year, unit)


def _council():
    User = get_user_model()
    user, created = User.objects.get_or_create(username="hoidong", defaults={"full_name": "Hà Văn Toàn"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    unit = Unit.objects.get(name=enforcement("Lào Cai"))
    Official.objects.update_or_create(user=user, defaults={"unit": unit, "position": "Phó Cục trưởng"})
    for login in ("hoidong", "thutruong"):
        CouncilMember.objects.get_or_create(unit=unit, year=2025, user=User.objects.get(username=login))


def _transfer(people_by_unit):
    """One person of Sở Tư pháp Lào Cai moved to Cục THADS Lào Cai on 01/04/2024."""
    person, position, kind = people_by_unit[department("Lào Cai")][11]
    doj, thads = Unit.objects.get(name=department("Lào Cai")), Unit.objects.get(name=enforcement("Lào Cai"))
    Posting.objects.filter(person=person, unit=doj).update(end=datetime.date(2024, 3, 31))
    _posting(person, thads, "Chuyên viên", StaffKind.CIVIL_SERVANT, datetime.date(2024, 4, 1))
    by = get_user_model().objects.get(username="truongcum")
    Transfer.objects.get_or_create(
        person=person, date=datetime.date(2024, 4, 1),
        defaults={"from_unit": doj, "to_unit": thads, "position": "Chuyên viên", "staff_kind": StaffKind.CIVIL_SERVANT,
                  "status": Transfer.Status.ACCEPTED, "requested_by": by, "decided_by": by},
    )  # fmt: skip


# year, name, status, decision (number, date) if recognised, [(index among the unit's staff, share)]
INITIATIVES = [
    (2024, "Số hóa sổ theo dõi thụ lý, giải quyết việc thi hành án", Initiative.Status.RECOGNISED,
     ("05/QĐ-CTHADS", datetime.date(2024, 11, 20)), [(3, Decimal(100))]),
    (2025, "Nhắc hạn xác minh điều kiện thi hành án qua tin nhắn", Initiative.Status.RECOGNISED,
     ("12/QĐ-CTHADS", datetime.date(2025, 10, 15)), [(5, Decimal(60)), (3, Decimal(40))]),
    (2025, "Bảng kiểm hồ sơ cưỡng chế thi hành án", Initiative.Status.SUBMITTED, None, [(7, Decimal(100))]),
]  # fmt: skip


def _initiatives(people_by_unit):
    unit = Unit.objects.get(name=enforcement("Lào Cai"))
    staff = people_by_unit[unit.name]
    for year, name, status, decision, authors in INITIATIVES:
        fields = {"status": status, "first_applied": datetime.date(year, 3, 1),
                  "changes": "Thay cách theo dõi thủ công bằng quy trình mới, áp dụng tại đơn vị.",
                  "effect": "Rút ngắn thời gian xử lý, giảm sai sót trong hồ sơ."}  # fmt: skip
        if decision:
            fields.update(scope="unit", decision_number=decision[0], decision_date=decision[1])
        initiative, _created = Initiative.objects.update_or_create(unit=unit, year=year, name=name, defaults=fields)
        for index, share in authors:
            InitiativeAuthor.objects.update_or_create(
                initiative=initiative, person=staff[index][0], defaults={"share": share}
            )


@transaction.atomic
def load():
    titles = {title.code: title for title in Title.objects.all()}
    _prerequisites(titles)
    people_by_unit = {}
    for offset, (name, posts, province) in enumerate(UNITS, start=1):
        unit = Unit.objects.get(name=name)
        people = _people_of(unit, posts, province, offset)
        people_by_unit[name] = people
        for index, (person, position, kind) in enumerate(people):
            if not person.postings.exclude(unit=unit).exists():
                _posting(person, unit, position, kind, datetime.date(2005 + index % 15, 1 + index % 12, 1))
    _transfer(people_by_unit)
    for name, people in people_by_unit.items():
        _years(Unit.objects.get(name=name), people, titles)
    _council()
    _initiatives(people_by_unit)
