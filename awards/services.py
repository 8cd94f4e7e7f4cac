"""Every action that changes votes, nominations, rules, the award history or a handover.

Each runs in one transaction, locks what it checks (``select_for_update``, in primary
key order), checks the permission rule and the state, writes history with ``by`` as
the author, and refuses with ``ValidationError`` (shown to the user) or
``PermissionDenied`` (403).

Casting a ballot is the one action that writes no history and touches no audited row:
it locks the vote without saving it, inserts the participation (the unique constraint
refuses a second one), then the ballot with a random key and no voter.
"""

import hashlib
import secrets
import uuid
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation.concurrency import check_version
from emulation.models import Membership, Official, Title, Unit
from emulation.numbers import percent
from emulation.permissions import heads_cluster
from emulation.services import copy_memberships, save_with_history, set_leadership
from emulation.spreadsheets import read_rows
from emulation.text import nfc

from . import proposals, queries, tally
from .models import (
    Attachment,
    AwardRecord,
    Ballot,
    Candidate,
    Handover,
    Nomination,
    Participation,
    TitleRule,
    Vote,
    Voter,
)
from .permissions import require
from .transitions import HANDOVER, NOMINATION, VOTE

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
VOTE_SETTINGS = [
    "mode",
    "meeting_place",
    "meeting_date",
    "legal_basis",
    "quorum_percent",
    "threshold_percent",
    "threshold_base",
    "threshold_inclusive",
    "ballot_style",
    "seats",
    "note",
]


# --- rules --------------------------------------------------------------------------


@transaction.atomic
def save_rule(rule, by, expected_version=None):
    """Create or change a title's rule (ministry staff). ``rule`` carries the new values."""
    require(by, "awards.edit_rules")
    if rule.pk:
        locked = TitleRule.objects.select_for_update().get(pk=rule.pk)
        check_version(locked, expected_version)
        rule.version = locked.version
    rule.full_clean()
    save_with_history(rule, by)
    return rule


# --- votes: preparing -----------------------------------------------------------------


def _lock_vote(vote):
    return Vote.objects.select_for_update().select_related("cluster", "title").get(pk=vote.pk)


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
        legal_basis=rule.legal_basis,
        quorum_percent=rule.quorum_percent,
        threshold_percent=rule.threshold_percent,
        threshold_base=rule.threshold_base,
        threshold_inclusive=rule.threshold_inclusive,
        ballot_style=rule.ballot_style,
        seats=max(1, proposal.seats),
        note="\n".join(proposal.notes),
        created_by=by,
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
    locked = _lock_vote(vote)
    VOTE.check(locked, "second_round", by)
    rule = TitleRule.for_title(title, locked.year)
    if rule is None or rule.seats_source_title_id != locked.title_id:
        raise ValidationError(_("%(title)s does not choose among the units proposed in this vote.") % {"title": title})
    return create_vote(locked.cluster, locked.year, title, by, mode=locked.mode)


@transaction.atomic
def delete_vote(vote, by):
    """Delete a vote made by mistake, while it is still a draft (its candidates and roll
    go with it). A runoff stays: it settles a tie of a closed vote."""
    locked = _lock_vote(vote)
    VOTE.check(locked, "delete", by)
    if locked.runoff_of_id:
        raise ValidationError(_("A runoff settles a tie of a closed vote and cannot be deleted."))
    locked._history_user = by
    locked.delete()


@transaction.atomic
def update_vote(vote, by, expected_version=None, **values):
    """Adjust the copied rule values, mode, place and date before the vote opens."""
    locked = _lock_vote(vote)
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
    locked = _lock_vote(vote)
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
    return candidate


@transaction.atomic
def remove_candidate(candidate, reason, by):
    """Take a unit off the list; it stays in the record, marked removed, with the reason."""
    locked_vote = _lock_vote(candidate.vote)
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
    locked_vote = _lock_vote(voter.vote)
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


# --- votes: running -------------------------------------------------------------------


@transaction.atomic
def open_vote(vote, present_unit_ids, by, expected_version=None):
    """Mark who is present and open the vote. Refused without quorum, without
    candidates, or (electronic) when a present unit has nobody to vote for it."""
    locked = _lock_vote(vote)
    VOTE.check(locked, "open", by)
    check_version(locked, expected_version)
    if not locked.candidates.filter(withdrawn=False).exists():
        raise ValidationError(_("There is no candidate to vote on."))
    present_unit_ids = {int(unit_id) for unit_id in present_unit_ids}
    voters = list(Voter.objects.select_for_update().filter(vote=locked).select_related("unit").order_by("pk"))
    present = [v for v in voters if v.unit_id in present_unit_ids]
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
    return locked


def new_receipt_code():
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def receipt_hash(vote_id, code):
    normalized = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(f"{vote_id}:{normalized}".encode()).hexdigest()


@transaction.atomic
def cast_ballot(vote, user, approved):
    """Cast the user's ballot: ``approved`` candidate ids (empty for a blank ballot).
    Returns the receipt code, shown to the voter once and stored only as a hash.

    PermissionDenied if the user is not on the roll; ValidationError if the vote is
    not open, the user was not marked present, the choices are not allowed, or the
    user has already voted (the participation's unique constraint decides)."""
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    VOTE.check(locked, "cast", user)  # open, and the user on the roll (the rule)
    voter = Voter.objects.get(vote=locked, official__user=user)
    if locked.is_paper:
        raise ValidationError(_("This vote is held on paper."))
    if not voter.present:
        raise ValidationError(_("You were not marked present when the vote opened."))
    candidate_ids = list(locked.candidates.filter(withdrawn=False).values_list("pk", flat=True))
    try:
        choices = tally.check_choices(
            [int(c) for c in approved], candidate_ids, style=locked.ballot_style, seats=locked.seats
        )
    except (TypeError, ValueError):
        raise ValidationError(
            _("Choose at most %(seats)s of the listed candidates.") % {"seats": locked.seats}
        ) from None
    try:
        with transaction.atomic():
            Participation.objects.create(vote=locked, voter=voter)
    except IntegrityError:
        raise ValidationError(_("You have already voted in this vote."), code="already_voted") from None
    code = new_receipt_code()
    Ballot.objects.create(vote=locked, approved=list(choices), receipt_hash=receipt_hash(locked.pk, code))
    return code


def ballot_counted(vote, code):
    """Was the ballot with this receipt code counted in this vote? (Says nothing of its content.)"""
    return Ballot.objects.filter(vote=vote, receipt_hash=receipt_hash(vote.pk, code)).exists()


@transaction.atomic
def record_paper_totals(vote, by, *, cast, blank, invalid, votes, expected_version=None):
    """Paper mode: the secretary enters the counted totals. ``votes`` maps candidate
    id → votes. Checked for consistency; can be corrected until the vote closes."""
    locked = _lock_vote(vote)
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


def _shuffle_ballots(vote):
    """Rewrite the vote's ballots in a random order under new random keys, and return
    their choices. Rows are stored in the order they were written (SQLite's rowid,
    PostgreSQL's heap), and participations in the order voters voted; rewriting the
    ballots at close breaks that last link between a voter and a ballot."""
    ballots = list(Ballot.objects.filter(vote=vote).values_list("approved", "receipt_hash"))
    secrets.SystemRandom().shuffle(ballots)
    Ballot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create(
        Ballot(id=uuid.uuid4(), vote=vote, approved=approved, receipt_hash=receipt) for approved, receipt in ballots
    )
    return [approved for approved, _receipt in ballots]


@transaction.atomic
def close_vote(vote, by, expected_version=None):
    """Close and tally: votes and share of each candidate against the threshold's base,
    who passes, ranks, seats filled in order. The roll (entitled, present, voted) is
    frozen. A tie at the last seat creates a runoff (a draft vote among the tied).
    Returns the ``tally.Outcome``."""
    locked = _lock_vote(vote)
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
        ballots = _shuffle_ballots(locked)
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
    runoff = Vote(
        cluster_id=vote.cluster_id,
        year=vote.year,
        title_id=vote.title_id,
        rule_id=vote.rule_id,
        runoff_of=vote,
        source_vote_id=vote.source_vote_id,
        mode=vote.mode,
        meeting_place=vote.meeting_place,
        meeting_date=vote.meeting_date,
        legal_basis=vote.legal_basis,
        quorum_percent=vote.quorum_percent,
        # The tied already reached the threshold: the runoff only orders them.
        threshold_percent=0,
        threshold_base=vote.threshold_base,
        threshold_inclusive=True,
        ballot_style=tally.APPROVAL,
        seats=seats,
        note=_("Runoff among the candidates tied at the last seat: the most votes win the remaining seats."),
        created_by=by,
    )
    save_with_history(runoff, by)
    bulk_create_with_history(
        [Candidate(vote=runoff, unit_id=c.unit_id, origin=Candidate.Origin.TIED) for c in tied],
        Candidate,
        default_user=by,
    )
    bulk_create_with_history(
        [
            Voter(
                vote=runoff, unit_id=v.unit_id, official_id=v.official_id, is_delegate=v.is_delegate, present=v.present
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
    root = _lock_vote(vote.root)
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
    return root


# --- nominations ------------------------------------------------------------------------


def _rule_for(title, year):
    return TitleRule.for_title(title, year)


@transaction.atomic
def create_nomination(title, year, unit, by, *, person_name="", achievement_summary="", vote=None):
    """A nomination: from a published vote's winners (by the cluster head's staff), or
    directly (by the unit's officials or ministry staff) for a title without a vote."""
    person_name = nfc((person_name or "").strip())
    if vote is not None:
        vote = _lock_vote(vote)
        VOTE.check(vote, "nominate", by)
        if unit not in queries.final_winners(vote):
            raise ValidationError(_("%(unit)s was not chosen in this vote.") % {"unit": unit})
        title, year, cluster = vote.title, vote.year, vote.cluster
    else:
        cluster = None
        nomination = Nomination(title=title, year=year, unit=unit)
        require(by, "awards.edit_nomination", nomination)
        rule = _rule_for(title, year)
        if rule is not None and rule.chosen_by_vote:
            raise ValidationError(
                _("%(title)s is chosen by a cluster vote: nominate from the vote's published result.")
                % {"title": title}
            )
    if (
        Nomination.objects.filter(title=title, year=year, unit=unit, person_name=person_name)
        .exclude(state=Nomination.State.REJECTED)
        .exists()
    ):
        raise ValidationError(_("This unit is already nominated for this title in that year."))
    nomination = Nomination(
        title=title,
        year=year,
        unit=unit,
        person_name=person_name,
        cluster=cluster,
        vote=vote,
        achievement_summary=nfc(achievement_summary or ""),
        created_by=by,
    )
    save_with_history(nomination, by)
    return nomination


def nominate_from_vote(vote, by):
    """Draft nominations for every unit the published vote chose (runoffs included)
    that is not nominated yet. Returns the new nominations."""
    created = []
    with transaction.atomic():
        root = _lock_vote(vote.root)
        VOTE.check(root, "nominate", by)
        existing = set(
            Nomination.objects.filter(vote=root)
            .exclude(state=Nomination.State.REJECTED)
            .values_list("unit_id", flat=True)
        )
        for unit in queries.final_winners(root):
            if unit.pk not in existing:
                created.append(create_nomination(root.title, root.year, unit, by, vote=root))
    return created


def _lock_nomination(nomination):
    return Nomination.objects.select_for_update().select_related("title", "unit").get(pk=nomination.pk)


@transaction.atomic
def update_nomination(nomination, by, *, achievement_summary, person_name=None, expected_version=None):
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, "edit", by)
    check_version(locked, expected_version)
    locked.achievement_summary = achievement_summary
    if person_name is not None:
        locked.person_name = person_name.strip()
    save_with_history(locked, by)
    return locked


@transaction.atomic
def add_attachment(nomination, by, *, uploaded, description):
    """Attach a document (PDF, JPEG or PNG, checked by its content) to a draft."""
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, "edit", by)
    attachment = Attachment(
        nomination=locked,
        description=(description or "").strip() or uploaded.name,
        file=uploaded,
        original_name=uploaded.name[:255],
        uploaded_by=by,
    )
    attachment.full_clean()
    save_with_history(attachment, by)
    return attachment


@transaction.atomic
def remove_attachment(attachment, by):
    locked = _lock_nomination(attachment.nomination)
    NOMINATION.check(locked, "edit", by)
    attachment._history_user = by
    attachment.delete()


@transaction.atomic
def submit_nomination(nomination, by, expected_version=None):
    """Send a draft to the Ministry: it needs the achievement summary, and the unit must
    meet the title's prerequisites according to the award history."""
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, "submit", by)
    check_version(locked, expected_version)
    if not locked.achievement_summary.strip():
        raise ValidationError(_("Write the achievement summary before submitting."))
    rule = _rule_for(locked.title, locked.year)
    if rule is not None:
        unmet = queries.unmet_prerequisites(rule, [locked.unit_id], locked.year, locked.person_name).get(locked.unit_id)
        if unmet:
            raise ValidationError(prerequisite_messages(unmet))
    NOMINATION.move(locked, "submit")
    locked.submitted_at = timezone.now()
    save_with_history(locked, by)
    return locked


def prerequisite_messages(unmet):
    return [
        _("%(title)s is missing in %(years)s.")
        % {"title": prerequisite.required_title, "years": ", ".join(str(y) for y in missing)}
        for prerequisite, missing in unmet
    ]


def _decide(nomination, by, action, decision_number, decision_date, note, expected_version):
    locked = _lock_nomination(nomination)
    NOMINATION.check(locked, action, by)
    check_version(locked, expected_version)
    decision_number = (decision_number or "").strip()
    if not decision_number or decision_date is None:
        raise ValidationError(_("Enter the decision's number and date."))
    NOMINATION.move(locked, action)
    locked.decision_number, locked.decision_date, locked.decision_note = decision_number, decision_date, note or ""
    locked.decided_at = timezone.now()
    save_with_history(locked, by)
    return locked


@transaction.atomic
def approve_nomination(nomination, by, *, decision_number, decision_date, note="", expected_version=None):
    """Approve with the decision's number and date; writes the award history."""
    locked = _decide(nomination, by, "approve", decision_number, decision_date, note, expected_version)
    record = AwardRecord.objects.filter(
        title=locked.title, year=locked.year, unit=locked.unit, person_name=locked.person_name
    ).first()
    if record is None:
        record = AwardRecord(title=locked.title, year=locked.year, unit=locked.unit, person_name=locked.person_name)
    record.decision_number, record.decision_date = locked.decision_number, locked.decision_date
    record.source, record.nomination = AwardRecord.Source.NOMINATION, locked
    save_with_history(record, by)
    return locked


@transaction.atomic
def reject_nomination(nomination, by, *, decision_number, decision_date, note="", expected_version=None):
    return _decide(nomination, by, "reject", decision_number, decision_date, note, expected_version)


# --- award history import -----------------------------------------------------------

IMPORT_COLUMNS = ["Năm", "Danh hiệu", "Đơn vị", "Cá nhân", "Số quyết định", "Ngày quyết định"]


def _parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _import_text(value):
    # openpyxl reads a cell's "_x0000_" as NUL, which PostgreSQL cannot store
    return nfc(str(value or "").strip()).replace("\x00", "")


def _invalid(model, name, value):
    """[ValidationError] when ``value`` does not fit the column (too long)."""
    try:
        model._meta.get_field(name).run_validators(value)
    except ValidationError as error:
        return [error]
    return []


def _cell_error(row, column, message):
    return _("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
        "row": row,
        "column": "ABCDEF"[column],
        "header": IMPORT_COLUMNS[column],
        "message": message,
    }


@transaction.atomic
def import_award_history(uploaded, by):
    """Import earlier years' awards from an .xlsx with the columns of
    ``IMPORT_COLUMNS`` (titles and units by name or code). All or nothing: any bad row
    refuses the file with every row's error. Rows already recorded are skipped.
    Returns (created, skipped)."""
    require(by, "awards.import_history")
    try:
        rows = read_rows(uploaded)
    except ValueError:
        raise ValidationError(_("The file is not a readable Excel workbook (.xlsx).")) from None
    if not rows or [str(c or "").strip() for c in rows[0][:3]] != IMPORT_COLUMNS[:3]:
        raise ValidationError(
            _("The first row must be the headings: %(columns)s.") % {"columns": ", ".join(IMPORT_COLUMNS)}
        )
    titles = {}
    for title in Title.objects.all():
        titles[title.code.lower()] = titles[nfc(title.name).lower()] = title
    units = {}
    for unit in Unit.objects.all():
        units[unit.slug.lower()] = units[nfc(unit.name).lower()] = unit
    errors, records, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (6 - len(row))
        if all(cell in (None, "") for cell in row[:6]):
            continue
        year_cell, title_cell, unit_cell, person, decision_number, decision_date = row[:6]
        try:
            year = int(year_cell)
        except (TypeError, ValueError, OverflowError):  # OverflowError: a cell holding ∞
            errors.append(_("Row %(row)s: the year is not a number.") % {"row": number})
            continue
        if not 1990 <= year <= 2100:
            errors.append(_cell_error(number, 0, _("Enter a year between 1990 and 2100.")))
            continue
        title = titles.get(nfc(str(title_cell or "")).strip().lower())
        unit = units.get(nfc(str(unit_cell or "")).strip().lower())
        if title is None:
            errors.append(_("Row %(row)s: unknown title “%(value)s”.") % {"row": number, "value": title_cell})
        if unit is None:
            errors.append(_("Row %(row)s: unknown unit “%(value)s”.") % {"row": number, "value": unit_cell})
        try:
            decided = _parse_date(decision_date)
        except ValueError:
            errors.append(_("Row %(row)s: the date is not a date (dd/mm/yyyy).") % {"row": number})
            continue
        if title is None or unit is None:
            continue
        person = _import_text(person)
        decision_number = _import_text(decision_number)
        too_long = [
            _cell_error(number, column, " ".join(error.messages))
            for column, name, value in ((3, "person_name", person), (4, "decision_number", decision_number))
            for error in _invalid(AwardRecord, name, value)
        ]
        if too_long:
            errors.extend(too_long)
            continue
        key = (title.pk, year, unit.pk, person)
        if key in seen:
            continue
        seen.add(key)
        records.append(
            AwardRecord(
                title=title,
                year=year,
                unit=unit,
                person_name=person,
                decision_number=decision_number,
                decision_date=decided,
                source=AwardRecord.Source.IMPORT,
            )
        )
    if errors:
        raise ValidationError(errors)
    existing = set(
        AwardRecord.objects.filter(unit_id__in={r.unit_id for r in records}).values_list(
            "title_id", "year", "unit_id", "person_name"
        )
    )
    new = [r for r in records if (r.title_id, r.year, r.unit_id, r.person_name) not in existing]
    bulk_create_with_history(new, AwardRecord, default_user=by)
    return len(new), len(records) - len(new)


# --- handover -----------------------------------------------------------------------------


@transaction.atomic
def record_handover(cluster, year, by, *, head, deputies=(), conference_date=None, conference_place=""):
    """At the year-end conference the head's staff record next year's proposed head
    and deputies (chosen among this year's members). Can be corrected until confirmed."""
    handover = Handover.objects.select_for_update().filter(cluster=cluster, year=year).first()
    if handover is None:
        handover = Handover(cluster=cluster, year=year, recorded_by=by)
    HANDOVER.check(handover, "record", by)
    deputies = [unit for unit in deputies if unit is not None]
    if head is None:
        raise ValidationError(_("Choose next year's head unit."))
    if head in deputies or len(set(deputies)) != len(deputies) or len(deputies) > 2:
        raise ValidationError(_("The head and the deputies must be different units."))
    member_ids = set(Membership.objects.filter(cluster=cluster, year=year).values_list("unit_id", flat=True))
    outside = [str(unit) for unit in [head, *deputies] if unit.pk not in member_ids]
    if outside:
        raise ValidationError(
            _("%(units)s is not a member of this cluster in %(year)s.") % {"units": ", ".join(outside), "year": year}
        )
    handover.next_head = head
    handover.next_deputy_1 = deputies[0] if deputies else None
    handover.next_deputy_2 = deputies[1] if len(deputies) > 1 else None
    handover.conference_date, handover.conference_place = conference_date, conference_place
    handover.recorded_by = by
    save_with_history(handover, by)
    return handover


@transaction.atomic
def confirm_handover(handover, by):
    """Ministry staff confirm: the cluster's next-year members are started from this
    year's if it has none yet, then next year's head and deputies are set."""
    locked = Handover.objects.select_for_update().select_related("cluster").get(pk=handover.pk)
    HANDOVER.check(locked, "confirm", by)
    next_year = locked.year + 1
    if not Membership.objects.filter(cluster=locked.cluster, year=next_year).exists():
        copy_memberships(locked.year, next_year, by, clusters=[locked.cluster])
    set_leadership(locked.cluster, next_year, locked.next_head, locked.deputies, by)
    HANDOVER.move(locked, "confirm")
    locked.confirmed_by, locked.confirmed_at = by, timezone.now()
    save_with_history(locked, by)
    return locked
