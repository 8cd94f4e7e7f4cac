"""Who is proposed as a candidate when a vote is created.

First round (e.g. Cờ thi đua ngành Tư pháp): the cluster's members that registered the
title in an accepted pledge (``campaigns.queries.registered_units``), whose final
scorecard's rank band is good enough (``scoring.queries.unit_bands``), and who meet the
rule's prerequisites in the award history. The cluster head can then add or remove
units, with a reason.

Second round (Cờ thi đua của Chính phủ, seats a share of another title's winners): the
units the cluster's vote on that other title finally chose, runoffs included.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns import queries as campaign_queries
from emulation.numbers import format_vn_number
from scoring import queries as scoring_queries

from . import queries, tally
from .models import Candidate, TitleRule, Vote


@dataclass
class Proposal:
    units: list
    seats: int
    origin: str = Candidate.Origin.PROPOSED
    source_vote: Vote | None = None
    notes: list = field(default_factory=list)
    excluded: list = field(default_factory=list)  # (unit, reason)


def _pending_runoff(vote):
    return (
        Vote.objects.filter(runoff_of__isnull=False, cluster_id=vote.cluster_id, year=vote.year, title_id=vote.title_id)
        .exclude(state__in=[Vote.State.CLOSED, Vote.State.PUBLISHED])
        .exists()
    )


def source_vote_for(rule, cluster, year):
    """The first-round vote a second round draws its candidates from, or None."""
    return Vote.objects.filter(
        cluster=cluster, year=year, title_id=rule.seats_source_title_id, runoff_of__isnull=True
    ).first()


def propose(rule, cluster, year, member_units):
    if rule.seats_kind == TitleRule.SeatsKind.SHARE_OF_WINNERS:
        return _second_round(rule, cluster, year)
    return _first_round(rule, cluster, year, member_units)


def _second_round(rule, cluster, year):
    source = source_vote_for(rule, cluster, year)
    if source is None or not source.is_finished or _pending_runoff(source):
        raise ValidationError(
            _("First close the vote on %(title)s (and any runoff): this vote chooses among its winners.")
            % {"title": rule.seats_source_title}
        )
    winners = queries.final_winners(source)
    if not winners:
        raise ValidationError(_("The vote on %(title)s chose no unit.") % {"title": rule.seats_source_title})
    units, excluded = _meeting_prerequisites(rule, year, winners)
    seats = tally.seats_for(tally.SHARE_OF_WINNERS, rule.seats_value, winners=len(winners), minimum=rule.seats_minimum)
    notes = [
        _(
            "Candidates: the %(count)s units proposed for %(title)s; "
            "seats: %(share)s percent of them, at least %(minimum)s."
        )
        % {
            "count": len(winners),
            "title": rule.seats_source_title,
            "share": format_vn_number(rule.seats_value),
            "minimum": rule.seats_minimum,
        }
    ]
    notes += [exclusion_line(unit, reason) for unit, reason in excluded]
    return Proposal(units, seats, Candidate.Origin.WINNER, source, notes, excluded)


def _first_round(rule, cluster, year, member_units):
    ids = [unit.pk for unit in member_units]
    excluded = []
    candidates = list(member_units)
    if rule.requires_registration:
        registered = campaign_queries.registered_units(rule.title, year, ids)
        # Registering for a title chosen among this one's winners (the Government's
        # flag among the Ministry's) is registering for this one too.
        for later in _titles_drawing_from(rule.title, year):
            registered |= campaign_queries.registered_units(later, year, ids)
        excluded += [(u, _("did not register the title")) for u in candidates if u.pk not in registered]
        candidates = [u for u in candidates if u.pk in registered]
    if rule.lowest_rank_band is not None and candidates:
        bands = scoring_queries.unit_bands(year, candidates)
        kept = []
        for unit in candidates:
            band = bands.get(unit.pk)
            if band is None:
                excluded.append((unit, _("no final score")))
            elif band.position > rule.lowest_rank_band:
                excluded.append((unit, _("ranked %(band)s") % {"band": band}))
            else:
                kept.append(unit)
        candidates = kept
    candidates, unmet = _meeting_prerequisites(rule, year, candidates)
    excluded += unmet
    seats = tally.seats_for(
        rule.seats_kind,
        rule.seats_value,
        members=len(member_units),
        minimum=rule.seats_minimum,
        candidates=len(candidates),
    )
    notes = [exclusion_line(unit, reason) for unit, reason in excluded]
    return Proposal(candidates, seats, Candidate.Origin.PROPOSED, None, notes, excluded)


def _titles_drawing_from(title, year):
    rules = TitleRule.objects.in_force(year).filter(
        seats_kind=TitleRule.SeatsKind.SHARE_OF_WINNERS, seats_source_title=title
    )
    return [rule.title_id for rule in rules]


def exclusion_line(unit, reason):
    """The vote's note on a member unit left off the list, with the reason."""
    return _("Not proposed: %(unit)s (%(reason)s).") % {"unit": unit, "reason": reason}


def without_exclusion(note, unit):
    """The note without its "not proposed" line about ``unit`` (added by hand after all)."""
    start = exclusion_line(unit, "\0").partition("\0")[0]
    return "\n".join(line for line in note.splitlines() if not line.startswith(start))


def _unmet_reason(prerequisite, missing, year):
    if prerequisite.times:  # held too few times: the years without it are not the reason
        return prerequisite.message(missing, year).rstrip(".")
    return _("no %(title)s in %(years)s") % {
        "title": prerequisite.required_title,
        "years": ", ".join(map(str, missing)),
    }


def _meeting_prerequisites(rule, year, units):
    unmet = queries.unmet_prerequisites(rule, [u.pk for u in units], year)
    excluded = []
    for unit in units:
        for prerequisite, missing in unmet.get(unit.pk, []):
            excluded.append((unit, _unmet_reason(prerequisite, missing, year)))
    kept = [u for u in units if u.pk not in unmet]
    return kept, excluded
