"""Forms of the calendar: the year's steps (a formset), a cluster's own dates, e-mail
preferences and the "nhắc" button."""

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from emulation.forms import ModelForm
from emulation.models import Unit

from .models import SOURCED_KINDS, YEARLY_KINDS, NotificationKind, Step


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


WIDTHS = {"kind": 14, "due_date": 9, "actor": 11, "basis": 16, "remind_days_before": 5, "remind_every_days_late": 5}


class StepForm(ModelForm):
    class Meta:
        model = Step
        fields = [
            "kind",
            "due_date",
            "actor",
            "basis",
            "blocking",
            "remind_days_before",
            "remind_every_days_late",
            "note",
        ]
        widgets = {"due_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a campaign phase's review is one step per phase, made from the phase, not here
        self.fields["kind"].choices = [(k, label) for k, label in self.fields["kind"].choices if k not in SOURCED_KINDS]
        for name in ("remind_days_before", "remind_every_days_late"):
            old = self.fields[name]
            self.fields[name] = forms.IntegerField(
                label=old.label, help_text=old.help_text, initial=old.initial, min_value=0, max_value=365
            )
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
            widget.attrs["aria-label"] = str(field.label)
            if name in WIDTHS:
                widget.attrs["style"] = f"min-width: {WIDTHS[name]}rem"


class BaseStepFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or self._should_delete_form(form):
                continue
            kind = form.cleaned_data.get("kind")
            if kind in seen:
                form.add_error("kind", _("This step is already in the year's calendar."))
            seen.add(kind)


def step_formset(year, data=None):
    """The year's steps, plus an empty row for each step of the cycle not set yet."""
    steps = Step.objects.filter(year=year, subject="").order_by("due_date", "kind")
    missing = [kind.value for kind in YEARLY_KINDS if kind not in {s.kind for s in steps}]
    formset_class = modelformset_factory(
        Step, form=StepForm, formset=BaseStepFormSet, extra=len(missing), can_delete=True
    )
    return formset_class(data, queryset=steps, initial=[{"kind": kind} for kind in missing], prefix="steps")


class ClusterDatesForm(forms.Form):
    """One optional date per step: the cluster's own, not later than the Ministry's."""

    def __init__(self, steps, own, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for step in self.steps:
            self.fields[f"step_{step.pk}"] = forms.DateField(
                label=step.get_kind_display(),
                required=False,
                widget=DateInput,
                initial=own.get(step.pk),
                help_text=_("The Ministry's date: %(date)s. Leave empty to keep it.")
                % {"date": date_format(step.due_date, "SHORT_DATE_FORMAT")},
            )

    def clean(self):
        cleaned = super().clean()
        for step in self.steps:
            day = cleaned.get(f"step_{step.pk}")
            if day and day > step.due_date:
                self.add_error(f"step_{step.pk}", _("A cluster's date cannot be later than the Ministry's."))
        return cleaned

    def dates(self):
        return {step: self.cleaned_data.get(f"step_{step.pk}") for step in self.steps}


class PreferencesForm(forms.Form):
    """E-mail or not, per kind of notification (in-app notifications always show)."""

    def __init__(self, current, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(label=label, required=False, initial=current.get(kind, True))


class RemindForm(forms.Form):
    step = forms.ModelChoiceField(queryset=Step.objects.all(), widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), widget=forms.HiddenInput)
