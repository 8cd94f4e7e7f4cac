"""Read-only questions about votes, nominations and the award history, for pages
here and for the reports app (the vote-count minutes, biên bản kiểm phiếu).

These are the stable entry points; each runs a fixed number of queries:

- ``vote_result(vote)`` → ``VoteResult``: the counts frozen at close (entitled, present,
  voted, cast, blank, invalid, valid, base) and per candidate votes, share, passed,
  rank, seated, in runoff; the roll; the runoff's result; the units finally proposed.
- ``cluster_year_votes(cluster, year)`` → the votes of a cluster in a year.
- ``final_winners(vote)``, ``vote_summary(vote_id)``, ``vote_is_published(vote_id)``,
  ``published_vote_ids()``, ``unmet_prerequisites(...)``.
- for the year-end reports: ``nominations(year, cluster=None)``, ``nomination_count(year)``,
  ``votes_by_cluster(cluster_ids, year)``, ``nomination_candidates(nominations)``,
  ``conference_date(cluster, year)``.
- for the dossier's generated papers: ``dossier_papers(dossier_id)``, ``may_view_dossier(user, dossier)``.
- for the decision's paper: ``decision_paper(decision_id)``, ``may_view_decision(user, decision)``.
- for the certificates: ``decisions_to_print(unit_id)``, ``is_issued(decision)``.
- for the read API: ``award_records(year)``, ``issued_decisions(year)``, ``person_award_records(name, unit_ids)``.

Other apps read the awards app only through these functions.
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from emulation.models import Membership
from emulation.text import vi_collate
from schedule import queries as calendar

from . import tally
from .council import CouncilSession, session_members
from .models import (
    VOTE_SETTINGS,
    AwardRecord,
    Candidate,
    Decision,
    DecisionLine,
    Dossier,
    DossierLine,
    Handover,
    Nomination,
    Vote,
    Voter,
)
from .permissions import may


@dataclass(frozen=True)
class CandidateResult:
    candidate: Candidate
    unit: object
    votes: int
    share: Decimal  # percent of the base
    passed: bool
    rank: int
    seated: bool
    in_runoff: bool


@dataclass(frozen=True)
class VoteResult:
    """What the minutes say. Counts are None until the vote is closed."""

    vote: Vote
    entitled: int | None
    present: int | None
    voted: int | None
    cast: int | None
    blank: int | None
    invalid: int | None
    valid: int | None
    base: int | None
    base_kind: str
    threshold_percent: Decimal
    threshold_inclusive: bool
    quorum_percent: Decimal
    seats: int
    candidates: list = field(default_factory=list)  # CandidateResult, by rank
    withdrawn: list = field(default_factory=list)  # Candidate rows removed, with reasons
    roll: list = field(default_factory=list)  # Voter rows: unit, official, present, voted
    runoffs: list = field(default_factory=list)  # the runoff's VoteResult (holding its own runoff)
    winners: list = field(default_factory=list)  # units finally proposed (this vote and its runoffs)

    @property
    def is_final(self):
        return self.vote.is_finished


# The vote's settings the minutes repeat (threshold, quorum, seats), by the names of VOTE_SETTINGS.
_RESULT_SETTINGS = [name for name in VOTE_SETTINGS if name in {f.name for f in fields(VoteResult)}]


def _vote_queryset():
    candidates = Candidate.objects.select_related("unit").order_by("pk")
    voters = Voter.objects.select_related("unit", "official__user").order_by(vi_collate("unit__name"))
    return Vote.objects.select_related("cluster", "title", "rule", "runoff_of", "source_vote").prefetch_related(
        Prefetch("candidates", queryset=candidates), Prefetch("voters", queryset=voters)
    )


def _result(vote, runoff_results):
    finished = vote.is_finished
    active = [c for c in vote.candidates.all() if not c.withdrawn]
    withdrawn = [c for c in vote.candidates.all() if c.withdrawn]
    lines = []
    if finished:
        ordered = sorted(active, key=lambda c: (c.rank or 0, c.pk))
        lines = [
            CandidateResult(
                c, c.unit, c.votes or 0, c.share or Decimal(0), bool(c.passed), c.rank or 0, bool(c.seated), c.in_runoff
            )
            for c in ordered
        ]
    base = None
    if finished:
        base = tally.base_count(
            vote.threshold_base, entitled=vote.entitled_count, present=vote.present_count, cast=vote.valid_count
        )
    winners = [line.unit for line in lines if line.seated]
    for runoff in runoff_results:
        winners.extend(runoff.winners)
    return VoteResult(
        vote=vote,
        entitled=vote.entitled_count,
        present=vote.present_count,
        voted=vote.voted_count,
        cast=vote.cast_count,
        blank=vote.blank_count,
        invalid=vote.invalid_count,
        valid=vote.valid_count,
        base=base,
        base_kind=vote.threshold_base,
        candidates=lines,
        withdrawn=withdrawn,
        roll=list(vote.voters.all()),
        runoffs=runoff_results,
        winners=winners,
        **{name: getattr(vote, name) for name in _RESULT_SETTINGS},
    )


def vote_result(vote):
    """The result of a vote and of its runoffs (``VoteResult``): entitled / present /
    voted / cast / blank / invalid counts as frozen at close, and per candidate the
    votes, the share of the base, passed, rank, seated, in runoff. ``winners`` are the
    units finally proposed, runoffs included. Fixed number of queries per round."""
    chain = []
    current = _vote_queryset().get(pk=vote.pk)
    while current is not None:
        chain.append(current)
        current = _vote_queryset().filter(runoff_of=current).order_by("pk").first()
    result = None
    for round_vote in reversed(chain):
        result = _result(round_vote, [result] if result else [])
    return result


def final_winners(vote):
    """Units finally proposed by a vote, runoffs included, in order of seating."""
    return vote_result(vote).winners


def cluster_year_votes(cluster, year):
    """Every vote of a cluster in a year (runoffs included), with candidates and roll."""
    return list(_vote_queryset().filter(cluster=cluster, year=year).order_by("title__order", "pk"))


def _held_years(unit_ids, title_ids, person_name=""):
    """{(unit_id, title_id): set of years} of the awards of the units (or of the named
    person of each unit), in one query."""
    held = {}
    rows = AwardRecord.objects.filter(unit_id__in=unit_ids, title_id__in=title_ids, person_name=person_name)
    for unit_id, title_id, year in rows.values_list("unit_id", "title_id", "year"):
        held.setdefault((unit_id, title_id), set()).add(year)
    return held


def unmet_prerequisites(rule, unit_ids, year, person_name=""):
    """{unit_id: [(prerequisite, missing years)]} for units (or, with ``person_name``,
    that person of each unit) not meeting the rule's prerequisites for ``year``, read
    from the award history (two queries)."""
    prerequisites = list(rule.prerequisites.select_related("required_title"))
    if not prerequisites:
        return {}
    held = _held_years(unit_ids, [p.required_title_id for p in prerequisites], person_name)
    unmet = {}
    for unit_id in unit_ids:
        for prerequisite in prerequisites:
            years = held.get((unit_id, prerequisite.required_title_id), set())
            missing = prerequisite.missing_in(years, year)
            if missing:
                unmet.setdefault(unit_id, []).append((prerequisite, missing))
    return unmet


def vote_summary(vote_id):
    """What a page or a report heading needs about a vote, or None: ``vote``, ``id``,
    ``cluster``, ``year``, ``title``, ``subject``, ``date``, ``place``, ``published``,
    ``head_unit`` (the unit heading the cluster that year). Two queries."""
    vote = Vote.objects.select_related("cluster", "title").filter(pk=vote_id).first()
    if vote is None:
        return None
    head = (
        Membership.objects.filter(cluster_id=vote.cluster_id, year=vote.year, role=Membership.Role.HEAD)
        .select_related("unit")
        .first()
    )
    subject = _("Vote on %(title)s") % {"title": vote.title.name}
    if vote.runoff_of_id:
        subject = _("Runoff vote on %(title)s") % {"title": vote.title.name}
    return {
        "vote": vote,
        "id": vote.pk,
        "cluster": vote.cluster,
        "year": vote.year,
        "title": vote.title,
        "subject": subject,
        "date": vote.meeting_date,
        "place": vote.meeting_place,
        "published": vote.state == Vote.State.PUBLISHED,
        "head_unit": head.unit if head else None,
    }


def vote_is_published(vote_id):
    """Is the vote's result published to the members (one query)?"""
    return Vote.objects.filter(pk=vote_id, state=Vote.State.PUBLISHED).exists()


def published_vote_ids():
    """The ids of published votes, as a queryset usable in ``__in`` filters."""
    return Vote.objects.filter(state=Vote.State.PUBLISHED).values("pk")


# --- for the year-end reports ----------------------------------------------------


def nominations(year, cluster=None):
    """Nominations of a year (one cluster's or the sector's), with title, unit, cluster and
    the vote they came from loaded (one query)."""
    rows = Nomination.objects.filter(year=year).select_related("title", "unit", "cluster", "vote")
    if cluster is not None:
        rows = rows.filter(cluster=cluster)
    return list(rows.order_by("title__order", "title__name", vi_collate("unit__name"), "person_name", "pk"))


def nomination_count(year):
    return Nomination.objects.filter(year=year).count()


def votes_by_cluster(cluster_ids, year):
    """{cluster_id: [votes]} for many clusters, title loaded and candidates (unit loaded, by
    rank) prefetched (two queries)."""
    grouped = defaultdict(list)
    candidates = Candidate.objects.select_related("unit").order_by("rank", "pk")
    votes = (
        Vote.objects.filter(cluster_id__in=cluster_ids, year=year)
        .select_related("title")
        .prefetch_related(Prefetch("candidates", queryset=candidates))
        .order_by("title__order", "pk")
    )
    for vote in votes:
        grouped[vote.cluster_id].append(vote)
    return grouped


def nomination_candidates(nomination_rows):
    """{(vote_id, unit_id): Candidate} for the votes the nominations came from (one query)."""
    vote_ids = {n.vote_id for n in nomination_rows if n.vote_id}
    if not vote_ids:
        return {}
    rows = Candidate.objects.filter(vote_id__in=vote_ids, withdrawn=False)
    return {(c.vote_id, c.unit_id): c for c in rows}


def conference_date(cluster, year):
    """The date of the cluster's year-end conference: the handover's, else the last vote's
    meeting date, else None (two queries at most)."""
    handover = Handover.objects.filter(cluster=cluster, year=year, conference_date__isnull=False).first()
    if handover:
        return handover.conference_date
    vote = Vote.objects.filter(cluster=cluster, year=year, meeting_date__isnull=False).order_by("-meeting_date").first()
    return vote.meeting_date if vote else None


# For the read API (api/): stable orders (by primary key) so that pages never skip or repeat a row.


def award_records(year=None):
    """The award history (imported and from approved nominations), title and unit loaded."""
    rows = AwardRecord.objects.select_related("title", "unit")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("pk")


def issued_decisions(year=None):
    """Approved nominations with their decision's number and date: the decisions issued and their
    recipients, until a register of decisions exists."""
    rows = Nomination.objects.filter(state=Nomination.State.APPROVED).select_related("title", "unit", "cluster")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("pk")


def person_award_records(full_name, unit_ids):
    """Award records of a person of these units. The history names persons by their name only,
    so a record is the person's when the name (NFC, as stored) and a unit of theirs match."""
    return award_records().filter(person_name=full_name, unit_id__in=unit_ids)


def dossier_papers(dossier_id):
    """A dossier with its unit and its recipients (persons first, then units, each with the
    title proposed), for the cover letter and the list of recipients; None if there is none.
    Three queries."""
    lines = DossierLine.objects.select_related("person", "unit", "title").order_by("unit_id", "title__order", "pk")
    return (
        Dossier.objects.select_related("unit__parent", "cluster")
        .prefetch_related(Prefetch("lines", lines))
        .filter(pk=dossier_id)
        .first()
    )


def may_view_dossier(user, dossier):
    return dossier is not None and may(user, "awards.view_dossier", dossier)


def decision_paper(decision_id):
    """A decision with its office, the decision it revokes or corrects and its annex (title and
    unit of each line, in the annex's order), for the decision's PDF; None if there is none.
    Two queries."""
    lines = DecisionLine.objects.select_related("title", "unit").order_by("order", "pk")
    return (
        Decision.objects.select_related("office", "revokes", "corrects")
        .prefetch_related(Prefetch("lines", lines))
        .filter(pk=decision_id)
        .first()
    )


def may_view_decision(user, decision):
    return decision is not None and may(user, "awards.view_decision", decision)


def decisions_to_print(unit_id=None):
    """Issued decisions, newest first, each with ``recipients``: its lines (of ``unit_id`` only,
    when given); those with none left out. One query."""
    of_unit = Q(lines__unit_id=unit_id) if unit_id is not None else Q()
    return (
        Decision.objects.filter(state=Decision.State.ISSUED)
        .annotate(recipients=Count("lines", filter=of_unit))
        .filter(recipients__gt=0)
        .order_by("-date", "-pk")
    )


def is_issued(decision):
    """Is the decision in force (issued, neither revoked nor corrected)? Its certificates print only then."""
    return decision.state == Decision.State.ISSUED


def council_minutes(session_id):
    """A council session for its minutes: the session, its members (official and unit loaded)
    and its ballots with their candidates (recipient and unit loaded) and roll, and the seats
    marked present at the opening; None if there is none. Six queries."""
    session = CouncilSession.objects.filter(pk=session_id).select_related("unit").first()
    if session is None:
        return None
    candidates = Candidate.objects.select_related(
        "dossier_line__person", "dossier_line__unit", "unit", "individual_title__person_year__person"
    ).order_by("pk")
    ballots = list(
        session.votes.filter(runoff_of=None)
        .select_related("title")
        .prefetch_related(Prefetch("candidates", candidates))
        .order_by("title__order", "pk")
    )
    present = set(
        Voter.objects.filter(vote__session=session, present=True, council_member__isnull=False).values_list(
            "council_member_id", flat=True
        )
    )
    return {"session": session, "members": session_members(session), "ballots": ballots, "present": present}


def may_view_council_session(user, session):
    """The emulation office, whoever runs the session (a unit's head for its council), or a
    member of the session's council that year."""
    if may(user, "awards.manage_dossiers") or may(user, "awards.manage_council_session", session):
        return True
    return any(member.user_id == user.pk for member in session_members(session))


def dossier_deadline(dossier):
    """The calendar's date for the round's dossiers to reach the Ministry: as the proposing
    cluster dates it for a cluster's dossier, else as the unit's clusters do. None when the
    calendar of the round's year has no such step."""
    kind, year = calendar.StepKind.DOSSIERS, dossier.year
    if dossier.cluster_id:
        return calendar.deadline(kind, year, dossier.cluster_id)
    return calendar.unit_deadline(kind, year, dossier.unit_id)


def dossier_deadline_context(dossier):
    """What the dossier page says of the deadline: the date and the days late (to the day the
    dossier reached the Ministry, or to today while it has not)."""
    found = dossier_deadline(dossier)
    return {
        "deadline": found,
        "days_late": calendar.lateness(found.due, dossier.sent_to_ministry_at) if found else None,
    }


def person_awards(person, _user):
    """The person's page section of their award records (``people.registry``): year, title,
    and the decision that gave it, newest first."""
    records = AwardRecord.objects.filter(person=person).select_related("title").order_by("-year", "pk")
    lines = []
    for record in records:
        day = record.decision_date.strftime("%d/%m/%Y") if record.decision_date else ""
        decision = ", ".join(part for part in (record.decision_number, day) if part)
        lines.append((f"{record.year}: {record.title.name}" + (f" ({decision})" if decision else ""), ""))
    return (_("Award history"), lines) if lines else None
