"""Scoring's part of ``seed_scale``: a published criteria table per year and unit type
(60 scored criteria in six groups, 200 points, four rank bands; the demo's tables are
reused), and every unit's scorecard of every year with one entry per criterion —
final for past years, at every stage for the last one."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from emulation.models import Unit

from .models import CriteriaTable, Criterion, RankBand, Scorecard, ScoreEntry

FLUSH = 60_000
TYPE_NAMES = {
    Unit.Type.JUSTICE_DEPARTMENT: "Sở Tư pháp",
    Unit.Type.ENFORCEMENT_PROVINCE: "Cục Thi hành án dân sự",
    Unit.Type.DISTRICT_JUSTICE: "Phòng Tư pháp",
    Unit.Type.ENFORCEMENT_DISTRICT: "Chi cục Thi hành án dân sự",
    Unit.Type.MINISTRY_UNIT: "các đơn vị thuộc Bộ",
}
# (group, points of each of its ten criteria, the criteria)
GROUPS = [
    (
        "Thực hiện chế độ báo cáo",
        Decimal(4),
        ["Báo cáo tháng", "Báo cáo quý", "Báo cáo 6 tháng", "Báo cáo năm", "Báo cáo chuyên đề"],
    ),
    (
        "Công tác xây dựng và thi hành pháp luật",
        Decimal(4),
        ["Thẩm định văn bản", "Góp ý dự thảo", "Kiểm tra văn bản", "Rà soát văn bản", "Theo dõi thi hành pháp luật"],
    ),
    (
        "Phổ biến, giáo dục pháp luật và hòa giải ở cơ sở",
        Decimal(3),
        ["Tuyên truyền pháp luật", "Tủ sách pháp luật", "Hòa giải ở cơ sở", "Tiếp cận pháp luật", "Ngày Pháp luật"],
    ),
    (
        "Hành chính tư pháp và bổ trợ tư pháp",
        Decimal(3),
        ["Hộ tịch", "Chứng thực", "Lý lịch tư pháp", "Trợ giúp pháp lý", "Quản lý luật sư, công chứng"],
    ),
    (
        "Thi hành án dân sự và xử lý vi phạm hành chính",
        Decimal(3),
        ["Việc thi hành xong", "Tiền thi hành xong", "Giảm án tồn", "Xử lý vi phạm hành chính", "Bồi thường nhà nước"],
    ),
    (
        "Công tác tổ chức, thi đua và ứng dụng công nghệ thông tin",
        Decimal(3),
        ["Cải cách hành chính", "Chuyển đổi số", "Thi đua, khen thưởng", "Kỷ luật, kỷ cương", "Tài chính, tài sản"],
    ),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
RANK_BANDS = [("Hạng A", "Xuất sắc", 180), ("Hạng B", "Khá", 160), ("Hạng C", "Trung bình", 120), ("Hạng D", "Yếu", 0)]
REVIEW_REASON = "Chưa đủ tài liệu minh chứng theo hướng dẫn."


def load(plan):
    tables = _tables(plan)
    plan.log(f"criteria tables: {len(tables)}, criteria: {plan.counts['scoring.Criterion']}")
    _scorecards(plan, tables)
    plan.log(f"scorecards: {plan.counts['scoring.Scorecard']}, entries: {plan.counts['scoring.ScoreEntry']}")


# --- tables --------------------------------------------------------------------


def _tables(plan):
    """{(year, unit type): (table id, [(criterion id, max points, sign)], [(min total, band id)])}."""
    types = sorted({unit.type for unit in plan.units.values()})
    published = {
        (table.year, table.unit_type): table
        for table in CriteriaTable.objects.filter(
            year__in=plan.years, unit_type__in=types, status=CriteriaTable.Status.PUBLISHED
        )
    }
    tables = {key: _existing(table) for key, table in published.items()}
    missing = [(year, unit_type) for year in plan.years for unit_type in types if (year, unit_type) not in published]
    editions = defaultdict(int)
    for year, unit_type, edition in CriteriaTable.objects.values_list("year", "unit_type", "edition"):
        editions[year, unit_type] = max(editions[year, unit_type], edition)
    rows = []
    for (year, unit_type), pk in zip(missing, plan.ids(CriteriaTable, len(missing)), strict=True):
        rows.append(_table(plan, pk, year, unit_type, editions[year, unit_type] + 1))
    plan.insert(CriteriaTable, rows)
    criteria, bands = _criteria(plan, rows), _bands(plan, rows)
    for table in rows:
        tables[table.year, table.unit_type] = (table.pk, criteria[table.pk], bands[table.pk])
    return tables


def _existing(table):
    """The scored criteria (leaves) and rank bands of a table already there."""
    nodes = list(table.criteria.values_list("pk", "parent_id", "max_points", "kind"))
    parents = {parent_id for _pk, parent_id, _max, _kind in nodes}
    leaves = [
        (pk, maximum, -1 if kind == Criterion.Kind.PENALTY else 1)
        for pk, _parent, maximum, kind in nodes
        if pk not in parents
    ]
    bands = sorted(table.rank_bands.values_list("min_total", "pk"), reverse=True)
    return table.pk, leaves, bands


def _table(plan, pk, year, unit_type, edition):
    return CriteriaTable(
        id=pk,
        year=year,
        unit_type=unit_type,
        edition=edition,
        name=f"Bảng tiêu chí đánh giá, chấm điểm, xếp hạng thi đua năm {year} đối với {TYPE_NAMES[unit_type]}",
        legal_basis=f"{500 + year % 100}/QĐ-BTP",
        issued_on=datetime.date(year, 3, 15),
        total_points=Decimal(200),
        status=CriteriaTable.Status.PUBLISHED,
        published_at=timezone.make_aware(datetime.datetime(year, 3, 16, 9)),
        published_by_id=plan.user_id,
    )


def _criteria(plan, tables):
    """Six groups of ten criteria per table; {table id: [(leaf id, max points, 1)]}."""
    per_table = len(GROUPS) * 11
    ids = iter(plan.ids(Criterion, per_table * len(tables)))
    rows, leaves = [], defaultdict(list)
    for table in tables:
        position = 0
        for group_index, (group, points, topics) in enumerate(GROUPS):
            group_id = next(ids)
            rows.append(_group(table.pk, group_id, position, ROMAN[group_index], group, points * 10))
            position += 1
            for index in range(10):
                leaf_id, number = next(ids), f"{group_index + 1}.{index + 1}"
                topic = topics[index % len(topics)]
                aspect = "đúng hạn, đầy đủ" if index < len(topics) else "chất lượng, hiệu quả"
                rows.append(
                    Criterion(
                        id=leaf_id,
                        table_id=table.pk,
                        parent_id=group_id,
                        position=position,
                        number=number,
                        title=f"{topic}: {aspect}",
                        max_points=points,
                        evidence_required=index % 3 == 0,
                        evidence_hint="Văn bản, báo cáo chứng minh kết quả" if index % 3 == 0 else "",
                    )
                )
                leaves[table.pk].append((leaf_id, points, 1))
                position += 1
    plan.insert(Criterion, rows)
    return leaves


def _group(table_id, pk, position, number, title, points):
    return Criterion(id=pk, table_id=table_id, position=position, number=number, title=title, max_points=points)


def _bands(plan, tables):
    """{table id: [(min total, band id)], best first}."""
    ids = iter(plan.ids(RankBand, len(RANK_BANDS) * len(tables)))
    rows, bands = [], defaultdict(list)
    for table in tables:
        for position, (name, label, minimum) in enumerate(RANK_BANDS):
            band = RankBand(
                id=next(ids), table_id=table.pk, position=position, name=name, label=label, min_total=minimum
            )
            rows.append(band)
            bands[table.pk].append((Decimal(minimum), band.pk))
    plan.insert(RankBand, rows)
    return bands


# --- scorecards ----------------------------------------------------------------


def _scorecards(plan, tables):
    existing = set(Scorecard.objects.filter(year__in=plan.years).values_list("unit_id", "year"))
    cards, entries = [], []
    for year in plan.years:
        todo = [unit for unit in plan.units.values() if (unit.id, year) not in existing]
        for unit, pk in zip(todo, plan.ids(Scorecard, len(todo)), strict=True):
            rng = plan.rng("scorecard", unit.id, year)
            card, card_entries = _scorecard(plan, rng, pk, unit, year, tables[year, unit.type])
            cards.append(card)
            entries += card_entries
            if len(entries) >= FLUSH:
                _flush(plan, cards, entries)
    _flush(plan, cards, entries)


def _flush(plan, cards, entries):
    plan.insert(Scorecard, cards)
    plan.insert(ScoreEntry, entries)
    cards.clear()
    entries.clear()


def _status(plan, rng, year):
    if plan.is_past(year):
        return Scorecard.Status.FINAL
    roll = rng.random()
    if roll < 0.1:
        return Scorecard.Status.DRAFT
    if roll < 0.3:
        return Scorecard.Status.SUBMITTED
    return Scorecard.Status.REVIEWED if roll < 0.5 else Scorecard.Status.FINAL


def _scorecard(plan, rng, pk, unit, year, table):
    table_id, leaves, bands = table
    status = _status(plan, rng, year)
    reviewed = status in (Scorecard.Status.REVIEWED, Scorecard.Status.FINAL)
    quality = plan.rng("quality", unit.id).uniform(0.72, 0.97) + rng.uniform(-0.04, 0.04)
    card = Scorecard(id=pk, unit_id=unit.id, table_id=table_id, year=year, unit_type=unit.type, status=status)
    entries, self_total, reviewed_total = [], Decimal(0), Decimal(0)
    for criterion_id, maximum, sign in leaves:
        entry = _entry(rng, pk, criterion_id, maximum, quality, reviewed, status == Scorecard.Status.DRAFT)
        entries.append(entry)
        self_total += sign * (entry.self_points or 0)
        reviewed_total += sign * (entry.points or 0)
    card.self_total = self_total
    if status != Scorecard.Status.DRAFT:
        card.submitted_at, card.submitted_by_id = _moment(year, 11, 20, rng), plan.user_id
    if reviewed:
        card.reviewed_total = reviewed_total
        card.reviewed_at, card.reviewed_by_id = _moment(year, 12, 5, rng), plan.user_id
    if status == Scorecard.Status.FINAL:
        card.final_total = reviewed_total
        card.finalized_at = _moment(year, 12, 20, rng)
        card.band_id = next((band for minimum, band in bands if reviewed_total >= minimum), None)
    for entry in entries:
        if entry.reviewed_points is not None:
            entry.reviewed_at = card.reviewed_at
            entry.reviewed_by_id = plan.user_id
    return card, entries


def _entry(rng, card_id, criterion_id, maximum, quality, reviewed, draft):
    share = min(1.0, max(0.0, quality + rng.gauss(0, 0.1)))
    points = Decimal(round(float(maximum) * share * 4)) / 4  # quarter points, as the guidance scores
    entry = ScoreEntry(scorecard_id=card_id, criterion_id=criterion_id)
    if draft and rng.random() < 0.3:
        return entry  # not scored yet
    entry.self_points = points
    if reviewed and points >= 1 and rng.random() < 0.08:
        entry.reviewed_points, entry.review_reason = points - Decimal("0.5"), REVIEW_REASON
    return entry


def _moment(year, month, day, rng):
    moment = datetime.datetime(year, month, day, 9, 0, tzinfo=datetime.UTC)
    return moment + datetime.timedelta(days=rng.randint(0, 9), minutes=rng.randint(0, 480))
