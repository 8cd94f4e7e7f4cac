"""The page where ministry staff list the API's clients, create one (its token is shown once)
and revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.security import pk_or_404

from . import services
from .forms import ClientForm
from .models import ApiClient


def _require_manager(request):
    if not request.user.has_perm("api.manage_clients"):
        raise PermissionDenied


@login_required
@never_cache
def clients(request):
    _require_manager(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, token = services.create_client(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown in this response only: the token is not stored, not even in the session.
            return render(request, "api/client_token.html", {"client": client, "token": token})
    rows = ApiClient.objects.select_related("owner_unit").order_by("revoked_at", "name")
    return render(request, "api/clients.html", {"clients": rows, "form": form})


@login_required
@require_POST
def revoke(request, pk):
    _require_manager(request)
    client = get_object_or_404(ApiClient, pk=pk_or_404(pk))
    try:
        services.revoke_client(client, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token of %(name)s has been revoked.") % {"name": client.name})
    return redirect("api:clients")
