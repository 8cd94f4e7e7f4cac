"""Awards' part of ``seed_scale``: every cluster's year-end secret ballot on the Ministry's
flag (Cờ thi đua ngành Tư pháp) — published for past years with the voter roll,
participations, ballots and results; open for the last year — and the nominations (and
award history) of the units seated.

The secrecy design holds here too: a ballot is written with a random key and no link to
a voter; the ballots are made from the counts alone, then shuffled, and do not follow
the order of the participations.
"""

import datetime
import uuid
from collections import defaultdict

from django.db.models import Q

from emulation.models import Title
from scoring.models import Scorecard

from . import tally
from .models import AwardRecord, Ballot, Candidate, Nomination, Participation, TitleRule, Vote, Voter
from .services.ballots import RECEIPT_ALPHABET, receipt_hash

FLAG = "co-thi-dua-nganh-tu-phap"
MAX_CANDIDATES = 6
SUMMARY = "Năm {year}, đơn vị hoàn thành xuất sắc các chỉ tiêu giao ước thi đua, dẫn đầu {cluster}."


class Rows:
    """The rows of every table, written together at the end (tens of thousands each)."""

    def __init__(self):
        self.votes, self.candidates, self.voters = [], [], []
        self.participations, self.ballots, self.nominations, self.records = [], [], [], []

    def write(self, plan):
        for model, rows in (
            (Vote, self.votes),
            (Candidate, self.candidates),
            (Voter, self.voters),
            (Participation, self.participations),
            (Ballot, self.ballots),
            (Nomination, self.nominations),
            (AwardRecord, self.records),
        ):
            plan.insert(model, rows)


def load(plan):
    flag = Title.objects.filter(code=FLAG).first()
    if flag is None:
        return
    _ensure_rules(flag)
    rows = Rows()
    _votes(plan, flag, rows)
    _nominations(plan, flag, rows)
    rows.write(plan)
    plan.log(f"votes: {len(rows.votes)}, ballots: {len(rows.ballots)}, nominations: {len(rows.nominations)}")


def _ensure_rules(flag):
    """The titles' rules are small reference data: the demo's, when they are absent."""
    if not TitleRule.objects.filter(title=flag).exists():
        from .demo import _rules

        _rules({title.code: title for title in Title.objects.all()})


def _rule_for(rules, year):
    return next((r for r in rules if r.first_year <= year and (r.last_year is None or year <= r.last_year)), None)


# --- votes ---------------------------------------------------------------------


def _votes(plan, flag, rows):
    rules = list(TitleRule.objects.filter(title=flag, chosen_by_vote=True).order_by("-first_year"))
    taken = set(Vote.objects.filter(title=flag, runoff_of__isnull=True).values_list("cluster_id", "year"))
    scores = _scores(plan)
    todo = []
    for (cluster_id, year), members in sorted(plan.members.items()):
        rule = _rule_for(rules, year)
        if rule and len(members) >= 2 and (cluster_id, year) not in taken and cluster_id in plan.clusters:
            todo.append((cluster_id, year, members, rule))
    ids = plan.ids(Vote, len(todo))
    for (cluster_id, year, members, rule), pk in zip(todo, ids, strict=True):
        rng = plan.rng("vote", cluster_id, year)
        ranked = sorted(members, key=lambda unit_id: (-scores.get((unit_id, year), 0), unit_id))
        _vote(plan, rng, rows, pk, plan.clusters[cluster_id], year, rule, ranked)


def _scores(plan):
    """{(unit id, year): total} — the final total, else the self-scored one."""
    cards = Scorecard.objects.filter(year__in=plan.years).values_list("unit_id", "year", "final_total", "self_total")
    return {(unit_id, year): final if final is not None else own for unit_id, year, final, own in cards}


def _seats(rule, candidates):
    wanted = int(rule.seats_value) if rule.seats_kind == TitleRule.SeatsKind.FIXED else 2
    return max(1, min(wanted, candidates - 1))


def _vote(plan, rng, rows, pk, cluster, year, rule, ranked):
    past = plan.is_past(year)
    candidates = ranked[:MAX_CANDIDATES]
    vote = Vote(
        id=pk,
        cluster_id=cluster.pk,
        year=year,
        title_id=rule.title_id,
        rule_id=rule.pk,
        mode=Vote.Mode.ELECTRONIC,
        state=Vote.State.PUBLISHED if past else Vote.State.OPEN,
        meeting_place=f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {year} của {cluster.name}",
        meeting_date=datetime.date(year, 11, 28),
        legal_basis=rule.legal_basis,
        quorum_percent=rule.quorum_percent,
        threshold_percent=rule.threshold_percent,
        threshold_base=rule.threshold_base,
        threshold_inclusive=rule.threshold_inclusive,
        ballot_style=rule.ballot_style,
        seats=_seats(rule, len(candidates)),
        created_by_id=plan.user_id,
        opened_at=_moment(year, 11, 28, 9),
    )
    rows.votes.append(vote)
    candidate_rows = [
        Candidate(id=candidate_pk, vote_id=pk, unit_id=unit_id)
        for unit_id, candidate_pk in zip(candidates, plan.ids(Candidate, len(candidates)), strict=True)
    ]
    rows.candidates += candidate_rows
    voters = _roll(plan, rng, rows, vote, ranked)
    voting = [voter for voter in voters if voter.present and (past or rng.random() < 0.6)]
    rows.participations += [Participation(vote_id=pk, voter_id=voter.pk) for voter in voting]
    approvals = _approvals(rng, [c.pk for c in candidate_rows], len(voting), vote.seats)
    rows.ballots += [_ballot(rng, pk, approved) for approved in approvals]
    if past:
        for voter in voters:
            voter.voted = voter in voting
        _close(vote, candidate_rows, voters, approvals)


def _roll(plan, rng, rows, vote, members):
    """One voter per member unit (its head); about nine in ten present, never below quorum."""
    ids = plan.ids(Voter, len(members))
    voters = []
    for unit_id, pk in zip(members, ids, strict=True):
        official = plan.heads.get(unit_id, (None,))[0]
        voters.append(Voter(id=pk, vote_id=vote.pk, unit_id=unit_id, official_id=official))
    able = [voter for voter in voters if voter.official_id is not None]
    for voter in able:
        voter.present = rng.random() < 0.92
    if not tally.quorum_met(sum(v.present for v in voters), len(voters), vote.quorum_percent):
        for voter in able:
            voter.present = True
    rows.voters += voters
    return voters


def _approvals(rng, candidate_ids, ballots, seats):
    """``ballots`` approval lists of at most ``seats`` candidates each, whose counts fall
    strictly from the first candidate to the last (no tie at the last seat, no runoff)."""
    wanted, previous = [], ballots + 1
    for index in range(len(candidate_ids)):
        share = 0.9 - index * 0.12 + rng.uniform(-0.04, 0.04)
        previous = max(0, min(round(ballots * share), previous - 1))
        wanted.append(previous)
    while sum(wanted) > seats * ballots:
        wanted = [max(0, count - 1 - index) for index, count in enumerate(wanted)]
    approvals = [[] for _ in range(ballots)]
    for candidate_id, count in zip(candidate_ids, wanted, strict=True):
        order = sorted(range(ballots), key=lambda i: (len(approvals[i]), rng.random()))
        for index in order[:count]:
            approvals[index].append(candidate_id)
    rng.shuffle(approvals)
    return [sorted(approved) for approved in approvals]


def _ballot(rng, vote_id, approved):
    code = "".join(rng.choice(RECEIPT_ALPHABET) for _ in range(12))
    return Ballot(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        vote_id=vote_id,
        approved=approved,
        receipt_hash=receipt_hash(vote_id, code),
    )


def _close(vote, candidates, voters, approvals):
    """The results and frozen roll, as ``services.close_vote`` writes them."""
    counts, blank = tally.count_ballots(approvals, [c.pk for c in candidates])
    entitled, present = len(voters), sum(v.present for v in voters)
    tally.score_candidates(vote, candidates, counts, entitled=entitled, present=present, cast=len(approvals))
    vote.entitled_count, vote.present_count, vote.voted_count = entitled, present, len(approvals)
    vote.cast_count, vote.blank_count, vote.invalid_count = len(approvals), blank, 0
    vote.closed_at = _moment(vote.year, 11, 28, 11)
    vote.published_at = _moment(vote.year, 11, 28, 15)


def _moment(year, month, day, hour):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=datetime.UTC)


# --- nominations ---------------------------------------------------------------


def _nominations(plan, flag, rows):
    """The seated units of each published vote, proposed to the Ministry: decided (and
    recorded in the award history) except for the last past year, still submitted."""
    live = set(
        Nomination.objects.filter(title=flag, person_name="")
        .filter(~Q(state=Nomination.State.REJECTED))
        .values_list("year", "unit_id")
    )
    recorded = set(AwardRecord.objects.filter(title=flag, person_name="").values_list("year", "unit_id"))
    seated = defaultdict(list)
    for candidate in rows.candidates:
        if candidate.seated:
            seated[candidate.vote_id].append(candidate.unit_id)
    wanted = []
    for vote in rows.votes:
        for unit_id in seated[vote.pk]:
            if (vote.year, unit_id) not in live:
                live.add((vote.year, unit_id))
                wanted.append((vote, unit_id))
    for (vote, unit_id), pk in zip(wanted, plan.ids(Nomination, len(wanted)), strict=True):
        nomination = _nomination(plan, pk, vote, unit_id)
        rows.nominations.append(nomination)
        if nomination.state == Nomination.State.APPROVED and (vote.year, unit_id) not in recorded:
            rows.records.append(_record(nomination))


def _nomination(plan, pk, vote, unit_id):
    nomination = Nomination(
        id=pk,
        title_id=vote.title_id,
        year=vote.year,
        unit_id=unit_id,
        cluster_id=vote.cluster_id,
        vote_id=vote.pk,
        state=Nomination.State.SUBMITTED,
        achievement_summary=SUMMARY.format(year=vote.year, cluster=plan.clusters[vote.cluster_id].name),
        created_by_id=plan.user_id,
        submitted_at=_moment(vote.year, 12, 10, 9),
    )
    if vote.year < plan.current_year - 1:
        nomination.state = Nomination.State.APPROVED
        nomination.decision_number = f"{100 + vote.year % 100}/QĐ-BTP"
        nomination.decision_date = datetime.date(vote.year + 1, 1, 20)
        nomination.decided_at = _moment(vote.year + 1, 1, 20, 9)
    return nomination


def _record(nomination):
    return AwardRecord(
        title_id=nomination.title_id,
        year=nomination.year,
        unit_id=nomination.unit_id,
        decision_number=nomination.decision_number,
        decision_date=nomination.decision_date,
        source=AwardRecord.Source.NOMINATION,
        nomination_id=nomination.pk,
    )
