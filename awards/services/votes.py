"""Votes of a cluster on a title (phiên bỏ phiếu): create from the title's rule,
prepare (settings, candidates, voter roll), open, count paper totals, close and count,
publish. Each verb locks the vote and asks ``transitions.VOTE`` first."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation.concurrency import check_version
from emulation.models import Membership, Official
from emulation.numbers import percent
from emulation.permissions import heads_cluster
from emulation.services import save_with_history
from emulation.text import nfc

from .. import proposals, tally
from ..models import RULE_SETTINGS, VOTE_SETTINGS, Candidate, Participation, TitleRule, Vote, Voter
from ..transitions import VOTE
from .ballot_box import create_key, destroy_key
from .ballots import count_sealed_ballots

# --- preparing -----------------------------------------------------------------------------


def lock_vote(vote):
    return Vote.objects.select_for_update(of=("self",)).select_related("cluster", "title").get(pk=vote.pk)


def _head_officials(unit_ids):
    """{unit_id: the unit's head official (thủ trưởng)}, one query."""
    heads = {}
    rows = Official.objects.filter(unit_id__in=unit_ids, is_unit_head=True).order_by("pk")
    for official in rows:
        heads.setdefault(official.unit_id, official)
    return heads


@transaction.atomic
def create_vote(cluster, year, title, by, *, mode=Vote.Mode.ELECTRONIC, meeting_place="", meeting_date=None):
    """The cluster head's staff create a vote for their cluster, year and title: the
    rule's values are copied, the voter roll is one voter per member unit (its head),
    candidates are proposed (see ``awards.proposals``). A title whose seats are a share
    of another title's winners becomes a second round among those winners."""
    if not heads_cluster(by, cluster.pk, year):
        raise PermissionDenied(_("Only the staff of the cluster's head unit for that year can create its votes."))
    rule = TitleRule.for_title(title, year)
    if rule is None or not rule.chosen_by_vote:
        raise ValidationError(
            _("%(title)s is not chosen by a cluster vote in %(year)s.") % {"title": title, "year": year}
        )
    members = list(Membership.objects.filter(cluster=cluster, year=year).select_related("unit").order_by("pk"))
    if not members:
        raise ValidationError(_("The cluster has no members in %(year)s.") % {"year": year})
    if Vote.objects.filter(cluster=cluster, year=year, title=title, runoff_of__isnull=True).exists():
        raise ValidationError(_("This cluster already has a vote on this title for that year."))
    proposal = proposals.propose(rule, cluster, year, [m.unit for m in members])
    vote = Vote(
        cluster=cluster,
        year=year,
        title=title,
        rule=rule,
        source_vote=proposal.source_vote,
        mode=mode,
        meeting_place=meeting_place,
        meeting_date=meeting_date,
        seats=max(1, proposal.seats),
        note="\n".join(proposal.notes),
        created_by=by,
        **{name: getattr(rule, name) for name in RULE_SETTINGS},
    )
    save_with_history(vote, by)
    candidates = [Candidate(vote=vote, unit=unit, origin=proposal.origin) for unit in proposal.units]
    bulk_create_with_history(candidates, Candidate, default_user=by)
    heads = _head_officials([m.unit_id for m in members])
    voters = [Voter(vote=vote, unit=m.unit, official=heads.get(m.unit_id)) for m in members]
    bulk_create_with_history(voters, Voter, default_user=by)
    return vote


@transaction.atomic
def create_second_round(vote, title, by):
    """From a closed first count, the vote on a title whose candidates are its winners
    (Cờ thi đua của Chính phủ among those proposed for Cờ thi đua ngành Tư pháp)."""
    locked = lock_vote(vote)
    VOTE.check(locked, "second_round", by)
    rule = TitleRule.for_title(title, locked.year)
    if rule is None or rule.seats_source_title_id != locked.title_id:
        raise ValidationError(_("%(title)s does not choose among the units proposed in this vote.") % {"title": title})
    return create_vote(locked.cluster, locked.year, title, by, mode=locked.mode)


@transaction.atomic
def delete_vote(vote, by):
    """Delete a vote made by mistake, while it is still a draft (its candidates and roll
    go with it). A runoff stays: it settles a tie of a closed vote."""
    locked = lock_vote(vote)
    VOTE.check(locked, "delete", by)
    if locked.runoff_of_id:
        raise ValidationError(_("A runoff settles a tie of a closed vote and cannot be deleted."))
    locked._history_user = by
    locked.delete()


@transaction.atomic
def update_vote(vote, by, expected_version=None, **values):
    """Adjust the copied rule values, mode, place and date before the vote opens."""
    locked = lock_vote(vote)
    VOTE.check(locked, "edit", by)
    check_version(locked, expected_version)
    for name, value in values.items():
        if name not in VOTE_SETTINGS:
            raise ValueError(name)
        setattr(locked, name, value)
    locked.full_clean(exclude=["rule", "cluster", "title", "created_by", "runoff_of", "source_vote"])
    save_with_history(locked, by)
    return locked


@transaction.atomic
def add_candidate(vote, unit, reason, by):
    """Add a member unit to the list, with the reason (recorded for the minutes)."""
    locked = lock_vote(vote)
    VOTE.check(locked, "edit", by)
    reason = nfc((reason or "").strip())
    if not reason:
        raise ValidationError(_("Give the reason for adding this unit."))
    if not Membership.objects.filter(cluster_id=locked.cluster_id, year=locked.year, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s is not a member of this cluster in %(year)s.") % {"unit": unit, "year": locked.year}
        )
    candidate = Candidate.objects.select_for_update().filter(vote=locked, unit=unit).first()
    if candidate is not None and not candidate.withdrawn:
        raise ValidationError(_("This unit is already a candidate in this vote."))
    if candidate is None:
        candidate = Candidate(vote=locked, unit=unit)
    candidate.origin = Candidate.Origin.ADDED
    candidate.reason = reason
    candidate.withdrawn = False
    candidate.withdrawn_reason = ""
    save_with_history(candidate, by)
    note = proposals.without_exclusion(locked.note, unit)  # no longer "not proposed"
    if note != locked.note:
        locked.note = note
        save_with_history(locked, by)
    return candidate


@transaction.atomic
def remove_candidate(candidate, reason, by):
    """Take a unit off the list; it stays in the record, marked removed, with the reason."""
    locked_vote = lock_vote(candidate.vote)
    VOTE.check(locked_vote, "edit", by)
    reason = nfc((reason or "").strip())
    if not reason:
        raise ValidationError(_("Give the reason for removing this unit."))
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk, vote=locked_vote)
    if locked.withdrawn:
        raise ValidationError(_("This unit has already been removed."))
    locked.withdrawn = True
    locked.withdrawn_reason = reason
    save_with_history(locked, by)
    return locked


@transaction.atomic
def set_voter(voter, official, by):
    """Choose who casts the unit's ballot: its head or a delegate of the same unit."""
    locked_vote = lock_vote(voter.vote)
    VOTE.check(locked_vote, "edit", by)
    locked = Voter.objects.select_for_update().get(pk=voter.pk, vote=locked_vote)
    if official is not None and official.unit_id != locked.unit_id:
        raise ValidationError(_("The voter must be an official of %(unit)s.") % {"unit": locked.unit})
    if (
        official is not None
        and Voter.objects.filter(vote=locked_vote, official=official).exclude(pk=locked.pk).exists()
    ):
        raise ValidationError(_("This official already votes for another unit."))
    locked.official = official
    locked.is_delegate = bool(official and not official.is_unit_head)
    save_with_history(locked, by)
    return locked


# --- running -------------------------------------------------------------------------------


@transaction.atomic
def open_vote(vote, present_unit_ids, by, expected_version=None):
    """Mark who is present (the units, or the council's member seats, in
    ``present_unit_ids``) and open the vote. Refused without quorum, without
    candidates, or (electronic) when a present unit has nobody to vote for it."""
    locked = lock_vote(vote)
    VOTE.check(locked, "open", by)
    check_version(locked, expected_version)
    if not locked.candidates.filter(withdrawn=False).exists():
        raise ValidationError(_("There is no candidate to vote on."))
    present_unit_ids = {int(u) for u in present_unit_ids if str(u).isascii() and str(u).isdigit()}  # "abc": absent
    voters = list(Voter.objects.select_for_update().filter(vote=locked).select_related("unit").order_by("pk"))
    present = [v for v in voters if v.roll_key in present_unit_ids]  # a council ballot: the members' seats
    if not tally.quorum_met(len(present), len(voters), locked.quorum_percent):
        raise ValidationError(
            _("No quorum: %(present)s of %(entitled)s voters present, at least %(quorum)s needed.")
            % {"present": len(present), "entitled": len(voters), "quorum": percent(locked.quorum_percent)}
        )
    if not locked.is_paper:
        nobody = [str(v.unit) for v in present if v.official_id is None]
        if nobody:
            raise ValidationError(_("Choose who votes for: %(units)s.") % {"units": ", ".join(nobody)})
    for voter in voters:
        if voter.present != (voter in present):
            voter.present = voter in present
            save_with_history(voter, by, update_fields=["present"])
    VOTE.move(locked, "open")
    locked.opened_at = timezone.now()
    save_with_history(locked, by)
    if not locked.is_paper:
        # Synced to disk before the opening commits; if the commit fails the file is
        # an orphan no ballot was ever sealed under (its name follows ``opened_at``).
        create_key(locked)
    return locked


@transaction.atomic
def record_paper_totals(vote, by, *, cast, blank, invalid, votes, expected_version=None):
    """Paper mode: the secretary enters the counted totals. ``votes`` maps candidate
    id → votes. Checked for consistency; can be corrected until the vote closes."""
    locked = lock_vote(vote)
    VOTE.check(locked, "record_totals", by)
    if not locked.is_paper:
        raise ValidationError(_("This is an electronic vote: its ballots are counted automatically."))
    check_version(locked, expected_version)
    present = locked.voters.filter(present=True).count()
    cast, blank, invalid = int(cast), int(blank), int(invalid)
    if min(cast, blank, invalid) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    if cast > present:
        raise ValidationError(
            _("%(cast)s ballots cast but only %(present)s voters present.") % {"cast": cast, "present": present}
        )
    if blank + invalid > cast:
        raise ValidationError(_("Blank and invalid ballots cannot exceed the ballots cast."))
    marked = cast - blank - invalid
    candidates = list(Candidate.objects.select_for_update().filter(vote=locked, withdrawn=False).order_by("pk"))
    counts = {c.pk: int(votes.get(c.pk) or 0) for c in candidates}
    if any(n < 0 or n > marked for n in counts.values()):
        raise ValidationError(
            _("A candidate cannot have more votes than the %(marked)s valid, non-blank ballots.") % {"marked": marked}
        )
    if locked.ballot_style == tally.APPROVAL and sum(counts.values()) > marked * locked.seats:
        raise ValidationError(
            _("The votes add up to more than %(seats)s per valid, non-blank ballot.") % {"seats": locked.seats}
        )
    for candidate in candidates:
        candidate.paper_votes = counts[candidate.pk]
        save_with_history(candidate, by, update_fields=["paper_votes"])
    locked.paper_cast, locked.paper_blank, locked.paper_invalid = cast, blank, invalid
    save_with_history(locked, by)
    return locked


@transaction.atomic
def close_vote(vote, by, expected_version=None):
    """Close and tally: votes and share of each candidate against the threshold's base,
    who passes, ranks, seats filled in order. The roll (entitled, present, voted) is
    frozen. A tie at the last seat creates a runoff (a draft vote among the tied).
    Returns the ``tally.Outcome``."""
    locked = lock_vote(vote)
    VOTE.check(locked, "close", by)
    check_version(locked, expected_version)
    voters = list(Voter.objects.select_for_update().filter(vote=locked).order_by("pk"))
    candidates = list(Candidate.objects.select_for_update().filter(vote=locked, withdrawn=False).order_by("pk"))
    if locked.is_paper:
        if locked.paper_cast is None:
            raise ValidationError(_("Enter the counted totals before closing the vote."))
        counts = {c.pk: c.paper_votes or 0 for c in candidates}
        cast, blank, invalid = locked.paper_cast, locked.paper_blank or 0, locked.paper_invalid or 0
        voted_ids = None
    else:
        ballots = count_sealed_ballots(locked)  # and destroys the box's key once this commits
        counts, blank = tally.count_ballots(ballots, [c.pk for c in candidates])
        cast, invalid = len(ballots), 0
        voted_ids = set(Participation.objects.filter(vote=locked).values_list("voter_id", flat=True))
    entitled = len(voters)
    present = sum(1 for v in voters if v.present)
    outcome = tally.score_candidates(
        locked, candidates, counts, entitled=entitled, present=present, cast=cast - invalid
    )
    for candidate in candidates:
        save_with_history(candidate, by)
    for voter in voters:
        voter.voted = (voter.pk in voted_ids) if voted_ids is not None else None
        save_with_history(voter, by, update_fields=["voted"])
    locked.entitled_count, locked.present_count = entitled, present
    locked.voted_count = len(voted_ids) if voted_ids is not None else cast
    locked.cast_count, locked.blank_count, locked.invalid_count = cast, blank, invalid
    VOTE.move(locked, "close")
    locked.closed_at = timezone.now()
    save_with_history(locked, by)
    if outcome.needs_runoff:
        _create_runoff(locked, [c for c in candidates if c.pk in outcome.runoff], outcome.runoff_seats, voters, by)
    return outcome


def _create_runoff(vote, tied, seats, voters, by):
    settings = {name: getattr(vote, name) for name in VOTE_SETTINGS}
    settings.update(
        # The tied already reached the threshold: the runoff only orders them.
        threshold_percent=0,
        threshold_inclusive=True,
        ballot_style=tally.APPROVAL,
        seats=seats,
        note=_("Runoff among the candidates tied at the last seat: the most votes win the remaining seats."),
    )
    runoff = Vote(
        cluster_id=vote.cluster_id,
        session_id=vote.session_id,
        absent_may_vote=vote.absent_may_vote,
        year=vote.year,
        title_id=vote.title_id,
        rule_id=vote.rule_id,
        runoff_of=vote,
        source_vote_id=vote.source_vote_id,
        created_by=by,
        **settings,
    )
    save_with_history(runoff, by)
    bulk_create_with_history(
        [
            Candidate(
                vote=runoff,
                unit_id=c.unit_id,
                dossier_line_id=c.dossier_line_id,
                individual_title_id=c.individual_title_id,
                origin=Candidate.Origin.TIED,
            )
            for c in tied
        ],
        Candidate,
        default_user=by,
    )
    bulk_create_with_history(
        [
            Voter(
                vote=runoff,
                unit_id=v.unit_id,
                official_id=v.official_id,
                council_member_id=v.council_member_id,
                is_delegate=v.is_delegate,
                present=v.present,
            )
            for v in voters
        ],
        Voter,
        default_user=by,
    )
    return runoff


@transaction.atomic
def publish_vote(vote, by):
    """Show the result to the members: the vote and its runoffs, once all are closed."""
    root = lock_vote(vote.root)
    VOTE.check(root, "publish", by)
    chain = [root]
    while True:
        runoff = Vote.objects.select_for_update().filter(runoff_of=chain[-1]).order_by("pk").first()
        if runoff is None:
            break
        chain.append(runoff)
    if not all(VOTE.allows(item, "publish") for item in chain):
        raise ValidationError(_("Close the vote and any runoff before publishing the result."), code="state")
    now = timezone.now()
    for item in chain:
        VOTE.move(item, "publish")
        item.published_at = now
        save_with_history(item, by)
        if item.opened_at and not item.is_paper:
            # Again, should the process have died between the close's commit and its removal.
            transaction.on_commit(lambda item=item: destroy_key(item))
    return root
