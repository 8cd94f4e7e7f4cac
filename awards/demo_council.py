"""Demo data of the sector council (Hội đồng thi đua – khen thưởng ngành): the rule that puts
Chiến sĩ thi đua Bộ, ngành and Chiến sĩ thi đua toàn quốc to a secret ballot with 90% of the
whole membership (domain.md's old rule; the current text is to verify), three members for 2025
and 2026 (invented names, one login each), and a session being prepared for the 2025 round.
Safe to run twice."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from emulation.demo import DEMO_PASSWORD
from emulation.models import Official, Title, Unit
from people.models import CouncilMember

from .council import CouncilRule, CouncilSession

VERIFY = "[cần xác minh]"
BASIS = f"Quy chế tổ chức và hoạt động của Hội đồng Thi đua – Khen thưởng ngành Tư pháp {VERIFY}"

RULES = [
    # title code, quorum %, threshold % of the whole membership, absent members vote in writing
    ("chien-si-thi-dua-bo-nganh", Decimal("50"), Decimal("90"), True),
    ("chien-si-thi-dua-toan-quoc", Decimal("50"), Decimal("90"), True),
]

# (login, full name, unit, position, role on the council) — invented people; all share DEMO_PASSWORD.
MEMBERS = [
    ("hoidongnganh", "Đỗ Minh Quân", "Bộ Tư pháp", "Thứ trưởng, Phó Chủ tịch Hội đồng (minh họa)", "vice_chair"),
    ("uyvien1", "Vũ Thị Thanh", "Vụ Tổ chức cán bộ", "Vụ trưởng, Ủy viên thường trực Hội đồng (minh họa)", "standing"),
    ("uyvien2", "Hoàng Văn Sơn", "Văn phòng Bộ", "Chánh Văn phòng Bộ, Ủy viên Hội đồng (minh họa)", "member"),
]
TERM = (2025, 2026)  # one term covering the demo's council years


def _rules():
    for code, quorum, threshold, written in RULES:
        title = Title.objects.filter(code=code).first()
        if title is not None:
            CouncilRule.objects.get_or_create(
                title=title,
                valid_from=datetime.date(2024, 1, 1),
                defaults={
                    "quorum_percent": quorum,
                    "threshold_percent": threshold,
                    "written_votes": written,
                    "legal_basis": BASIS,
                    "unverified": True,
                },
            )


def _members(ministry):
    User = get_user_model()
    for login, full_name, unit_name, position, role in MEMBERS:
        unit = Unit.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        user, created = User.objects.get_or_create(username=login, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Official.objects.update_or_create(user=user, defaults={"unit": unit, "position": position})
        CouncilMember.objects.get_or_create(
            unit=ministry, year=TERM[0], user=user, defaults={"last_year": TERM[1], "role": role}
        )


def load():
    ministry = Unit.objects.filter(type=Unit.Type.MINISTRY).first()
    office = get_user_model().objects.filter(username="bo").first()
    if ministry is None or office is None:
        return
    _rules()
    _members(ministry)
    CouncilSession.objects.get_or_create(
        year=2025,
        meeting_date=datetime.date(2026, 1, 15),
        defaults={"place": "Trụ sở Bộ Tư pháp, 58–60 Trần Phú, Hà Nội", "created_by": office},
    )
