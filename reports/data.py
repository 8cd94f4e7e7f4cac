"""Everything the reports read, gathered in one place with a fixed number of queries
per section (never one per row).

The core structure (clusters, members, leadership, officials) comes from ``emulation``;
pledges, scores and votes come from the other apps' ``queries.py`` only.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import queries as awards_q
from campaigns import queries as campaigns_q
from emulation import queries as emulation_q
from emulation.models import Cluster, Membership, Official, Unit
from emulation.text import sorted_vi, vi_collate
from scoring import queries as scoring_q

# --- the core: members and leadership ----------------------------------------------


def cluster_members(cluster, year):
    """The members of a cluster in a year, head first, then deputies, then by name,
    with each unit's head official (thủ trưởng) — two queries."""
    memberships = list(
        Membership.objects.filter(cluster=cluster, year=year).select_related("unit").order_by(vi_collate("unit__name"))
    )
    heads = unit_heads([m.unit_id for m in memberships])
    rank = {Membership.Role.HEAD: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    rows = []
    for membership in sorted(memberships, key=lambda m: rank[m.role]):
        rows.append({"membership": membership, "unit": membership.unit, "head_official": heads.get(membership.unit_id)})
    return rows


def reported_figures(cluster, year):
    """The figures the cluster's own report states for the year (one query)."""
    return emulation_q.reported_figures(cluster, year)


def leadership(rows):
    head = next((row["unit"] for row in rows if row["membership"].role == Membership.Role.HEAD), None)
    deputies = [row["unit"] for row in rows if row["membership"].role == Membership.Role.DEPUTY]
    return {"head": head, "deputies": deputies}


def unit_heads(unit_ids):
    """{unit_id: the unit's head Official} for many units (one query)."""
    officials = Official.objects.filter(unit_id__in=unit_ids, is_unit_head=True).select_related("user")
    return {official.unit_id: official for official in officials.order_by("pk")}


def next_leadership(cluster, year):
    """Next year's head and deputies, or None when not yet appointed (one query)."""
    rows = list(
        Membership.objects.filter(cluster=cluster, year=year + 1)
        .leaders()
        .select_related("unit")
        .order_by(vi_collate("unit__name"))
    )
    if not rows:
        return None
    return {
        "year": year + 1,
        "head": next((m.unit for m in rows if m.role == Membership.Role.HEAD), None),
        "deputies": [m.unit for m in rows if m.role == Membership.Role.DEPUTY],
    }


def sector_clusters(year):
    """The clusters active in a year that have members, with member counts and the
    head's name (one query)."""
    head = Membership.objects.filter(cluster=OuterRef("pk"), year=year, role=Membership.Role.HEAD)
    return list(
        Cluster.objects.active_in(year)
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__year=year)),
            head_name=Subquery(head.values("unit__name")[:1]),
            head_province=Subquery(head.values("unit__province")[:1]),
        )
        .filter(member_count__gt=0)
        .select_related("parent")
    )


def members_by_cluster(cluster_ids, year):
    """{cluster_id: [memberships]} for many clusters (one query)."""
    grouped = defaultdict(list)
    rows = Membership.objects.filter(cluster_id__in=cluster_ids, year=year).select_related("unit")
    for membership in rows.order_by(vi_collate("unit__name")):
        grouped[membership.cluster_id].append(membership)
    return grouped


def emulation_office():
    """The Ministry's emulation office (Vụ Tổ chức cán bộ since 2023), configurable."""
    return Unit.objects.filter(is_emulation_office=True).first()


def unit_type_counts(memberships):
    counts = defaultdict(int)
    for membership in memberships:
        counts[membership.unit.type] += 1
    return dict(counts)


def sort_units(units):
    return sorted_vi(units, key=lambda unit: unit.name)


# --- votes (awards) ------------------------------------------------------------------


def vote_is_published(vote_id):
    return vote_id is not None and awards_q.vote_is_published(vote_id)


def published_vote_ids_query():
    """A queryset of the ids of published votes, for filtering job lists."""
    return awards_q.published_vote_ids()


def vote_summary(vote_id):
    """What the vote's page shows (its cluster, year, title, published), or None."""
    return awards_q.vote_summary(vote_id)


# --- campaigns and pledges (campaigns) -----------------------------------------------


def cluster_campaigns(cluster, year):
    """The campaigns running in the cluster in a year, with their phases (two queries)."""
    return campaigns_q.cluster_campaigns(cluster, year)


def target_row(target):
    """One pledged target against its result, as the tables show it."""
    return {
        "number": target.number,
        "name": target.name,
        "measure": target.unit_of_measure,
        "direction": target.direction,
        "value": target.value,
        "actual": target.actual,
        "rate": target.rate,
        "kind": target.kind,
        "met": target.is_met,
        "common": target.campaign_target_id,
    }


def pledge_rows(cluster, year):
    """The members' pledges under the cluster's campaigns (three queries, via
    campaigns.queries), each with its targets against results."""
    rows = []
    for pledge in campaigns_q.cluster_pledges(cluster, year):
        targets = [target_row(target) for target in pledge.targets.all()]
        reported = [row for row in targets if row["met"] is not None]
        rows.append(
            {
                "pledge": pledge,
                "unit": pledge.unit,
                "campaign": pledge.campaign,
                "status": pledge.get_status_display(),
                "assessed": pledge.status == pledge.Status.ASSESSED,
                "targets": targets,
                "met_count": sum(1 for row in reported if row["met"]),
                "reported_count": len(reported),
                "individuals": list(pledge.individuals.all()),
            }
        )
    return rows


def _total_entry(target):
    percentage = target["kind"] == "rate"
    return {
        "number": target["number"],
        "name": target["name"],
        "measure": target["measure"],
        "direction": target["direction"],
        "units": 0,
        "met": 0,
        "valued": 0,
        "reported": 0,
        "value": Decimal(0),
        "actual": Decimal(0),
        # counts are summed; percentages are averaged over the units (a sum of rates means nothing)
        "summable": not percentage and target["direction"] == "at_least",
        "averaged": percentage,
    }


def _finish_total(entry):
    if entry["averaged"]:
        places = Decimal("0.01")
        entry["value"] = (entry["value"] / entry["valued"]).quantize(places) if entry["valued"] else None
        entry["actual"] = (entry["actual"] / entry["reported"]).quantize(places) if entry["reported"] else None
    rated = (entry["summable"] or entry["averaged"]) and entry["direction"] == "at_least"
    entry["rate"] = entry["actual"] * 100 / entry["value"] if rated and entry["value"] and entry["reported"] else None
    return entry


def common_target_totals(rows, figures=()):
    """Per common target of the regular campaign: how many units pledged, reached it, and
    the figures across them: summed for counts, averaged for percentages. Where the cluster
    reports a figure of its own for a target (``figures``, ReportedFigure rows with its
    number), the entry carries it as ``figure``, to print as stated instead of the sum."""
    totals = {}
    for row in rows:
        if row["campaign"].kind != "regular":
            continue
        for target in row["targets"]:
            if not target["common"]:
                continue
            entry = totals.setdefault(target["common"], _total_entry(target))
            entry["units"] += 1
            if target["value"] is not None:
                entry["valued"] += 1
                entry["value"] += target["value"]
            if target["met"] is not None:
                entry["reported"] += 1
                entry["actual"] += target["actual"] or 0
                entry["met"] += 1 if target["met"] else 0
    reported = {figure.target_number: figure for figure in figures if figure.target_number is not None}
    for entry in totals.values():
        entry["figure"] = reported.get(entry["number"])
    return [_finish_total(entry) for entry in sorted(totals.values(), key=lambda entry: entry["number"])]


def agreement(cluster, year):
    """The cluster's regular campaign for the year, its common targets, and each
    member's pledge under it (four queries), or None."""
    return campaigns_q.agreement(cluster, year)


# --- scores and ranking (scoring) ----------------------------------------------------


def cluster_ranking(cluster, year, unit_types):
    """[{unit_type, label, rows: [RankingRow], table}] within the cluster (two queries per
    unit type present, one for its table)."""
    return _ranking(year, unit_types, cluster)


def sector_ranking(year, unit_types):
    return _ranking(year, unit_types, None)


def _ranking(year, unit_types, cluster):
    result = []
    for unit_type in unit_types:
        rows = scoring_q.ranking(year, unit_type, cluster)
        if rows:
            table = rows[0].scorecard.table
            result.append({"unit_type": unit_type, "label": Unit.Type(unit_type).label, "rows": rows, "table": table})
    return result


# --- votes and nominations (awards) ----------------------------------------------------


def cluster_votes(cluster, year):
    """The cluster's votes of the year with their counts and candidates (three
    queries, via awards.queries), read from the prefetched rows."""
    return [_vote_rows(vote) for vote in awards_q.cluster_year_votes(cluster, year)]


def _vote_rows(vote):
    candidates = [c for c in vote.candidates.all() if not c.withdrawn]
    if vote.is_finished:
        candidates.sort(key=lambda c: (c.rank or 0, c.pk))
    return {"vote": vote, "candidates": candidates, "finished": vote.is_finished}


def nominations(year, cluster=None):
    """Nominations of a year (one cluster's or the sector's), title and unit loaded,
    with the vote they came from (one query)."""
    return awards_q.nominations(year, cluster)


def vote_minutes(vote_id):
    """Everything the minutes of one vote show, runoffs included, or None: the counts,
    and who and when (``record``)."""
    summary = awards_q.vote_summary(vote_id)
    if summary is None:
        return None
    result = awards_q.vote_result(summary["vote"])
    return {**summary, "result": result, "record": minutes_record(summary["vote"], summary["head_unit"], result)}


def _local_time(moment):
    return timezone.localtime(moment).time() if moment else None


def _person(name, position, unit=""):
    """A named person of the minutes; their position says the unit unless given apart."""
    position = ", ".join(part for part in (position, unit) if part)
    return {"name": name, "position": position} if name else None


def minutes_record(vote, head_unit, result):
    """Who and when, as the minutes state them (two queries): the times typed on the vote,
    else an electronic vote's opening and closing; the chair typed, else the head unit's
    head; the secretary typed, else who set the vote up; the counting committee; the
    voters present by name (the roll frozen at close)."""
    electronic = not vote.is_paper
    head = unit_heads([head_unit.pk]).get(head_unit.pk) if head_unit else None
    chair = _person(vote.chair_name, vote.chair_position)
    if chair is None and head is not None:
        chair = _person(head.user.get_full_name(), head.position, head_unit.name)
    secretary = _person(vote.secretary_name, vote.secretary_position)
    if secretary is None:
        official = Official.objects.filter(user_id=vote.created_by_id).select_related("user", "unit").first()
        if official is not None:
            secretary = _person(official.user.get_full_name(), official.position, official.unit.name)
    committee = [{"name": name, "position": position} for name, position in vote.committee_members()]
    present = [
        {
            "name": voter.official.user.get_full_name() if voter.official else "",
            "position": ", ".join(filter(None, [voter.official.position if voter.official else "", voter.unit.name])),
        }
        for voter in result.roll
        if voter.present
    ]
    return {
        "start": vote.meeting_start or (_local_time(vote.opened_at) if electronic else None),
        "end": vote.meeting_end or (_local_time(vote.closed_at) if electronic else None),
        "chair": chair,
        "secretary": secretary,
        "committee": committee,
        "present": present,
    }


def votes_by_cluster(cluster_ids, year):
    """{cluster_id: [votes with candidates]} for many clusters (two queries)."""
    grouped = awards_q.votes_by_cluster(cluster_ids, year)
    rows = {cluster_id: [_vote_rows(vote) for vote in votes] for cluster_id, votes in grouped.items()}
    return defaultdict(list, rows)


def candidate_results(nominations_list):
    """{(vote_id, unit_id): Candidate} for the votes nominations came from (one query)."""
    return awards_q.nomination_candidates(nominations_list)


def conference_date(cluster, year):
    """The date of the cluster's year-end conference, or None (two queries at most)."""
    return awards_q.conference_date(cluster, year)


def member_unit_types(year):
    """The unit types with members in a year, in the order of Unit.Type (one query)."""
    present = set(Membership.objects.filter(year=year).values_list("unit__type", flat=True).distinct())
    return [value for value in Unit.Type.values if value in present]


def sector_counts(year):
    """The sector's totals beside clusters and members: pledges and targets met, final
    scorecards, nominations (a query or two per app)."""
    pledges = campaigns_q.pledge_counts(year)
    return [
        (_("Pledges registered"), pledges["pledges"]),
        (_("Targets with results / met"), f"{pledges['with_results']} / {pledges['met']}"),
        (_("Final scorecards"), scoring_q.final_scorecards(year).count()),
        (_("Nominations"), awards_q.nomination_count(year)),
    ]


def cluster_review_phases(cluster, year):
    """The phases ending in ``year`` of every campaign the cluster launched, campaign loaded:
    each is a review of its own (sơ kết đợt), whatever its number (one query)."""
    return campaigns_q.cluster_review_phases(cluster, year)


def cluster_review_phase(cluster, year, phase_id):
    """That one of ``cluster_review_phases``, or None (one query)."""
    return campaigns_q.cluster_review_phase(cluster, year, phase_id)


def sector_review_numbers(year):
    """The numbers of the phases ending in ``year`` of the clusters' regular campaigns, for the
    sector's sơ kết of phase N (one query)."""
    return sorted({phase.number for phase in campaigns_q.regular_campaign_phases(year)})


def cluster_phases(year, number):
    """{cluster id: [Phase]}: the phases numbered ``number`` ending in ``year`` of each
    cluster's regular campaign; more than one when that campaign repeats the number (one query)."""
    found = {}
    for phase in campaigns_q.regular_campaign_phases(year, number):
        found.setdefault(phase.campaign.launching_cluster_id, []).append(phase)
    return found


def mid_year_rows(cluster, year, phase=None):
    """Each member's progress against its pledge at the mid-year review or, with ``phase`` (a
    Phase of a campaign the cluster launched), at its end, under that phase's campaign
    (campaigns.queries, five queries):
    [{"unit", "status", "as_of", "late", "note", "figures": [target rows with "reached"]}]."""
    rows = []
    campaign = phase.campaign if phase is not None else None
    for row in campaigns_q.mid_year_progress(cluster, year, campaign=campaign, phase=phase):
        progress = row["progress"]
        figures = [
            {**target_row(figure.target), "reached": figure.value, "rate": figure.rate, "met": figure.is_met}
            for figure in (row["figures"] if progress else [])
        ]
        rows.append(
            {
                "unit": row["unit"],
                "sent": bool(progress and progress.status == progress.Status.SUBMITTED),
                "status": progress.get_status_display() if progress else _("No progress report"),
                "as_of": progress.as_of if progress else None,
                "sent_on": timezone.localdate(progress.submitted_at) if progress and progress.submitted_at else None,
                "late": bool(progress and progress.is_late),
                "note": progress.note if progress else "",
                "figures": figures,
                "met_count": sum(1 for f in figures if f["met"]),
            }
        )
    return rows
