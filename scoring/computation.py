"""The arithmetic of scoring, as pure functions (no database): a criterion's points from
what the unit entered, the totals of a table's tree, the rank band of a total, and the
checks a table must pass before it is published.

Criteria are read by attribute (``max_points``, ``method``, ``target``, ``ceiling``,
``kind``, ``pk``, ``parent_id``), so model instances and simple test objects both work.
Bands are ``(lower, upper, points)`` triples, either bound ``None`` (open), both inclusive,
tried in order: the first band containing the value gives the points.

Points are Decimals rounded half up to two places and always within
``[0, criterion.upper_bound]``: the maximum, or the ceiling for proportional scoring with
the over-achievement rule ("exceeded → points × rate of over-achievement").
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ZERO = Decimal("0")
CENT = Decimal("0.01")

MANUAL, BANDS, PROPORTIONAL, YES_NO = "manual", "bands", "proportional", "yes_no"
REGULAR, BONUS, PENALTY = "regular", "bonus", "penalty"


class InputError(ValueError):
    """What the unit entered cannot be scored; ``field`` names the input at fault."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def as_decimal(value):
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def round_points(value):
    return as_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(value, low, high):
    return max(low, min(high, value))


def upper_bound(criterion):
    if criterion.method == PROPORTIONAL and getattr(criterion, "ceiling", None) is not None:
        return as_decimal(criterion.ceiling)
    return as_decimal(criterion.max_points)


# --- one criterion ------------------------------------------------------------------


def band_points(value, bands, max_points):
    """Points of ``value`` by the first band containing it; 0 when none does."""
    value, max_points = as_decimal(value), as_decimal(max_points)
    for lower, upper, points in bands:
        if (lower is None or value >= as_decimal(lower)) and (upper is None or value <= as_decimal(upper)):
            return clamp(round_points(points), ZERO, max_points)
    return ZERO


def proportional_points(done, planned, max_points, ceiling=None):
    """done / planned × max: capped at the maximum, or with the over-achievement rule
    (a ceiling above the maximum) up to the ceiling. Never below 0."""
    done, planned, max_points = as_decimal(done), as_decimal(planned), as_decimal(max_points)
    if planned is None or planned <= 0:
        raise InputError("planned", _("The planned value must be greater than 0."))
    if done < 0:
        raise InputError("value", _("The value cannot be negative."))
    cap = max_points if ceiling is None else max(as_decimal(ceiling), max_points)
    return clamp(round_points(done / planned * max_points), ZERO, cap)


def manual_points(points, max_points):
    points, max_points = as_decimal(points), as_decimal(max_points)
    if points < 0 or points > max_points:
        raise InputError(
            "points",
            _("Enter points between 0 and %(max)s.") % {"max": format_points(max_points)},
        )
    if points != points.quantize(CENT):
        raise InputError("points", _("Points have at most two decimals."))
    return points


def yes_no_points(answer, max_points):
    return as_decimal(max_points) if answer else ZERO


def criterion_points(criterion, bands=(), *, points=None, value=None, planned=None, answer=None):
    """The points a leaf criterion gives for what was entered, or None when nothing was
    entered yet. Raises InputError (with the field) for an input that cannot be scored."""
    method = criterion.method
    if method == MANUAL:
        return None if points is None else manual_points(points, criterion.max_points)
    if method == YES_NO:
        return None if answer is None else yes_no_points(answer, criterion.max_points)
    if method == BANDS:
        return None if value is None else band_points(value, bands, criterion.max_points)
    if method == PROPORTIONAL:
        if value is None:
            return None
        target = getattr(criterion, "target", None)
        return proportional_points(
            value, target if target is not None else planned, criterion.max_points, getattr(criterion, "ceiling", None)
        )
    raise ValueError(f"unknown scoring method {method!r}")


def format_points(value):
    """2 → "2", 1.50 → "1,5" (for messages; templates use the |number filter)."""
    text = format(as_decimal(value).normalize(), "f")
    return text.replace(".", ",")


# --- the tree -----------------------------------------------------------------------


@dataclass
class Totals:
    """Points of every node (leaves as given, others summed) and the overall total."""

    nodes: dict
    regular: Decimal
    bonus: Decimal
    penalty: Decimal

    @property
    def total(self):
        return max(ZERO, self.regular + self.bonus - self.penalty)


def tree_totals(criteria, leaf_points):
    """criteria: every node of a table (any order); leaf_points: {leaf pk: Decimal or None}.

    A node with children has the sum of its children; bonus and penalty nodes are capped at
    their maximum (điểm thưởng / điểm trừ "tối đa"), regular nodes are not (a regular leaf is
    already within its bounds, and the over-achievement rule may lift it above its maximum).
    The total is regular + bonus − penalty, never below 0.
    """
    children = {}
    for node in criteria:
        children.setdefault(node.parent_id, []).append(node)
    points = {}

    def visit(node):
        kids = children.get(node.pk, [])
        if not kids:
            value = leaf_points.get(node.pk)
            points[node.pk] = value if value is not None else ZERO
        else:
            value = sum((visit(kid) for kid in kids), ZERO)
            if node.kind != REGULAR:
                value = min(value, as_decimal(node.max_points))
            points[node.pk] = value
        return points[node.pk]

    sums = {REGULAR: ZERO, BONUS: ZERO, PENALTY: ZERO}
    for root in children.get(None, []):
        sums[root.kind] += visit(root)
    return Totals(points, sums[REGULAR], sums[BONUS], sums[PENALTY])


def rank_band(total, bands, node_points, node_max):
    """The first band (best first) whose minimum the total reaches and whose required
    criteria are fully scored. bands: [(band, min_total, [criterion pks])]."""
    total = as_decimal(total)
    for band, min_total, required in bands:
        if total < as_decimal(min_total):
            continue
        if all(node_points.get(pk, ZERO) >= as_decimal(node_max[pk]) for pk in required if pk in node_max):
            return band
    return None


def competition_ranks(totals):
    """[total, …] sorted best first → ranks with ties shared (1, 2, 2, 4)."""
    ranks = []
    for index, total in enumerate(totals):
        ranks.append(ranks[-1] if index and totals[index - 1] == total else index + 1)
    return ranks


# --- a table's structure --------------------------------------------------------------


def _root_problems(roots, total_points):
    if not roots:
        return [_("The table has no groups.")]
    regular_sum = sum((as_decimal(n.max_points) for n in roots if n.kind == REGULAR), ZERO)
    if regular_sum != as_decimal(total_points):
        return [
            _("The groups' maxima add up to %(sum)s, not the table's total of %(total)s.")
            % {"sum": format_points(regular_sum), "total": format_points(total_points)}
        ]
    return []


def _children_problems(node, kids):
    problems = []
    if node.kind == REGULAR:
        kid_sum = sum((as_decimal(k.max_points) for k in kids), ZERO)
        if kid_sum != as_decimal(node.max_points):
            problems.append(
                _("%(number)s: the sub-criteria's maxima add up to %(sum)s, not %(max)s.")
                % {"number": node.number, "sum": format_points(kid_sum), "max": format_points(node.max_points)}
            )
    problems.extend(
        _("%(number)s must be of the same kind as %(parent)s.") % {"number": kid.number, "parent": node.number}
        for kid in kids
        if kid.kind != node.kind
    )
    return problems


def _band_problems(node, bands):
    if not bands:
        return [_("%(number)s is scored by bands but has none.") % {"number": node.number}]
    if any(as_decimal(points) > as_decimal(node.max_points) for _lower, _upper, points in bands):
        return [_("%(number)s: a band gives more than the maximum points.") % {"number": node.number}]
    return []


def structure_problems(total_points, criteria, bands_by_criterion, rank_bands=()):
    """Why a table cannot be published, as a list of messages (empty when it can).

    - the regular groups' maxima add up to the table's total;
    - a regular node's children's maxima add up to its own maximum;
    - children have their parent's kind;
    - a "bands" criterion has bands, each within [0, max];
    - rank bands go from the highest minimum down.
    """
    children = {}
    for node in criteria:
        children.setdefault(node.parent_id, []).append(node)
    problems = _root_problems(children.get(None, []), total_points)
    for node in criteria:
        kids = children.get(node.pk, [])
        if kids:
            problems.extend(_children_problems(node, kids))
        elif node.method == BANDS:
            problems.extend(_band_problems(node, bands_by_criterion.get(node.pk, [])))
    minimums = [as_decimal(minimum) for _name, minimum in rank_bands]
    if any(later >= earlier for earlier, later in zip(minimums, minimums[1:], strict=False)):
        problems.append(_("Rank bands must go from the highest minimum total down."))
    return problems
