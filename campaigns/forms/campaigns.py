"""Launching a campaign: its document, period, scope, titles, phases and common targets.
Errors are shown next to the field."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row
from django import forms
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation.forms import ModelForm, ModelMultipleChoiceField
from emulation.models import Cluster, Membership, Title, Unit
from emulation.permissions import is_ministry_staff, unit_id_of

from ..models import (
    Campaign,
    CampaignTarget,
    Phase,
    TargetKind,
)
from ..permissions import launch_levels, may_launch
from .fields import DateInput, value_field


class CampaignForm(ModelForm):
    """The campaign itself; the launcher choices depend on who launches it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "level",
            "launching_cluster",
            "launching_unit",
            "document_number",
            "document_date",
            "issuing_body",
            "first_year",
            "last_year",
            "description",
            "scope",
            "clusters",
            "units",
            "registration_deadline",
            "titles",
        ]
        widgets = {
            "document_date": DateInput,
            "registration_deadline": DateInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "clusters": forms.SelectMultiple(attrs={"size": 6}),
            "units": forms.SelectMultiple(attrs={"size": 6}),
            "titles": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "clusters": ModelMultipleChoiceField,
            "units": ModelMultipleChoiceField,
            "titles": ModelMultipleChoiceField,
        }

    def __init__(self, *args, user, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["version"].initial = self.instance.version
        levels = launch_levels(user, year)
        if self.instance.pk and self.instance.level not in levels:
            levels.append(self.instance.level)
        self.fields["level"].choices = [(v, label) for v, label in Campaign.Level.choices if v in levels]
        for name in ("launching_cluster", "launching_unit"):
            self.fields[name].empty_label = _("— none —")
        if not is_ministry_staff(user):
            unit_id = unit_id_of(user)
            headed = Membership.objects.filter(unit_id=unit_id, role=Membership.Role.HEAD).values("cluster_id")
            self.fields["launching_cluster"].queryset = Cluster.objects.filter(pk__in=headed)
            self.fields["launching_unit"].queryset = Unit.objects.filter(pk=unit_id)
            self.fields["units"].queryset = Unit.objects.filter(pk=unit_id) | Unit.objects.filter(parent_id=unit_id)
            self.fields["scope"].choices = [
                (v, label) for v, label in Campaign.Scope.choices if v != Campaign.Scope.SECTOR
            ]
        self.fields["units"].queryset = self.fields["units"].queryset.filter(active=True)
        self.fields["titles"].queryset = Title.objects.all()
        self.fields["first_year"].widget.attrs.update({"min": 1990, "max": 2100})
        self.fields["last_year"].widget.attrs.update({"min": 1990, "max": 2100})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "version",
            "name",
            Row(Column("kind", css_class="col-md-4"), Column("level", css_class="col-md-4")),
            Row(Column("launching_cluster", css_class="col-md-6"), Column("launching_unit", css_class="col-md-6")),
            Row(
                Column("document_number", css_class="col-md-3"),
                Column("document_date", css_class="col-md-3"),
                Column("issuing_body", css_class="col-md-6"),
            ),
            Row(
                Column("first_year", css_class="col-md-3"),
                Column("last_year", css_class="col-md-3"),
                Column("registration_deadline", css_class="col-md-3"),
            ),
            "description",
            Row(
                Column("scope", css_class="col-md-4"),
                Column("clusters", css_class="col-md-4"),
                Column("units", css_class="col-md-4"),
            ),
            Div(Field("titles"), css_class="border rounded p-2 bg-white"),
        )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year cannot be before the first year."))
        for name in ("first_year", "last_year"):
            value = data.get(name)
            if value is not None and not 1990 <= value <= 2100:  # 0 too
                self.add_error(name, _("Enter a year between 1990 and 2100."))
        level, scope = data.get("level"), data.get("scope")
        if scope == Campaign.Scope.CLUSTERS and level != Campaign.Level.CLUSTER and not data.get("clusters"):
            self.add_error("clusters", _("Choose at least one cluster."))
        if scope == Campaign.Scope.UNITS and level == Campaign.Level.SECTOR and not data.get("units"):
            self.add_error("units", _("Choose at least one unit."))
        launcher = data.get("launching_cluster"), data.get("launching_unit")
        if (
            not self.errors
            and level
            and first
            and last
            and not may_launch(self.user, level, *launcher, range(first, last + 1))
        ):
            # said here rather than as the service's 403: the head of a cluster for 2023 only typed 2024
            self.add_error(
                None,
                _(
                    "You may launch a campaign only for the years in which your unit heads the launching "
                    "cluster, or for your own unit."
                ),
            )
        return data


class _RowForm(ModelForm):
    """A formset row in a table: Bootstrap classes, a label for screen readers, and
    blank rows numbered after the ones above (unchanged blank rows are ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if not isinstance(widget, (forms.CheckboxInput, forms.HiddenInput)):
                widget.attrs.setdefault("class", css)
            widget.attrs.setdefault("aria-label", str(field.label))
        index = (self.prefix or "").rsplit("-", 1)[-1]
        if not self.instance.pk and index.isdigit() and "number" in self.fields:
            self.fields["number"].initial = int(index) + 1


class PhaseForm(_RowForm):
    class Meta:
        model = Phase
        fields = ["number", "name", "start", "end", "goal"]
        widgets = {"start": DateInput, "end": DateInput, "goal": forms.TextInput}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class CampaignTargetForm(_RowForm):
    default_value = value_field(label=capfirst(_("default target")), required=False)

    class Meta:
        model = CampaignTarget
        fields = ["number", "name", "unit_of_measure", "kind", "direction", "default_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # left out: a count, or a rate when the unit is "%"

    def clean_kind(self):
        return self.cleaned_data.get("kind") or TargetKind.COUNT


PhaseFormSet = inlineformset_factory(Campaign, Phase, form=PhaseForm, extra=2, can_delete=True)
CampaignTargetFormSet = inlineformset_factory(
    Campaign, CampaignTarget, form=CampaignTargetForm, extra=3, can_delete=True
)
