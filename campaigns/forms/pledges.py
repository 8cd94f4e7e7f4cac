"""A pledge: its fields, targets and individuals; returning, assessing, the results
and the signed copy. Numbers are typed the Vietnamese way and shown back as typed."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation.forms import ModelForm
from emulation.models import Title

from ..models import (
    Pledge,
    PledgedIndividual,
    PledgeTarget,
)
from .fields import value_field


class _CurrentCopy:
    """What the file box shows of the stored copy: the name the user gave it, linked
    through the permission-checked download (media files are never served by URL)."""

    def __init__(self, pledge):
        self.url = reverse("campaigns:pledge_signed_copy", args=[pledge.pk])
        self.name = pledge.signed_copy_label

    def __str__(self):
        return str(self.name)


class SignedCopyField(forms.FileField):
    """The stored copy is shown by the name the user gave it, linked through the checked
    download (crispy and Django's widget both read the field's prepared value)."""

    def prepare_value(self, value):
        pledge = getattr(value, "instance", None)
        if value and pledge is not None and pledge.pk:
            return _CurrentCopy(pledge)
        return value


class PledgeForm(ModelForm):
    """The pledge's own fields; its targets and individuals are formsets beside it."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Pledge
        fields = ["collective_title", "commitments", "signer_name", "signer_position", "signed_copy"]
        widgets = {"commitments": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"signed_copy": SignedCopyField}

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


class PledgeTargetForm(ModelForm):
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


class IndividualForm(ModelForm):
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


class SignedCopyForm(ModelForm):
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
