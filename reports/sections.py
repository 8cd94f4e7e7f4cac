"""One function per report section: gather (reports.data, fixed queries), render the
section's HTML, and give its tables for Excel."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from emulation.models import Membership

from . import data
from .charts import bar_chart


@dataclass
class SectionResult:
    html: str
    sheets: list = field(default_factory=list)  # [(title, headers, rows)], JSON-friendly


def _render(name, context):
    return render_to_string(f"reports/pdf/sections/{name}.html", context)


def _cell(value):
    """Sheets travel as JSON (ReportSection) before they reach openpyxl."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _result(html, sheets=()):
    return SectionResult(
        html,
        [
            [str(title), [str(h) for h in headers], [[_cell(v) for v in row] for row in rows]]
            for title, headers, rows in sheets
        ],
    )


def _role_label(membership):
    if membership.role == Membership.Role.HEAD:
        return _("Head")
    if membership.role == Membership.Role.DEPUTY:
        return _("Deputy")
    return _("Member")


def _leaders_first(memberships):
    rank = {Membership.Role.HEAD: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    return sorted(memberships, key=lambda m: rank[m.role])


# --- (1) the cluster year-end report --------------------------------------------------


def cluster_members(report):
    rows = [{**row, "role": _role_label(row["membership"])} for row in report.members]
    leaders = data.leadership(rows)
    table = [
        [index, row["unit"].name, _role_label(row["membership"]), row["unit"].get_type_display()]
        for index, row in enumerate(rows, start=1)
    ]
    html = _render(
        "members",
        {"rows": rows, "leaders": leaders, "year": report.params.year, "cluster": report.params.cluster},
    )
    headers = [_("No."), _("Unit"), _("Role"), _("Unit type")]
    return _result(html, [(_("Members"), headers, table)])


def cluster_next_year(report):
    leaders = data.next_leadership(report.params.cluster, report.params.year)
    return _result(_render("next_year", {"leaders": leaders, "year": report.params.year + 1}))


def cluster_campaigns(report):
    campaigns = data.cluster_campaigns(report.params.cluster, report.params.year)
    table = [
        [
            index,
            campaign.name,
            campaign.get_kind_display(),
            f"{campaign.document_number} ({campaign.document_date_label})",
            campaign.period_label,
            "; ".join(f"{phase.name}: {phase.start:%d/%m/%Y}–{phase.end:%d/%m/%Y}" for phase in campaign.phases.all()),
        ]
        for index, campaign in enumerate(campaigns, start=1)
    ]
    headers = [_("No."), _("Campaign"), _("Kind"), _("Launching document"), _("Period"), _("Phases")]
    html = _render("campaigns", {"campaigns": campaigns, "year": report.params.year})
    return _result(html, [(_("Campaigns"), headers, table)])


def cluster_figures(report):
    """The totals the cluster's own report states (emulation.ReportedFigure), as stated."""
    figures = report.figures
    headers = [_("No."), _("Indicator"), _("Figure"), _("Out of"), _("Unit of measure"), _("As the report states it")]
    rows = [[index, f.label, f.value, f.of_total, f.unit_of_measure, f.stated_as] for index, f in enumerate(figures, 1)]
    sources = "; ".join(sorted({f.source for f in figures if f.source}))
    context = {"figures": figures, "year": report.params.year, "sources": sources}
    html = _render("figures", context) if figures else ""
    return _result(html, [(_("Figures reported"), headers, rows)] if figures else [])


def _pledge_sheet(pledge_rows):
    headers = [
        _("Unit"),
        _("No."),
        _("Target"),
        _("Unit of measure"),
        _("Pledged"),
        _("Achieved"),
        _("Rate (%)"),
        _("Met"),
    ]
    rows = []
    for row in pledge_rows:
        for target in row["targets"]:
            rows.append(
                [
                    row["unit"].name,
                    target["number"],
                    target["name"],
                    target["measure"],
                    _json_number(target["value"]),
                    _json_number(target["actual"]),
                    _json_number(target["rate"], 2),
                    "" if target["met"] is None else (_("Yes") if target["met"] else _("No")),
                ]
            )
    return (_("Targets and results"), headers, rows)


def _json_number(value, places=None):
    """Decimals as JSON-friendly numbers for the Excel sheet (ints stay ints)."""
    if value is None:
        return None
    if places is not None:
        return round(float(value), places)
    return int(value) if value == int(value) else float(value)


def pledges_section(report):
    rows = report.pledges
    # the region's own figure for a target, as its report states it, never a sum that disagrees
    totals = data.common_target_totals(rows, report.figures)
    html = _render("pledges", {"rows": rows, "totals": totals, "year": report.params.year})
    return _result(html, [_pledge_sheet(rows)])


def _band_bar(row):
    """(label, value, the band as people say it — "Xuất sắc" —, the band's position)."""
    band = row.band
    name = (band.label or band.name) if band else ""
    return (row.unit.short_name or row.unit.name, row.total, name, band.position if band else None)


def _ranking_html(groups, chart_title):
    for group in groups:
        table = group["table"]
        maximum = table.total_points if table else None
        group["chart"] = bar_chart(
            [_band_bar(row) for row in group["rows"]], maximum=maximum, title=chart_title % {"type": group["label"]}
        )
    return groups


def _ranking_sheet(groups, title):
    headers = [_("Unit type"), _("Rank"), _("Unit"), _("Total points"), _("Rank band"), _("Previous year")]
    rows = [
        [
            group["label"],
            row.rank,
            row.unit.name,
            _json_number(row.total),
            row.band_name,
            _json_number(row.previous_total),
        ]
        for group in groups
        for row in group["rows"]
    ]
    return (title, headers, rows)


def cluster_scores(report):
    groups = _ranking_html(report.ranking, _("Total points — %(type)s"))
    html = _render("scores", {"groups": groups, "year": report.params.year})
    return _result(html, [_ranking_sheet(groups, _("Ranking"))])


def cluster_votes(report):
    votes = data.cluster_votes(report.params.cluster, report.params.year)
    nominations = data.nominations(report.params.year, report.params.cluster)
    html = _render("votes", {"votes": votes, "nominations": nominations, "year": report.params.year})
    headers = [_("Vote"), _("Unit"), _("Votes"), _("Share (%)"), _("Passed"), _("Proposed")]
    table = [
        [
            f"{row['vote'].title.name} ({row['vote'].get_state_display()})",
            candidate.unit.name,
            candidate.votes,
            _json_number(candidate.share, 2),
            _yes_no(candidate.passed),
            _yes_no(candidate.seated),
        ]
        for row in votes
        for candidate in row["candidates"]
    ]
    return _result(html, [(_("Votes"), headers, table), _nomination_sheet(nominations)])


def _yes_no(value):
    return "" if value is None else (_("Yes") if value else _("No"))


def _nomination_sheet(nominations):
    headers = [_("Title"), _("Unit"), _("Person"), _("State"), _("Decision")]
    rows = [[n.title.name, n.unit.name, n.person_name, n.get_state_display(), n.decision_number] for n in nominations]
    return (_("Nominations"), headers, rows)


def cluster_exemplary(report):
    """Điển hình tiên tiến, from what the year recorded: the units in the best rank
    band, and the people registered for a Chiến sĩ thi đua title in pledges whose
    results were assessed."""
    best = [row for group in report.ranking for row in group["rows"]]
    units = [row for row in best if row.band is not None and row.band.position == 0]
    people = [
        {"person": person, "unit": row["unit"]}
        for row in report.pledges
        if row["assessed"]
        for person in row["individuals"]
        if person.title and person.title.code.startswith("chien-si-thi-dua")
    ]
    html = _render("exemplary", {"units": units, "people": people, "year": report.params.year})
    return _result(html)


# --- (4) the pledge agreement -----------------------------------------------------------


def agreement_targets(report):
    agreement = report.agreement
    html = _render("agreement_targets", {"agreement": agreement, "year": report.params.year})
    if not agreement:
        return _result(html)
    headers = [_("No."), _("Target"), _("Unit of measure"), _("Direction"), _("Common value")]
    rows = [
        [t.number, t.name, t.unit_of_measure, t.get_direction_display(), _json_number(t.default_value)]
        for t in agreement["common"]
    ]
    return _result(html, [(_("Common targets"), headers, rows)])


def _member_rows(report):
    agreement = report.agreement
    pledges = agreement["pledges"] if agreement else {}
    rows = []
    for row in report.members:
        pledge = pledges.get(row["unit"].pk)
        values = {t.campaign_target_id: t.value for t in pledge.targets.all()} if pledge else {}
        rows.append({**row, "pledge": pledge, "values": values})
    return rows


def agreement_member_values(report):
    agreement = report.agreement
    if not agreement:
        return _result("")
    rows = _member_rows(report)
    common = agreement["common"]
    for row in rows:
        row["cells"] = [row["values"].get(target.pk) for target in common]
    html = _render("agreement_values", {"rows": rows, "common": common})
    headers = [_("Unit")] + [f"{t.number}. {t.name}" for t in common]
    table = [[row["unit"].name] + [_json_number(value) for value in row["cells"]] for row in rows]
    return _result(html, [(_("Member values"), headers, table)])


def agreement_signatures(report):
    agreement = report.agreement
    rows = _member_rows(report) if agreement else report.members
    signers = []
    for row in rows:
        pledge = row.get("pledge")
        official = row["head_official"]
        name = (pledge and pledge.signer_name) or (official.user.get_full_name() if official else "")
        position = (pledge and pledge.signer_position) or (official.position if official else "") or _("Head of unit")
        signers.append({"unit": row["unit"], "name": name, "position": position})
    return _result(_render("signatures", {"signers": signers, "cluster": report.params.cluster}))


# --- (2) the sector summary -------------------------------------------------------------


def sector_overview(report):
    clusters = report.clusters
    table = [
        [index, cluster.name, cluster.get_kind_display(), cluster.member_count, cluster.head_name or ""]
        for index, cluster in enumerate(clusters, start=1)
    ]
    html = _render("sector_overview", {"clusters": clusters, "year": report.params.year})
    headers = [_("No."), _("Cluster"), _("Kind"), _("Members"), _("Head")]
    return _result(html, [(_("Clusters"), headers, table)])


def _band_counts(groups):
    bands = {}
    for group in groups:
        for row in group["rows"]:
            key = row.band_name or _("No band")
            bands[key] = bands.get(key, 0) + 1
    return sorted(bands.items())


def _proposed(votes):
    return [
        {"title": row["vote"].title, "unit": candidate.unit, "votes": candidate.votes, "share": candidate.share}
        for row in votes
        for candidate in row["candidates"]
        if candidate.seated
    ]


def sector_cluster(report, cluster_id):
    cluster = next((c for c in report.clusters if c.pk == cluster_id), None)
    if cluster is None:
        return _result("")
    year = report.params.year
    memberships = _leaders_first(data.members_by_cluster([cluster.pk], year)[cluster.pk])
    leaders = {
        "head": next((m.unit for m in memberships if m.role == Membership.Role.HEAD), None),
        "deputies": [m.unit for m in memberships if m.role == Membership.Role.DEPUTY],
    }
    pledges = data.pledge_rows(cluster, year)
    groups = data.cluster_ranking(cluster, year, sorted({m.unit.type for m in memberships}))
    pledge_summary = {
        "pledges": len(pledges),
        "met": sum(row["met_count"] for row in pledges),
        "reported": sum(row["reported_count"] for row in pledges),
    }
    html = _render(
        "sector_cluster",
        {
            "cluster": cluster,
            "memberships": memberships,
            "rows": [{"unit": m.unit, "role": _role_label(m)} for m in memberships],
            "leaders": leaders,
            "year": year,
            "totals": data.common_target_totals(pledges, data.reported_figures(cluster, year)),
            "pledge_summary": pledge_summary,
            "bands": _band_counts(groups),
            "proposed": _proposed(data.votes_by_cluster([cluster.pk], year)[cluster.pk]),
        },
    )
    return _result(html)


def sector_ranking(report):
    types = report.unit_types
    groups = data.sector_ranking(report.params.year, types)
    groups = _ranking_html(groups, _("Sector ranking — %(type)s"))
    html = _render("sector_ranking", {"groups": groups, "year": report.params.year})
    return _result(html, [_ranking_sheet(groups, _("Sector ranking"))])


def sector_nominations(report):
    rows = data.nominations(report.params.year)
    results = data.candidate_results(rows)
    by_title = {}
    for nomination in rows:
        entry = by_title.setdefault(nomination.title_id, {"title": nomination.title, "rows": []})
        entry["rows"].append(
            {"nomination": nomination, "result": results.get((nomination.vote_id, nomination.unit_id))}
        )
    html = _render("sector_nominations", {"titles": list(by_title.values()), "year": report.params.year})
    return _result(html, [_nomination_sheet(rows)])


def sector_totals(report):
    clusters = report.clusters
    totals = {"clusters": len(clusters), "members": sum(cluster.member_count for cluster in clusters)}
    extra = data.sector_counts(report.params.year)
    return _result(_render("sector_totals", {"totals": totals, "extra": extra, "year": report.params.year}))


# --- (3) vote minutes -------------------------------------------------------------------


def vote_minutes(report):
    minutes = report.vote
    rounds = []
    result = minutes["result"]
    while result is not None:
        rounds.append(result)
        result = result.runoffs[0] if result.runoffs else None
    html = _render("vote_minutes", {"minutes": minutes, "rounds": rounds, "final": rounds[0]})
    headers = [_("Round"), _("No."), _("Unit"), _("Votes"), _("Share (%)"), _("Passed"), _("Proposed")]
    table = [
        [
            index,
            line.rank,
            line.unit.name,
            line.votes,
            _json_number(line.share, 2),
            _yes_no(line.passed),
            _yes_no(line.seated),
        ]
        for index, result in enumerate(rounds, start=1)
        for line in result.candidates
    ]
    return _result(html, [(_("Vote count"), headers, table)])


# --- (5) the cluster's mid-year review ------------------------------------------------------


def mid_year_progress(report):
    rows = report.progress_rows
    sent = sum(1 for row in rows if row["sent"])
    html = _render("mid_year", {"rows": rows, "sent": sent, "year": report.params.year})
    headers = [_("Unit"), _("Status"), _("No."), _("Target"), _("Pledged"), _("Reached"), _("Rate")]
    table = [
        [row["unit"].name, row["status"], f["number"], f["name"], _json_number(f["value"]), _json_number(f["reached"]),
         _json_number(f["rate"], 2)]
        for row in rows
        for f in row["figures"]
    ]  # fmt: skip
    return _result(html, [(_("Mid-year progress"), headers, table)])


def review_phase(report):
    """The phase whose end the review is at: its name, dates and goal."""
    return _result(_render("review_phase", {"phase": report.phase}))


# --- (6) the sector's mid-year or phase review -----------------------------------------------


def _review_summary(cluster, rows, phase, repeated):
    figures = [f for row in rows for f in row["figures"]]
    return {
        "cluster": cluster,
        "phase": phase,
        "repeated": repeated,
        "members": len(rows),
        "sent": sum(1 for row in rows if row["sent"]),
        "late": sum(1 for row in rows if row["late"]),
        "figures": len(figures),
        "met": sum(1 for f in figures if f["met"]),
    }


def sector_review_overview(report):
    """Each cluster's count of reports sent and targets met, and the sector's totals."""
    summaries = [
        _review_summary(
            cluster,
            report.progress_rows(cluster),
            report.phases.get(cluster.pk),
            len(report.cluster_phases.get(cluster.pk, ())) > 1,
        )
        for cluster in report.clusters
    ]
    totals = {key: sum(s[key] for s in summaries) for key in ("members", "sent", "late", "figures", "met")}
    html = _render(
        "sector_review_overview",
        {"summaries": summaries, "totals": totals, "year": report.params.year, "number": report.params.phase_number},
    )
    headers = [_("Cluster"), _("Members"), _("Reports sent"), _("Late"), _("Figures reported"), _("Targets met")]
    table = [[s["cluster"].name, s["members"], s["sent"], s["late"], s["figures"], s["met"]] for s in summaries]
    return _result(html, [(_("Review by cluster"), headers, table)])


def sector_review_cluster(report, cluster_id):
    """One cluster's members, a line each: reported or not, as of when, targets met."""
    cluster = next((c for c in report.clusters if c.pk == cluster_id), None)
    if cluster is None:
        return _result("")
    rows = report.progress_rows(cluster)
    context = {
        "cluster": cluster,
        "rows": rows,
        "phase": report.phases.get(cluster.pk),
        "number": report.params.phase_number,
        "repeated": report.cluster_phases.get(cluster.pk, []) if report.params.phase_number else [],
    }
    html = _render("sector_review_cluster", context)
    headers = [_("Cluster"), _("Unit"), _("Status"), _("Figures as of"), _("Targets met"), _("Targets")]
    table = [
        [cluster.name, row["unit"].name, row["status"], row["as_of"], row["met_count"], len(row["figures"])]
        for row in rows
    ]
    return _result(html, [(cluster.short_name or cluster.name, headers, table)])
