from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.models import Unit

from .models import Scope


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the outside system"), max_length=200)
    owner_unit = forms.ModelChoiceField(
        label=_("Owner unit"), queryset=Unit.objects.filter(active=True), required=False, empty_label=_("— none —")
    )
    contact = forms.CharField(label=_("Contact (person, e-mail or telephone)"), max_length=255, required=False)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=True
    )
    may_see_cccd = forms.BooleanField(
        label=_("May read persons by identification number"),
        required=False,
        help_text=_("Every such read is written to the personal-data access log."),
    )
