"""The unit's year grid: one row per person who worked there that year, with the grading,
the titles registered and where each stands, and what the person is eligible for.
Rows are edited in place with htmx; without JavaScript the forms post and come back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation.text import vi_collate

from .. import queries, registry
from ..forms import CouncilMemberForm, DecisionForm, GradeForm, RegisterTitleForm
from ..models import CouncilMember, IndividualTitle, Person, PersonYear
from ..permissions import may
from ..services import years as services
from ..transitions import INDIVIDUAL_TITLE
from . import error_text, load_unit

GRID_PAGE_SIZE = 50
TITLE_VERBS = {
    "propose": services.propose_title,
    "withdraw": services.withdraw_title,
    "remove": services.remove_title,
    "assess": lambda record, by, data: services.assess_title(record, by, data.get("note", "")),
    "reject": lambda record, by, data: services.reject_title(record, by, data.get("note", "")),
    "revoke": services.revoke_title,
}


# The buttons of a title record, in the order the grid shows them: (action, label, style,
# whether it asks for a note). "decide" has its own form (number and date).
TITLE_BUTTONS = (
    ("propose", gettext_lazy("Propose"), "primary", False),
    ("withdraw", gettext_lazy("Withdraw"), "outline-secondary", False),
    ("remove", gettext_lazy("Remove"), "outline-danger", False),
    ("assess", gettext_lazy("Assessed: agreed"), "success", False),
    ("reject", gettext_lazy("Not agreed"), "outline-danger", True),
    ("decide", gettext_lazy("Recognise"), "success", False),
    ("revoke", gettext_lazy("Revoke"), "outline-danger", False),
)


def _buttons(record, user):
    actions = INDIVIDUAL_TITLE.available(record, user)
    return [button for button in TITLE_BUTTONS if button[0] in actions]


def grade_options():
    """The grading and discipline options of every row, worked out once per page."""
    return {
        "grading": _options("grading", _("Not graded yet")),
        "discipline": _options("discipline", _("No discipline")),
    }


def _options(name, empty_label):
    return [(value, str(label) if value else empty_label) for value, label in GradeForm.base_fields[name].choices]


def _grid_rows(unit, year, user, postings, titles):
    """Rows of the grid for these postings in a fixed number of queries, whatever their number."""
    person_ids = [p.person_id for p in postings]
    titles_qs = IndividualTitle.objects.select_related("title").order_by("title__order")
    years = {
        row.person_id: row
        for row in PersonYear.objects.filter(person_id__in=person_ids, year=year)
        .select_related("unit")
        .prefetch_related(Prefetch("titles", titles_qs))
    }
    registry.load_title_guards(record for row in years.values() for record in row.titles.all())
    eligible = queries.eligibility(person_ids, titles, year)
    may_manage = may(user, "people.manage_roster", unit)
    rows = []
    for posting in postings:
        person_year = years.get(posting.person_id)
        records = list(person_year.titles.all()) if person_year else []
        registered = {record.title_id for record in records}
        rows.append({
            "posting": posting,
            "person_year": person_year,
            "titles": [(record, _buttons(record, user), INDIVIDUAL_TITLE.reasons(record).values())
                       for record in records],
            "eligibility": [eligible[(posting.person_id, title.pk)] for title in titles],
            "to_register": [title for title in titles if title.pk not in registered] if may_manage else [],
            "prefix": f"p{posting.person_id}" if may_manage else "",
        })  # fmt: skip
    return rows


def _role_rank(member):
    return list(CouncilMember.Role.values).index(member.role)


def _row_context(unit, year):
    """What every row of the grid reads besides its own data."""
    return {
        "unit": unit,
        "year": year,
        "grade_options": grade_options(),
        "decision_form": DecisionForm(initial={"date": timezone.localdate()}),
    }


def _grid_context(unit, year, user, page_number=None):
    members = CouncilMember.objects.seated_in(year).filter(unit=unit).select_related("user")
    family = queries.merged_into(unit.pk)
    page = Paginator(queries.year_posting_ids(unit, year), GRID_PAGE_SIZE).get_page(page_number)
    titles = queries.unit_titles()
    return {
        **_row_context(unit, year),
        "years": range(timezone.localdate().year, 2014, -1),
        "page": page,
        "rows": _grid_rows(unit, year, user, queries.postings_in_order(page.object_list), titles),
        "titles": titles,
        "may_manage": may(user, "people.manage_roster", unit),
        "may_manage_council": may(user, "people.manage_council", unit),
        "council": sorted(members.order_by(vi_collate("user__full_name")), key=_role_rank),
        "council_form": CouncilMemberForm(unit_ids=family),
        "quotas": queries.quotas(unit.pk, year, titles),
        "links": registry.year_grid_links_for(user, unit, year),
    }


@login_required
def year_grid(request, slug, year):
    unit = load_unit(request, slug)
    context = _grid_context(unit, year, request.user, request.GET.get("page"))
    return render(request, "people/year_grid.html", context)


def _row_response(request, unit, year, person_pk):
    """The row again (htmx), or the grid (a plain form post)."""
    if not request.htmx:
        return redirect("people:year_grid", unit.slug, year)
    return _render_row(request, unit, year, person_pk)


@login_required
def grid_row(request, slug, year, person_pk):
    unit = load_unit(request, slug)
    return _render_row(request, unit, year, person_pk)


def _render_row(request, unit, year, person_pk):
    postings = queries.postings_in_order(queries.year_posting_ids(unit, year, person_pk))
    rows = _grid_rows(unit, year, request.user, postings, queries.unit_titles())
    if not rows:
        raise Http404
    context = {**_row_context(unit, year), "row": rows[0]}
    return render(request, "people/_grid_row.html", context)


def _report(request, error):
    messages.error(request, error_text(error))


@require_POST
@login_required
def grade(request, slug, year, person_pk):
    unit = load_unit(request, slug, "people.manage_roster")
    person = get_object_or_404(Person, pk=person_pk)
    form = GradeForm(request.POST, prefix=f"p{person.pk}")
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.grade(unit, person, year, request.user, **form.cleaned_data)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The grading of %(name)s has been saved.") % {"name": person})
    return _row_response(request, unit, year, person.pk)


@require_POST
@login_required
def register(request, slug, year, person_pk):
    unit = load_unit(request, slug, "people.manage_roster")
    person = get_object_or_404(Person, pk=person_pk)
    form = RegisterTitleForm(request.POST, titles=queries.unit_titles())
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose one of the unit's titles."))
        services.register_title(unit, person, year, form.cleaned_data["title"], request.user)
    except ValidationError as error:
        _report(request, error)
    return _row_response(request, unit, year, person.pk)


@require_POST
@login_required
def title_action(request, title_pk, action):
    if action not in INDIVIDUAL_TITLE.table:
        raise Http404
    record = get_object_or_404(IndividualTitle.objects.select_related("person_year__unit"), pk=title_pk)
    person_year = record.person_year
    unit = person_year.unit
    try:
        _do(request, record, action)
    except ValidationError as error:
        _report(request, error)
    grid_unit = _grid_unit(request, unit)
    return _row_response(request, grid_unit, person_year.year, person_year.person_id)


def _grid_unit(request, unit):
    """The unit whose grid the request came from (the successor of a merged unit, say)."""
    from emulation.models import Unit

    slug = request.POST.get("grid", "")
    candidate = Unit.objects.filter(slug=slug).first() if slug else None
    if candidate and unit.pk in queries.merged_into(candidate.pk):
        return candidate
    return unit


def _do(request, record, action):
    if action == "decide":
        form = DecisionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the decision's number and date."))
        services.decide_title(record, request.user, form.cleaned_data["number"], form.cleaned_data["date"])
    elif action in ("assess", "reject"):
        TITLE_VERBS[action](record, request.user, request.POST)
    else:
        TITLE_VERBS[action](record, request.user)


@require_POST
@login_required
def council_add(request, slug, year):
    unit = load_unit(request, slug, "people.manage_council")
    form = CouncilMemberForm(request.POST, unit_ids=queries.merged_into(unit.pk))
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose an official of the unit."))
        data = form.cleaned_data
        services.add_council_member(
            unit, year, data["user"], request.user, data["last_year"], data["role"] or "member", data["appointed_by"]
        )
    except ValidationError as error:
        _report(request, error)
    return redirect("people:year_grid", unit.slug, year)


def _year_from(data, default):
    try:
        return int(data.get("year", default))
    except (TypeError, ValueError):
        return default


@require_POST
@login_required
def council_remove(request, member_pk):
    member = get_object_or_404(CouncilMember.objects.select_related("unit"), pk=member_pk)
    if not may(request.user, "people.manage_council", member.unit):
        raise PermissionDenied
    year = _year_from(request.POST, member.year)
    try:
        services.remove_council_member(member, request.user, year)
    except ValidationError as error:
        _report(request, error)
    return redirect("people:year_grid", member.unit.slug, year)
