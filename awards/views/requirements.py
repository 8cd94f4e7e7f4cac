"""The dossiers' checklist: which documents each title and level asks for, edited by
ministry staff, read by everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import services
from ..dossier_forms import RequirementForm
from ..models import DocumentRequirement
from ..permissions import may


@login_required
def requirements(request):
    rows = DocumentRequirement.objects.select_related("title").order_by("title__order", "level", "kind", "-valid_from")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "can_edit": may(request.user, "awards.edit_requirements")}
    return render(request, "awards/requirements.html", context)


@never_cache
@login_required
def requirement_edit(request, pk=None):
    if not may(request.user, "awards.edit_requirements"):
        raise PermissionDenied
    requirement = get_object_or_404(DocumentRequirement, pk=pk) if pk else DocumentRequirement()
    form = RequirementForm(request.POST or None, instance=requirement)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_requirement(form.instance, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The required document has been saved."))
            return redirect("awards:requirements")
    return render(request, "awards/requirement_edit.html", {"form": form, "requirement": requirement})
