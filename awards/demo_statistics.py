"""Demo award records of 2022 and 2023 for the statistics forms (biểu 0602–0603), each individual
with its recipient category.

Facts from docs/domain.md: Cờ thi đua của Chính phủ proposed for Cục THADS tỉnh Lào Cai (2022) and
eight Sở Tư pháp receiving Cờ thi đua ngành Tư pháp in 2023 (which eight is not said: the demo takes
the northern region's Sở). Every other record here is invented for the demo (minh họa), and no
decision number is given where none is known. Individuals are people of the registry (the people
demo), their category read from their position: a head or deputy is a leader or manager.
"""

from emulation.models import Title, Unit
from people import queries as people_queries

from .categories import RecipientCategory
from .models import AwardRecord

LEADER_WORDS = ("trưởng", "giám đốc", "chánh", "phó")
NOTE = "minh họa"


def category_of(position):
    text = (position or "").lower()
    return RecipientCategory.LEADER if any(word in text for word in LEADER_WORDS) else RecipientCategory.WORKER


def _record(title, year, unit, person=None, position=""):
    AwardRecord.objects.get_or_create(
        title=title,
        year=year,
        unit=unit,
        person_name=person.full_name if person else "",
        defaults={
            "person": person,
            "category": category_of(position) if person else "",
            "source": AwardRecord.Source.IMPORT,
        },
    )


def _individuals(unit, titles, year, count=3):
    for posting, code in zip(list(people_queries.roster(unit)[:count]), titles, strict=False):
        _record(TITLES[code], year, unit, posting.person, posting.position)


TITLES = {}


def load():
    TITLES.update({title.code: title for title in Title.objects.all()})
    needed = ("co-thi-dua-chinh-phu", "co-thi-dua-nganh-tu-phap", "bang-khen-bo-truong", "chien-si-thi-dua-bo-nganh")
    if any(code not in TITLES for code in needed):
        return
    units = {unit.name: unit for unit in Unit.objects.all()}
    lao_cai = units.get("Cục Thi hành án dân sự tỉnh Lào Cai")
    if lao_cai:
        _record(TITLES["co-thi-dua-chinh-phu"], 2022, lao_cai)
        _record(TITLES["co-thi-dua-nganh-tu-phap"], 2022, lao_cai)
    departments = sorted(name for name in units if name.startswith("Sở Tư pháp"))[:8]
    for name in departments:
        _record(TITLES["co-thi-dua-nganh-tu-phap"], 2023, units[name])
    for year in (2022, 2023):
        for unit in [unit for unit in (lao_cai, units.get("Sở Tư pháp tỉnh Lào Cai")) if unit]:
            _record(TITLES["bang-khen-bo-truong"], year, unit)
            _individuals(unit, ["bang-khen-bo-truong", "bang-khen-bo-truong", "chien-si-thi-dua-bo-nganh"], year)
