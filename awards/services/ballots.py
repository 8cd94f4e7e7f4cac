"""Secret ballots (design.md, "Secret ballots"): who voted is a ``Participation`` row,
what was voted a ``Ballot`` row with a random key, no time and no voter. Casting writes
no history and touches no audited row; closing rewrites the ballots in a random order."""

import hashlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import tally
from ..models import Ballot, Participation, Vote, Voter
from ..transitions import VOTE

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


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


def shuffle_ballots(vote):
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
