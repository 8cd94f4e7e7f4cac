"""Secret ballots (design.md, "Secret ballots"; docs/security.md §1): who voted is a
``Participation`` row; what was voted is, while the vote is open, a ``SealedBallot``
sealed under the vote's key (``ballot_box``), committed with the participation. Closing
opens the box, writes the counted ``Ballot`` rows in a random order under receipt hashes
that share nothing with the sealed ones, deletes the sealed rows and, once that commits,
destroys the key. Casting writes no history and touches no audited row."""

import hashlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import tally
from ..models import Ballot, Participation, SealedBallot, Vote, Voter
from ..transitions import VOTE
from .ballot_box import Box, destroy_key

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_receipt_code():
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _normalized(code):
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def receipt_hash(vote_id, code):
    """The fingerprint of a counted ballot's receipt (after close)."""
    return hashlib.sha256(f"{vote_id}:{_normalized(code)}".encode()).hexdigest()


def open_box(vote):
    """The open box of an electronic vote (its key file must exist)."""
    if vote.opened_at is None:  # an object loaded before the opening
        vote.refresh_from_db(fields=["opened_at"])
    return Box(vote, vote.candidates.filter(withdrawn=False).values_list("pk", flat=True))


@transaction.atomic
def cast_ballot(vote, user, approved):
    """Cast the user's ballot: ``approved`` candidate ids (empty for a blank ballot).
    Returns the receipt code, shown to the voter once and stored only as a keyed fingerprint
    (and sealed with the choices, to be hashed anew at close).

    PermissionDenied if the user is not on the roll; ValidationError if the vote is
    not open, the user was not marked present, the choices are not allowed, or the
    user has already voted (the participation's unique constraint decides)."""
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    VOTE.check(locked, "cast", user)  # open, and the user on the roll (the rule)
    voter = Voter.objects.get(vote=locked, official__user=user)
    if locked.is_paper:
        raise ValidationError(_("This vote is held on paper."))
    if not voter.present and not locked.absent_may_vote:
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
    box = Box(locked, candidate_ids)  # refuses before anything is written if the key is missing
    try:
        with transaction.atomic():
            Participation.objects.create(vote=locked, voter=voter)
    except IntegrityError:
        raise ValidationError(_("You have already voted in this vote."), code="already_voted") from None
    code = new_receipt_code()
    SealedBallot.objects.create(
        vote=locked, sealed=box.seal(_normalized(code), choices), receipt_tag=box.receipt_tags(_normalized(code))[0]
    )
    return code


def ballot_counted(vote, code):
    """Is the ballot with this receipt code in this vote — in its box while it is open,
    counted after? (Says nothing of its content.)"""
    if Ballot.objects.filter(vote=vote, receipt_hash=receipt_hash(vote.pk, code)).exists():
        return True
    if vote.is_paper or not Vote.objects.filter(pk=vote.pk, state=Vote.State.OPEN).exists():
        return False
    tags = open_box(vote).receipt_tags(_normalized(code))
    return SealedBallot.objects.filter(vote=vote, receipt_tag__in=tags).exists()


def count_sealed_ballots(vote):
    """Open the vote's box (the vote locked, closing): write each ballot anew as a counted
    ``Ballot`` — random key, random order, one statement, the receipt hashed without the
    box's key — delete the sealed rows and destroy the key once this commits. Returns the
    choices. Nothing the sealed rows left behind (dead tuples, WAL, a backup) shares a
    value or an order with the counted ones, and without the key they open to nothing."""
    box = open_box(vote)
    try:
        sealed = SealedBallot.objects.filter(vote=vote).values_list("sealed", flat=True)
        opened = [box.open(blob) for blob in sealed]
    except ValueError:
        raise ValidationError(
            _("A ballot in the box was not sealed by this application; the vote cannot be counted."), code="tampered"
        ) from None
    secrets.SystemRandom().shuffle(opened)
    SealedBallot.objects.filter(vote=vote).delete()
    Ballot.objects.bulk_create(
        Ballot(id=uuid.uuid4(), vote=vote, approved=approved, receipt_hash=receipt_hash(vote.pk, code))
        for code, approved in opened
    )
    transaction.on_commit(lambda: destroy_key(vote))
    return [approved for _code, approved in opened]
