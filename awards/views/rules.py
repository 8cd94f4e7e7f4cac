"""The title rules, edited by ministry staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import forms, services
from ..models import TitleRule
from ..rule_rows import KINDS


@login_required
def rules(request):
    rows = TitleRule.objects.select_related("title", "seats_source_title").prefetch_related(
        "prerequisites__required_title"
    )
    page = Paginator(rows.order_by("title__order", "-first_year"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "kinds": KINDS.values(), "can_edit": request.user.has_perm("awards.edit_rules")}
    return render(request, "awards/rules.html", context)


@never_cache
@login_required
def rule_edit(request, pk=None):
    if not request.user.has_perm("awards.edit_rules"):
        raise PermissionDenied
    rule = get_object_or_404(TitleRule, pk=pk) if pk else TitleRule()
    form = forms.RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rule(form.instance, request.user, form.cleaned_data.get("version"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rule has been saved."))
            return redirect("awards:rules")
    return render(request, "awards/rule_edit.html", {"form": form, "rule": rule})
