"""The unit's register of initiatives (sáng kiến) for a year: the list, the form with its
authors, and an initiative's page offering what the INITIATIVE machine allows the user now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.files import serve_private
from emulation.text import vi_slug

from .. import queries
from ..forms import AuthorFormSet, InitiativeForm, RecogniseForm, ReturnForm
from ..models import Initiative, Person
from ..permissions import may
from ..services import initiatives as services
from ..transitions import INITIATIVE
from . import apply_errors, error_text, load_unit

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _check_year(year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


def _load(request, initiative_pk, perm="people.view_initiative"):
    initiative = get_object_or_404(Initiative.objects.select_related("unit"), pk=initiative_pk)
    if not may(request.user, perm, initiative):
        raise PermissionDenied
    return initiative


@login_required
def initiative_list(request, slug, year):
    _check_year(year)
    unit = load_unit(request, slug, "people.view_initiatives")
    context = {
        "unit": unit,
        "year": year,
        "years": range(timezone.localdate().year, 2014, -1),
        "initiatives": list(queries.initiatives_of(unit, year)),
        "may_register": may(request.user, "people.register_initiative", unit),
    }
    return render(request, "people/initiative_list.html", context)


def _persons(unit, year):
    ids = [posting.person_id for posting in queries.year_postings(unit, year)]
    return Person.objects.filter(pk__in=ids)


def _form_page(request, unit, year, initiative=None):
    initial = [{"person": a.person_id, "share": a.share} for a in initiative.authors.all()] if initiative else []
    form = InitiativeForm(request.POST or None, request.FILES or None, instance=initiative)
    authors = AuthorFormSet(request.POST or None, initial=initial, prefix="authors", persons=_persons(unit, year))
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        if fields.get("evidence") in (None, False):
            fields.pop("evidence")  # no new file: keep the one stored
        try:
            if initiative is None:
                initiative = services.register_initiative(unit, year, request.user, fields, authors.authors())
            else:
                initiative = services.edit_initiative(initiative, request.user, fields, authors.authors())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect("people:initiative_detail", initiative.pk)
    context = {"unit": unit, "year": year, "form": form, "authors": authors, "initiative": initiative}
    return render(request, "people/initiative_form.html", context)


@login_required
def initiative_new(request, slug, year):
    _check_year(year)
    unit = load_unit(request, slug, "people.register_initiative")
    return _form_page(request, unit, year)


@login_required
def initiative_edit(request, initiative_pk):
    initiative = _load(request, initiative_pk)
    if "edit" not in INITIATIVE.available(initiative, request.user):
        try:
            INITIATIVE.check(initiative, "edit", request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("people:initiative_detail", initiative.pk)
    return _form_page(request, initiative.unit, initiative.year, initiative)


@login_required
def initiative_detail(request, initiative_pk):
    initiative = _load(request, initiative_pk)
    context = {
        "initiative": initiative,
        "unit": initiative.unit,
        "year": initiative.year,
        "authors": list(initiative.authors.select_related("person")),
        "actions": INITIATIVE.available(initiative, request.user),
        "recognise_form": RecogniseForm(initial={"date": timezone.localdate()}),
        "return_form": ReturnForm(),
    }
    return render(request, "people/initiative_detail.html", context)


@login_required
def initiative_evidence(request, initiative_pk):
    initiative = _load(request, initiative_pk)
    if not initiative.evidence:
        raise Http404
    return serve_private(initiative.evidence, f"sang-kien-{vi_slug(initiative.name)[:60]}")


def _recognise(initiative, user, data):
    form = RecogniseForm(data)
    if not form.is_valid():
        raise ValidationError(_("Give the scope of effect and the decision's number and date."))
    clean = form.cleaned_data
    return services.recognise_initiative(initiative, user, clean["scope"], clean["number"], clean["date"])


VERBS = {
    "submit": lambda initiative, user, data: services.submit_initiative(initiative, user),
    "recognise": _recognise,
    "reject": lambda initiative, user, data: services.reject_initiative(initiative, user),
    "return": lambda initiative, user, data: services.return_initiative(initiative, user, data.get("reason", "")),
}


@require_POST
@login_required
def initiative_action(request, initiative_pk, action):
    if action not in VERBS:
        raise Http404
    initiative = _load(request, initiative_pk)
    try:
        VERBS[action](initiative, request.user, request.POST)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Done: %(state)s.") % {"state": INITIATIVE.state_label(_fresh(initiative))})
    return redirect("people:initiative_detail", initiative.pk)


def _fresh(initiative):
    initiative.refresh_from_db(fields=["status"])
    return initiative
