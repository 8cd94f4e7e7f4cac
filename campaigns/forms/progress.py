"""The mid-year progress report's form: the value reached for every pledged target on a date."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import DateInput, value_field


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    as_of = forms.DateField(label=_("Figures as of"), widget=DateInput)
    note = forms.CharField(
        label=_("Progress report"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done, what is behind and why, what the unit will do in the rest of the year."),
    )

    def __init__(self, *args, progress, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures
        self.fields["version"].initial = progress.version
        self.fields["as_of"].initial = progress.as_of
        self.fields["note"].initial = progress.note
        for figure in figures:
            field = value_field(label=figure.target.name, required=False)
            field.widget.attrs["aria-label"] = figure.target.name
            field.initial = figure.value
            self.fields[f"value_{figure.target_id}"] = field

    def figure_rows(self):
        return [(figure, self[f"value_{figure.target_id}"]) for figure in self.figures]

    def values(self):
        return {figure.target_id: self.cleaned_data.get(f"value_{figure.target_id}") for figure in self.figures}
