"""Forms of the decisions register's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import ModelMultipleChoiceField, NumberField


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftForm(forms.Form):
    """A new draft from dossiers waiting for a decision (the page lists them)."""

    dossiers = ModelMultipleChoiceField(label=_("Dossiers waiting for a decision"), queryset=None)
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers
        self.fields["dossiers"].widget = forms.CheckboxSelectMultiple()


class DecisionForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)
    copies_to = forms.CharField(
        label=_("Recipients of copies (Nơi nhận)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20)
    date = forms.DateField(label=_("Date"), widget=_date_widget())
    signing_capacity = forms.CharField(label=_("Signing for"), max_length=150, required=False)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=150)
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LaterDecisionForm(forms.Form):
    """Revoke or correct: the reason, and for a revocation the lines it ends (none: all)."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    lines = ModelMultipleChoiceField(label=_("Only these lines"), queryset=None, required=False)

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lines is None:
            del self.fields["lines"]
        else:
            self.fields["lines"].queryset = lines
            self.fields["lines"].widget = forms.CheckboxSelectMultiple()


class LineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    amount = NumberField(label=_("Reward (VND)"), max_digits=14, decimal_places=0, min_value=0, required=False)
