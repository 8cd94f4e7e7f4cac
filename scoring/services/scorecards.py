"""Every change to a scorecard (phiếu tự chấm điểm): open, self-score, evidence, the
chairman's certification, submit, review, return, make final.

Each verb runs in one transaction, locks the scorecard first (then its entries, in pk
order), checks the state and the permission with ``transitions.SCORECARD``, writes history
with ``by`` as the author and refuses with ``ValidationError`` or ``PermissionDenied``.
Points are always computed here again, never trusted from the form.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation.concurrency import check_version
from emulation.services import save_with_history
from schedule import queries as calendar

from .. import computation
from ..models import Evidence, Scorecard, ScoreEntry
from ..queries import card_band, leaves, missing_evidence, published_table, results_deadline, table_tree
from ..transitions import SCORECARD


def _lock_card(card):
    return Scorecard.objects.select_for_update().select_related("table", "unit").get(pk=card.pk)


@transaction.atomic
def open_scorecard(unit, year, by):
    """The unit's scorecard for the year, created (as a draft with one entry per scored
    criterion) on the year's published table for its type if it does not exist yet."""
    card = Scorecard.objects.filter(unit=unit, year=year).first()
    if card is not None:
        return card
    probe = Scorecard(unit=unit, year=year, unit_type=unit.type)
    if not by.has_perm("scoring.edit_scorecard", probe) and not by.has_perm("scoring.manage_tables"):
        raise PermissionDenied(_("You are not allowed to do this."))
    table = published_table(year, unit.type)
    if table is None:
        raise ValidationError(
            _("No criteria table is published for %(type)s in %(year)s yet.")
            % {"type": unit.get_type_display(), "year": year}
        )
    card = Scorecard(unit=unit, year=year, unit_type=unit.type, table=table)
    try:
        with transaction.atomic():
            save_with_history(card, by)
    except IntegrityError:  # opened at the same moment by a colleague
        return Scorecard.objects.get(unit=unit, year=year)
    criteria, _bands = table_tree(table)
    entries = [ScoreEntry(scorecard=card, criterion=node) for node in leaves(criteria)]
    bulk_create_with_history(entries, ScoreEntry, default_user=by)
    return card


def store_totals(card, criteria=None, entries=None):
    """Set the card's totals (self-scored and effective) from its entries; the caller saves."""
    if criteria is None:
        criteria, _bands = table_tree(card.table)
    if entries is None:
        entries = list(ScoreEntry.objects.filter(scorecard=card))
    own = computation.tree_totals(criteria, {e.criterion_id: e.self_points for e in entries})
    effective = computation.tree_totals(criteria, {e.criterion_id: e.points for e in entries})
    card.self_total, card.reviewed_total = own.total, effective.total
    return effective


@transaction.atomic
def save_self_scores(card, by, rows, expected_version):
    """rows: {criterion pk: {"points", "value", "planned", "answer", "note"}} with
    numbers already parsed. Nothing is saved if one row is refused."""
    card = _lock_card(card)
    SCORECARD.check(card, "edit", by)
    check_version(card, expected_version)
    criteria, bands = table_tree(card.table)
    by_pk = {node.pk: node for node in criteria}
    entries = list(ScoreEntry.objects.select_for_update().filter(scorecard=card).order_by("pk"))
    errors = []
    for entry in entries:
        data = rows.get(entry.criterion_id)
        if data is None:
            continue
        criterion = by_pk[entry.criterion_id]
        try:
            _apply_self_score(entry, criterion, bands.get(criterion.pk, []), data, by)
        except computation.InputError as error:
            errors.append(f"{criterion.number} – {error.field}: {error.message}")
    if errors:
        raise ValidationError(errors)
    store_totals(card, criteria, entries)
    save_with_history(card, by)
    return card


def _apply_self_score(entry, criterion, bands, data, by):
    """Compute one entry's points from what was typed and save it if anything changed."""
    points = computation.criterion_points(
        criterion,
        bands,
        points=data.get("points"),
        value=data.get("value"),
        planned=data.get("planned"),
        answer=data.get("answer"),
    )
    new = {
        "self_points": points,
        "value": data.get("value"),
        "planned": data.get("planned") if criterion.target is None else None,
        "answer": data.get("answer"),
        "note": data.get("note", ""),
    }
    if all(getattr(entry, name) == value for name, value in new.items()):
        return
    for name, value in new.items():
        setattr(entry, name, value)
    entry.version += 1
    save_with_history(entry, by)


@transaction.atomic
def add_evidence(entry, by, file=None, link=""):
    card = _lock_card(entry.scorecard)
    SCORECARD.check(card, "edit", by)
    if not file and not link:
        raise ValidationError(_("Choose a file or enter a link."))
    evidence = Evidence(entry=entry, link=link or "", uploaded_by=by)
    if file:
        evidence.file = file
        evidence.original_name = file.name[:255]
    evidence.full_clean(exclude=["entry", "uploaded_by"])
    save_with_history(evidence, by)
    return evidence


@transaction.atomic
def remove_evidence(evidence, by):
    card = _lock_card(evidence.entry.scorecard)
    SCORECARD.check(card, "edit", by)
    stored = evidence.file.name if evidence.file else None
    evidence._history_user = by
    evidence.delete()
    if stored:
        storage = evidence.file.storage
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def attach_certification(card, by, file):
    """A Sở Tư pháp's self-score is certified by the provincial chairman before it is sent."""
    card = _lock_card(card)
    SCORECARD.check(card, "edit", by)
    card.certification = file
    card.full_clean(exclude=["unit", "table", "band", "submitted_by", "reviewed_by"], validate_unique=False)
    save_with_history(card, by)
    return card


@transaction.atomic
def submit_scorecard(card, by):
    card = _lock_card(card)
    SCORECARD.check(card, "submit", by)
    problems = _submit_problems(card)
    if problems:
        raise ValidationError(problems, code="incomplete")
    late = calendar.late_or_refuse(results_deadline(card))
    SCORECARD.move(card, "submit")
    card.is_late = late
    card.submitted_at = timezone.now()
    card.submitted_by = by
    card.return_reason = ""
    card.version += 1
    store_totals(card)
    save_with_history(card, by)
    return card


def _submit_problems(card):
    entries = list(ScoreEntry.objects.filter(scorecard=card).select_related("criterion").order_by("pk"))
    problems = []
    unscored = [e.criterion.number for e in entries if e.self_points is None]
    if unscored:
        problems.append(_("Score every criterion first: %(numbers)s.") % {"numbers": ", ".join(unscored)})
    missing = missing_evidence(card, entries=entries)
    if missing:
        problems.append(_("Attach evidence for %(numbers)s.") % {"numbers": ", ".join(c.number for c in missing)})
    if card.needs_certification and not card.certification:
        problems.append(_("Attach the provincial chairman's certification before submitting."))
    return problems


@transaction.atomic
def save_and_submit(card, by, rows, expected_version):
    """ "Save and submit" in one transaction: a refused submission saves nothing either."""
    card = save_self_scores(card, by, rows, expected_version)
    return submit_scorecard(card, by)


@transaction.atomic
def save_review(card, by, rows):
    """rows: {entry pk: (reviewed points or None, reason, expected entry version)}.
    Points are checked against the criterion's bounds; a reason is required where the
    reviewed points differ from the unit's. An entry another reviewer changed since the form
    was loaded is refused, and nothing is saved."""
    card = _lock_card(card)
    SCORECARD.check(card, "review", by)
    entries = {
        e.pk: e
        for e in ScoreEntry.objects.select_for_update()
        .filter(scorecard=card)
        .select_related("criterion")
        .order_by("pk")
    }
    now = timezone.now()
    changed, errors = [], []
    for entry_id, (points, reason, expected) in rows.items():
        entry = entries.get(entry_id)
        reason = (reason or "").strip()
        if entry is None or (points == entry.reviewed_points and reason == entry.review_reason):
            continue
        problem = _review_problem(entry, points, reason, expected)
        if problem:
            errors.append(problem)
            continue
        entry.reviewed_points = points
        entry.review_reason = reason if points is not None else ""
        entry.reviewed_by, entry.reviewed_at = by, now
        entry.version += 1
        changed.append(entry)
    if errors:
        raise ValidationError(errors, code="review")
    _save_reviewed(card, changed, by)
    return card


def _review_problem(entry, points, reason, expected):
    """Why a reviewed entry cannot be saved, or None."""
    criterion = entry.criterion
    if expected is not None and int(expected) != entry.version:
        return _("%(number)s: someone else saved this criterion while you were reviewing it; reload the page.") % {
            "number": criterion.number
        }
    if points is not None and (points < 0 or points > criterion.upper_bound):
        return _("%(number)s: enter points between 0 and %(max)s.") % {
            "number": criterion.number,
            "max": computation.format_points(criterion.upper_bound),
        }
    if points is not None and points != entry.self_points and not reason:
        return _("%(number)s: give the reason for the change.") % {"number": criterion.number}
    return None


def _save_reviewed(card, changed, by):
    for entry in changed:
        save_with_history(entry, by)
    if changed:
        card.version += 1
        store_totals(card)
        save_with_history(card, by)


@transaction.atomic
def complete_review(card, by):
    card = _lock_card(card)
    SCORECARD.check(card, "complete_review", by)
    SCORECARD.move(card, "complete_review")
    card.reviewed_at = timezone.now()
    card.reviewed_by = by
    card.version += 1
    save_with_history(card, by)
    return card


@transaction.atomic
def save_review_and_complete(card, by, rows):
    """ "Save and complete the review" in one transaction: a refusal saves nothing."""
    card = save_review(card, by, rows)
    return complete_review(card, by)


@transaction.atomic
def return_scorecard(card, by, reason):
    """Send a submitted scorecard back to the unit to complete, with the reason. A reviewed
    card is not returned: its review is corrected, or it is made final."""
    card = _lock_card(card)
    SCORECARD.check(card, "return", by)
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for returning the scorecard."))
    SCORECARD.move(card, "return")
    card.return_reason = reason.strip()
    card.version += 1
    save_with_history(card, by)
    return card


@transaction.atomic
def finalize_scorecard(card, by):
    """Lock the reviewed scorecard: its final total and rank band are stored for the ranking."""
    card = _lock_card(card)
    SCORECARD.check(card, "finalize", by)
    criteria, _bands = table_tree(card.table)
    entries = list(ScoreEntry.objects.filter(scorecard=card))
    effective = store_totals(card, criteria, entries)
    card.final_total = effective.total
    card.band = card_band(card, criteria, entries, effective)
    SCORECARD.move(card, "finalize")
    card.finalized_at = timezone.now()
    card.version += 1
    save_with_history(card, by)
    return card
