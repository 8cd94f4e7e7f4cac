"""Criteria table pages: list, create, edit, the tree of criteria with their bands, rank
bands, Excel import and export, copy to a year, new edition, publish, delete, reviewers."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.permissions import is_ministry_staff
from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate
from emulation.views import requested_year

from .. import computation, forms, queries, sheets
from ..models import CriteriaTable, Criterion, ReviewerAssignment
from ..services import tables as services
from ..transitions import TABLE
from .common import refused, require, show_errors


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
    require(request, "scoring.manage_tables")
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
    if refusal := refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
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
    require(request, "scoring.view_table", table)
    criteria, bands = queries.table_tree(table)
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
        "problems": queries.table_problems(table, criteria, bands) if TABLE.allows(table, "publish") else [],
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
    if refusal := refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
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
        try:
            saved = services.save_criterion_and_bands(
                table, request.user, criterion, parent=form.cleaned_data["parent"], bands=bands.rows(), **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Criterion %(number)s saved.") % {"number": saved.number})
            return redirect(f"{reverse('scoring:table', args=[table.pk])}#c{saved.pk}")
    context = {"table": table, "criterion": criterion, "form": form, "bands": bands}
    return render(request, "scoring/criterion_form.html", context)


def _add_errors(form, error):
    """A service's refusal on the form: on its field when it names one, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@login_required
def criterion_delete(request, pk, criterion_pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, table=table)
    require(request, "scoring.manage_tables")
    try:
        services.delete_criterion(criterion, request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Criterion %(number)s deleted.") % {"number": criterion.number})
    return redirect("scoring:table", pk=table.pk)


@never_cache
@login_required
def rank_bands_edit(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    if refusal := refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
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
            show_errors(request, error)
        else:
            messages.success(request, _("The rank bands have been saved."))
            return redirect("scoring:table", pk=table.pk)
    return render(request, "scoring/rank_bands_form.html", {"table": table, "formset": formset})


@never_cache
@login_required
def table_import(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    if refusal := refused(request, TABLE, table, "edit", reverse("scoring:table", args=[table.pk])):
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
    require(request, "scoring.view_table", table)
    return xlsx_response(f"bang-tieu-chi-{table.year}-{table.unit_type}-{table.edition}.xlsx", table_workbook(table))


def table_workbook(table):
    criteria, bands = queries.table_tree(table)
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
    require(request, "scoring.manage_tables")
    form = forms.CopyTableForm(request.POST)
    if not form.is_valid():
        show_errors(request, ValidationError(form.errors["year"]))
        return redirect("scoring:table", pk=table.pk)
    try:
        copy = services.copy_table(table, form.cleaned_data["year"], request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("scoring:table", pk=table.pk)
    messages.success(request, _("The table has been copied to %(year)s as a draft.") % {"year": copy.year})
    return redirect("scoring:table", pk=copy.pk)


@require_POST
@login_required
def table_publish(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    require(request, "scoring.manage_tables")
    try:
        services.publish_table(table, request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The table has been published."))
    return redirect("scoring:table", pk=table.pk)


@require_POST
@login_required
def table_new_edition(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    require(request, "scoring.manage_tables")
    try:
        copy = services.new_edition(table, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("scoring:table", pk=table.pk)
    messages.success(request, _("A new draft edition has been made; publish it to replace this one."))
    return redirect("scoring:table", pk=copy.pk)


@require_POST
@login_required
def table_delete(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    require(request, "scoring.manage_tables")
    try:
        services.delete_table(table, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("scoring:table", pk=table.pk)
    messages.success(request, _("The draft table has been deleted."))
    return redirect("scoring:tables")


@never_cache
@login_required
def table_reviewers(request, pk):
    table = get_object_or_404(CriteriaTable, pk=pk)
    require(request, "scoring.manage_tables")
    form = forms.ReviewerForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            assignment = get_object_or_404(ReviewerAssignment, pk=_key(request.POST["remove"]), table=table)
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


def _key(text):
    """A primary key from a request, or 404 for anything else ("abc", "1\\0", "")."""
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise Http404
    return int(text)


@login_required
def table_rank_band_row(request, pk):
    """htmx: one more empty rank band row, Django's public ``formset.empty_form`` with the
    row's real prefix, and the formset's TOTAL_FORMS counter updated out of band."""
    table = get_object_or_404(CriteriaTable, pk=pk)
    require(request, "scoring.manage_tables")
    index = _key(request.GET.get("ranks-TOTAL_FORMS", ""))
    if index >= 100:
        raise Http404
    criteria = Criterion.objects.filter(table=table).order_by("position")
    formset = forms.RankBandFormSet(prefix="ranks", criteria=criteria)
    form = formset.empty_form
    form.prefix = formset.add_prefix(index)
    return render(request, "scoring/_rank_band_row.html", {"f": form, "new": True, "total": index + 1})
