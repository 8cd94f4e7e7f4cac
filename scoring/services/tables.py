"""Every change to a criteria table (bảng tiêu chí): create, edit, criteria and their bands,
rank bands, Excel import, copy, new edition, publish, delete, reviewing units.

Each verb runs in one transaction, locks the table before it checks it, checks the state
with ``transitions.TABLE`` (only a draft changes), writes history with ``by`` as the author
and refuses with ``ValidationError`` or ``PermissionDenied``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation.concurrency import check_version
from emulation.services import require, save_with_history

from .. import computation, sheets
from ..models import CriteriaTable, Criterion, RankBand, ReviewerAssignment, ScoreBand, Scorecard, ScoreEntry
from ..queries import leaves, table_problems, table_tree, tree_order
from ..transitions import TABLE
from .scorecards import store_totals

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


def _lock_table(table):
    return CriteriaTable.objects.select_for_update().get(pk=table.pk)


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
    replace_tree(table, by, criteria, rank_bands)
    return table


def replace_tree(table, by, criteria, rank_bands):
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
    replace_tree(table, by, items, rank_bands)
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
        store_totals(card, criteria)
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


@transaction.atomic
def save_criterion_and_bands(table, by, criterion=None, *, parent=None, bands=(), **fields):
    """A criterion and its bands ``[(lower, upper, points)]`` together: refused bands save
    neither."""
    saved = save_criterion(table, by, criterion, parent=parent, **fields)
    set_bands(saved, by, bands)
    return saved
