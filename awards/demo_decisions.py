"""The rule data of award decisions (safe to run twice): the grounds a decision of the
Minister cites and the emulation office that proposes and files it, by period (and those of the
Prime Minister's and the President's decisions, recorded when the outcome of a dossier sent up
comes back); the base salary
(mức lương cơ sở); the reward that goes with each title, as a multiple of it.

domain.md confirms the legal bases and that the office moved from Vụ Thi đua – Khen thưởng to
Vụ Tổ chức cán bộ "since about 2023"; it gives no dates of the move, no base salary and no reward
figure. Every such row is therefore marked unverified ("[cần xác minh]"): ministry staff check it
against the gazette and correct it in the rules, never in code.

The public consultation before Chiến sĩ thi đua toàn quốc (domain-audit: 5 days under the current
decree, not verified) is one rule row, marked unverified like the others.

The demo also issues one decision (invented number 125/QĐ-BTP of 20/01/2025) from a 2024 dossier
of Văn phòng Bộ taken through the routing, so the register, its PDF and the public list show it.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from emulation.models import Official, Title, Unit
from people import queries as people_queries

from . import services
from .demo_dossiers import K, _pdf
from .models import (
    AwardLevel,
    BaseSalary,
    ConsultationRule,
    Decision,
    DecisionBasis,
    Dossier,
    DossierLine,
    RewardAmount,
)

D = datetime.date
VERIFY = "[cần xác minh]"
OLD_LAW = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một số điều của "
    "Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013;"
)
OLD_DECREE = (
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;"
)
OLD_CIRCULAR = "Căn cứ Thông tư số 05/2018/TT-BTP của Bộ trưởng Bộ Tư pháp hướng dẫn công tác thi đua, khen thưởng;"
LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
DECREE_98 = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;"
)
DECREE_152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp trong lĩnh vực "
    "thi đua, khen thưởng và quy định chi tiết Luật Thi đua, khen thưởng;"
)
CIRCULAR = "Căn cứ Thông tư số 11/2023/TT-BTP của Bộ trưởng Bộ Tư pháp hướng dẫn công tác thi đua, khen thưởng;"
OLD_OFFICE, OFFICE = "Vụ Thi đua – Khen thưởng", "Vụ Tổ chức cán bộ"

# (legal basis, from, until, grounds, office, unverified, note)
BASES = [
    (
        "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Nghị định 91/2017/NĐ-CP",
        D(2017, 9, 15),
        D(2018, 7, 31),
        [OLD_LAW, OLD_DECREE],
        OLD_OFFICE,
        True,
        f"Ngày hiệu lực của Nghị định 91/2017/NĐ-CP và Thông tư 05/2018/TT-BTP {VERIFY}.",
    ),
    (
        "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Nghị định 91/2017/NĐ-CP; Thông tư 05/2018/TT-BTP",
        D(2018, 8, 1),
        D(2023, 12, 31),
        [OLD_LAW, OLD_DECREE, OLD_CIRCULAR],
        OLD_OFFICE,
        True,
        f"Ngày chuyển nhiệm vụ thi đua, khen thưởng sang Vụ Tổ chức cán bộ {VERIFY}.",
    ),
    (
        "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; Thông tư 11/2023/TT-BTP",
        D(2024, 1, 1),
        D(2025, 6, 30),
        [LAW, DECREE_98, CIRCULAR],
        OFFICE,
        True,
        f"Ngày chuyển nhiệm vụ sang Vụ Tổ chức cán bộ {VERIFY}.",
    ),
    (
        "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 11/2023/TT-BTP",
        D(2025, 7, 1),
        None,
        [LAW, DECREE_152, CIRCULAR],
        OFFICE,
        True,
        f"Nghị định 152/2025/NĐ-CP thay Nghị định 98/2023/NĐ-CP từ 01/07/2025 {VERIFY}.",
    ),
]

GOVERNMENT_LAW_2015 = (
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức "
    "Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
)
GOVERNMENT_LAW_2025 = "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;"
AT_THE_MINISTERS_PROPOSAL = "Xét đề nghị của Bộ trưởng Bộ Tư pháp và Trưởng Ban Thi đua – Khen thưởng Trung ương,"
CONSTITUTION = "Căn cứ Điều 88 và Điều 91 Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"
AT_THE_PRIME_MINISTERS_PROPOSAL = "Xét đề nghị của Thủ tướng Chính phủ,"

# The decisions of the Prime Minister and of the President that the Ministry records when the
# outcome of a dossier it sent up comes back: their own heading, symbol and grounds; the office is
# the Ministry's emulation office, which proposed them and files the copy received.
# (level, issuing body, symbol, legal basis, from, until, grounds)
HIGHER_BASES = [
    (
        AwardLevel.PRIME_MINISTER,
        "Thủ tướng Chính phủ",
        "QĐ-TTg",
        "Luật Tổ chức Chính phủ 2015 (sửa đổi 2019); Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP",
        D(2024, 1, 1),
        D(2025, 2, 28),
        [GOVERNMENT_LAW_2015, LAW, DECREE_98, AT_THE_MINISTERS_PROPOSAL],
    ),
    (
        AwardLevel.PRIME_MINISTER,
        "Thủ tướng Chính phủ",
        "QĐ-TTg",
        "Luật Tổ chức Chính phủ 2025; Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP",
        D(2025, 3, 1),
        D(2025, 6, 30),
        [GOVERNMENT_LAW_2025, LAW, DECREE_98, AT_THE_MINISTERS_PROPOSAL],
    ),
    (
        AwardLevel.PRIME_MINISTER,
        "Thủ tướng Chính phủ",
        "QĐ-TTg",
        "Luật Tổ chức Chính phủ 2025; Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP",
        D(2025, 7, 1),
        None,
        [GOVERNMENT_LAW_2025, LAW, DECREE_152, AT_THE_MINISTERS_PROPOSAL],
    ),
    (
        AwardLevel.PRESIDENT,
        "Chủ tịch nước",
        "QĐ-CTN",
        "Hiến pháp 2013 (Điều 88, 91); Luật Thi đua, khen thưởng số 06/2022/QH15",
        D(2024, 1, 1),
        None,
        [CONSTITUTION, LAW, AT_THE_PRIME_MINISTERS_PROPOSAL],
    ),
]

# (amount, legal basis, from, until)
BASE_SALARIES = [
    (1_210_000, "Nghị định 47/2017/NĐ-CP", D(2017, 7, 1), D(2018, 6, 30)),
    (1_390_000, "Nghị định 72/2018/NĐ-CP", D(2018, 7, 1), D(2019, 6, 30)),
    (1_490_000, "Nghị định 38/2019/NĐ-CP", D(2019, 7, 1), D(2023, 6, 30)),
    (1_800_000, "Nghị định 24/2023/NĐ-CP", D(2023, 7, 1), D(2024, 6, 30)),
    (2_340_000, "Nghị định 73/2024/NĐ-CP", D(2024, 7, 1), None),
]

P, U = RewardAmount.Recipient.PERSON, RewardAmount.Recipient.UNIT
# (title code, awarded to, times the base salary)
REWARDS = [
    ("lao-dong-tien-tien", P, "0.3"),
    ("chien-si-thi-dua-co-so", P, "1.0"),
    ("chien-si-thi-dua-bo-nganh", P, "3.0"),
    ("chien-si-thi-dua-toan-quoc", P, "4.5"),
    ("tap-the-lao-dong-tien-tien", U, "0.8"),
    ("tap-the-lao-dong-xuat-sac", U, "1.5"),
    ("co-thi-dua-nganh-tu-phap", U, "8.0"),
    ("co-thi-dua-chinh-phu", U, "12.0"),
    ("bang-khen-bo-truong", P, "1.0"),
    ("bang-khen-bo-truong", U, "2.0"),
    ("bang-khen-thu-tuong", P, "3.0"),
    ("bang-khen-thu-tuong", U, "6.0"),
]
REWARD_BASIS = "Nghị định 98/2023/NĐ-CP (mức tiền thưởng)"
REWARDS_FROM = D(2024, 1, 1)


def load_bases(offices, issuing_body="Bộ Tư pháp", symbol="QĐ-BTP"):
    """``offices``: {office name: Unit}; a period whose office is missing is left out."""
    for legal_basis, start, end, grounds, office, unverified, note in BASES:
        if office not in offices:
            continue
        DecisionBasis.objects.get_or_create(
            level="",
            valid_from=start,
            defaults={
                "legal_basis": legal_basis,
                "valid_to": end,
                "issuing_body": issuing_body,
                "office": offices[office],
                "symbol": symbol,
                "grounds": "\n".join(grounds),
                "unverified": unverified,
                "note": note,
            },
        )

    if OFFICE in offices:
        load_higher_bases(offices[OFFICE])


def load_higher_bases(office):
    """The rows of the Prime Minister's and the President's decisions (unverified: the grounds
    follow the usual wording of such decisions, not a checked text)."""
    for level, issuing_body, symbol, legal_basis, start, end, grounds in HIGHER_BASES:
        DecisionBasis.objects.get_or_create(
            level=level,
            valid_from=start,
            defaults={
                "legal_basis": legal_basis,
                "valid_to": end,
                "issuing_body": issuing_body,
                "office": office,
                "symbol": symbol,
                "grounds": "\n".join(grounds),
                "unverified": True,
                "note": f"Căn cứ và ký hiệu theo mẫu quyết định khen thưởng cấp Nhà nước {VERIFY}.",
            },
        )


CONSULTATIONS = [
    # title code, days, legal basis, from
    ("chien-si-thi-dua-toan-quoc", 5, f"Nghị định 152/2025/NĐ-CP {VERIFY}", D(2025, 7, 1)),
]


def load_consultation_rules(titles):
    for code, days, legal_basis, start in CONSULTATIONS:
        if code in titles:
            ConsultationRule.objects.get_or_create(
                title=titles[code],
                valid_from=start,
                defaults={"days": days, "legal_basis": legal_basis, "unverified": True},
            )


def load_amounts(titles):
    """``titles``: {code: Title}."""
    for amount, legal_basis, start, end in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            valid_from=start,
            defaults={
                "amount": amount,
                "legal_basis": legal_basis,
                "valid_to": end,
                "unverified": True,
                "note": VERIFY,
            },
        )
    for code, recipient, coefficient in REWARDS:
        if code not in titles:
            continue
        RewardAmount.objects.get_or_create(
            title=titles[code],
            recipient=recipient,
            valid_from=REWARDS_FROM,
            defaults={
                "coefficient": Decimal(coefficient),
                "round_up_to": 10_000,
                "legal_basis": REWARD_BASIS,
                "unverified": True,
                "note": f"Hệ số và làm tròn lên hàng chục nghìn đồng {VERIFY}; Nghị định 152/2025/NĐ-CP {VERIFY}.",
            },
        )


def _at_council(unit, by, ministry, title):
    """Văn phòng Bộ's 2024 dossier (the unit and one of its staff for Bằng khen của Bộ trưởng)
    taken through the routing to the council."""
    dossier = services.create_dossier(unit, 2024, AwardLevel.MINISTRY, by, subject="Đề nghị tặng Bằng khen năm 2024")
    lines = [
        services.add_line(dossier, by, title=title, unit=unit, achievement_summary="Hoàn thành xuất sắc (minh họa).")
    ]
    posting = people_queries.roster(unit).first()
    if posting is not None:
        person_line = services.add_line(
            dossier, by, title=title, person=posting.person, position=posting.position, achievement_summary="Minh họa."
        )
        lines.append(person_line)
        services.attach_document(
            dossier, by, kind=K.NO_DISCIPLINE, uploaded=_pdf("khong-ky-luat.pdf"), line=person_line
        )
    for kind in (K.COVER_LETTER, K.RECIPIENT_LIST, K.COUNCIL_MINUTES, K.BALLOT_RESULT):
        services.attach_document(dossier, by, kind=kind, uploaded=_pdf(f"{kind}.pdf"))
    for line in lines:
        services.attach_document(dossier, by, kind=K.ACHIEVEMENT_REPORT, uploaded=_pdf("bao-cao.pdf"), line=line)
    dossier = services.submit_dossier(dossier, by)
    if dossier.state != Dossier.State.SUBMITTED or dossier.reviewer_id is not None:
        return None
    dossier = services.receive_dossier(dossier, ministry, officer=ministry)
    for line in dossier.lines.all():
        services.record_verdict(line, ministry, DossierLine.Verdict.ELIGIBLE)
    services.finish_check(dossier, ministry)
    return services.send_to_council(Dossier.objects.get(pk=dossier.pk), ministry)


def _issued_decision():
    """Decision 125/QĐ-BTP of 20/01/2025 (invented number) awarding Văn phòng Bộ's dossier."""
    unit = Unit.objects.filter(name="Văn phòng Bộ").first()
    official = Official.objects.filter(unit=unit).select_related("user").first() if unit else None
    ministry = get_user_model().objects.filter(username="bo").first()
    title = Title.objects.filter(code="bang-khen-bo-truong").first()
    if None in (official, ministry, title) or Decision.objects.exists():
        return
    try:
        dossier = _at_council(unit, official.user, ministry, title)
    except ValidationError:  # the demo's rules changed: no demo decision rather than a broken load
        return
    if dossier is None:
        return
    draft = services.draft_decision([dossier], ministry, subject="Về việc tặng Bằng khen của Bộ trưởng Bộ Tư pháp")
    services.issue_decision(
        draft,
        ministry,
        number="125",
        date=datetime.date(2025, 1, 20),
        signer_name="Nguyễn Văn Minh (minh họa)",
        signer_position="Thứ trưởng",
        signing_capacity="KT. BỘ TRƯỞNG",
    )


def load():
    offices = {unit.name: unit for unit in Unit.objects.filter(name__in=[OLD_OFFICE, OFFICE])}
    load_bases(offices)
    titles = {title.code: title for title in Title.objects.all()}
    load_amounts(titles)
    load_consultation_rules(titles)
    _issued_decision()
