"""Every change to criteria tables and scorecards. Views call these; each runs in one
transaction, locks the rows it checks (table or scorecard first, then entries, in pk
order), checks the rules permission and the state, writes history with ``by`` as the
author, and refuses with ``ValidationError`` or ``PermissionDenied``.

Tables: ``create_table``, ``update_table``, ``save_criterion``, ``delete_criterion``,
``set_bands``, ``set_rank_bands``, ``import_table``, ``copy_table``, ``new_edition``,
``publish_table``, ``delete_table``, ``assign_reviewer``, ``remove_reviewer``.

Scorecards: ``open_scorecard``, ``save_self_scores``, ``add_evidence``, ``remove_evidence``,
``attach_certification``, ``submit_scorecard``, ``save_review``, ``complete_review``,
``return_scorecard``, ``finalize_scorecard``.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation.concurrency import check_version
from emulation.services import require, save_with_history

from . import computation, sheets
from .models import (
    CriteriaTable,
    Criterion,
    Evidence,
    RankBand,
    ReviewerAssignment,
    ScoreBand,
    Scorecard,
    ScoreEntry,
)
from .transitions import SCORECARD, TABLE

CRITERION_FIELDS = [
    "number",
    "title",
    "max_points",
    "kind",
    "evidence_required",
    "evidence_hint",
    "method",
    "input_label",
    "target",
    "ceiling",
    "note",
]
TABLE_FIELDS = ["name", "legal_basis", "issued_on", "issuer", "total_points"]


# --- helpers ------------------------------------------------------------------------


def _lock_table(table):
    return CriteriaTable.objects.select_for_update().get(pk=table.pk)


def _lock_card(card):
    return Scorecard.objects.select_for_update().select_related("table", "unit").get(pk=card.pk)


def table_tree(table):
    """(criteria in tree order, {criterion pk: [(lower, upper, points)]}) in two queries."""
    criteria = list(Criterion.objects.filter(table=table).order_by("position", "pk"))
    bands = defaultdict(list)
    for band in ScoreBand.objects.filter(criterion__table=table).order_by("criterion_id", "position", "pk"):
        bands[band.criterion_id].append((band.lower, band.upper, band.points))
    return tree_order(criteria), dict(bands)


def tree_order(criteria):
    """Depth-first order (each node followed by its children, siblings by position), with
    ``depth`` and ``is_leaf`` set on every node."""
    children = defaultdict(list)
    for node in sorted(criteria, key=lambda n: (n.position, n.pk or 0)):
        children[node.parent_id].append(node)
    ordered = []

    def visit(node, depth):
        node.depth = depth
        node.is_leaf = not children.get(node.pk)
        ordered.append(node)
        for kid in children.get(node.pk, []):
            visit(kid, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return ordered


def leaves(criteria):
    parents = {node.parent_id for node in criteria}
    return [node for node in criteria if node.pk not in parents]


def table_problems(table, criteria=None, bands=None):
    if criteria is None:
        criteria, bands = table_tree(table)
    ranks = [(band.name, band.min_total) for band in table.rank_bands.order_by("position", "pk")]
    return computation.structure_problems(table.total_points, criteria, bands, ranks)


# --- criteria tables ------------------------------------------------------------------


@transaction.atomic
def create_table(by, *, year, unit_type, **fields):
    require(by, "scoring.manage_tables")
    edition = (CriteriaTable.objects.filter(year=year, unit_type=unit_type).aggregate(e=Max("edition"))["e"] or 0) + 1
    table = CriteriaTable(year=year, unit_type=unit_type, edition=edition, **fields)
    _save_new_table(table, by)
    return table


def _save_new_table(table, by):
    try:
        with transaction.atomic():
            save_with_history(table, by)
    except IntegrityError:
        raise ValidationError(
            _("A draft table for this year and unit type already exists: open it instead."), code="duplicate"
        ) from None


@transaction.atomic
def update_table(table, by, expected_version, **fields):
    require(by, "scoring.manage_tables")
    table = _lock_table(table)
    TABLE.check(table, "edit", by)
    check_version(table, expected_version)
    for name, value in fields.items():
        if name in TABLE_FIELDS:
            setattr(table, name, value)
    save_with_history(table, by)
    return table


def _next_position(table, parent):
    siblings = Criterion.objects.filter(table=table, parent=parent)
    if parent is None:
        last = siblings.aggregate(p=Max("position"))["p"]
    else:
        # After the parent's last descendant, so tree order stays the order of positions.
        last = Criterion.objects.filter(table=table, position__gte=parent.position).aggregate(p=Max("position"))["p"]
    return (last or 0) + 10


@transaction.atomic
def save_criterion(table, by, criterion=None, *, parent=None, **fields):
    """Add a criterion (criterion None) or change one, in a draft table."""
    require(by, "scoring.manage_tables")
    table = _lock_table(table)
    TABLE.check(table, "edit", by)
    if parent is not None and parent.table_id != table.pk:
        raise ValidationError(_("The parent must be in the same table."))
    if criterion is None:
        criterion = Criterion(table=table, parent=parent, position=_next_position(table, parent))
    elif criterion.table_id != table.pk:
        raise PermissionDenied
    else:
        if parent is not None and _is_descendant(parent, criterion):
            raise ValidationError({"parent": _("A criterion cannot be under itself.")})
        if parent != criterion.parent:
            criterion.position = _next_position(table, parent)
        criterion.parent = parent
    for name, value in fields.items():
        if name in CRITERION_FIELDS:
            setattr(criterion, name, value)
    criterion.full_clean(exclude=["table", "parent"], validate_unique=False)
    if Criterion.objects.filter(table=table, number=criterion.number).exclude(pk=criterion.pk).exists():
        raise ValidationError({"number": _("The number %(number)s is already used.") % {"number": criterion.number}})
    save_with_history(criterion, by)
    _renumber_positions(table)
    return criterion


def _is_descendant(node, ancestor):
    seen = set()
    while node is not None and node.pk not in seen:
        if node.pk == ancestor.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def _renumber_positions(table):
    """Keep positions in tree order (10, 20 …) so a plain ORDER BY position is the tree."""
    criteria = tree_order(list(Criterion.objects.filter(table=table)))
    changed = []
    for index, node in enumerate(criteria, start=1):
        if node.position != index * 10:
            node.position = index * 10
            changed.append(node)
    Criterion.objects.bulk_update(changed, ["position"])


@transaction.atomic
def delete_criterion(criterion, by):
    require(by, "scoring.manage_tables")
    table = _lock_table(criterion.table)
    TABLE.check(table, "edit", by)
    criterion._history_user = by
    criterion.delete()


@transaction.atomic
def set_bands(criterion, by, bands):
    """Replace a criterion's bands with ``[(lower, upper, points)]`` (in order)."""
    require(by, "scoring.manage_tables")
    table = _lock_table(criterion.table)
    TABLE.check(table, "edit", by)
    for lower, upper, points in bands:
        if lower is not None and upper is not None and upper < lower:
            raise ValidationError(_("A band's “to” cannot be below its “from”."))
        if points < 0 or points > criterion.max_points:
            raise ValidationError(
                _("A band's points must be between 0 and %(max)s.")
                % {"max": computation.format_points(criterion.max_points)}
            )
    ScoreBand.objects.filter(criterion=criterion).delete()
    rows = [
        ScoreBand(criterion=criterion, position=index, lower=lower, upper=upper, points=points)
        for index, (lower, upper, points) in enumerate(bands)
    ]
    bulk_create_with_history(rows, ScoreBand, default_user=by)


@transaction.atomic
def set_rank_bands(table, by, bands):
    """Replace the rank bands with ``[(name, label, min_total, [required criteria])]``,
    best first."""
    require(by, "scoring.manage_tables")
    table = _lock_table(table)
    TABLE.check(table, "edit", by)
    minimums = [minimum for _name, _label, minimum, _required in bands]
    if any(later >= earlier for earlier, later in zip(minimums, minimums[1:], strict=False)):
        raise ValidationError(_("Rank bands must go from the highest minimum total down."))
    names = [name for name, *_rest in bands]
    if len(set(names)) != len(names):
        raise ValidationError(_("Each rank band needs its own name."))
    RankBand.objects.filter(table=table).delete()
    for index, (name, label, minimum, required) in enumerate(bands):
        band = RankBand(table=table, position=index, name=name, label=label, min_total=minimum)
        save_with_history(band, by)
        if required:
            band.required_full.set([c for c in required if c.table_id == table.pk])


@transaction.atomic
def import_table(table, by, uploaded):
    """Replace a draft table's criteria (and rank bands, when the workbook has them) with an
    Excel workbook's. A bad workbook imports nothing: every error names its row and column."""
    require(by, "scoring.manage_tables")
    table = _lock_table(table)
    TABLE.check(table, "edit", by)
    try:
        workbook = sheets.open_workbook(uploaded)
    except ValueError:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx") from None
    try:
        criteria, rank_bands = sheets.parse_workbook_rows(
            workbook.criteria_rows, workbook.rank_rows, total_points=table.total_points
        )
    except sheets.SheetErrors as error:
        raise ValidationError(error.errors, code="bad_sheet") from None
    _replace_tree(table, by, criteria, rank_bands)
    return table


def _replace_tree(table, by, criteria, rank_bands):
    """criteria: objects with number, parent_number, the criterion fields and bands."""
    Criterion.objects.filter(table=table).delete()
    by_number = {}
    for index, item in enumerate(criteria, start=1):
        node = Criterion(
            table=table,
            parent=by_number.get(item.parent_number),
            position=index * 10,
            **{name: getattr(item, name) for name in CRITERION_FIELDS},
        )
        save_with_history(node, by)
        by_number[item.number] = node
    band_rows = [
        ScoreBand(criterion=by_number[item.number], position=position, lower=lower, upper=upper, points=points)
        for item in criteria
        for position, (lower, upper, points) in enumerate(item.bands)
    ]
    bulk_create_with_history(band_rows, ScoreBand, default_user=by)
    if rank_bands is not None:
        RankBand.objects.filter(table=table).delete()
        for index, item in enumerate(rank_bands):
            band = RankBand(table=table, position=index, name=item.name, label=item.label, min_total=item.min_total)
            save_with_history(band, by)
            band.required_full.set([by_number[number] for number in item.required])


def _snapshot(table):
    """The table's tree as the parsed objects ``_replace_tree`` takes (for copies)."""
    criteria, bands = table_tree(table)
    numbers = {node.pk: node.number for node in criteria}
    items = [
        sheets.ParsedCriterion(
            row=0,
            number=node.number,
            title=node.title,
            max_points=node.max_points,
            parent_number=numbers.get(node.parent_id),
            kind=node.kind,
            method=node.method,
            input_label=node.input_label,
            bands=bands.get(node.pk, []),
            target=node.target,
            ceiling=node.ceiling,
            evidence_required=node.evidence_required,
            evidence_hint=node.evidence_hint,
            note=node.note,
        )
        for node in criteria
    ]
    rank_bands = [
        sheets.ParsedRankBand(
            0, band.name, band.label, band.min_total, [numbers[c.pk] for c in band.required_full.all()]
        )
        for band in table.rank_bands.order_by("position", "pk").prefetch_related("required_full")
    ]
    return items, rank_bands


@transaction.atomic
def copy_table(source, year, by, unit_type=None, name=None):
    """Start ``year``'s draft table as a copy of ``source`` (usually last year's)."""
    require(by, "scoring.manage_tables")
    unit_type = unit_type or source.unit_type
    edition = (CriteriaTable.objects.filter(year=year, unit_type=unit_type).aggregate(e=Max("edition"))["e"] or 0) + 1
    table = CriteriaTable(
        year=year,
        unit_type=unit_type,
        edition=edition,
        name=name or source.name.replace(str(source.year), str(year)),
        legal_basis=source.legal_basis,
        issued_on=source.issued_on if year == source.year else None,
        issuer=source.issuer,
        total_points=source.total_points,
        source=source,
    )
    _save_new_table(table, by)
    items, rank_bands = _snapshot(source)
    _replace_tree(table, by, items, rank_bands)
    return table


@transaction.atomic
def new_edition(table, by):
    """A published table cannot change: this makes a draft copy (next edition, same year)
    that replaces it when published."""
    require(by, "scoring.manage_tables")
    table = _lock_table(table)
    TABLE.check(table, "new_edition", by)
    return copy_table(table, table.year, by, name=table.name)


@transaction.atomic
def publish_table(table, by):
    """Publish a draft table. The edition it replaces is superseded, and draft scorecards
    move to the new edition (entries matched by criterion number)."""
    require(by, "scoring.manage_tables")
    table = _lock_table(table)
    TABLE.check(table, "publish", by)
    problems = table_problems(table)
    if problems:
        raise ValidationError(problems, code="structure")
    previous = list(
        CriteriaTable.objects.select_for_update()
        .filter(year=table.year, unit_type=table.unit_type, status=CriteriaTable.Status.PUBLISHED)
        .order_by("pk")
    )
    for old in previous:
        old.status = CriteriaTable.Status.SUPERSEDED  # replaced by this edition, not an action of its own
        save_with_history(old, by)
    TABLE.move(table, "publish")
    table.published_at = timezone.now()
    table.published_by = by
    table.version += 1
    save_with_history(table, by)
    for old in previous:
        _move_draft_cards(old, table, by)
    return table


def _move_draft_cards(old, new, by):
    cards = list(Scorecard.objects.select_for_update().filter(table=old, status=Scorecard.Status.DRAFT).order_by("pk"))
    if not cards:
        return
    criteria, _bands = table_tree(new)
    by_number = {node.number: node for node in leaves(criteria)}
    for card in cards:
        entries = list(ScoreEntry.objects.filter(scorecard=card).select_related("criterion").order_by("pk"))
        kept = set()
        for entry in entries:
            target = by_number.get(entry.criterion.number)
            if target is None:
                entry.delete()
                continue
            entry.criterion = target
            kept.add(target.pk)
            save_with_history(entry, by)
        missing = [
            ScoreEntry(scorecard=card, criterion=node) for pk, node in _by_pk(by_number).items() if pk not in kept
        ]
        bulk_create_with_history(missing, ScoreEntry, default_user=by)
        card.table = new
        card.version += 1
        _store_totals(card, criteria)
        save_with_history(card, by)


def _by_pk(nodes_by_number):
    return {node.pk: node for node in nodes_by_number.values()}


@transaction.atomic
def delete_table(table, by):
    require(by, "scoring.manage_tables")
    table = _lock_table(table)
    TABLE.check(table, "delete", by)
    table._history_user = by
    table.delete()


@transaction.atomic
def assign_reviewer(table, reviewer, by, cluster=None):
    require(by, "scoring.manage_tables")
    if ReviewerAssignment.objects.filter(table=table, reviewer=reviewer, cluster=cluster).exists():
        raise ValidationError(_("This unit is already assigned."))
    assignment = ReviewerAssignment(table=table, reviewer=reviewer, cluster=cluster, assigned_by=by)
    save_with_history(assignment, by)
    return assignment


@transaction.atomic
def remove_reviewer(assignment, by):
    require(by, "scoring.manage_tables")
    assignment._history_user = by
    assignment.delete()


# --- scorecards ---------------------------------------------------------------------


def published_table(year, unit_type):
    return CriteriaTable.objects.filter(year=year, unit_type=unit_type, status=CriteriaTable.Status.PUBLISHED).first()


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


def _store_totals(card, criteria=None, entries=None):
    """Set the card's totals (self-scored and effective) from its entries; the caller saves."""
    if criteria is None:
        criteria, _bands = table_tree(card.table)
    if entries is None:
        entries = list(ScoreEntry.objects.filter(scorecard=card))
    own = computation.tree_totals(criteria, {e.criterion_id: e.self_points for e in entries})
    effective = computation.tree_totals(criteria, {e.criterion_id: e.points for e in entries})
    card.self_total, card.reviewed_total = own.total, effective.total
    return effective


def card_band(card, criteria, entries, effective=None):
    """The rank band the card's effective points reach (one query for the bands)."""
    if effective is None:
        effective = computation.tree_totals(criteria, {e.criterion_id: e.points for e in entries})
    bands = [
        (band, band.min_total, [c.pk for c in band.required_full.all()])
        for band in RankBand.objects.filter(table_id=card.table_id)
        .order_by("position", "pk")
        .prefetch_related("required_full")
    ]
    node_max = {node.pk: node.max_points for node in criteria}
    return computation.rank_band(effective.total, bands, effective.nodes, node_max)


@transaction.atomic
def save_self_scores(card, by, rows, expected_version):
    """rows: {criterion pk: {"points", "value", "planned", "answer", "note"}} with
    numbers already parsed. Points are computed here again (never trusted from the form)."""
    card = _lock_card(card)
    SCORECARD.check(card, "edit", by)
    check_version(card, expected_version)
    criteria, bands = table_tree(card.table)
    by_pk = {node.pk: node for node in criteria}
    entries = list(ScoreEntry.objects.select_for_update().filter(scorecard=card).order_by("pk"))
    errors = {}
    for entry in entries:
        data = rows.get(entry.criterion_id)
        if data is None:
            continue
        criterion = by_pk[entry.criterion_id]
        try:
            points = computation.criterion_points(
                criterion,
                bands.get(criterion.pk, []),
                points=data.get("points"),
                value=data.get("value"),
                planned=data.get("planned"),
                answer=data.get("answer"),
            )
        except computation.InputError as error:
            errors[f"{criterion.number} – {error.field}"] = error.message
            continue
        new = {
            "self_points": points,
            "value": data.get("value"),
            "planned": data.get("planned") if criterion.target is None else None,
            "answer": data.get("answer"),
            "note": data.get("note", ""),
        }
        if any(getattr(entry, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(entry, name, value)
            entry.version += 1
            save_with_history(entry, by)
    if errors:
        raise ValidationError([f"{where}: {message}" for where, message in errors.items()])
    _store_totals(card, criteria, entries)
    save_with_history(card, by)
    return card


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


def missing_evidence(card, criteria=None, entries=None):
    """Criteria that require evidence and have points but no evidence (file or link)."""
    if entries is None:
        entries = list(ScoreEntry.objects.filter(scorecard=card).select_related("criterion"))
    with_files = set(Evidence.objects.filter(entry__scorecard=card).values_list("entry_id", flat=True))
    return [
        entry.criterion
        for entry in entries
        if entry.criterion.evidence_required and entry.self_points and entry.pk not in with_files
    ]


@transaction.atomic
def submit_scorecard(card, by):
    card = _lock_card(card)
    SCORECARD.check(card, "submit", by)
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
    if problems:
        raise ValidationError(problems, code="incomplete")
    SCORECARD.move(card, "submit")
    card.submitted_at = timezone.now()
    card.submitted_by = by
    card.return_reason = ""
    card.version += 1
    _store_totals(card)
    save_with_history(card, by)
    return card


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
    errors = []
    now = timezone.now()
    changed = []
    for entry_id, (points, reason, expected) in rows.items():
        entry = entries.get(entry_id)
        if entry is None:
            continue
        reason = (reason or "").strip()
        if points == entry.reviewed_points and reason == entry.review_reason:
            continue
        criterion = entry.criterion
        if expected is not None and int(expected) != entry.version:
            errors.append(
                _("%(number)s: someone else saved this criterion while you were reviewing it; reload the page.")
                % {"number": criterion.number}
            )
            continue
        if points is not None and (points < 0 or points > criterion.upper_bound):
            errors.append(
                _("%(number)s: enter points between 0 and %(max)s.")
                % {"number": criterion.number, "max": computation.format_points(criterion.upper_bound)}
            )
            continue
        if points is not None and points != entry.self_points and not reason:
            errors.append(_("%(number)s: give the reason for the change.") % {"number": criterion.number})
            continue
        entry.reviewed_points = points
        entry.review_reason = reason if points is not None else ""
        entry.reviewed_by = by
        entry.reviewed_at = now
        entry.version += 1
        changed.append(entry)
    if errors:
        raise ValidationError(errors, code="review")
    for entry in changed:
        save_with_history(entry, by)
    if changed:
        card.version += 1
        _store_totals(card)
        save_with_history(card, by)
    return card


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
def return_scorecard(card, by, reason):
    """Send a submitted scorecard back to the unit to complete, with the reason."""
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
    effective = _store_totals(card, criteria, entries)
    card.final_total = effective.total
    card.band = card_band(card, criteria, entries, effective)
    SCORECARD.move(card, "finalize")
    card.finalized_at = timezone.now()
    card.version += 1
    save_with_history(card, by)
    return card
