"""Everything the reports read, gathered in one place with a fixed number of queries
per section (never one per row).

The core structure (clusters, members, leadership, officials) comes from
``emulation``; pledges, scores and votes come from the other apps' ``queries.py``
when they have landed. A section whose source is missing says so instead of
inventing figures (``Missing``).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from emulation.models import Cluster, Membership, Official, Unit
from emulation.text import sorted_vi, vi_collate


@dataclass(frozen=True)
class Missing:
    """A section whose source app has not landed yet."""

    app: str

    def __bool__(self):
        return False


def source(app):
    """The app's ``queries`` module, or None when it is not there yet."""
    if not apps.is_installed(app):
        return None
    try:
        return import_module(f"{app}.queries")
    except ImportError:
        return None


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
    awards = source("awards")
    if awards is None or vote_id is None or not hasattr(awards, "vote_is_published"):
        return False
    return awards.vote_is_published(vote_id)


def published_vote_ids_query():
    """A queryset (or list) of the ids of published votes, for filtering job lists."""
    awards = source("awards")
    if awards is None or not hasattr(awards, "published_vote_ids"):
        return []
    return awards.published_vote_ids()


def vote_summary(vote_id):
    """What the vote's page shows (its cluster, year, title, published), or None."""
    awards = source("awards")
    if awards is None or not hasattr(awards, "vote_summary"):
        return None
    return awards.vote_summary(vote_id)


# --- campaigns and pledges (campaigns) -----------------------------------------------


def cluster_campaigns(cluster, year):
    """The campaigns running in the cluster in a year, with their phases: the ones it
    launched and the sector's (two queries)."""
    if source("campaigns") is None:
        return Missing("campaigns")
    from campaigns.models import Campaign, Phase

    in_scope = Q(level=Campaign.Level.SECTOR) & (Q(scope=Campaign.Scope.SECTOR) | Q(clusters=cluster))
    return list(
        Campaign.objects.covering(year)
        .filter(Q(launching_cluster=cluster) | in_scope)
        .distinct()
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("number", "pk")))
        .order_by("level", "kind", "document_date", "pk")
    )


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
        "met": target.is_met,
        "common": target.campaign_target_id,
    }


def cluster_pledges(cluster, year):
    """The members' pledges under the cluster's campaigns (three queries, via
    campaigns.queries), each with its targets against results."""
    campaigns = source("campaigns")
    if campaigns is None:
        return Missing("campaigns")
    pledges = campaigns.cluster_pledges(cluster, year)
    rows = []
    for pledge in pledges:
        targets = [target_row(target) for target in pledge.targets.all()]
        reported = [row for row in targets if row["met"] is not None]
        rows.append(
            {
                "pledge": pledge,
                "unit": pledge.unit,
                "campaign": pledge.campaign,
                "status": pledge.get_status_display(),
                "targets": targets,
                "met_count": sum(1 for row in reported if row["met"]),
                "reported_count": len(reported),
                "individuals": list(pledge.individuals.all()),
            }
        )
    return rows


def common_target_totals(pledge_rows):
    """Per common target of the regular campaign: how many units pledged, reached it,
    and the summed figures where summing means something (not for percentages)."""
    totals = {}
    for row in pledge_rows:
        if row["campaign"].kind != "regular":
            continue
        for target in row["targets"]:
            if not target["common"]:
                continue
            entry = totals.setdefault(
                target["common"],
                {
                    "number": target["number"],
                    "name": target["name"],
                    "measure": target["measure"],
                    "units": 0,
                    "met": 0,
                    "reported": 0,
                    "value": Decimal(0),
                    "actual": Decimal(0),
                    "summable": target["measure"] != "%" and target["direction"] == "at_least",
                },
            )
            entry["units"] += 1
            entry["value"] += target["value"] or 0
            if target["met"] is not None:
                entry["reported"] += 1
                entry["actual"] += target["actual"] or 0
                entry["met"] += 1 if target["met"] else 0
    rows = sorted(totals.values(), key=lambda entry: entry["number"])
    for entry in rows:
        entry["rate"] = (
            entry["actual"] * 100 / entry["value"]
            if entry["summable"] and entry["value"] and entry["reported"]
            else None
        )
    return rows


def agreement(cluster, year):
    """The cluster's regular campaign for the year, its common targets, and each
    member's pledge under it (four queries)."""
    campaigns = source("campaigns")
    if campaigns is None:
        return Missing("campaigns")
    from campaigns.models import Pledge, PledgeTarget

    campaign = campaigns.regular_campaign(cluster, year)
    if campaign is None:
        return None
    common = list(campaign.targets.order_by("number", "pk"))
    member_ids = Membership.objects.filter(cluster=cluster, year=year).values("unit_id")
    pledges = {
        pledge.unit_id: pledge
        for pledge in Pledge.objects.filter(campaign=campaign, year=year, unit_id__in=member_ids)
        .select_related("unit")
        .prefetch_related(
            Prefetch("targets", queryset=PledgeTarget.objects.filter(campaign_target__isnull=False).order_by("number"))
        )
    }
    return {"campaign": campaign, "common": common, "pledges": pledges}


# --- scores and ranking (scoring) ----------------------------------------------------


def cluster_ranking(cluster, year, unit_types):
    """{unit_type: [RankingRow]} within the cluster, with each type's maximum points
    (two queries per unit type present, one for the tables)."""
    scoring = source("scoring")
    if scoring is None:
        return Missing("scoring")
    return _ranking(scoring, year, unit_types, cluster)


def sector_ranking(year, unit_types):
    scoring = source("scoring")
    if scoring is None:
        return Missing("scoring")
    return _ranking(scoring, year, unit_types, None)


def _ranking(scoring, year, unit_types, cluster):
    from scoring.models import CriteriaTable

    tables = {
        table.unit_type: table
        for table in CriteriaTable.objects.filter(year=year, status=CriteriaTable.Status.PUBLISHED)
    }
    result = []
    for unit_type in unit_types:
        rows = scoring.ranking(year, unit_type, cluster)
        if rows:
            table = tables.get(unit_type)
            result.append({"unit_type": unit_type, "label": Unit.Type(unit_type).label, "rows": rows, "table": table})
    return result


# --- votes and nominations (awards) ----------------------------------------------------


def cluster_votes(cluster, year):
    """The cluster's votes of the year with their counts and candidates (three
    queries, via awards.queries), read from the prefetched rows."""
    awards = source("awards")
    if awards is None:
        return Missing("awards")
    return [_vote_rows(vote) for vote in awards.cluster_year_votes(cluster, year)]


def _vote_rows(vote):
    candidates = [c for c in vote.candidates.all() if not c.withdrawn]
    if vote.is_finished:
        candidates.sort(key=lambda c: (c.rank or 0, c.pk))
    return {"vote": vote, "candidates": candidates, "finished": vote.is_finished}


def nominations(year, cluster=None):
    """Nominations of a year (one cluster's or the sector's), title and unit loaded,
    with the vote they came from (one query)."""
    if source("awards") is None:
        return Missing("awards")
    from awards.models import Nomination

    rows = Nomination.objects.filter(year=year).select_related("title", "unit", "cluster", "vote")
    if cluster is not None:
        rows = rows.filter(cluster=cluster)
    return list(rows.order_by("title__order", "title__name", vi_collate("unit__name"), "person_name", "pk"))


def vote_minutes(vote_id):
    """Everything the minutes of one vote show, runoffs included (awards.queries)."""
    awards = source("awards")
    if awards is None:
        return Missing("awards")
    summary = awards.vote_summary(vote_id)
    if summary is None:
        return None
    return {**summary, "result": awards.vote_result(summary["vote"])}


def votes_by_cluster(cluster_ids, year):
    """{cluster_id: [votes with candidates]} for many clusters (three queries)."""
    if source("awards") is None:
        return Missing("awards")
    from awards.models import Candidate, Vote

    grouped = defaultdict(list)
    candidates = Candidate.objects.select_related("unit").order_by("rank", "pk")
    votes = (
        Vote.objects.filter(cluster_id__in=cluster_ids, year=year)
        .select_related("title")
        .prefetch_related(Prefetch("candidates", queryset=candidates))
        .order_by("title__order", "pk")
    )
    for vote in votes:
        grouped[vote.cluster_id].append(_vote_rows(vote))
    return grouped


def candidate_results(nominations_list):
    """{(vote_id, unit_id): Candidate} for the votes nominations came from (one query)."""
    vote_ids = {n.vote_id for n in nominations_list if n.vote_id}
    if not vote_ids or source("awards") is None:
        return {}
    from awards.models import Candidate

    rows = Candidate.objects.filter(vote_id__in=vote_ids, withdrawn=False)
    return {(c.vote_id, c.unit_id): c for c in rows}


def conference_date(cluster, year):
    """The date of the cluster's year-end conference: the handover's, else the last
    vote's meeting date, else None (two queries at most)."""
    if source("awards") is None:
        return None
    from awards.models import Handover, Vote

    handover = Handover.objects.filter(cluster=cluster, year=year, conference_date__isnull=False).first()
    if handover:
        return handover.conference_date
    vote = Vote.objects.filter(cluster=cluster, year=year, meeting_date__isnull=False).order_by("-meeting_date").first()
    return vote.meeting_date if vote else None


def member_unit_types(year):
    """The unit types with members in a year, in the order of Unit.Type (one query)."""
    present = set(Membership.objects.filter(year=year).values_list("unit__type", flat=True).distinct())
    return [value for value in Unit.Type.values if value in present]


def sector_counts(year):
    """The sector's totals beside clusters and members: pledges and targets met,
    final scorecards, nominations (one query per source app)."""
    from django.utils.translation import gettext as _

    counts = []
    if source("campaigns") is not None:
        from campaigns.models import Pledge, PledgeTarget

        pledge_count = Pledge.objects.filter(year=year).count()
        counts.append((_("Pledges registered"), pledge_count))
        targets = PledgeTarget.objects.filter(pledge__year=year, actual__isnull=False).values_list(
            "direction", "value", "actual"
        )
        met = sum(
            1
            for direction, value, actual in targets
            if (actual <= value if direction == "at_most" else actual >= value)
        )
        counts.append((_("Targets with results / met"), f"{len(targets)} / {met}"))
    if source("scoring") is not None:
        from scoring.models import Scorecard

        counts.append((_("Final scorecards"), Scorecard.objects.filter(year=year, status="final").count()))
    if source("awards") is not None:
        from awards.models import Nomination

        counts.append((_("Nominations"), Nomination.objects.filter(year=year).count()))
    return counts
