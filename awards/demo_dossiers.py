"""Demo award dossiers (safe to run twice) and the checklist of required documents.

- The checklist from domain.md and issue 15: tờ trình, danh sách trích ngang, biên bản họp,
  kết quả bỏ phiếu kín, báo cáo thành tích certified by the superior, xác nhận sáng kiến for the
  Chiến sĩ thi đua titles above the unit, xác nhận không vi phạm kỷ luật; rows whose figure
  domain.md does not confirm are marked unverified.
- Cục THADS tỉnh Lào Cai's 2025 dossier (``canbo``), a draft: one of its staff for Chiến sĩ thi
  đua Bộ, ngành and the unit itself for Cờ thi đua ngành Tư pháp, two documents attached, the
  rest missing (the checklist says which).
- Văn phòng Bộ's 2025 dossier, the unit for Bằng khen của Bộ trưởng, received by the emulation
  office (``bo`` in charge, due 15/01/2026): it waits in the office's inbox.
- Cục THADS tỉnh Lào Cai's 2025 dossier for the Prime Minister's Bằng khen (the unit itself),
  checked and sent up by the Ministry on 20/01/2026: the office awaits the outcome.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from emulation.models import Official, Title, Unit
from people import queries as people_queries

from . import services
from .models import AwardLevel, DocumentKind, DocumentRequirement, Dossier

BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; Thông tư 11/2023/TT-BTP"
IN_FORCE = datetime.date(2024, 1, 1)
# Nghị định 152/2025/NĐ-CP replaced Nghị định 98/2023/NĐ-CP from 01/07/2025 (domain.md: to verify
# against the gazette), so the checklist has two periods and every row of the second is unverified.
BASIS_2025 = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 11/2023/TT-BTP"
DECREE_152_FROM = datetime.date(2025, 7, 1)
PERIODS = [
    (IN_FORCE, DECREE_152_FROM - datetime.timedelta(days=1), BASIS, False),
    (DECREE_152_FROM, None, BASIS_2025, True),
]
K, S = DocumentKind, DocumentRequirement.Scope
# (kind, title code or None, scope, unverified, note)
REQUIREMENTS = [
    (K.COVER_LETTER, None, S.DOSSIER, False, ""),
    (K.RECIPIENT_LIST, None, S.DOSSIER, False, ""),
    (K.COUNCIL_MINUTES, None, S.DOSSIER, False, "Biên bản họp Hội đồng thi đua – khen thưởng của đơn vị đề nghị."),
    (K.BALLOT_RESULT, None, S.DOSSIER, True, "Khi quy định yêu cầu bỏ phiếu kín [cần xác minh]."),
    (K.ACHIEVEMENT_REPORT, None, S.EACH_RECIPIENT, False, "Có xác nhận của cấp trình khen."),
    (
        K.INITIATIVE_PROOF,
        "chien-si-thi-dua-bo-nganh",
        S.EACH_PERSON,
        True,
        "Sáng kiến có phạm vi ảnh hưởng toàn ngành.",
    ),
    (
        K.INITIATIVE_PROOF,
        "chien-si-thi-dua-toan-quoc",
        S.EACH_PERSON,
        True,
        "Sáng kiến có phạm vi ảnh hưởng toàn quốc.",
    ),
    (K.NO_DISCIPLINE, None, S.EACH_PERSON, True, "[cần xác minh]"),
]
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _requirements(titles):
    # a demo seeded before the second period had the first one open-ended: close it
    DocumentRequirement.objects.filter(valid_from=IN_FORCE, valid_to__isnull=True, legal_basis=BASIS).update(
        valid_to=PERIODS[0][1]
    )
    for kind, code, scope, unverified, note in REQUIREMENTS:
        if code and code not in titles:
            continue
        for valid_from, valid_to, basis, decree_unverified in PERIODS:
            DocumentRequirement.objects.get_or_create(
                kind=kind,
                title=titles.get(code) if code else None,
                scope=scope,
                valid_from=valid_from,
                defaults={
                    "valid_to": valid_to,
                    "legal_basis": basis,
                    "unverified": unverified or decree_unverified,
                    "note": note,
                },
            )


def _pdf(name):
    return ContentFile(TINY_PDF, name=name)


def _lao_cai_draft(titles):
    unit = Unit.objects.filter(name="Cục Thi hành án dân sự tỉnh Lào Cai").first()
    official = Official.objects.filter(user__username="canbo").select_related("user").first()
    if unit is None or official is None or Dossier.objects.filter(unit=unit, year=2025).exists():
        return
    by = official.user
    dossier = services.create_dossier(unit, 2025, AwardLevel.MINISTRY, by, subject="Đề nghị khen thưởng năm 2025")
    posting = people_queries.roster(unit).first()
    if posting is not None:
        services.add_line(
            dossier,
            by,
            title=titles["chien-si-thi-dua-bo-nganh"],
            person=posting.person,
            position=posting.position,
            achievement_summary="Ba năm liền đạt Chiến sĩ thi đua cơ sở; sáng kiến áp dụng toàn ngành (minh họa).",
        )
    services.add_line(
        dossier,
        by,
        title=titles["co-thi-dua-nganh-tu-phap"],
        unit=unit,
        achievement_summary="Dẫn đầu Khu vực về kết quả thi hành án dân sự năm 2025 (minh họa).",
    )
    services.attach_document(dossier, by, kind=K.COVER_LETTER, uploaded=_pdf("to-trinh.pdf"))
    services.attach_document(dossier, by, kind=K.RECIPIENT_LIST, uploaded=_pdf("danh-sach-trich-ngang.pdf"))


def _office_inbox(titles):
    unit = Unit.objects.filter(name="Văn phòng Bộ").first()
    official = Official.objects.filter(unit=unit).select_related("user").first() if unit else None
    ministry = get_user_model().objects.filter(username="bo").first()
    title = titles.get("bang-khen-bo-truong")
    if None in (official, ministry, title) or Dossier.objects.filter(unit=unit, year=2025).exists():
        return
    by = official.user
    dossier = services.create_dossier(unit, 2025, AwardLevel.MINISTRY, by, subject="Đề nghị tặng Bằng khen năm 2025")
    line = services.add_line(
        dossier, by, title=title, unit=unit, achievement_summary="Hoàn thành xuất sắc nhiệm vụ năm 2025 (minh họa)."
    )
    for kind in (K.COVER_LETTER, K.RECIPIENT_LIST, K.COUNCIL_MINUTES, K.BALLOT_RESULT):
        services.attach_document(dossier, by, kind=kind, uploaded=_pdf(f"{kind}.pdf"))
    services.attach_document(dossier, by, kind=K.ACHIEVEMENT_REPORT, uploaded=_pdf("bao-cao.pdf"), line=line)
    dossier = services.submit_dossier(dossier, by)
    if dossier.reviewer_id is None:
        services.receive_dossier(dossier, ministry, officer=ministry, due_date=datetime.date(2026, 1, 15))


def _sent_up(titles):
    """Cục THADS Lào Cai proposes itself for the Prime Minister's Bằng khen: checked, before the
    council and sent up by the Ministry (its tờ trình), the outcome not yet received."""
    unit = Unit.objects.filter(name="Cục Thi hành án dân sự tỉnh Lào Cai").first()
    official = Official.objects.filter(user__username="canbo").select_related("user").first()
    ministry = get_user_model().objects.filter(username="bo").first()
    title = titles.get("bang-khen-thu-tuong")
    if None in (unit, official, ministry, title):
        return
    if Dossier.objects.filter(unit=unit, year=2025, level=AwardLevel.PRIME_MINISTER).exists():
        return
    by = official.user
    dossier = services.create_dossier(
        unit, 2025, AwardLevel.PRIME_MINISTER, by, subject="Đề nghị tặng Bằng khen của Thủ tướng Chính phủ"
    )
    line = services.add_line(
        dossier,
        by,
        title=title,
        unit=unit,
        achievement_summary="Năm năm liền hoàn thành xuất sắc nhiệm vụ, giai đoạn 2021–2025 (minh họa).",
    )
    for kind in (K.COVER_LETTER, K.RECIPIENT_LIST, K.COUNCIL_MINUTES, K.BALLOT_RESULT):
        services.attach_document(dossier, by, kind=kind, uploaded=_pdf(f"{kind}.pdf"))
    services.attach_document(dossier, by, kind=K.ACHIEVEMENT_REPORT, uploaded=_pdf("bao-cao.pdf"), line=line)
    services.submit_dossier(dossier, by)
    services.receive_dossier(dossier, ministry, officer=ministry, due_date=datetime.date(2026, 1, 15))
    services.record_verdict(line, ministry, line.Verdict.ELIGIBLE)
    services.finish_check(dossier, ministry)
    services.send_to_council(dossier, ministry)
    services.send_up_dossier(dossier, ministry, number="21/TTr-BTP (minh họa)", date=datetime.date(2026, 1, 20))


def load():
    titles = {title.code: title for title in Title.objects.all()}
    _requirements(titles)
    _lao_cai_draft(titles)
    _office_inbox(titles)
    _sent_up(titles)
