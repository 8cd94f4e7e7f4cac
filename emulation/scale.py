"""The core's part of ``manage.py seed_scale``: a sector-sized, synthetic, deterministic
data set for benchmarks — 34 provinces (a Sở Tư pháp and a Cục THADS each), 30 units
under the Ministry, 700 district-level units, the clusters and ten years of membership
with one head and two deputies per cluster and year, and a head (thủ trưởng) login per unit.

Later apps add their part through ``registry.add_scale_loader(loader, order)``; each
``loader(plan)`` reads the ``Plan`` built here. Rows are written with ``bulk_create``
and ids reserved in advance (no per-row save, no signals, no history rows), so every
text is normalised to NFC here rather than by the ``pre_save`` receiver.

Units and clusters of the demo (``seed_demo``) are reused by name or slug, and the
demo's own memberships, pledges, scorecards and votes are left as they are.
"""

import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from .demo import MINISTRY_UNITS, department
from .models import Cluster, Membership, Official, Title, Unit
from .text import nfc, vi_slug

SEED = 2026
YEARS = list(range(2016, 2026))
BATCH = 5000
MARKER_USERNAME = "seed.scale"

NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"
CENTRAL = "khu-vuc-mien-trung-tay-nguyen"
RED_RIVER = "khu-vuc-dong-bang-song-hong"
SOUTH_EAST = "khu-vuc-dong-nam-bo"
MEKONG = "khu-vuc-dong-bang-song-cuu-long"

# region slug: [(province, "tỉnh" or "thành phố")], the 34 provinces since 2025.
PROVINCES = {
    NORTH: [
        ("Lào Cai", "tỉnh"),
        ("Sơn La", "tỉnh"),
        ("Lạng Sơn", "tỉnh"),
        ("Cao Bằng", "tỉnh"),
        ("Lai Châu", "tỉnh"),
        ("Điện Biên", "tỉnh"),
        ("Tuyên Quang", "tỉnh"),
        ("Thái Nguyên", "tỉnh"),
        ("Phú Thọ", "tỉnh"),
    ],
    CENTRAL: [
        ("Thanh Hóa", "tỉnh"),
        ("Nghệ An", "tỉnh"),
        ("Hà Tĩnh", "tỉnh"),
        ("Quảng Trị", "tỉnh"),
        ("Huế", "thành phố"),
        ("Đà Nẵng", "thành phố"),
        ("Quảng Ngãi", "tỉnh"),
        ("Gia Lai", "tỉnh"),
        ("Đắk Lắk", "tỉnh"),
        ("Khánh Hòa", "tỉnh"),
        ("Lâm Đồng", "tỉnh"),
    ],
    RED_RIVER: [
        ("Hà Nội", "thành phố"),
        ("Hải Phòng", "thành phố"),
        ("Quảng Ninh", "tỉnh"),
        ("Bắc Ninh", "tỉnh"),
        ("Hưng Yên", "tỉnh"),
        ("Ninh Bình", "tỉnh"),
    ],
    SOUTH_EAST: [("Hồ Chí Minh", "Thành phố"), ("Đồng Nai", "tỉnh"), ("Tây Ninh", "tỉnh")],
    MEKONG: [
        ("Cần Thơ", "thành phố"),
        ("Vĩnh Long", "tỉnh"),
        ("Đồng Tháp", "tỉnh"),
        ("Cà Mau", "tỉnh"),
        ("An Giang", "tỉnh"),
    ],
}
REGION_NAMES = {
    NORTH: (
        "Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền núi biên giới phía Bắc",
        "Khu vực miền núi biên giới phía Bắc",
    ),
    CENTRAL: (
        "Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền Trung – Tây Nguyên",
        "Khu vực miền Trung – Tây Nguyên",
    ),
    RED_RIVER: (
        "Khu vực thi đua khối cơ quan Tư pháp các tỉnh, thành phố đồng bằng sông Hồng",
        "Khu vực đồng bằng sông Hồng",
    ),
    SOUTH_EAST: (
        "Khu vực thi đua khối cơ quan Tư pháp các tỉnh, thành phố Đông Nam Bộ",
        "Khu vực Đông Nam Bộ",
    ),
    MEKONG: (
        "Khu vực thi đua khối cơ quan Tư pháp các tỉnh, thành phố đồng bằng sông Cửu Long",
        "Khu vực đồng bằng sông Cửu Long",
    ),
}
# The bloc of the Cục THADS inside each region (the northern one exists in the demo).
BLOCS = {
    NORTH: ("Khối Cục Thi hành án dân sự các tỉnh miền núi biên giới phía Bắc", "Khối THADS miền núi phía Bắc"),
    CENTRAL: ("Khối Cục Thi hành án dân sự các tỉnh miền Trung – Tây Nguyên", "Khối THADS miền Trung – Tây Nguyên"),
    RED_RIVER: (
        "Khối Cục Thi hành án dân sự các tỉnh, thành phố đồng bằng sông Hồng",
        "Khối THADS đồng bằng sông Hồng",
    ),
    SOUTH_EAST: ("Khối Cục Thi hành án dân sự các tỉnh, thành phố Đông Nam Bộ", "Khối THADS Đông Nam Bộ"),
    MEKONG: (
        "Khối Cục Thi hành án dân sự các tỉnh, thành phố đồng bằng sông Cửu Long",
        "Khối THADS đồng bằng sông Cửu Long",
    ),
}
MINISTRY_CLUSTERS = ["I", "II", "III", "IV", "V", "VI"]
# The demo's four units first, so they stay in Cụm thi đua số I.
MINISTRY_UNIT_NAMES = MINISTRY_UNITS + [
    "Vụ Pháp luật hình sự – hành chính",
    "Vụ Pháp luật dân sự – kinh tế",
    "Vụ Pháp luật quốc tế",
    "Vụ Hợp tác quốc tế",
    "Vụ Phổ biến, giáo dục pháp luật",
    "Thanh tra Bộ",
    "Cục Kiểm tra văn bản quy phạm pháp luật",
    "Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật",
    "Cục Bổ trợ tư pháp",
    "Cục Hộ tịch, quốc tịch, chứng thực",
    "Cục Con nuôi",
    "Cục Trợ giúp pháp lý",
    "Cục Đăng ký quốc gia giao dịch bảo đảm",
    "Cục Công nghệ thông tin",
    "Cục Bồi thường nhà nước",
    "Cục Quản lý thi hành án dân sự",
    "Viện Khoa học pháp lý",
    "Trường Đại học Luật Hà Nội",
    "Học viện Tư pháp",
    "Báo Pháp luật Việt Nam",
    "Tạp chí Dân chủ và Pháp luật",
    "Nhà xuất bản Tư pháp",
    "Trung tâm Lý lịch tư pháp quốc gia",
    "Trường Cao đẳng Luật miền Bắc",
    "Trường Cao đẳng Luật miền Trung",
    "Trường Cao đẳng Luật miền Nam",
]
DISTRICT_FIRST = ["An", "Bình", "Đông", "Hòa", "Kim", "Long", "Phú", "Tân", "Thạch", "Thanh", "Vĩnh", "Yên"]
DISTRICT_SECOND = ["Sơn", "Lâm", "Phong", "Thủy", "Hà", "Lộc", "Khánh", "Định", "Hưng", "Thành", "Xuân", "Điền"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan"]
GIVEN += ["Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Yến"]
POSITIONS = {
    Unit.Type.JUSTICE_DEPARTMENT: "Giám đốc Sở",
    Unit.Type.ENFORCEMENT_PROVINCE: "Cục trưởng",
    Unit.Type.DISTRICT_JUSTICE: "Trưởng phòng",
    Unit.Type.ENFORCEMENT_DISTRICT: "Chi cục trưởng",
    Unit.Type.MINISTRY_UNIT: "Thủ trưởng đơn vị",
}
# Heads pinned for the last year, so the demo's cluster-head login heads its region then.
PINNED_HEADS = {NORTH: department("Lào Cai")}
PROVINCIAL = (Unit.Type.JUSTICE_DEPARTMENT, Unit.Type.ENFORCEMENT_PROVINCE, Unit.Type.MINISTRY_UNIT)


@dataclass
class ScaleUnit:
    id: int
    name: str
    type: str
    province: str


@dataclass
class Plan:
    """What the core built, for the later apps' loaders."""

    scale: float
    log: object
    years: list = field(default_factory=lambda: list(YEARS))
    user_id: int = None
    units: dict = field(default_factory=dict)  # unit id → ScaleUnit, the units the data set covers
    clusters: dict = field(default_factory=dict)  # cluster id → Cluster
    members: dict = field(default_factory=lambda: defaultdict(list))  # (cluster id, year) → [unit id]
    heads: dict = field(default_factory=dict)  # unit id → (official id, full name, position)
    persons: dict = field(default_factory=dict)  # unit id → [(person id, full name, position, born)], by people
    counts: Counter = field(default_factory=Counter)
    next_ids: dict = field(default_factory=dict)

    @property
    def current_year(self):
        return self.years[-1]

    def is_past(self, year):
        return year < self.current_year

    def rng(self, *parts):
        return random.Random("-".join(str(part) for part in (SEED, *parts)))

    def ids(self, model, count):
        """Reserve ``count`` primary keys of ``model`` after the largest in use."""
        if model not in self.next_ids:
            self.next_ids[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def insert(self, model, rows):
        """bulk_create an iterable of unsaved rows in batches; returns how many."""
        rows = iter(rows)
        total = 0
        while batch := list(islice(rows, BATCH)):
            model.objects.bulk_create(batch, batch_size=BATCH)
            total += len(batch)
        self.counts[model._meta.label] += total
        return total

    def finish(self):
        """Move PostgreSQL's sequences past the ids written explicitly."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_ids))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def scale_data_exists():
    return get_user_model().objects.filter(username=MARKER_USERNAME).exists()


def count(base, scale, minimum):
    return max(minimum, round(base * scale))


def load(scale, log):
    """Build the core's rows and return the ``Plan`` the later apps continue from."""
    plan = Plan(scale=scale, log=log)
    plan.user_id = _marker_user()
    _ensure_titles()
    clusters = _clusters(plan)
    units = _units(plan)
    log(f"units: {len(plan.units)}")
    _memberships(plan, clusters, units)
    log(f"memberships: {plan.counts['emulation.Membership']}")
    _officials(plan)
    log(f"officials: {plan.counts['emulation.Official']}")
    return plan


def _marker_user():
    user = get_user_model().objects.create(
        username=MARKER_USERNAME, full_name="Dữ liệu mô phỏng quy mô ngành", password=make_password(None)
    )
    return user.pk


def _ensure_titles():
    """The catalogue of titles is small reference data: the demo's, when it is absent."""
    if not Title.objects.exists():
        from .demo import _titles

        _titles()


# --- clusters ------------------------------------------------------------------


def _cluster_specs():
    """[(key, name, short name, kind, parent key)] of every cluster the data set uses."""
    specs = [(slug, *REGION_NAMES[slug], Cluster.Kind.REGION, None) for slug in PROVINCES]
    specs += [(f"bloc:{slug}", *BLOCS[slug], Cluster.Kind.BLOC, slug) for slug in PROVINCES]
    for number in MINISTRY_CLUSTERS:
        name = f"Cụm thi đua số {number}, khối các đơn vị thuộc Bộ"
        specs.append((f"ministry:{number}", name, f"Cụm thi đua số {number}", Cluster.Kind.CLUSTER, None))
    return specs


def _clusters(plan):
    """{key: Cluster}: the demo's reused by slug or name, the others created."""
    existing = {cluster.slug: cluster for cluster in Cluster.objects.all()}
    by_name = {cluster.name: cluster for cluster in existing.values()}
    clusters = {}
    for key, name, short_name, kind, parent in _cluster_specs():
        slug = vi_slug(short_name)
        cluster = existing.get(slug) or by_name.get(nfc(name))
        if cluster is None:
            cluster = Cluster(name=nfc(name), short_name=nfc(short_name), slug=slug, kind=kind, first_year=YEARS[0])
            cluster.parent = clusters.get(parent)
            plan.insert(Cluster, [cluster])
        clusters[key] = cluster
    plan.clusters = {cluster.pk: cluster for cluster in clusters.values()}
    return clusters


# --- units ---------------------------------------------------------------------


def _province_order():
    """(region, province, locality) taking the regions in turn, so a small scale still
    covers every region (and Lào Cai, the demo's province, comes first)."""
    lists = [[(region, name, kind) for name, kind in provinces] for region, provinces in PROVINCES.items()]
    ordered = []
    for index in range(max(len(items) for items in lists)):
        ordered += [items[index] for items in lists if index < len(items)]
    return ordered


def _locality(name, kind):
    return f"{kind} {name}"


def _unit_specs(scale):
    """[(name, type, province, region or ministry cluster key, parent name)]."""
    provinces = _province_order()[: count(34, scale, 5)]
    specs = []
    for region, province, kind in provinces:
        locality = _locality(province, kind)
        specs.append((f"Sở Tư pháp {locality}", Unit.Type.JUSTICE_DEPARTMENT, province, region, None))
        specs.append((f"Cục Thi hành án dân sự {locality}", Unit.Type.ENFORCEMENT_PROVINCE, province, region, None))
    names = MINISTRY_UNIT_NAMES[: count(30, scale, 1)]
    per_cluster = -(-len(MINISTRY_UNIT_NAMES) // len(MINISTRY_CLUSTERS))
    for index, name in enumerate(names):
        key = f"ministry:{MINISTRY_CLUSTERS[index // per_cluster]}"
        specs.append((name, Unit.Type.MINISTRY_UNIT, "", key, "Bộ Tư pháp"))
    return specs + _district_specs(provinces, count(350, scale, 2))


def _district_specs(provinces, pairs):
    """A Phòng Tư pháp and a Chi cục THADS for each of ``pairs`` districts, spread over
    the provinces in turn."""
    names = [f"{first} {second}" for first in DISTRICT_FIRST for second in DISTRICT_SECOND if first != second]
    per_province = defaultdict(int)
    specs = []
    for index in range(pairs):
        region, province, kind = provinces[index % len(provinces)]
        locality = _locality(province, kind)
        district = names[(per_province[province] * 37 + len(province)) % len(names)]
        per_province[province] += 1
        justice, enforcement_name = f"Sở Tư pháp {locality}", f"Cục Thi hành án dân sự {locality}"
        specs.append(
            (f"Phòng Tư pháp huyện {district}, {locality}", Unit.Type.DISTRICT_JUSTICE, province, region, justice)
        )
        specs.append(
            (
                f"Chi cục Thi hành án dân sự huyện {district}, {locality}",
                Unit.Type.ENFORCEMENT_DISTRICT,
                province,
                region,
                enforcement_name,
            )
        )
    return specs


def _units(plan):
    """Create the units that do not exist yet; return [(ScaleUnit, cluster key)]."""
    specs = [
        (nfc(name), kind, nfc(province), key, parent and nfc(parent))
        for name, kind, province, key, parent in _unit_specs(plan.scale)
    ]
    existing = {unit.name: unit for unit in Unit.objects.only("id", "name", "type", "province")}
    ministry = existing.get("Bộ Tư pháp") or _ministry(plan)
    ids = {"Bộ Tư pháp": ministry.pk, **{name: unit.pk for name, unit in existing.items()}}
    new = [spec for spec in specs if spec[0] not in existing]
    for spec, pk in zip(new, plan.ids(Unit, len(new)), strict=True):
        ids[spec[0]] = pk
    plan.insert(Unit, (_new_unit(spec, ids) for spec in new))
    result = []
    for name, kind, province, key, _parent in specs:
        unit = existing.get(name)
        scale_unit = ScaleUnit(ids[name], name, unit.type if unit else kind, unit.province if unit else province)
        plan.units[scale_unit.id] = scale_unit
        result.append((scale_unit, key))
    return result


def _ministry(plan):
    ministry = Unit(name="Bộ Tư pháp", short_name="BTP", slug="bo-tu-phap", type=Unit.Type.MINISTRY)
    plan.insert(Unit, [ministry])
    return ministry


def _new_unit(spec, ids):
    name, kind, province, _key, parent = spec
    short = name.replace("Cục Thi hành án dân sự", "Cục THADS").replace("Chi cục Thi hành án dân sự", "Chi cục THADS")
    return Unit(
        id=ids[name],
        name=name,
        short_name=short[:100],
        slug=vi_slug(name)[:100],
        type=kind,
        province=province,
        parent_id=ids.get(parent) if parent else None,
    )


# --- memberships ---------------------------------------------------------------


def _memberships(plan, clusters, units):
    """Every unit in its region (or ministry cluster) each year, the Cục THADS also in
    their region's bloc; one head and two deputies per cluster and year, rotating."""
    wanted = defaultdict(list)  # (cluster id, year) → [ScaleUnit]
    for year in plan.years:
        for unit, key in units:
            for cluster in _clusters_of(unit, key, clusters):
                if cluster.first_year <= year and (cluster.last_year is None or year <= cluster.last_year):
                    wanted[cluster.pk, year].append(unit)
    existing = defaultdict(dict)  # (cluster id, year) → {unit id: role}
    for cluster_id, unit_id, year, role in Membership.objects.filter(year__in=plan.years).values_list(
        "cluster_id", "unit_id", "year", "role"
    ):
        existing[cluster_id, year][unit_id] = role
    rows = []
    for (cluster_id, year), members in sorted(wanted.items()):
        rows += _cluster_year(plan, cluster_id, year, members, existing[cluster_id, year])
    for (cluster_id, year), roles in existing.items():
        plan.members[cluster_id, year] = list(roles)
    for row in rows:
        plan.members[row.cluster_id, row.year].append(row.unit_id)
    plan.insert(Membership, rows)


def _clusters_of(unit, key, clusters):
    found = [clusters[key]]
    if unit.type == Unit.Type.ENFORCEMENT_PROVINCE:
        found.append(clusters[f"bloc:{key}"])
    return found


def _cluster_year(plan, cluster_id, year, members, existing):
    """The new Membership rows of one cluster and year, completing its leadership."""
    new = [unit for unit in members if unit.id not in existing]
    roles = dict.fromkeys((unit.id for unit in new), Membership.Role.MEMBER)
    # Provincial units (or the Ministry's) lead; district ones only in a small data set.
    leaders = _rotated([unit for unit in new if unit.type in PROVINCIAL], year + cluster_id)
    leaders += _rotated([unit for unit in new if unit.type not in PROVINCIAL], year + cluster_id)
    if year == plan.current_year:
        pinned = PINNED_HEADS.get(plan.clusters[cluster_id].slug)
        leaders.sort(key=lambda unit: unit.name != pinned)  # stable: the pinned unit first
    has_head = Membership.Role.HEAD in existing.values()
    deputies = list(existing.values()).count(Membership.Role.DEPUTY)
    for unit in leaders:
        if not has_head:
            roles[unit.id], has_head = Membership.Role.HEAD, True
        elif deputies < 2:
            roles[unit.id] = Membership.Role.DEPUTY
            deputies += 1
    return [Membership(cluster_id=cluster_id, unit_id=unit.id, year=year, role=roles[unit.id]) for unit in new]


def _rotated(items, shift):
    if not items:
        return items
    shift %= len(items)
    return items[shift:] + items[:shift]


# --- officials -----------------------------------------------------------------


def _officials(plan):
    """The head (thủ trưởng) of every unit: the unit's signer and voter. Member units
    without one get a login of their own (no usable password)."""
    members = {unit_id for unit_ids in plan.members.values() for unit_id in unit_ids}
    heads = Official.objects.filter(unit_id__in=members | set(plan.units), is_unit_head=True)
    for official_id, unit_id, full_name, position in heads.values_list(
        "id", "unit_id", "user__full_name", "position"
    ).order_by("id"):
        plan.heads.setdefault(unit_id, (official_id, full_name, position))
    others = Unit.objects.filter(pk__in=members - set(plan.units) - set(plan.heads))
    missing = [unit for unit in plan.units.values() if unit.id not in plan.heads]
    missing += [ScaleUnit(unit.pk, unit.name, unit.type, unit.province) for unit in others.order_by("pk")]
    User = get_user_model()
    user_ids = plan.ids(User, len(missing))
    official_ids = plan.ids(Official, len(missing))
    password = make_password(None)
    users, officials = [], []
    for unit, user_id, official_id in zip(missing, user_ids, official_ids, strict=True):
        name = _person(plan.rng("head", unit.id))
        position = POSITIONS.get(unit.type, "Thủ trưởng đơn vị")
        users.append(User(id=user_id, username=f"tt{unit.id}.scale", full_name=name, password=password))
        officials.append(
            Official(id=official_id, user_id=user_id, unit_id=unit.id, position=position, is_unit_head=True)
        )
        plan.heads[unit.id] = (official_id, name, position)
    plan.insert(User, users)
    plan.insert(Official, officials)


def _person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def timer():
    """A ``log(message)`` prefix of seconds since the start."""
    started = time.monotonic()
    return lambda: f"{time.monotonic() - started:6.1f}s"
