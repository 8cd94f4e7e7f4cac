"""The dated rule rows of ``awards.rule_rows.KINDS`` (legal bases of decisions, base salary,
reward amounts, public consultation rules): one list and one form for every kind. Public rule
data, read by every official; ministry staff (``awards.edit_rules``) create and change them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import services
from ..permissions import may
from ..rule_rows import KINDS


@login_required
def rule_rows(request, kind):
    kind = KINDS[kind]
    page = Paginator(kind.rows(), 50).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "kinds": KINDS.values(),
        "page": page,
        "rows": [(row, kind.cells(row)) for row in page],
        "can_edit": may(request.user, "awards.edit_rules"),
    }
    return render(request, "awards/rule_rows.html", context)


@never_cache
@login_required
def rule_row_edit(request, kind, pk=None):
    if not may(request.user, "awards.edit_rules"):
        raise PermissionDenied
    kind = KINDS[kind]
    row = get_object_or_404(kind.model, pk=pk) if pk else kind.model()
    form = kind.form(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rule_row(form.instance, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rule has been saved."))
            return redirect(kind.list_url)
    history = row.history.select_related("history_user")[:10] if row.pk else []
    context = {"kind": kind, "kinds": KINDS.values(), "form": form, "row": row, "history": history}
    return render(request, "awards/rule_row_edit.html", context)
