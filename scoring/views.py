"""Pages of the scoring app: criteria tables (build, import/export, copy, publish),
scorecards (self-scoring with live points, evidence, review, final) and the ranking.
Views load with a permission check, validate with a form and call a service."""

import os
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.files import serve_private
from emulation.models import Cluster, Membership, Unit
from emulation.permissions import is_ministry_staff, official_of, unit_id_of
from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices

from . import charts, computation, forms, queries, services, sheets
from .models import CriteriaTable, Criterion, Evidence, RankBand, ReviewerAssignment, Scorecard, ScoreEntry
from .transitions import SCORECARD, TABLE


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _refused(request, machine, obj, action, back):
    """A redirect to ``back`` with the state's message when the object's state does not allow
    the action now (None when it does); PermissionDenied when the user may not take it."""
    try:
        machine.check(obj, action, request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(back)
    return None


# --- home ---------------------------------------------------------------------------


@login_required
def index(request):
    year = requested_year(request)
    official = official_of(request.user)
    own_card = None
    can_open = False
    if official:
        own_card = Scorecard.objects.filter(unit_id=official.unit_id, year=year).select_related("table").first()
        if own_card is None:
            can_open = services.published_table(year, official.unit.type) is not None
    to_review = _review_queue(request.user, year)
    context = {
        "year": year,
        "years": year_choices(),
        "official": official,
        "own_card": own_card,
        "can_open": can_open,
        "review_counts": _status_counts(to_review) if to_review is not None else [],
        "tables": CriteriaTable.objects.filter(year=year).exclude(status=CriteriaTable.Status.SUPERSEDED)
        if is_ministry_staff(request.user)
        else CriteriaTable.objects.filter(year=year, status=CriteriaTable.Status.PUBLISHED),
        "unit_types": _types_with_tables(year),
    }
    return render(request, "scoring/index.html", context)


def _status_counts(cards):
    """[{status, label, badge, n}] of a queryset of scorecards, in workflow order."""
    counts = dict(cards.values_list("status").annotate(n=Count("pk")).order_by())
    return [
        {"status": status, "label": label, "badge": Scorecard.BADGES[status], "n": counts[status]}
        for status, label in Scorecard.Status.choices
        if counts.get(status)
    ]


def _types_with_tables(year):
    labels = dict(Unit.Type.choices)
    types = CriteriaTable.objects.filter(year=year).values_list("unit_type", flat=True).distinct()
    return [(value, labels[value]) for value in sorted(set(types))]


def _review_queue(user, year):
    """Scorecards the user reviews in a year (a queryset), or None for non-reviewers."""
    cards = Scorecard.objects.filter(year=year)
    if is_ministry_staff(user):
        return cards
    unit_id = unit_id_of(user)
    if unit_id is None:
        return None
    assignments = list(ReviewerAssignment.objects.filter(reviewer_id=unit_id, table__year=year))
    if not assignments:
        return None
    condition = Q(pk__in=[])
    for assignment in assignments:
        part = Q(table_id=assignment.table_id)
        if assignment.cluster_id:
            members = Membership.objects.filter(cluster_id=assignment.cluster_id, year=year).values("unit_id")
            part &= Q(unit_id__in=members)
        condition |= part
    return cards.filter(condition).exclude(unit_id=unit_id)


@require_POST
@login_required
def open_own_scorecard(request):
    official = official_of(request.user)
    if official is None:
        raise PermissionDenied
    year = requested_year(request)
    try:
        card = services.open_scorecard(official.unit, year, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(f"{reverse('scoring:index')}?year={year}")
    return redirect("scoring:card", pk=card.pk)


# --- criteria tables ------------------------------------------------------------------


@login_required
def table_list(request):
    tables = CriteriaTable.objects.annotate(n_criteria=Count("criteria"))
    if not is_ministry_staff(request.user):
        tables = tables.exclude(status=CriteriaTable.Status.DRAFT)
    page = Paginator(tables.order_by("-year", "unit_type", "-edition"), 30).get_page(request.GET.get("page"))
    return render(request, "scoring/table_list.html", {"page": page, "can_manage": is_ministry_staff(request.user)})


@never_cache
@login_required
def table_create(request):
    _require(request, "scoring.manage_tables")
    form = forms.TableForm(request.POST or None, initial={"year": requested_year(request), "issuer": "Bộ Tư pháp"})
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] for name in ["name", "legal_basis", "issued_on", "issuer", "total_points"]
        }
        try:
            table = services.create_table(
                request.user, year=form.cleaned_data["year"], unit_type=form.cleaned_data["unit_type"], **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The table has been created: add its criteria or import them from Excel."))
            return redirect("scoring:table", pk=table.pk)
    return render(request, "scoring/table_form.html", {"form": form})


@never_cache
@login_required
def table_edit(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    if refusal := _refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
        return refusal
    form = forms.TableForm(request.POST or None, instance=table)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] for name in ["name", "legal_basis", "issued_on", "issuer", "total_points"]
        }
        try:
            services.update_table(table, request.user, form.cleaned_data["version"], **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("scoring:table", pk=table.pk)
    return render(request, "scoring/table_form.html", {"form": form, "table": table})


@login_required
def table_detail(request, pk):
    table = get_object_or_404(CriteriaTable.objects.select_related("source", "published_by"), pk=pk)
    _require(request, "scoring.view_table", table)
    criteria, bands = services.table_tree(table)
    rank_bands = list(table.rank_bands.order_by("position", "pk").prefetch_related("required_full"))
    totals = defaultdict(lambda: computation.ZERO)
    for node in criteria:
        if node.parent_id is None:
            totals[node.kind] += node.max_points
    context = {
        "table": table,
        "criteria": criteria,
        "bands": {pk: sheets.format_bands(rows) for pk, rows in bands.items()},
        "rank_bands": rank_bands,
        "problems": services.table_problems(table, criteria, bands) if TABLE.allows(table, "publish") else [],
        "regular_sum": totals["regular"],
        "actions": TABLE.available(table, request.user),
        "can_manage": request.user.has_perm("scoring.manage_tables"),
        "copy_form": forms.CopyTableForm(initial={"year": table.year + 1}),
        "n_cards": table.scorecards.count(),
        "editions": CriteriaTable.objects.filter(year=table.year, unit_type=table.unit_type).order_by("edition"),
    }
    return render(request, "scoring/table_detail.html", context)


@never_cache
@login_required
def criterion_edit(request, pk, criterion_pk=None):
    table = get_object_or_404(CriteriaTable, pk=pk)
    if refusal := _refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
        return refusal
    criterion = get_object_or_404(Criterion, pk=criterion_pk, table=table) if criterion_pk else None
    initial = {}
    if criterion is None and request.GET.get("parent"):
        initial["parent"] = request.GET["parent"]
    form = forms.CriterionForm(request.POST or None, instance=criterion, table=table, initial=initial)
    band_initial = (
        [{"lower": b.lower, "upper": b.upper, "points": b.points} for b in criterion.bands.order_by("position")]
        if criterion
        else []
    )
    bands = forms.BandFormSet(request.POST or None, initial=band_initial, prefix="bands")
    if request.method == "POST" and form.is_valid() and bands.is_valid():
        data = {name: form.cleaned_data[name] for name in services.CRITERION_FIELDS}
        rows = [
            (f.cleaned_data["lower"], f.cleaned_data["upper"], f.cleaned_data["points"])
            for f in bands.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("points") is not None
        ]
        try:
            with transaction.atomic():  # bands refused: the criterion is not saved either
                saved = services.save_criterion(
                    table, request.user, criterion, parent=form.cleaned_data["parent"], **data
                )
                services.set_bands(saved, request.user, rows)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Criterion %(number)s saved.") % {"number": saved.number})
            return redirect(f"{reverse('scoring:table', args=[table.pk])}#c{saved.pk}")
    context = {"table": table, "criterion": criterion, "form": form, "bands": bands}
    return render(request, "scoring/criterion_form.html", context)


@require_POST
@login_required
def criterion_delete(request, pk, criterion_pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, table=table)
    _require(request, "scoring.manage_tables")
    try:
        services.delete_criterion(criterion, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Criterion %(number)s deleted.") % {"number": criterion.number})
    return redirect("scoring:table", pk=table.pk)


@never_cache
@login_required
def rank_bands_edit(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    if refusal := _refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
        return refusal
    criteria = Criterion.objects.filter(table=table).order_by("position")
    initial = [
        {"name": b.name, "label": b.label, "min_total": b.min_total, "required": list(b.required_full.all())}
        for b in table.rank_bands.order_by("position").prefetch_related("required_full")
    ]
    formset = forms.RankBandFormSet(request.POST or None, initial=initial, prefix="ranks", criteria=criteria)
    if request.method == "POST" and formset.is_valid():
        rows = [
            (f.cleaned_data["name"], f.cleaned_data["label"], f.cleaned_data["min_total"], f.cleaned_data["required"])
            for f in formset.forms
            if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.set_rank_bands(table, request.user, rows)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The rank bands have been saved."))
            return redirect("scoring:table", pk=table.pk)
    return render(request, "scoring/rank_bands_form.html", {"table": table, "formset": formset})


@never_cache
@login_required
def table_import(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    if refusal := _refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
        return refusal
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    sheet_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            services.import_table(table, request.user, form.cleaned_data["file"])
        except ValidationError as error:
            sheet_errors = error.messages
        else:
            messages.success(request, _("The criteria have been imported."))
            return redirect("scoring:table", pk=table.pk)
    context = {"table": table, "form": form, "sheet_errors": sheet_errors, "columns": sheets.COLUMNS}
    return render(request, "scoring/table_import.html", context)


@login_required
def table_export(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    _require(request, "scoring.view_table", table)
    return xlsx_response(f"bang-tieu-chi-{table.year}-{table.unit_type}-{table.edition}.xlsx", table_workbook(table))


def table_workbook(table):
    criteria, bands = services.table_tree(table)
    numbers = {node.pk: node.number for node in criteria}
    rank_bands = list(table.rank_bands.order_by("position", "pk").prefetch_related("required_full"))
    required = {band.pk: [numbers[c.pk] for c in band.required_full.all()] for band in rank_bands}
    return [
        (sheets.CRITERIA_SHEET, *sheets.criteria_rows(criteria, bands)),
        (sheets.RANK_SHEET, *sheets.rank_rows(rank_bands, required)),
    ]


@require_POST
@login_required
def table_copy(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    _require(request, "scoring.manage_tables")
    form = forms.CopyTableForm(request.POST)
    if not form.is_valid():
        _errors(request, ValidationError(form.errors["year"]))
        return redirect("scoring:table", pk=table.pk)
    try:
        copy = services.copy_table(table, form.cleaned_data["year"], request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("scoring:table", pk=table.pk)
    messages.success(request, _("The table has been copied to %(year)s as a draft.") % {"year": copy.year})
    return redirect("scoring:table", pk=copy.pk)


@require_POST
@login_required
def table_publish(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    _require(request, "scoring.manage_tables")
    try:
        services.publish_table(table, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The table has been published."))
    return redirect("scoring:table", pk=table.pk)


@require_POST
@login_required
def table_new_edition(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    _require(request, "scoring.manage_tables")
    try:
        copy = services.new_edition(table, request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("scoring:table", pk=table.pk)
    messages.success(request, _("A new draft edition has been made; publish it to replace this one."))
    return redirect("scoring:table", pk=copy.pk)


@require_POST
@login_required
def table_delete(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    _require(request, "scoring.manage_tables")
    try:
        services.delete_table(table, request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("scoring:table", pk=table.pk)
    messages.success(request, _("The draft table has been deleted."))
    return redirect("scoring:tables")


@never_cache
@login_required
def table_reviewers(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    _require(request, "scoring.manage_tables")
    form = forms.ReviewerForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            assignment = get_object_or_404(ReviewerAssignment, pk=request.POST["remove"], table=table)
            services.remove_reviewer(assignment, request.user)
            return redirect("scoring:table_reviewers", pk=table.pk)
        if form.is_valid():
            try:
                services.assign_reviewer(
                    table, form.cleaned_data["reviewer"], request.user, cluster=form.cleaned_data["cluster"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The reviewing unit has been assigned."))
                return redirect("scoring:table_reviewers", pk=table.pk)
    assignments = table.reviewers.select_related("reviewer", "cluster").order_by(vi_collate("reviewer__name"))
    return render(request, "scoring/table_reviewers.html", {"table": table, "form": form, "assignments": assignments})


# --- scorecards -----------------------------------------------------------------------


@login_required
def card_list(request):
    year = requested_year(request)
    cards = _review_queue(request.user, year)
    if cards is None:
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status in Scorecard.Status.values:
        cards = cards.filter(status=status)
    unit_type = request.GET.get("type", "")
    if unit_type in Unit.Type.values:
        cards = cards.filter(unit_type=unit_type)
    cards = cards.select_related("unit", "band").order_by("unit_type", vi_collate("unit__name"))
    context = {
        "year": year,
        "years": year_choices(),
        "page": Paginator(cards, 50).get_page(request.GET.get("page")),
        "status": status,
        "unit_type": unit_type,
        "statuses": Scorecard.Status.choices,
        "types": Unit.Type.choices,
    }
    return render(request, "scoring/card_list.html", context)


def _load_card(request, pk, perm="scoring.view_scorecard"):
    card = get_object_or_404(Scorecard.objects.select_related("unit", "table", "band"), pk=pk)
    _require(request, perm, card)
    return card


def _card_data(card):
    """Everything a scorecard page shows, in a fixed number of queries."""
    criteria, bands = services.table_tree(card.table)
    by_pk = {node.pk: node for node in criteria}
    entries = {}
    for entry in ScoreEntry.objects.filter(scorecard=card).select_related("reviewed_by"):
        entry.criterion = by_pk[entry.criterion_id]  # already loaded: no query per row
        entries[entry.criterion_id] = entry
    evidence = defaultdict(list)
    for item in Evidence.objects.filter(entry__scorecard=card).order_by("pk"):
        evidence[item.entry_id].append(item)
    return criteria, bands, entries, evidence


def _rows(criteria, bands, entries, evidence, own, effective, form=None, review_form=None):
    rows = []
    for node in criteria:
        entry = entries.get(node.pk) if node.is_leaf else None
        row = {
            "node": node,
            "entry": entry,
            "evidence": evidence.get(entry.pk, []) if entry else [],
            "own": own.nodes.get(node.pk),
            "points": effective.nodes.get(node.pk),
            "bands": sheets.format_bands(bands[node.pk]) if node.pk in bands else "",
        }
        if form is not None and node.is_leaf:
            prefix = f"c{node.pk}"
            row["inputs"] = [form[name] for name in form.fields if name.startswith(prefix + "-")][:-1]
            row["note"] = form[f"{prefix}-note"]
            row["errors_list"] = [error for field in row["inputs"] for error in field.errors]
            row["computed"] = form.computed.get(node.pk)
        if review_form is not None and entry is not None:
            row["review_points"] = review_form[f"e{entry.pk}-points"]
            row["review_reason"] = review_form[f"e{entry.pk}-reason"]
            row["review_version"] = review_form[f"e{entry.pk}-version"]
        rows.append(row)
    return rows


def _changes(card, criteria):
    """Every change a reviewer made to an entry, oldest first, with who, when and why."""
    numbers = {node.pk: node for node in criteria}
    history = (
        ScoreEntry.history.filter(scorecard_id=card.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, previous = [], {}
    for record in history:
        before = previous.get(record.id)
        previous[record.id] = record
        if (
            before is None
            or record.reviewed_points == before.reviewed_points
            and (record.review_reason == before.review_reason)
        ):
            continue
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "criterion": numbers.get(record.criterion_id),
                "self_points": record.self_points,
                "before": before.reviewed_points if before.reviewed_points is not None else before.self_points,
                "after": record.reviewed_points if record.reviewed_points is not None else record.self_points,
                "reason": record.review_reason,
            }
        )
    return sorted(changes, key=lambda change: change["when"])


def _card_page(request, card, form=None, review_form=None, status=200):
    criteria, bands, entries, evidence = _card_data(card)
    actions = SCORECARD.available(card, request.user)
    can_edit = "edit" in actions
    can_review = "review" in actions
    if can_edit and form is None:
        form = forms.ScorecardForm(criteria=criteria, bands=bands, entries=entries, initial={"version": card.version})
    if can_review and review_form is None:
        review_form = forms.ReviewForm(criteria=criteria, entries={e.pk: e for e in entries.values()})
    own_points = {pk: e.self_points for pk, e in entries.items()}
    if form is not None and form.is_bound:
        own_points = {pk: form.computed.get(pk) for pk in own_points}
    own = computation.tree_totals(criteria, own_points)
    effective = computation.tree_totals(criteria, {pk: e.points for pk, e in entries.items()})
    context = {
        "card": card,
        "table": card.table,
        "form": form if can_edit else None,
        "review_form": review_form if can_review else None,
        "rows": _rows(criteria, bands, entries, evidence, own, effective, form if can_edit else None, review_form),
        "own": own,
        "effective": effective,
        "band": services.card_band(card, criteria, list(entries.values()), effective),
        "changes": _changes(card, criteria),
        "timeline": card.history.select_related("history_user").order_by("history_date", "history_id"),
        "actions": actions,
        "can_edit": can_edit,
        "can_review": can_review,
        "missing": services.missing_evidence(card, entries=list(entries.values())) if can_edit else [],
        "certification_form": forms.CertificationForm() if can_edit and card.needs_certification else None,
        "return_form": forms.ReturnForm() if "return" in actions else None,
        "n_changed": sum(1 for e in entries.values() if e.changed_by_review),
    }
    return render(request, "scoring/card_detail.html", context, status=status)


@never_cache
@login_required
def card_detail(request, pk):
    card = _load_card(request, pk)
    if request.method != "POST":
        return _card_page(request, card)
    if refusal := _refused(request, SCORECARD, card, "edit", reverse("scoring:card", args=[card.pk])):
        return refusal
    criteria, bands, entries, _evidence = _card_data(card)
    form = forms.ScorecardForm(request.POST, criteria=criteria, bands=bands, entries=entries)
    if not form.is_valid():
        messages.error(request, _("Some points could not be saved: see the criteria marked in red."))
        return _card_page(request, card, form=form, status=422)
    try:
        services.save_self_scores(card, request.user, form.rows(), form.cleaned_data["version"])
        if "submit_card" in request.POST:
            services.submit_scorecard(card, request.user)
            messages.success(request, _("The scorecard has been submitted for review."))
        else:
            messages.success(request, _("Saved."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("scoring:card", pk=card.pk)


@require_POST
@login_required
def card_preview(request, pk):
    """htmx: the points of every criterion and the totals for what is typed, not saved."""
    card = _load_card(request, pk, "scoring.edit_scorecard")
    criteria, bands, entries, _evidence = _card_data(card)
    form = forms.ScorecardForm(request.POST, criteria=criteria, bands=bands, entries=entries)
    form.is_valid()
    own = computation.tree_totals(criteria, {pk: form.computed.get(pk) for pk in entries})
    rows = [
        {
            "node": node,
            "computed": form.computed.get(node.pk),
            "errors": [e for name in form.fields if name.startswith(f"c{node.pk}-") for e in form.errors.get(name, [])],
            "own": own.nodes.get(node.pk),
        }
        for node in criteria
    ]
    band = services.card_band(card, criteria, [], own)
    return render(request, "scoring/_preview.html", {"rows": rows, "own": own, "band": band, "card": card})


@require_POST
@login_required
def card_submit(request, pk):
    card = _load_card(request, pk, "scoring.edit_scorecard")
    try:
        services.submit_scorecard(card, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The scorecard has been submitted for review."))
    return redirect("scoring:card", pk=card.pk)


@require_POST
@login_required
def card_certification(request, pk):
    card = _load_card(request, pk, "scoring.edit_scorecard")
    form = forms.CertificationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_certification(card, request.user, form.cleaned_data["certification"])
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The certification has been attached."))
    else:
        _errors(request, ValidationError(form.errors["certification"]))
    return redirect("scoring:card", pk=card.pk)


@login_required
def certification_file(request, pk):
    card = _load_card(request, pk)
    if not card.certification:
        raise Http404
    return serve_private(card.certification, f"xac-nhan-{card.unit.slug}-{card.year}{_ext(card.certification)}")


def _ext(field_file):
    return os.path.splitext(field_file.name)[1]


@require_POST
@login_required
def evidence_add(request, entry_pk):
    entry = get_object_or_404(ScoreEntry.objects.select_related("scorecard", "criterion"), pk=entry_pk)
    _require(request, "scoring.edit_scorecard", entry.scorecard)
    form = forms.EvidenceForm(request.POST, request.FILES)
    error_messages = []
    if form.is_valid():
        try:
            services.add_evidence(entry, request.user, file=form.cleaned_data["file"], link=form.cleaned_data["link"])
        except ValidationError as error:
            error_messages = error.messages
    else:
        error_messages = [message for errors in form.errors.values() for message in errors]
    if not request.htmx:
        for message in error_messages:
            messages.error(request, message)
        return redirect(f"{reverse('scoring:card', args=[entry.scorecard_id])}#c{entry.criterion_id}")
    context = {
        "entry": entry,
        "items": Evidence.objects.filter(entry=entry).order_by("pk"),
        "errors": error_messages,
        "can_edit": True,
    }
    return render(request, "scoring/_evidence.html", context)


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("entry__scorecard"), pk=pk)
    _require(request, "scoring.view_scorecard", evidence.entry.scorecard)
    if not evidence.file:
        raise Http404
    return serve_private(evidence.file, evidence.original_name or None)


@require_POST
@login_required
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("entry__scorecard"), pk=pk)
    card = evidence.entry.scorecard
    _require(request, "scoring.edit_scorecard", card)
    try:
        services.remove_evidence(evidence, request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect(f"{reverse('scoring:card', args=[card.pk])}#c{evidence.entry.criterion_id}")


@require_POST
@login_required
def card_review(request, pk):
    card = _load_card(request, pk, "scoring.review_scorecard")
    if refusal := _refused(request, SCORECARD, card, "review", reverse("scoring:card", args=[card.pk])):
        return refusal
    criteria, _bands, entries, _evidence = _card_data(card)
    form = forms.ReviewForm(request.POST, criteria=criteria, entries={e.pk: e for e in entries.values()})
    if not form.is_valid():
        messages.error(request, _("Some reviewed points could not be saved: see the criteria marked in red."))
        return _card_page(request, card, review_form=form, status=422)
    try:
        services.save_review(card, request.user, form.rows())
        if "complete_review" in request.POST:
            services.complete_review(card, request.user)
            messages.success(request, _("The review is complete."))
        else:
            messages.success(request, _("The reviewed points have been saved."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("scoring:card", pk=card.pk)


@require_POST
@login_required
def card_return(request, pk):
    card = _load_card(request, pk, "scoring.review_scorecard")
    form = forms.ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for returning the scorecard."))
        services.return_scorecard(card, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The scorecard has been returned to the unit."))
    return redirect("scoring:card", pk=card.pk)


@require_POST
@login_required
def card_finalize(request, pk):
    card = _load_card(request, pk, "scoring.finalize_scorecard")
    try:
        services.finalize_scorecard(card, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The scorecard is final."))
    return redirect("scoring:card", pk=card.pk)


# --- ranking ----------------------------------------------------------------------------


def _ranking_params(request):
    year = requested_year(request)
    unit_type = request.GET.get("type") or Unit.Type.JUSTICE_DEPARTMENT
    if unit_type not in Unit.Type.values:
        raise Http404
    cluster = None
    if request.GET.get("cluster"):
        cluster = get_object_or_404(Cluster, slug=request.GET["cluster"])
    return year, unit_type, cluster


@login_required
def ranking(request):
    _require(request, "scoring.view_ranking")
    year, unit_type, cluster = _ranking_params(request)
    rows = queries.ranking(year, unit_type, cluster)
    table = services.published_table(year, unit_type)
    bands = list(RankBand.objects.filter(table=table).order_by("position")) if table else []
    band_counts = {band.pk: 0 for band in bands}
    for row in rows:
        if row.band:
            band_counts[row.band.pk] = band_counts.get(row.band.pk, 0) + 1
    not_final = Scorecard.objects.filter(year=year, unit_type=unit_type).exclude(status=Scorecard.Status.FINAL)
    if cluster is not None:
        not_final = not_final.filter(
            unit_id__in=Membership.objects.filter(cluster=cluster, year=year).values("unit_id")
        )
    context = {
        "year": year,
        "years": year_choices(),
        "unit_type": unit_type,
        "types": _types_with_tables(year) or [(unit_type, Unit.Type(unit_type).label)],
        "cluster": cluster,
        "clusters": Cluster.objects.active_in(year).filter(memberships__year=year).distinct(),
        "rows": rows,
        "chart": charts.ranking_chart(rows, bands),
        "bands": [(band, band_counts.get(band.pk, 0)) for band in bands],
        "not_final": not_final.count(),
        "table": table,
        "see_all_cards": is_ministry_staff(request.user),
        "own_unit_id": unit_id_of(request.user),
    }
    return render(request, "scoring/ranking.html", context)


@login_required
def ranking_export(request):
    _require(request, "scoring.view_ranking")
    year, unit_type, cluster = _ranking_params(request)
    rows = queries.ranking(year, unit_type, cluster)
    headers = [
        _("Rank"),
        _("Unit"),
        _("Total points"),
        _("Rank band"),
        _("Total in %(year)s") % {"year": year - 1},
        pgettext("ranking", "Change"),
    ]
    data = [
        [
            row.rank,
            row.unit.name,
            float(row.total),
            row.band_name,
            float(row.previous_total) if row.previous_total is not None else None,
            float(row.change) if row.change is not None else None,
        ]
        for row in rows
    ]
    scope = cluster.slug if cluster else "toan-nganh"
    return xlsx_response(f"xep-hang-{year}-{unit_type}-{scope}.xlsx", [(_("Ranking"), headers, data)])
