"""The award history, its import from earlier years' spreadsheets, and the matching of the
persons it names in text to the people registry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate
from people import queries as people_queries

from .. import forms, services, sheets
from ..models import AwardRecord
from ..services import history as matching
from .common import show_errors


@never_cache
@login_required
def history(request):
    records = AwardRecord.objects.select_related("title", "unit").order_by(
        "-year", "title__order", vi_collate("unit__name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        records = records.filter(Q(unit__name__icontains=query) | Q(person_name__icontains=query))
    can_import = request.user.has_perm("awards.import_history")
    form = forms.ImportForm()
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        form = forms.ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                created, skipped = services.import_award_history(form.cleaned_data["file"], request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("%(created)s awards imported, %(skipped)s already recorded.")
                    % {"created": created, "skipped": skipped},
                )
                return redirect("awards:history")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "form": form, "can_import": can_import, "columns": sheets.IMPORT_COLUMNS}
    return render(request, "awards/history.html", context)


@login_required
def history_template(request):
    """An empty import workbook with the expected headings and one example row."""
    example = [2021, "Cờ thi đua ngành Tư pháp", "Cục Thi hành án dân sự tỉnh Lào Cai", "", "123/QĐ-BTP", "15/01/2022"]
    return xlsx_response("lich-su-khen-thuong.xlsx", [(_("Award history"), sheets.IMPORT_COLUMNS, [example])])


def _unmatched_for(user):
    """The unmatched records the user may match: every unit's for ministry staff, else their unit's."""
    records = matching.unmatched_records().select_related("title", "unit")
    if not is_ministry_staff(user):
        records = records.filter(unit_id=unit_id_of(user) or 0)
    return records.order_by("-year", vi_collate("unit__name"), vi_collate("person_name"), "pk")


@never_cache
@login_required
def unmatched(request):
    """The award records whose person is named only in text, each with the unit's staff of
    that year to choose from; ministry staff can also match every unambiguous one at once."""
    if unit_id_of(request.user) is None and not is_ministry_staff(request.user):
        raise PermissionDenied
    page = Paginator(_unmatched_for(request.user), 50).get_page(request.GET.get("page"))
    staff = {}
    rows = []
    for record in page:
        key = (record.unit_id, record.year)
        if key not in staff:
            staff[key] = matching.person_choices(record)
        rows.append((record, staff[key]))
    context = {"page": page, "rows": rows, "may_match_all": is_ministry_staff(request.user)}
    return render(request, "awards/history_unmatched.html", context)


@require_POST
@login_required
def unmatched_resolve(request, record_pk):
    record = get_object_or_404(_unmatched_for(request.user), pk=record_pk)
    person = people_queries.chosen_person(request.POST.get("person"))
    if person is None:
        messages.error(request, _("Choose the person."))
        return redirect("awards:history_unmatched")
    try:
        matching.resolve_award_record(record, person, request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("%(name)s is now linked to the registry.") % {"name": person})
    return redirect("awards:history_unmatched")


@require_POST
@login_required
def unmatched_match_all(request):
    if not is_ministry_staff(request.user):
        raise PermissionDenied
    matched, left = matching.match_award_records(request.user)
    messages.success(
        request,
        _("%(matched)s records matched by name, unit and year; %(left)s left to choose.")
        % {"matched": matched, "left": left},
    )
    return redirect("awards:history_unmatched")
