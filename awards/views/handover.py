"""The handover of the head role: the page, recording the conference's proposal,
the Ministry's confirmation, and the Ministry's list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from emulation.models import Cluster, Unit
from emulation.text import vi_collate

from .. import forms, services
from ..models import Handover
from ..permissions import may
from ..transitions import handover_actions
from .common import PAGE_SIZE, refused_by_state, show_errors


def _load_handover(request, slug, year, perm="awards.view_handover"):
    """The cluster's handover of that year, or an unsaved one when nothing is recorded yet."""
    cluster = get_object_or_404(Cluster, slug=slug)
    handover = (
        Handover.objects.filter(cluster=cluster, year=year)
        .select_related("cluster", "next_head", "next_deputy_1", "next_deputy_2", "recorded_by", "confirmed_by")
        .first()
    ) or Handover(cluster=cluster, year=year)
    if not may(request.user, perm, handover):
        raise PermissionDenied
    return handover


def _handover_form(handover, data=None):
    members = list(
        Unit.objects.filter(memberships__cluster=handover.cluster, memberships__year=handover.year).order_by(
            vi_collate("name")
        )
    )
    initial = {}
    if handover.pk:
        initial = {
            "head": handover.next_head_id,
            "deputy_1": handover.next_deputy_1_id,
            "deputy_2": handover.next_deputy_2_id,
            "conference_date": handover.conference_date,
            "conference_place": handover.conference_place,
        }
    form = forms.HandoverForm(data, members=members, initial=initial)
    form.helper.form_action = reverse("awards:handover_record", args=[handover.cluster.slug, handover.year])
    return form


def _handover_page(request, handover, form, status=200):
    context = {
        "cluster": handover.cluster,
        "year": handover.year,
        "next_year": handover.next_year,
        "handover": handover if handover.pk else None,
        "form": form,
        "actions": handover_actions(handover, request.user),
    }
    return render(request, "awards/handover.html", context, status=status)


@never_cache
@require_safe
@login_required
def handover(request, slug, year):
    current = _load_handover(request, slug, year)
    return _handover_page(request, current, _handover_form(current))


@require_POST
@login_required
def handover_record(request, slug, year):
    current = _load_handover(request, slug, year, "awards.record_handover")
    form = _handover_form(current, request.POST)
    if form.is_valid():
        try:
            services.record_handover(
                current.cluster,
                year,
                request.user,
                head=form.unit("head"),
                deputies=[form.unit("deputy_1"), form.unit("deputy_2")],
                conference_date=form.cleaned_data["conference_date"],
                conference_place=form.cleaned_data["conference_place"],
            )
        except ValidationError as error:
            if refused_by_state(error):
                show_errors(request, error)
                return redirect("awards:handover", slug=slug, year=year)
            form.add_error(None, error)
        else:
            messages.success(request, _("The handover has been recorded; the Ministry will confirm it."))
            return redirect("awards:handover", slug=slug, year=year)
    return _handover_page(request, current, form, status=400)


@require_POST
@login_required
def handover_confirm(request, slug, year):
    current = _load_handover(request, slug, year, "awards.confirm_handover")
    if current.pk is None:
        raise Http404
    try:
        services.confirm_handover(current, request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Confirmed: the leadership for %(year)s is set.") % {"year": year + 1})
    return redirect("awards:handover", slug=slug, year=year)


@login_required
def handover_list(request):
    if not may(request.user, "awards.confirm_handover"):
        raise PermissionDenied
    handovers = Handover.objects.select_related("cluster", "next_head", "next_deputy_1", "next_deputy_2").order_by(
        "state", "-year", vi_collate("cluster__name")
    )
    page = Paginator(handovers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/handover_list.html", {"page": page})
