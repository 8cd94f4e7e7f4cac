"""The unit's council (Hội đồng thi đua – khen thưởng cơ sở) votes by secret ballot on the
titles its unit proposes for its staff, where a rule says so, on the ballot engine of the
sector council: a ``CouncilSession`` with a ``unit``, one ``Vote`` per title, the unit's
proposed ``people.IndividualTitle`` rows as candidates and its council seats as voters.

The rules are ``CouncilRule`` rows of the body ``unit`` (the title, or every title, the quorum
and the threshold of the whole membership, ≥ or >). People sits below awards, so the hold on
a title the ballot has not carried is registered with ``people.registry`` (``ballot_guard``),
and so is the link from the unit's year grid to its council's sessions."""

import rules
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.permissions import is_ministry_staff
from emulation.text import vi_collate
from people import queries as people_queries
from people import registry as people_registry
from people.models import CouncilMember, IndividualTitle

from .council import CouncilBody, CouncilRule
from .models import Candidate

P = IndividualTitle.Status
HELD_WHILE_VOTING = ("withdraw", "assess", "reject", "decide")


def unit_rules(day):
    """The unit councils' ballot rules in force on ``day``."""
    return list(CouncilRule.objects.in_force_on(day).filter(body=CouncilBody.UNIT).select_related("title"))


def rule_for_title(unit_rules_in_force, title_id):
    """The most specific rule of those given for the title (its own before every title's), or None."""
    matching = [rule for rule in unit_rules_in_force if not rule.title_id or rule.title_id == title_id]
    return max(matching, key=lambda rule: (bool(rule.title_id), rule.valid_from), default=None)


def proposed_titles(unit, year):
    """The titles the unit (and the units merged into it) proposes for its staff in ``year``."""
    return (
        IndividualTitle.objects.filter(
            person_year__unit_id__in=people_queries.merged_into(unit.pk), person_year__year=year, status=P.PROPOSED
        )
        .select_related("person_year__person", "person_year__unit", "title")
        .order_by("title__order", vi_collate("person_year__person__full_name"), "pk")
    )


def latest_candidacies(record_ids):
    """{title record pk: its candidacy in its latest unit council ballot (vote loaded)}."""
    candidacies = (
        Candidate.objects.filter(individual_title_id__in=list(record_ids), vote__runoff_of=None)
        .select_related("vote")
        .order_by("vote_id")
    )
    return {candidacy.individual_title_id: candidacy for candidacy in candidacies}


def agenda(session):
    """[(record, rule or None)]: the unit's proposed titles of the session's year, with the rule
    (as of the meeting's date) that puts each to a secret ballot."""
    in_force = unit_rules(session.meeting_date)
    return [
        (record, rule_for_title(in_force, record.title_id)) for record in proposed_titles(session.unit, session.year)
    ]


def ballot_groups(session):
    """{title: (rule, [candidate fields])} of the proposed titles a rule puts to a secret ballot
    and that no ballot has carried yet, by the titles' order."""
    in_force = unit_rules(session.meeting_date)
    records = list(proposed_titles(session.unit, session.year))
    latest = latest_candidacies(record.pk for record in records)
    groups = {}
    for record in records:
        rule = rule_for_title(in_force, record.title_id)
        earlier = latest.get(record.pk)
        if rule is None or (earlier is not None and earlier.passed):
            continue
        fields = {"unit": record.person_year.unit, "individual_title": record}
        groups.setdefault(record.title, (rule, []))[1].append(fields)
    return dict(sorted(groups.items(), key=lambda item: (item[0].order, item[0].pk)))


def _hold(record, rule, candidacy):
    """Why the council cannot assess the title, nor the head recognise it, yet; or None."""
    title = record.title.name
    if candidacy is not None and not candidacy.vote.is_finished:
        return gettext("The unit's council is voting on «%(title)s» by secret ballot: wait for the count.") % {
            "title": title
        }
    if candidacy is not None and not candidacy.passed:
        return gettext(
            "The unit's council's secret ballot did not carry «%(title)s»: %(votes)s of %(members)s members agreed."
        ) % {"title": title, "votes": candidacy.votes or 0, "members": candidacy.vote.entitled_count or 0}
    if candidacy is None and rule is not None:
        return gettext("The unit's council must vote on «%(title)s» by secret ballot first (%(basis)s).") % {
            "title": title,
            "basis": rule.legal_basis,
        }
    return None


def ballot_guard(records):
    """``people.registry`` guard: {pk: {action: reason}} for the titles a ballot holds back — being
    voted on (nothing moves), required and not held, or not carried (neither assessed nor
    recognised). Two queries for any number of records."""
    records = [record for record in records if record.status in (P.PROPOSED, P.ASSESSED)]
    if not records:
        return {}
    in_force = unit_rules(timezone.localdate())
    latest = latest_candidacies(record.pk for record in records)
    held = {}
    for record in records:
        candidacy = latest.get(record.pk)
        reason = _hold(record, rule_for_title(in_force, record.title_id), candidacy)
        if reason is None:
            continue
        voting = candidacy is not None and not candidacy.vote.is_finished
        held[record.pk] = dict.fromkeys(HELD_WHILE_VOTING if voting else ("assess", "decide"), reason)
    return held


def manages_unit_council(user, unit):
    """The unit's head (``people.manage_council``) runs its council's sessions."""
    return bool(user.is_authenticated and rules.has_perm("people.manage_council", user, unit))


def sits_on_unit_council(user, unit, year):
    return CouncilMember.objects.seated_in(year).filter(unit=unit, user_id=user.pk).exists()


def sees_unit_council(user, unit, year):
    """The unit's head, the members of its council that year, and ministry staff."""
    if not user.is_authenticated:
        return False
    return manages_unit_council(user, unit) or is_ministry_staff(user) or sits_on_unit_council(user, unit, year)


def unit_sessions_url(unit, year):
    return reverse("awards:unit_council_sessions", args=[unit.slug, year])


def register():
    """From ``AwardsConfig.ready()``: the guard on people's titles and the year grid's link."""
    people_registry.add_title_guard(ballot_guard)
    people_registry.add_year_grid_link(
        _("Secret ballots of the unit's council"), unit_sessions_url, sees_unit_council, 20
    )
