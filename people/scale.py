"""People's part of ``seed_scale``: the staff of every unit the data set covers, posted there
for the whole ten years, with each year's grading (xếp loại chất lượng) and the unit's own
titles the grading earns (Lao động tiên tiến, Chiến sĩ thi đua cơ sở), recognised by the
head's decision of the next January.

About six thousand persons at scale 1: 25 in a provincial or ministry unit, 5 in a district
unit, and ``LARGE_UNIT_STAFF`` in the first Cục Thi hành án dân sự (the sector's biggest
roll, which the benchmarks' 200-recipient dossier is drawn from). Units that already have
staff (the demo's) are left as they are. Identification numbers
are well formed (``cccd.make``) and unique: the serial is the person's id. The persons of
each unit are left in ``plan.persons`` for the awards loader.
"""

import datetime

from emulation.models import Title, Unit
from emulation.scale import FAMILY, GIVEN, MIDDLE

from . import cccd
from .models import Gender, IndividualTitle, Person, PersonYear, Posting, StaffKind

PROVINCIAL_STAFF = 25
DISTRICT_STAFF = 5
LARGE_UNIT_STAFF = 240
POSTED_FROM = datetime.date(2012, 1, 1)
BIRTH_CODES = sorted(cccd.PROVINCE_CODES)
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Chấp hành viên", "Thẩm tra viên", "Thư ký", "Kế toán viên"]
LEADERS = ["Phó Trưởng phòng", "Trưởng phòng"]
# Grading shares (best first) and the share of the excellent who become Chiến sĩ thi đua cơ sở.
GRADING_SHARES = [("excellent", 0.2), ("good", 0.65), ("done", 0.13), ("not_done", 0.02)]
CSTD_SHARE = 0.5
STAFF_TITLE = "lao-dong-tien-tien"
CSTD_TITLE = "chien-si-thi-dua-co-so"
DISTRICT_TYPES = (Unit.Type.DISTRICT_JUSTICE, Unit.Type.ENFORCEMENT_DISTRICT)


class Rows:
    def __init__(self):
        self.persons, self.postings, self.years, self.titles = [], [], [], []

    def write(self, plan):
        for model, rows in (
            (Person, self.persons),
            (Posting, self.postings),
            (PersonYear, self.years),
            (IndividualTitle, self.titles),
        ):
            plan.insert(model, rows)


def load(plan):
    staffed = set(Posting.objects.filter(unit_id__in=list(plan.units)).values_list("unit_id", flat=True))
    units = {unit_id: unit for unit_id, unit in plan.units.items() if unit_id not in staffed}
    titles = dict(Title.objects.filter(code__in=[STAFF_TITLE, CSTD_TITLE]).values_list("code", "pk"))
    rows = Rows()
    large = _largest_unit(units)
    staff = {unit_id: _staff(unit, large) for unit_id, unit in units.items()}
    person_ids = iter(plan.ids(Person, sum(staff.values())))
    for unit_id, count in staff.items():
        plan.persons[unit_id] = [_person(plan, rows, unit_id, next(person_ids), index) for index in range(count)]
    year_ids = iter(plan.ids(PersonYear, len(rows.persons) * len(plan.years)))
    for unit_id, persons in plan.persons.items():
        for person_id, *_rest in persons:
            _years(plan, rows, titles, unit_id, person_id, year_ids)
    rows.write(plan)
    plan.log(f"persons: {len(rows.persons)}, persons' years: {len(rows.years)}, titles: {len(rows.titles)}")


def _largest_unit(units):
    enforcement = [unit_id for unit_id, unit in units.items() if unit.type == Unit.Type.ENFORCEMENT_PROVINCE]
    return min(enforcement) if enforcement else None


def _staff(unit, large):
    if unit.id == large:
        return LARGE_UNIT_STAFF
    return DISTRICT_STAFF if unit.type in DISTRICT_TYPES else PROVINCIAL_STAFF


def _person(plan, rows, unit_id, pk, index):
    """A person of the unit; returns (id, full name, position, year of birth)."""
    rng = plan.rng("person", pk)
    gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
    middle = "Thị" if gender == Gender.FEMALE else rng.choice([m for m in MIDDLE if m != "Thị"])
    name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"
    born = datetime.date(rng.randint(1966, 1998), rng.randint(1, 12), rng.randint(1, 28))
    position = LEADERS[index % 2] if index < 2 else rng.choice(POSITIONS)
    rows.persons.append(
        Person(
            id=pk,
            full_name=name,
            date_of_birth=born,
            gender=gender,
            cccd=cccd.make(rng.choice(BIRTH_CODES), born.year, gender, pk),
        )
    )
    rows.postings.append(
        Posting(
            person_id=pk,
            unit_id=unit_id,
            position=position,
            staff_kind=StaffKind.CIVIL_SERVANT,
            start=max(POSTED_FROM, datetime.date(born.year + 23, 1, 1)),
        )
    )
    return pk, name, position, born.year


def _grading(rng):
    draw, total = rng.random(), 0.0
    for grading, share in GRADING_SHARES:
        total += share
        if draw < total:
            return grading
    return GRADING_SHARES[-1][0]


def _years(plan, rows, titles, unit_id, person_id, year_ids):
    rng = plan.rng("person-years", person_id)
    for year in plan.years:
        pk = next(year_ids)
        past = plan.is_past(year)
        grading = _grading(rng) if past else ""
        rows.years.append(PersonYear(id=pk, person_id=person_id, year=year, unit_id=unit_id, grading=grading))
        earned = []
        if grading in ("excellent", "good"):
            earned.append(titles.get(STAFF_TITLE))
        if grading == "excellent" and rng.random() < CSTD_SHARE:
            earned.append(titles.get(CSTD_TITLE))
        for title_id in filter(None, earned):
            rows.titles.append(_title(pk, title_id, year, unit_id))


def _title(person_year_id, title_id, year, unit_id):
    return IndividualTitle(
        person_year_id=person_year_id,
        title_id=title_id,
        status=IndividualTitle.Status.DECIDED,
        decision_number=f"{unit_id % 90 + 10}/QĐ-{year}",
        decision_date=datetime.date(year + 1, 1, 15),
    )
