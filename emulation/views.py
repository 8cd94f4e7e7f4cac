from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import registry, services
from .forms import YearSetupForm
from .health import health_report
from .models import Cluster, Membership, Official, Unit
from .permissions import headed_cluster_ids, is_ministry_staff, official_of
from .text import sorted_vi, vi_collate

# requested_year and year_choices live in emulation/years.py; other apps still import them from here.
from .years import actions_in, other_years_work, requested_year, year_choices


def leaders_by_cluster(cluster_ids, year):
    """{cluster_id: {"head": unit, "deputies": [units]}} for a year, in one query."""
    leaders = defaultdict(lambda: {"head": None, "deputies": []})
    rows = Membership.objects.filter(cluster_id__in=cluster_ids, year=year).leaders().select_related("unit")
    for membership in rows.order_by(vi_collate("unit__name")):
        if membership.role == Membership.Role.HEAD:
            leaders[membership.cluster_id]["head"] = membership.unit
        else:
            leaders[membership.cluster_id]["deputies"].append(membership.unit)
    return leaders


def role_labels(user, year):
    official = official_of(user)
    labels = []
    if is_ministry_staff(user):
        labels.append(_("Ministry staff"))
    if headed_cluster_ids(user, year):
        labels.append(_("Cluster head staff"))
    if official and official.is_unit_head:
        labels.append(_("Unit head"))
    if official and not labels:
        labels.append(_("Unit official"))
    return labels


@login_required
def dashboard(request):
    year = requested_year(request)
    official = official_of(request.user)
    own = []
    if official:
        own = list(
            Membership.objects.filter(unit_id=official.unit_id, year=year)
            .select_related("cluster")
            .order_by(vi_collate("cluster__name"))
        )
    all_clusters = []
    if is_ministry_staff(request.user):
        all_clusters = list(_clusters_with_counts(year))
    cluster_ids = [m.cluster_id for m in own] + [c.pk for c in all_clusters]
    context = {
        "year": year,
        "years": year_choices(request),
        "official": official,
        "roles": role_labels(request.user, year),
        "own_memberships": own,
        "all_clusters": all_clusters,
        "leaders": leaders_by_cluster(cluster_ids, year),
        "actions": actions_in(request.user, year),
        "other_years": other_years_work(request, year),
    }
    return render(request, "emulation/dashboard.html", context)


def _clusters_with_counts(year):
    """Clusters active in ``year`` with their member count and head's name. Both are
    subqueries on that year's rows: a join counted every year's memberships."""
    of_year = Membership.objects.filter(cluster=OuterRef("pk"), year=year).order_by()
    members = of_year.values("cluster").annotate(count=Count("pk")).values("count")
    head = of_year.filter(role=Membership.Role.HEAD).values("unit__name")[:1]
    return (
        Cluster.objects.active_in(year)
        .select_related("parent")
        .annotate(member_count=Coalesce(Subquery(members), 0), head_name=Subquery(head))
    )


@login_required
def cluster_list(request):
    year = requested_year(request)
    context = {"year": year, "years": year_choices(request), "clusters": _clusters_with_counts(year)}
    return render(request, "emulation/cluster_list.html", context)


@login_required
def cluster_detail(request, slug):
    cluster = get_object_or_404(Cluster.objects.select_related("parent"), slug=slug)
    year = requested_year(request)
    members = list(
        Membership.objects.filter(cluster=cluster, year=year).select_related("unit").order_by(vi_collate("unit__name"))
    )
    context = {
        "cluster": cluster,
        "year": year,
        "years": year_choices(request),
        "members": members,
        "leaders": leaders_by_cluster([cluster.pk], year)[cluster.pk],
        "history": _cluster_history(cluster),
        "children": list(cluster.children.all()),
        "links": registry.cluster_links_for(request.user, cluster, year),
    }
    return render(request, "emulation/cluster_detail.html", context)


def _cluster_history(cluster):
    """Each year of the cluster, newest first: member count, head and deputies (two
    queries, whatever the number of members)."""
    years = defaultdict(lambda: {"count": 0, "head": None, "deputies": []})
    counts = Membership.objects.filter(cluster=cluster).values("year").annotate(count=Count("pk")).order_by()
    for row in counts:
        years[row["year"]]["count"] = row["count"]
    leaders = Membership.objects.filter(cluster=cluster).leaders().select_related("unit")
    for membership in leaders.order_by(vi_collate("unit__name")):
        entry = years[membership.year]
        if membership.role == Membership.Role.HEAD:
            entry["head"] = membership.unit
        elif membership.role == Membership.Role.DEPUTY:
            entry["deputies"].append(membership.unit)
    return [{"year": year, **years[year]} for year in sorted(years, reverse=True)]


@login_required
def unit_list(request):
    units = Unit.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(short_name__icontains=query) | Q(province__icontains=query))
    unit_type = request.GET.get("type", "")
    if unit_type in Unit.Type.values:
        units = units.filter(type=unit_type)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "unit_type": unit_type, "types": Unit.Type.choices}
    return render(request, "emulation/unit_list.html", context)


@login_required
def unit_detail(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("parent", "successor"), slug=slug)
    memberships = Membership.objects.filter(unit=unit).select_related("cluster").order_by("-year")
    officials = []
    if request.user.has_perm("emulation.view_unit_officials", unit):
        officials = list(Official.objects.filter(unit=unit).select_related("user"))
    manages = request.user.has_perm("emulation.manage_officials", unit)
    appoints = request.user.has_perm("emulation.appoint_unit_head", unit)
    context = {
        "unit": unit,
        "memberships": memberships,
        "officials": officials,
        "may_add_officials": manages and unit.active,
        "may_deactivate": {
            o.pk
            for o in officials
            if manages and o.user.is_active and o.user_id != request.user.pk and (appoints or not o.is_unit_head)
        },
    }
    return render(request, "emulation/unit_detail.html", context)


def _setup_rows(year, data=None):
    """One form per cluster active in ``year``, its choices the cluster's members."""
    members = defaultdict(list)
    roles = defaultdict(dict)
    rows = Membership.objects.filter(year=year).select_related("unit")
    for membership in rows:
        members[membership.cluster_id].append(membership.unit)
        roles[membership.cluster_id][membership.unit_id] = membership.role
    clusters = list(Cluster.objects.active_in(year))
    last_headed = services.last_headed_years([cluster.pk for cluster in clusters], year)
    setup = []
    for cluster in clusters:
        units = sorted_vi(members[cluster.pk], key=lambda unit: unit.name)
        initial = _initial_leaders(units, year, roles[cluster.pk], last_headed[cluster.pk])
        form = YearSetupForm(data, prefix=f"c{cluster.pk}", members=units, initial=initial)
        setup.append({"cluster": cluster, "form": form, "units": {str(u.pk): u for u in units}})
    return setup


def _initial_leaders(units, year, roles, last_headed):
    """This year's head and deputies, or the head proposed by rotation when none is set."""
    head = next((unit_id for unit_id, role in roles.items() if role == Membership.Role.HEAD), None)
    deputies = [unit_id for unit_id, role in roles.items() if role == Membership.Role.DEPUTY]
    if head is None and units:
        head = services.rotation_choice(units, last_headed, year).pk
    initial = {"head": head}
    for index, unit_id in enumerate(deputies[:2], start=1):
        initial[f"deputy_{index}"] = unit_id
    return initial


@never_cache
@login_required
def year_setup(request, year):
    if not request.user.has_perm("emulation.setup_year"):
        raise PermissionDenied
    if request.method == "POST" and "copy" in request.POST:
        return _copy_year(request, year)
    setup = _setup_rows(year, request.POST if request.method == "POST" else None)
    if request.method == "POST" and _save_setup(request, year, setup):
        messages.success(request, _("The leadership for %(year)s has been saved.") % {"year": year})
        return redirect("year_setup", year=year)
    context = {"year": year, "setup": setup, "has_members": any(row["units"] for row in setup)}
    context["copy_from"] = _copy_source(year)
    return render(request, "emulation/year_setup.html", context)


def _copy_source(year):
    """The year a new year's members are copied from: the latest earlier one with members
    (a year left unset in between would otherwise give nothing to copy)."""
    latest = Membership.objects.filter(year__lt=year).aggregate(latest=Max("year"))["latest"]
    return latest or year - 1


def _copy_year(request, year):
    source = _copy_source(year)
    try:
        created = services.copy_memberships(source, year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s memberships copied from %(year)s.") % {"count": created, "year": source})
    return redirect("year_setup", year=year)


def _save_setup(request, year, setup):
    filled = [row for row in setup if row["units"]]
    if not all(row["form"].is_valid() for row in filled):
        return False
    try:
        with transaction.atomic():
            for row in filled:
                data, units = row["form"].cleaned_data, row["units"]
                deputies = [units.get(data[name]) for name in ("deputy_1", "deputy_2")]
                services.set_leadership(row["cluster"], year, units[data["head"]], deputies, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@never_cache
def healthz(request):
    report = health_report()
    status = 200 if all(value == "ok" for value in report.values()) else 503
    return JsonResponse(report, status=status)
