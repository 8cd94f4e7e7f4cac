"""Transfers: the sending unit asks, the receiving unit accepts or refuses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation.permissions import official_of

from ..forms import NoteForm, TransferForm
from ..models import Transfer
from ..permissions import kept_unit_ids, may
from ..services import transfers as services
from ..transitions import TRANSFER
from . import apply_errors, error_text
from .persons import _load_person

VERBS = {
    "accept": (
        services.accept_transfer,
        gettext_lazy("The transfer has been accepted: %(name)s is now on your roster."),
    ),
    "refuse": (services.refuse_transfer, gettext_lazy("The transfer of %(name)s has been refused.")),
    "cancel": (services.cancel_transfer, gettext_lazy("The transfer of %(name)s has been cancelled.")),
}


@login_required
def transfer_new(request, pk):
    person = _load_person(request, pk, "people.edit_person")
    current = next(p for p in person.postings.all() if p.is_open)
    initial = {"position": current.position, "staff_kind": current.staff_kind, "date": timezone.localdate()}
    form = TransferForm(request.POST or None, initial=initial, exclude_unit=current.unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_transfer(person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The transfer has been sent to %(unit)s; it takes effect when that unit accepts it.")
                % {"unit": form.cleaned_data["to_unit"]},
            )
            return redirect("people:person_detail", person.pk)
    return render(request, "people/transfer_form.html", {"person": person, "current": current, "form": form})


@login_required
def transfer_list(request):
    if official_of(request.user) is None:
        raise PermissionDenied
    units = kept_unit_ids(request.user)
    transfers = list(
        Transfer.objects.filter(Q(to_unit_id__in=units) | Q(from_unit_id__in=units))
        .select_related("person", "from_unit", "to_unit")
        .order_by("-pk")[:100]
    )
    rows = [(transfer, TRANSFER.available(transfer, request.user)) for transfer in transfers]
    return render(request, "people/transfer_list.html", {"rows": rows, "note_form": NoteForm()})


@require_POST
@login_required
def transfer_action(request, transfer_pk, action):
    if action not in VERBS:
        raise Http404
    transfer = get_object_or_404(Transfer.objects.select_related("person"), pk=transfer_pk)
    if not (
        may(request.user, "people.send_transfer", transfer) or may(request.user, "people.receive_transfer", transfer)
    ):
        raise PermissionDenied
    verb, done = VERBS[action]
    try:
        if action == "refuse":
            verb(transfer, request.user, request.POST.get("note", ""))
        else:
            verb(transfer, request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done % {"name": transfer.person})
    return redirect("people:transfers")
