"""The page where a cluster's head (or ministry staff) enters the figures the cluster's own
report states for a year; everyone signed in may read them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import queries, registry
from .figures import ReportedFigure
from .forms import ModelForm, NumberField
from .models import Cluster
from .services import figures as services
from .years import FIRST, LAST


class FigureForm(ModelForm):
    value = NumberField(label=gettext_lazy("Figure"), max_digits=16, decimal_places=2, min_value=0)
    of_total = NumberField(label=gettext_lazy("Out of"), max_digits=16, decimal_places=2, required=False)

    class Meta:
        model = ReportedFigure
        fields = ["label", "value", "of_total", "unit_of_measure", "stated_as", "source", "target_number"]

    def __init__(self, *args, targets=None, **kwargs):
        """``targets``: {number: name} of the cluster's common targets that year, offered by name."""
        super().__init__(*args, **kwargs)
        field = self.fields["target_number"]
        choices = [("", "—"), *((number, f"{number}. {name}") for number, name in (targets or {}).items())]
        self.fields["target_number"] = forms.TypedChoiceField(
            label=field.label,
            help_text=field.help_text,
            choices=choices,
            coerce=int,
            empty_value=None,
            required=False,
        )


def _cluster_year(slug, year):
    if not FIRST <= year <= LAST:
        raise Http404
    return get_object_or_404(Cluster, slug=slug)


@login_required
def cluster_figures(request, slug, year):
    cluster = _cluster_year(slug, year)
    may_edit = request.user.has_perm("emulation.report_cluster_figures", ReportedFigure(cluster=cluster, year=year))
    targets = registry.common_targets(cluster, year) if may_edit else {}
    form = FigureForm(request.POST or None, targets=targets)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_figure(cluster, year, request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The figure has been added."))
                return redirect("cluster_figures", slug=cluster.slug, year=year)
    context = {
        "cluster": cluster,
        "year": year,
        "figures": queries.reported_figures(cluster, year),
        "form": form if may_edit else None,
    }
    return render(request, "emulation/cluster_figures.html", context)


@require_POST
@login_required
def figure_remove(request, pk):
    figure = get_object_or_404(ReportedFigure.objects.select_related("cluster"), pk=pk)
    services.remove_figure(figure, request.user)
    messages.success(request, _("The figure has been removed."))
    return redirect("cluster_figures", slug=figure.cluster.slug, year=figure.year)
