"""Forms officials use every day: launching a campaign, filling in a pledge, entering
results, returning a pledge. Numbers are typed the Vietnamese way (24.196, 89,68) and
shown back the same way; errors are shown next to the field."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation.forms import ModelMultipleChoiceField, NumberField, VNNumberInput
from emulation.models import Cluster, Membership, Title, Unit
from emulation.permissions import is_ministry_staff, unit_id_of

from .models import VALUE_DIGITS, VALUE_PLACES, Campaign, CampaignTarget, Phase, Pledge, PledgedIndividual, PledgeTarget
from .permissions import launch_levels, may_launch


def value_field(**kwargs):
    kwargs.setdefault("min_value", 0)
    kwargs.setdefault("max_digits", VALUE_DIGITS)
    kwargs.setdefault("decimal_places", VALUE_PLACES)
    kwargs.setdefault("widget", VNNumberInput)
    field = NumberField(**kwargs)
    field.error_messages["min_value"] = _("The value cannot be negative.")
    field.error_messages["max_digits"] = _("The number is too large.")
    field.error_messages["max_whole_digits"] = _("The number is too large.")
    field.error_messages["max_decimal_places"] = _("Use at most 4 decimal places.")
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# --- campaigns -----------------------------------------------------------------


class CampaignForm(forms.ModelForm):
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


class _RowForm(forms.ModelForm):
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
        fields = ["number", "name", "unit_of_measure", "direction", "default_value"]


PhaseFormSet = inlineformset_factory(Campaign, Phase, form=PhaseForm, extra=2, can_delete=True)
CampaignTargetFormSet = inlineformset_factory(
    Campaign, CampaignTarget, form=CampaignTargetForm, extra=3, can_delete=True
)


# --- pledges -------------------------------------------------------------------


class PledgeForm(forms.ModelForm):
    """The pledge's own fields; its targets and individuals are formsets beside it."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Pledge
        fields = ["collective_title", "commitments", "signer_name", "signer_position", "signed_copy"]
        widgets = {"commitments": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        titles = self.instance.campaign.titles.exclude(level=Title.Level.INDIVIDUAL)
        self.fields["collective_title"].queryset = titles
        self.fields["collective_title"].empty_label = _("— none —")
        self.fields["signed_copy"].widget = forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "version",
            "collective_title",
            "commitments",
            Row(Column("signer_name", css_class="col-md-6"), Column("signer_position", css_class="col-md-6")),
            "signed_copy",
        )


class PledgeTargetForm(forms.ModelForm):
    """One target row. A common target's name, unit and direction come from the campaign."""

    value = value_field(label=capfirst(_("target value")), required=False)

    class Meta:
        model = PledgeTarget
        fields = ["number", "name", "unit_of_measure", "direction", "value"]
        widgets = {
            "number": forms.NumberInput(attrs={"class": "form-control", "min": 1, "max": 999}),
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "unit_of_measure": forms.TextInput(attrs={"class": "form-control"}),
            "direction": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.campaign_target_id:
            for name in ("number", "name", "unit_of_measure", "direction"):
                self.fields[name].disabled = True
        for name, field in self.fields.items():
            if name != "DELETE":
                field.widget.attrs.setdefault("aria-label", str(field.label))
        if self.instance.name:
            self.fields["value"].widget.attrs["aria-label"] = f"{self.fields['value'].label}: {self.instance.name}"


class TitleChoiceField(forms.ChoiceField):
    """A title chosen among a list loaded once for the whole formset (a ModelChoiceField
    would query the titles again for every row, on display and on validation)."""

    def __init__(self, *, titles=(), **kwargs):
        self.titles = {str(title.pk): title for title in titles}
        super().__init__(choices=[("", "---------")] + [(k, t.name) for k, t in self.titles.items()], **kwargs)

    def prepare_value(self, value):
        return str(getattr(value, "pk", value) or "")

    def to_python(self, value):
        return self.titles.get(str(value)) if value not in self.empty_values else None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != str(data or "")


class IndividualForm(forms.ModelForm):
    class Meta:
        model = PledgedIndividual
        fields = ["full_name", "position", "title"]
        widgets = {
            "full_name": forms.TextInput(attrs={"class": "form-control"}),
            "position": forms.TextInput(attrs={"class": "form-control"}),
        }

    def __init__(self, *args, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        label = self.fields["title"].label
        self.fields["title"] = TitleChoiceField(
            titles=titles or [], label=label, widget=forms.Select(attrs={"class": "form-select"})
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


class _PledgeChildFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget = forms.HiddenInput()


class PledgeTargetFormSet(_PledgeChildFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for form in self.forms:
            if form.instance.pk and form.instance.campaign_target_id and form.cleaned_data.get("DELETE"):
                raise forms.ValidationError(_("The campaign's common targets cannot be removed from a pledge."))
        if not kept:
            raise forms.ValidationError(_("A pledge needs at least one target."))

    def require_values(self):
        """Before submitting: every kept row needs its value (a draft may leave it empty)."""
        ok = True
        for form in self.forms:
            data = form.cleaned_data
            if data and not data.get("DELETE") and data.get("value") is None:
                form.add_error("value", _("Enter the target value before submitting."))
                ok = False
        return ok


class IndividualFormSet(_PledgeChildFormSet):
    def __init__(self, *args, titles=None, **kwargs):
        self.titles = list(titles) if titles is not None else []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "titles": self.titles}


TargetFormSet = inlineformset_factory(
    Pledge,
    PledgeTarget,
    form=PledgeTargetForm,
    formset=PledgeTargetFormSet,
    extra=0,
    can_delete=True,
    max_num=100,
    validate_max=True,
)
IndividualsFormSet = inlineformset_factory(
    Pledge,
    PledgedIndividual,
    form=IndividualForm,
    formset=IndividualFormSet,
    extra=0,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


def individual_titles(campaign):
    return campaign.titles.exclude(level=Title.Level.COLLECTIVE)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the pledge is returned.")},
    )


class AssessForm(forms.Form):
    note = forms.CharField(
        label=_("Assessment note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignedCopyForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["signed_copy"]
        widgets = {"signed_copy": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_copy"].required = True


class ResultsForm(forms.Form):
    """The actual value of every target of a pledge and the short report."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    results_report = forms.CharField(
        label=_("Short report on the results"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, pledge, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge = pledge
        self.targets = targets
        self.fields["version"].initial = pledge.version
        self.fields["results_report"].initial = pledge.results_report
        for target in targets:
            field = value_field(label=target.name, required=True)
            field.widget.attrs["aria-label"] = target.name
            field.initial = target.actual
            self.fields[f"actual_{target.pk}"] = field

    def target_rows(self):
        return [(target, self[f"actual_{target.pk}"]) for target in self.targets]

    def actuals(self):
        return {target.pk: self.cleaned_data.get(f"actual_{target.pk}") for target in self.targets}
