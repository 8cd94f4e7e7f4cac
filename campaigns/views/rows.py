"""The htmx pieces of the campaign and pledge forms: a new empty row (Django's public
``formset.empty_form`` given the row's real prefix) and what replaces a removed row."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render

from ..forms.campaigns import CampaignTargetFormSet, PhaseFormSet
from ..forms.pledges import IndividualsFormSet, TargetFormSet, individual_titles
from ..models import PledgedIndividual, PledgeTarget
from .pledges import load_pledge

CAMPAIGN_ROWS = {
    "phases": (PhaseFormSet, "campaigns/_phase_row.html"),
    "targets": (CampaignTargetFormSet, "campaigns/_campaign_target_row.html"),
}


def _row_index(request, prefix):
    """The new row's index: the formset's TOTAL_FORMS as the page sent it, or None."""
    try:
        index = int(request.GET.get(f"{prefix}-TOTAL_FORMS", ""))
    except ValueError:
        return None
    return index if 0 <= index < 300 else None


def _new_row(formset, index):
    """The formset's public ``empty_form`` with the new row's prefix ("targets-3") in
    place of ``__prefix__``."""
    form = formset.empty_form
    form.prefix = formset.add_prefix(index)
    return form


@login_required
def campaign_formset_row(request, prefix):
    """A new empty phase or common-target row for the campaign form (htmx), with the
    formset's TOTAL_FORMS counter updated out of band."""
    if prefix not in CAMPAIGN_ROWS:
        raise Http404
    index = _row_index(request, prefix)
    if index is None:
        return HttpResponseBadRequest()
    formset_class, template = CAMPAIGN_ROWS[prefix]
    formset = formset_class(prefix=prefix, queryset=formset_class.model.objects.none())
    form = _new_row(formset, index)
    form.fields["number"].initial = index + 1
    form.fields["name"].widget.attrs["autofocus"] = True
    return render(request, template, {"form": form, "new": True, "total": index + 1})


PREFIX = re.compile(r"^(targets|individuals)$")


@login_required
def formset_row(request, pk, prefix):
    """A new empty row for the targets or individuals formset (htmx), with the formset's
    TOTAL_FORMS counter updated out of band."""
    pledge = load_pledge(request, pk, "campaigns.edit_pledge")
    if not PREFIX.match(prefix):
        raise Http404
    index = _row_index(request, prefix)
    if index is None:
        return HttpResponseBadRequest()
    if prefix == "targets":
        formset = TargetFormSet(instance=pledge, prefix=prefix, queryset=PledgeTarget.objects.none())
        template = "campaigns/_target_row.html"
    else:
        formset = IndividualsFormSet(
            instance=pledge,
            prefix=prefix,
            titles=individual_titles(pledge.campaign),
            queryset=PledgedIndividual.objects.none(),
        )
        template = "campaigns/_individual_row.html"
    form = _new_row(formset, index)
    if prefix == "targets":
        form.fields["number"].initial = index + 1
        form.fields["name"].widget.attrs["autofocus"] = True
    else:
        form.fields["full_name"].widget.attrs["autofocus"] = True
    context = {"form": form, "new": True, "prefix": prefix, "total": index + 1, "pledge": pledge}
    return render(request, template, context)


@login_required
def formset_row_removed(request, pk, prefix):
    """What replaces a removed row (htmx): the row's id and DELETE flag, hidden, so the
    formset deletes it on save and still counts it."""
    pledge = load_pledge(request, pk, "campaigns.edit_pledge")
    name = request.GET.get("name", "")
    if not PREFIX.match(prefix) or not re.fullmatch(rf"{prefix}-\d{{1,3}}", name):
        raise Http404
    row_id = request.GET.get(f"{name}-id", "")
    context = {"name": name, "prefix": prefix, "row_id": row_id if row_id.isdigit() else "", "pledge": pledge}
    return render(request, "campaigns/_removed_row.html", context)
