"""The roster of a unit and a person's page: add, edit, end a posting, Excel in and out."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.models import Unit
from emulation.permissions import is_ministry_staff, official_of
from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate, vi_slug

from .. import queries, registry, sheets
from ..forms import EndPostingForm, ImportForm, PersonForm, PostingForm
from ..models import IndividualTitle, Person
from ..permissions import may
from ..services import roster as services
from . import apply_errors, error_text, load_unit


@login_required
def index(request):
    """A unit's official goes to the unit's roster; ministry staff see the sector's counts."""
    official = official_of(request.user)
    if not is_ministry_staff(request.user):
        if official is None:
            raise PermissionDenied
        return redirect("people:roster", official.unit.slug)
    year = _year(request)
    decided = Q(person_years__year=year, person_years__titles__status=IndividualTitle.Status.DECIDED)
    titles = queries.unit_titles()
    counts = {
        f"t{t.pk}": Count("person_years__titles", filter=decided & Q(person_years__titles__title=t)) for t in titles
    }
    units = (
        Unit.objects.filter(active=True)
        .annotate(staff=Count("postings", filter=Q(postings__end__isnull=True), distinct=True))
        .order_by(vi_collate("name"))
    )
    title_counts = Unit.objects.filter(active=True).annotate(**counts).values("pk", *counts)
    by_unit = {row["pk"]: [row[f"t{t.pk}"] for t in titles] for row in title_counts}
    rows = [(unit, unit.staff, by_unit.get(unit.pk, [])) for unit in units]
    context = {"rows": rows, "titles": titles, "year": year, "years": range(timezone.localdate().year, 2014, -1)}
    return render(request, "people/index.html", context)


def _year(request):
    """?year=, else the latest year with a recognised title (this year if none)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = 0
    if 1990 <= year <= 2100:
        return year
    latest = IndividualTitle.objects.filter(status=IndividualTitle.Status.DECIDED).aggregate(y=Max("person_year__year"))
    return latest["y"] or timezone.localdate().year


@login_required
def roster(request, slug):
    unit = load_unit(request, slug)
    postings = list(queries.roster(unit))
    context = {
        "unit": unit,
        "postings": postings,
        "may_manage": may(request.user, "people.manage_roster", unit),
        "full": may(request.user, "people.manage_roster", unit),
        "year": timezone.localdate().year,
        "waiting": list(queries.pending_transfers_to(queries.merged_into(unit.pk))),
    }
    return render(request, "people/roster.html", context)


@login_required
def person_new(request, slug):
    unit = load_unit(request, slug, "people.manage_roster")
    form = PersonForm(request.POST or None)
    posting = PostingForm(request.POST or None, initial={"start": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and posting.is_valid():
        try:
            person = services.add_person(unit, request.user, posting.cleaned_data, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added to the roster.") % {"name": person})
            return redirect("people:roster", unit.slug)
    return render(request, "people/person_form.html", {"unit": unit, "form": form, "posting": posting})


def _load_person(request, pk, perm="people.view_person"):
    try:
        person = queries.person_page(pk)
    except Person.DoesNotExist:
        raise Http404 from None
    if not may(request.user, perm, person):
        raise PermissionDenied
    return person


@login_required
def person_detail(request, pk):
    person = _load_person(request, pk)
    user = request.user
    full = may(user, "people.view_full_record", person)
    services.log_access(person, user, _("Person's page") + (" (" + _("full record") + ")" if full else ""))
    postings = list(person.postings.all())
    current = next((p for p in postings if p.is_open), None)
    this_year = timezone.localdate().year
    titles = queries.unit_titles()
    context = {
        "person": person,
        "full": full,
        "postings": postings,
        "current": current,
        "transfers": list(person.transfers.all()),
        "years": list(person.years.all()),
        "initiatives": _initiatives(person, user),
        "sections": registry.person_sections_for(person, user),
        "may_edit": may(user, "people.edit_person", person),
        "next_year": this_year,
        "next": [queries.meets(person, title, this_year) for title in titles] if full else [],
        "accesses": list(person.accesses.select_related("user", "viewer_unit")[:20]) if full else [],
        "end_form": EndPostingForm(initial={"end": timezone.localdate()}),
    }
    return render(request, "people/person_detail.html", context)


def _initiatives(person, user):
    authorships = list(person.initiative_authorships.all())
    for authorship in authorships:
        authorship.visible = may(user, "people.view_initiative", authorship.initiative)
    return authorships


@login_required
def person_edit(request, pk):
    person = _load_person(request, pk, "people.edit_person")
    current = next(p for p in person.postings.all() if p.is_open)
    form = PersonForm(request.POST or None, instance=person)
    posting = PostingForm(request.POST or None, instance=current, with_start=False)
    if request.method == "POST" and form.is_valid() and posting.is_valid():
        try:
            services.edit_person(person, request.user, posting.cleaned_data, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The record has been saved."))
            return redirect("people:person_detail", person.pk)
    context = {"unit": current.unit, "person": person, "form": form, "posting": posting}
    return render(request, "people/person_form.html", context)


@require_POST
@login_required
def posting_end(request, pk):
    person = _load_person(request, pk, "people.edit_person")
    current = next(p for p in person.postings.all() if p.is_open)
    form = EndPostingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the last day in the unit."))
        services.end_posting(current, request.user, form.cleaned_data["end"])
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("people:person_detail", person.pk)
    messages.success(request, _("%(name)s has left %(unit)s.") % {"name": person, "unit": current.unit})
    return redirect("people:roster", current.unit.slug)


@login_required
def roster_export(request, slug):
    unit = load_unit(request, slug, "people.manage_roster")
    filename = f"danh-sach-{vi_slug(unit.name)[:60]}-{datetime.date.today():%Y%m%d}.xlsx"
    return xlsx_response(filename, sheets.export_rows(unit))


@login_required
def roster_import(request, slug):
    unit = load_unit(request, slug, "people.manage_roster")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            result = sheets.import_roster(unit, form.cleaned_data["file"], request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(
                request,
                _("The roster has been imported: %(created)s added, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("people:roster", unit.slug)
    context = {"unit": unit, "form": form, "problems": problems, "columns": [label for _k, label in sheets.COLUMNS]}
    return render(request, "people/roster_import.html", context)
