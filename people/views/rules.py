"""The prerequisites of titles: everyone reads them, ministry staff edit them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import PrerequisiteForm
from ..models import Prerequisite
from ..permissions import may
from ..services import prerequisites as services
from . import apply_errors


@login_required
def prerequisite_list(request):
    rules = Prerequisite.objects.select_related("title", "required_title")
    rules = rules.order_by("title__order", "kind", "-valid_from")
    context = {"rules": list(rules), "may_edit": may(request.user, "people.edit_prerequisites")}
    return render(request, "people/prerequisites.html", context)


@login_required
def prerequisite_edit(request, rule_pk=None):
    if not may(request.user, "people.edit_prerequisites"):
        raise PermissionDenied
    rule = get_object_or_404(Prerequisite, pk=rule_pk) if rule_pk else Prerequisite()
    form = PrerequisiteForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_prerequisite(form.instance, request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The prerequisite has been saved."))
            return redirect("people:prerequisites")
    return render(request, "people/prerequisite_form.html", {"form": form, "rule": rule})


@require_POST
@login_required
def prerequisite_delete(request, rule_pk):
    rule = get_object_or_404(Prerequisite, pk=rule_pk)
    services.delete_prerequisite(rule, request.user)
    messages.success(request, _("The prerequisite has been deleted."))
    return redirect("people:prerequisites")
