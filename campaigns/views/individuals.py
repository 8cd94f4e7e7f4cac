"""The persons registered in pledges whose row is not yet linked to the people registry: an
official of the unit chooses who each is among the unit's staff of the pledge's year; ministry
staff can also link every unambiguous row at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.permissions import is_ministry_staff, unit_id_of
from emulation.text import vi_collate
from people import queries as people_queries

from .. import services


def _unlinked_for(user):
    """The unlinked rows the user may link: every unit's for ministry staff, else their unit's."""
    rows = services.unlinked_individuals().select_related("title", "pledge__unit", "pledge__campaign")
    if not is_ministry_staff(user):
        rows = rows.filter(pledge__unit_id=unit_id_of(user) or 0)
    return rows.order_by("-pledge__year", vi_collate("pledge__unit__name"), vi_collate("full_name"), "pk")


@never_cache
@login_required
def unlinked(request):
    if unit_id_of(request.user) is None and not is_ministry_staff(request.user):
        raise PermissionDenied
    page = Paginator(_unlinked_for(request.user), 50).get_page(request.GET.get("page"))
    staff, rows = {}, []
    for row in page:
        key = (row.pledge.unit_id, row.pledge.year)
        if key not in staff:
            staff[key] = services.person_choices(row)
        rows.append((row, staff[key]))
    context = {"page": page, "rows": rows, "may_link_all": is_ministry_staff(request.user)}
    return render(request, "campaigns/individuals_unlinked.html", context)


@require_POST
@login_required
def link(request, row_pk):
    row = get_object_or_404(_unlinked_for(request.user), pk=row_pk)
    person = people_queries.chosen_person(request.POST.get("person"))
    if person is None:
        messages.error(request, _("Choose the person."))
        return redirect("campaigns:individuals_unlinked")
    try:
        services.link_individual(row, person, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s is now linked to the registry.") % {"name": person})
    return redirect("campaigns:individuals_unlinked")


@require_POST
@login_required
def link_all(request):
    if not is_ministry_staff(request.user):
        raise PermissionDenied
    linked, left = services.link_individuals(request.user)
    messages.success(
        request,
        _("%(linked)s registered persons linked by name, unit and year; %(left)s left to choose.")
        % {"linked": linked, "left": left},
    )
    return redirect("campaigns:individuals_unlinked")
