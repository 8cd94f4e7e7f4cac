"""The set-up pages for ministry staff (clusters, units, members of a year) and the
officials' accounts (ministry staff, or a unit's own head for its staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import setup_forms as forms
from .models import Cluster, Membership, Official, Unit
from .officials_sheet import cell_error, parse_officials
from .services import accounts, setup
from .text import sorted_vi


def _require_setup(request):
    if not request.user.has_perm("emulation.setup_year"):
        raise PermissionDenied


def _apply(form, error):
    """Show a service's ValidationError on the form (per field where it names one)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _save(request, form, action, done):
    """Validate a bound ``form``, run ``action(cleaned_data)``: its result, or None when
    the form or the service refused (the errors are then on the form)."""
    if request.method != "POST" or not form.is_bound or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        _apply(form, error)
        return None
    messages.success(request, done % {"name": result})
    return result


@login_required
def cluster_create(request):
    _require_setup(request)
    form = forms.ClusterForm(request.POST or None)
    cluster = _save(
        request, form, lambda data: setup.create_cluster(request.user, **data), _("%(name)s has been created.")
    )
    if cluster:
        return redirect("cluster_detail", slug=cluster.slug)
    return render(request, "emulation/setup_form.html", {"form": form, "title": _("New cluster")})


@login_required
def cluster_edit(request, slug):
    _require_setup(request)
    cluster = get_object_or_404(Cluster, slug=slug)
    post = request.POST if request.method == "POST" else None
    rename = forms.ClusterRenameForm(post if post and "rename" in post else None, initial=vars(cluster))
    end = forms.ClusterEndForm(post if post and "end" in post else None, initial={"last_year": cluster.last_year})
    done = _("%(name)s has been saved.")
    if _save(request, rename, lambda data: setup.rename_cluster(cluster, request.user, **data), done) or _save(
        request, end, lambda data: setup.end_cluster(cluster, request.user, data["last_year"]), done
    ):
        return redirect("cluster_detail", slug=cluster.slug)
    context = {"cluster": cluster, "rename": rename, "end": end}
    return render(request, "emulation/cluster_edit.html", context)


@login_required
def unit_create(request):
    _require_setup(request)
    form = forms.UnitForm(request.POST or None)
    unit = _save(request, form, lambda data: setup.create_unit(request.user, **data), _("%(name)s has been created."))
    if unit:
        return redirect("unit_detail", slug=unit.slug)
    return render(request, "emulation/setup_form.html", {"form": form, "title": _("New unit")})


@login_required
def unit_edit(request, slug):
    _require_setup(request)
    unit = get_object_or_404(Unit, slug=slug)
    post = request.POST if request.method == "POST" else None
    rename = forms.UnitRenameForm(post if post and "rename" in post else None, initial=vars(unit))
    merge = forms.UnitMergeForm(post if post and "merge" in post else None, unit=unit)
    done = _("%(name)s has been saved.")
    if _save(request, rename, lambda data: setup.rename_unit(unit, request.user, **data), done) or _save(
        request, merge, lambda data: setup.merge_unit(unit, data["successor"], data["from_year"], request.user), done
    ):
        return redirect("unit_detail", slug=unit.slug)
    return render(request, "emulation/unit_edit.html", {"unit": unit, "rename": rename, "merge": merge})


@login_required
def cluster_members(request, year, slug):
    _require_setup(request)
    cluster = get_object_or_404(Cluster, slug=slug)
    memberships = Membership.objects.filter(cluster=cluster, year=year).select_related("unit")
    members = sorted_vi([m.unit for m in memberships], key=lambda unit: unit.name)
    unit_type = request.GET.get("type", "")
    candidates = Unit.objects.filter(active=True).exclude(pk__in=[unit.pk for unit in members])
    if unit_type in Unit.Type.values:
        candidates = candidates.filter(type=unit_type)
    form = forms.MembersForm(request.POST or None, members=members, candidates=candidates)

    def change(data):
        added, removed = setup.change_members(cluster, year, request.user, add=data["add"], remove=data["remove"])
        return _("%(added)s added, %(removed)s removed") % {"added": added, "removed": removed}

    if _save(request, form, change, _("Members of the cluster: %(name)s.")):
        return redirect("cluster_members", year=year, slug=cluster.slug)
    context = {"cluster": cluster, "year": year, "form": form, "unit_type": unit_type, "types": Unit.Type.choices}
    return render(request, "emulation/cluster_members.html", context)


def _official_rows(formset, unit):
    return [
        accounts.NewOfficial(unit, data["full_name"], data["email"], data.get("position", ""), data.get("is_unit_head"))
        for data in formset.cleaned_data
        if data
    ]


@login_required
def officials_new(request, slug):
    unit = get_object_or_404(Unit, slug=slug)
    if not request.user.has_perm("emulation.manage_officials", unit):
        raise PermissionDenied
    may_head = request.user.has_perm("emulation.appoint_unit_head", unit)
    formset = forms.OfficialRows(request.POST or None, may_appoint_head=may_head, prefix="o")
    if request.method == "POST" and formset.is_valid():
        rows = [form for form in formset.forms if form.cleaned_data]
        try:
            created = accounts.create_officials(_official_rows(formset, unit), request.user, _base_url(request))
        except ValidationError as error:
            for index, field, message in getattr(error, "refusals", []):
                rows[index].add_error(field if field in rows[index].fields else None, message)
        else:
            messages.success(request, _created(created))
            return redirect("unit_detail", slug=unit.slug)
    return render(request, "emulation/officials_new.html", {"unit": unit, "formset": formset})


def _created(created):
    return _("%(count)s accounts created; each official has been e-mailed a link to set their password.") % {
        "count": len(created)
    }


def _base_url(request):
    return request.build_absolute_uri("/")


@login_required
def officials_import(request):
    _require_setup(request)
    form = forms.OfficialsImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, numbers = parse_officials(form.cleaned_data["file"])
            created = accounts.create_officials(rows, request.user, _base_url(request))
        except ValidationError as error:
            refusals = getattr(error, "refusals", None)
            errors = [cell_error(numbers[i], f, m) for i, f, m in refusals] if refusals else error.messages
        else:
            messages.success(request, _created(created))
            return redirect("dashboard")
    return render(request, "emulation/officials_import.html", {"form": form, "errors": errors})


@require_POST
@login_required
def official_deactivate(request, pk):
    official = get_object_or_404(Official.objects.select_related("unit", "user"), pk=pk)
    if not request.user.has_perm("emulation.manage_officials", official.unit):
        raise PermissionDenied
    try:
        accounts.deactivate_official(official, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The account of %(name)s has been deactivated.") % {"name": official})
    return redirect("unit_detail", slug=official.unit.slug)
