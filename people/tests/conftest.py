"""A few units and officials without the demo data: fast fixtures for people's tests."""

import datetime
from types import SimpleNamespace

import pytest

from emulation.models import Title
from emulation.tests.factories import OfficialFactory, TitleFactory, UnitFactory, UserFactory
from people.demo import _prerequisites
from people.models import CouncilMember, IndividualTitle, PersonYear

from .factories import PostingFactory

D = datetime.date


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages are checked in Vietnamese, whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("vi"):
        yield


def _title(code, name, authority="Thủ trưởng cơ quan, đơn vị", level=Title.Level.INDIVIDUAL, **extra):
    decided_by = Title.decided_by_of(authority)
    return TitleFactory(
        code=code, name=name, authority=authority, decided_by=decided_by, level=level, kind=Title.Kind.TITLE, **extra
    )


@pytest.fixture
def titles(db):
    found = {
        "lao-dong-tien-tien": _title("lao-dong-tien-tien", "Lao động tiên tiến", order=1),
        "chien-si-thi-dua-co-so": _title("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", order=2),
        "chien-si-thi-dua-bo-nganh": _title(
            "chien-si-thi-dua-bo-nganh", "Chiến sĩ thi đua Bộ, ngành", authority="Bộ trưởng Bộ Tư pháp", order=3
        ),  # fmt: skip
        "chien-si-thi-dua-toan-quoc": _title(
            "chien-si-thi-dua-toan-quoc", "Chiến sĩ thi đua toàn quốc", authority="Thủ tướng Chính phủ", order=6
        ),
        "bang-khen-bo-truong": _title(
            "bang-khen-bo-truong", "Bằng khen của Bộ trưởng", authority="Bộ trưởng", level=Title.Level.BOTH, order=4
        ),  # fmt: skip
        "tap-the-lao-dong-tien-tien": _title(
            "tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", level=Title.Level.COLLECTIVE, order=5
        ),
    }
    _prerequisites(found)
    return SimpleNamespace(
        worker=found["lao-dong-tien-tien"],
        fighter=found["chien-si-thi-dua-co-so"],
        ministry_fighter=found["chien-si-thi-dua-bo-nganh"],
        national_fighter=found["chien-si-thi-dua-toan-quoc"],
        merit=found["bang-khen-bo-truong"],
        collective=found["tap-the-lao-dong-tien-tien"],
    )


@pytest.fixture
def world(db, titles):
    """Unit A (with a unit merged into it), unit B, an outsider unit and the ministry's
    emulation office; an official per unit, A's head and A's council member for 2025,
    and three persons posted in A (one of them in the merged unit) and one in B."""
    unit_a = UnitFactory(name="Cục Thi hành án dân sự tỉnh A", short_name="Cục THADS A")
    old = UnitFactory(name="Chi cục THADS huyện Cũ", active=False, successor=unit_a)
    unit_b = UnitFactory(name="Sở Tư pháp tỉnh B")
    outsider = UnitFactory(name="Sở Tư pháp tỉnh Ngoài")
    office = UnitFactory(name="Vụ Tổ chức cán bộ thử", is_emulation_office=True)

    def official(unit, username, head=False):
        user = UserFactory(username=username)
        OfficialFactory(user=user, unit=unit, is_unit_head=head)
        return user

    world = SimpleNamespace(
        unit_a=unit_a, old=old, unit_b=unit_b, outsider=outsider, titles=titles,
        official_a=official(unit_a, "canbo_a"), head_a=official(unit_a, "thutruong_a", head=True),
        council_a=official(unit_a, "hoidong_a"), official_b=official(unit_b, "canbo_b"),
        head_b=official(unit_b, "thutruong_b", head=True), official_out=official(outsider, "canbo_ngoai"),
        ministry=official(office, "bo_thu"), superuser=UserFactory(username="root", is_superuser=True, is_staff=True),
    )  # fmt: skip
    CouncilMember.objects.create(unit=unit_a, year=2025, user=world.council_a)
    world.postings = [
        PostingFactory(unit=unit_a, person__full_name="Lê Thị Hoa", person__gender="female"),
        PostingFactory(unit=unit_a, person__full_name="Trần Văn Bình"),
        PostingFactory(unit=old, person__full_name="Đỗ Văn Cũ"),
    ]
    world.person_b = PostingFactory(unit=unit_b, person__full_name="Phạm Thị Bê", person__gender="female").person
    world.persons = [posting.person for posting in world.postings]
    return world


def history(person, unit, titles, years, grading="good", title="worker", status=IndividualTitle.Status.DECIDED):
    """Years of the person's record with the title recognised in each."""
    for year in years:
        person_year, _created = PersonYear.objects.get_or_create(
            person=person, year=year, defaults={"unit": unit, "grading": grading}
        )
        IndividualTitle.objects.create(
            person_year=person_year, title=getattr(titles, title), status=status,
            decision_number=f"{year}/QĐ", decision_date=D(year + 1, 1, 10),
        )  # fmt: skip
