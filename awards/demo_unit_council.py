"""Demo data of a unit's council (Hội đồng thi đua – khen thưởng cơ sở) voting by secret ballot:
the rule that every unit's council puts Chiến sĩ thi đua cơ sở to a secret ballot, carried by
more than half of its whole membership (a common practice of the units' own regulations; no
figure is verified, so the row says "[cần xác minh]"), and for Cục THADS tỉnh Lào Cai (council
``hoidong`` and ``thutruong``) the 2025 proposal of Chiến sĩ thi đua cơ sở for the first author
of the initiative it recognised in 2025, and a session of its council being prepared, which
``thutruong`` opens. Safe to run twice."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from emulation.demo import enforcement
from emulation.models import Title, Unit
from people.models import IndividualTitle, Initiative, PersonYear

from .council import CouncilBody, CouncilRule, CouncilSession

BASIS = (
    "Luật Thi đua, khen thưởng số 06/2022/QH15; quy chế hoạt động của Hội đồng Thi đua – Khen thưởng "
    "cơ sở: bỏ phiếu kín, quá bán tổng số thành viên [cần xác minh]"
)
YEAR = 2025
INITIATIVE = "Nhắc hạn xác minh điều kiện thi hành án qua tin nhắn"


def _rule():
    title = Title.objects.filter(code="chien-si-thi-dua-co-so").first()
    if title is None:
        return
    CouncilRule.objects.get_or_create(
        body=CouncilBody.UNIT,
        title=title,
        valid_from=datetime.date(2024, 1, 1),
        defaults={
            "quorum_percent": Decimal("50"),
            "threshold_percent": Decimal("50"),
            "threshold_inclusive": False,
            "written_votes": False,
            "legal_basis": BASIS,
            "unverified": True,
        },
    )


def _proposal(unit):
    """Chiến sĩ thi đua cơ sở 2025 proposed for the initiative's first author (their Lao động tiên
    tiến waits for the head; the proposal goes to the council's ballot meanwhile)."""
    initiative = Initiative.objects.filter(unit=unit, year=YEAR, name=INITIATIVE).first()
    title = Title.objects.filter(code="chien-si-thi-dua-co-so").first()
    if initiative is None or title is None:
        return
    author = initiative.authors.order_by("-share", "pk").first()
    person_year = PersonYear.objects.filter(person=author.person, year=YEAR).first() if author else None
    if person_year is not None:
        IndividualTitle.objects.get_or_create(
            person_year=person_year, title=title, defaults={"status": IndividualTitle.Status.PROPOSED}
        )


def load():
    unit = Unit.objects.filter(name=enforcement("Lào Cai")).first()
    head = get_user_model().objects.filter(username="thutruong").first()
    _rule()
    if unit is None or head is None:
        return
    _proposal(unit)
    CouncilSession.objects.get_or_create(
        unit=unit,
        year=YEAR,
        meeting_date=datetime.date(2026, 1, 12),
        defaults={"place": "Phòng họp Cục Thi hành án dân sự tỉnh Lào Cai", "created_by": head},
    )
