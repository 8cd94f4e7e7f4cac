"""Campaigns' part of ``seed_scale``: each year the sector's regular campaign, eleven
thematic ones and every cluster's regular campaign (the demo's reused), each with two
phases and 5–10 common targets, and every unit's pledge to each of them, with targets
and, for past years, results."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from emulation.models import Title

from .calendar import sync_phase_steps
from .models import Campaign, CampaignTarget, Direction, Phase, Pledge, PledgeTarget, kind_from_measure

S = Pledge.Status
FLUSH = 50_000
THEMES = [
    "Cán bộ, công chức, viên chức ngành Tư pháp thi đua thực hiện văn hóa công sở",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số trong ngành Tư pháp",
    "Ngành Tư pháp chung sức xây dựng nông thôn mới",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Đẩy mạnh phổ biến, giáo dục pháp luật và hòa giải ở cơ sở",
    "Hoàn thành vượt mức chỉ tiêu thi hành án dân sự",
    "Nâng cao chất lượng trợ giúp pháp lý",
    "Thực hiện hộ tịch điện tử và cơ sở dữ liệu hộ tịch",
    "Phòng, chống tham nhũng, tiêu cực trong ngành Tư pháp",
    "Chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
    "Lập thành tích chào mừng Đại hội Đảng các cấp",
]
# name, unit of measure, direction, (low, high) of the target value; "%" targets are rates.
TARGETS = [
    ("Tỷ lệ hòa giải thành", "%", Direction.AT_LEAST, (75, 90)),
    ("Số cuộc tuyên truyền, phổ biến pháp luật", "cuộc", Direction.AT_LEAST, (50, 3000)),
    ("Tỷ lệ việc thi hành xong trên số việc có điều kiện", "%", Direction.AT_LEAST, (80, 90)),
    ("Tỷ lệ số tiền thi hành xong trên số tiền có điều kiện", "%", Direction.AT_LEAST, (40, 60)),
    ("Số văn bản quy phạm pháp luật được thẩm định", "văn bản", Direction.AT_LEAST, (10, 300)),
    ("Tỷ lệ hồ sơ hộ tịch giải quyết đúng hạn", "%", Direction.AT_LEAST, (95, 100)),
    ("Số báo cáo gửi chậm hạn", "báo cáo", Direction.AT_MOST, (0, 3)),
    ("Số vụ việc trợ giúp pháp lý", "vụ việc", Direction.AT_LEAST, (20, 800)),
    ("Tỷ lệ thủ tục hành chính giải quyết trực tuyến", "%", Direction.AT_LEAST, (50, 90)),
    ("Số lượt cán bộ được bồi dưỡng nghiệp vụ", "lượt người", Direction.AT_LEAST, (10, 200)),
    ("Số đơn thư khiếu nại, tố cáo giải quyết quá hạn", "đơn", Direction.AT_MOST, (0, 2)),
    ("Số sáng kiến được công nhận", "sáng kiến", Direction.AT_LEAST, (1, 10)),
    ("Số văn bản được kiểm tra, rà soát", "văn bản", Direction.AT_LEAST, (50, 2000)),
    ("Số cán bộ bị kỷ luật", "người", Direction.AT_MOST, (0, 0)),
]
REGISTERED_TITLES = ["tap-the-lao-dong-xuat-sac", "co-thi-dua-nganh-tu-phap", "co-thi-dua-chinh-phu"]


def load(plan):
    titles = list(Title.objects.filter(code__in=REGISTERED_TITLES).order_by("order"))
    campaigns = _campaigns(plan, titles)
    plan.log(f"campaigns: {plan.counts['campaigns.Campaign']}")
    _pledges(plan, campaigns, titles)
    plan.log(f"pledges: {plan.counts['campaigns.Pledge']}, targets: {plan.counts['campaigns.PledgeTarget']}")
    steps = sync_phase_steps(set(plan.years))  # the reviews of the clusters' campaigns' phases
    plan.log(f"phase reviews on the calendar: {steps}")


# --- campaigns -----------------------------------------------------------------


def _campaigns(plan, titles):
    """[(campaign id, year, [unit ids], [CampaignTarget], is cluster campaign)] to pledge to."""
    reused = _reused_cluster_campaigns(plan)
    specs = []
    for year in plan.years:
        specs.append(_sector_spec(year, 0, "regular", f"Phong trào thi đua thường xuyên năm {year} của ngành Tư pháp"))
        for index, theme in enumerate(THEMES, start=1):
            specs.append(_sector_spec(year, index, "thematic", f"Phong trào thi đua \u201c{theme}\u201d năm {year}"))
        for (cluster_id, member_year), _units in sorted(plan.members.items()):
            if member_year == year and (cluster_id, year) not in reused and cluster_id in plan.clusters:
                specs.append(_cluster_spec(plan.clusters[cluster_id], year))
    ids = plan.ids(Campaign, len(specs))
    rows = [Campaign(id=pk, created_by_id=plan.user_id, **spec) for pk, spec in zip(ids, specs, strict=True)]
    plan.insert(Campaign, rows)
    _links(plan, rows, titles)
    _phases(plan, rows)
    targets = _common_targets(plan, rows)
    everyone = sorted(plan.units)
    result = []
    for campaign in rows:
        if campaign.level == Campaign.Level.CLUSTER:
            units = plan.members[campaign.launching_cluster_id, campaign.first_year]
        else:
            units = everyone
        result.append((campaign.pk, campaign.first_year, units, targets[campaign.pk], campaign.level == "cluster"))
    for (cluster_id, year), campaign_id in sorted(reused.items()):
        if (cluster_id, year) not in plan.members:
            continue
        common = list(CampaignTarget.objects.filter(campaign_id=campaign_id).order_by("number", "pk"))
        result.append((campaign_id, year, plan.members[cluster_id, year], common, True))
    return result


def _reused_cluster_campaigns(plan):
    """{(cluster id, year): campaign id} of the regular cluster campaigns already there."""
    found = {}
    rows = Campaign.objects.filter(
        level=Campaign.Level.CLUSTER, kind=Campaign.Kind.REGULAR, launching_cluster_id__in=plan.clusters
    ).values_list("pk", "launching_cluster_id", "first_year", "last_year")
    for pk, cluster_id, first_year, last_year in rows:
        for year in range(first_year, last_year + 1):
            found.setdefault((cluster_id, year), pk)
    return found


def _sector_spec(year, index, kind, name):
    return {
        "name": name,
        "kind": kind,
        "level": Campaign.Level.SECTOR,
        "scope": Campaign.Scope.SECTOR,
        "document_number": f"{120 + index * 17 + year % 100}/QĐ-BTP",
        "document_date": datetime.date(year - 1, 12, 10 + index),
        "issuing_body": "Bộ Tư pháp",
        "first_year": year,
        "last_year": year,
        "registration_deadline": datetime.date(year, 2, 28),
        "description": f"Kế hoạch tổ chức phong trào thi đua năm {year} (dữ liệu mô phỏng).",
    }


def _cluster_spec(cluster, year):
    return {
        "name": f"Phong trào thi đua thường xuyên và giao ước thi đua năm {year} của {cluster.name}",
        "kind": Campaign.Kind.REGULAR,
        "level": Campaign.Level.CLUSTER,
        "scope": Campaign.Scope.CLUSTERS,
        "launching_cluster": cluster,
        "document_number": f"01/KH-{cluster.pk:02d}",
        "document_date": datetime.date(year - 1, 11, 28),
        "issuing_body": cluster.name,
        "first_year": year,
        "last_year": year,
        "registration_deadline": datetime.date(year, 1, 31),
        "description": f"Giao ước thi đua năm {year} giữa các đơn vị thành viên (dữ liệu mô phỏng).",
    }


def _links(plan, campaigns, titles):
    clusters = Campaign.clusters.through
    plan.insert(
        clusters,
        (clusters(campaign_id=c.pk, cluster_id=c.launching_cluster_id) for c in campaigns if c.launching_cluster_id),
    )
    linked = Campaign.titles.through
    plan.insert(linked, (linked(campaign_id=c.pk, title_id=t.pk) for c in campaigns for t in titles))


def _phases(plan, campaigns):
    def rows():
        for campaign in campaigns:
            year = campaign.first_year
            yield Phase(
                campaign_id=campaign.pk,
                number=1,
                name="Đợt 1",
                start=datetime.date(year, 1, 1),
                end=datetime.date(year, 6, 30),
                goal="Chào mừng kỷ niệm Ngày thành lập ngành Tư pháp (28/8) — sơ kết 6 tháng.",
            )
            yield Phase(
                campaign_id=campaign.pk,
                number=2,
                name="Đợt 2",
                start=datetime.date(year, 7, 1),
                end=datetime.date(year, 12, 31),
                goal="Hoàn thành toàn diện các chỉ tiêu, nhiệm vụ năm.",
            )

    plan.insert(Phase, rows())


def _common_targets(plan, campaigns):
    """{campaign id: [CampaignTarget]}: 5–10 of TARGETS per campaign."""
    by_campaign = {}
    for campaign in campaigns:
        rng = plan.rng("campaign-targets", campaign.pk)
        chosen = rng.sample(TARGETS, rng.randint(5, 10))
        by_campaign[campaign.pk] = [
            CampaignTarget(
                campaign_id=campaign.pk,
                number=number,
                name=name,
                unit_of_measure=measure,
                kind=kind_from_measure(measure),
                direction=direction,
                default_value=Decimal(rng.randint(*bounds)),
            )
            for number, (name, measure, direction, bounds) in enumerate(chosen, start=1)
        ]
    every = [target for targets in by_campaign.values() for target in targets]
    for target, pk in zip(every, plan.ids(CampaignTarget, len(every)), strict=True):
        target.pk = target.id = pk
    plan.insert(CampaignTarget, every)
    return by_campaign


# --- pledges -------------------------------------------------------------------


def _pledges(plan, campaigns, titles):
    existing = defaultdict(set)
    reused = [campaign_id for campaign_id, _y, _u, _t, is_cluster in campaigns if is_cluster]
    for campaign_id, unit_id, year in Pledge.objects.filter(campaign_id__in=reused).values_list(
        "campaign_id", "unit_id", "year"
    ):
        existing[campaign_id, year].add(unit_id)
    pledges, targets = [], []
    for campaign_id, year, units, common, is_cluster in campaigns:
        rng = plan.rng("pledges", campaign_id, year)
        common = common + _own_targets(common)
        todo = [unit_id for unit_id in units if unit_id not in existing[campaign_id, year]]
        for unit_id, pk in zip(todo, plan.ids(Pledge, len(todo)), strict=True):
            pledge = _pledge(plan, rng, pk, campaign_id, unit_id, year, titles if is_cluster else ())
            pledges.append(pledge)
            targets += _pledge_targets(
                rng, pledge, common, with_actual=pledge.status in (S.RESULTS_REPORTED, S.ASSESSED)
            )
        if len(targets) >= FLUSH:
            _flush(plan, pledges, targets)
    _flush(plan, pledges, targets)


def _flush(plan, pledges, targets):
    plan.insert(Pledge, pledges)
    plan.insert(PledgeTarget, targets)
    pledges.clear()
    targets.clear()


def _status(plan, rng, year):
    roll = rng.random()
    if plan.is_past(year):
        return S.ASSESSED if roll < 0.9 else S.RESULTS_REPORTED
    if roll < 0.2:
        return S.DRAFT
    if roll < 0.45:
        return S.SUBMITTED
    return S.RETURNED if roll < 0.5 else S.ACCEPTED


def _moment(year, month, day, rng):
    moment = datetime.datetime(year, month, day, 9, 0, tzinfo=datetime.UTC)
    return timezone.localtime(moment + datetime.timedelta(days=rng.randint(0, 9), minutes=rng.randint(0, 480)))


def _pledge(plan, rng, pk, campaign_id, unit_id, year, titles):
    status = _status(plan, rng, year)
    _official, signer, position = plan.heads.get(unit_id, (None, "", ""))
    pledge = Pledge(
        id=pk,
        campaign_id=campaign_id,
        unit_id=unit_id,
        year=year,
        status=status,
        collective_title=rng.choice(titles) if titles else None,
        commitments=f"Đơn vị cam kết thực hiện đầy đủ, vượt mức các chỉ tiêu thi đua năm {year}.",
        signer_name=signer,
        signer_position=position,
        created_by_id=plan.user_id,
    )
    if status != S.DRAFT:
        pledge.submitted_at, pledge.submitted_by_id = _moment(year, 1, 10, rng), plan.user_id
        pledge.is_late = rng.random() < 0.05
    if status == S.RETURNED:
        pledge.return_reason = "Đề nghị bổ sung giá trị chỉ tiêu số 2 và chữ ký của Thủ trưởng đơn vị."
    if status in Pledge.ACCEPTED_OR_LATER:
        pledge.reviewed_at, pledge.reviewed_by_id = _moment(year, 2, 1, rng), plan.user_id
    if status in (S.RESULTS_REPORTED, S.ASSESSED):
        pledge.results_at = _moment(year, 12, 1, rng)
        pledge.results_report = f"Báo cáo kết quả thực hiện các chỉ tiêu giao ước thi đua năm {year}."
    if status == S.ASSESSED:
        pledge.assessed_at, pledge.assessed_by_id = _moment(year, 12, 15, rng), plan.user_id
        pledge.assessment_note = rng.choice(["Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành"])
    return pledge


def _own_targets(common):
    """The unit's own targets (no common one) where a campaign has fewer than five."""
    names = {target.name for target in common}
    spare = [row for row in TARGETS if row[0] not in names][: max(0, 5 - len(common))]
    return [
        CampaignTarget(
            number=len(common) + index,
            name=name,
            unit_of_measure=measure,
            kind=kind_from_measure(measure),
            direction=direction,
            default_value=Decimal(bounds[1]),
        )
        for index, (name, measure, direction, bounds) in enumerate(spare, start=1)
    ]


def _pledge_targets(rng, pledge, common, with_actual):
    rows = []
    for target in common:
        value = _value(rng, target)
        rows.append(
            PledgeTarget(
                pledge_id=pledge.pk,
                campaign_target_id=target.pk,
                number=target.number,
                name=target.name,
                unit_of_measure=target.unit_of_measure,
                kind=target.kind,
                direction=target.direction,
                value=value,
                actual=_actual(rng, target, value) if with_actual else None,
            )
        )
    return rows


def _value(rng, target):
    base = target.default_value or Decimal(0)
    if target.unit_of_measure == "%" or target.direction == Direction.AT_MOST:
        return base
    return Decimal(max(1, round(float(base) * rng.uniform(0.7, 1.3))))


def _actual(rng, target, value):
    if target.direction == Direction.AT_MOST:
        return Decimal(max(0, int(value) + rng.randint(-1, 1)))
    actual = float(value) * rng.uniform(0.85, 1.15)
    if target.unit_of_measure == "%":
        return Decimal(f"{min(actual, 100):.2f}")
    return Decimal(round(actual))
