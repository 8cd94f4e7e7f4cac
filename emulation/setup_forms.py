"""Forms of the set-up pages (clusters, units, members, officials' accounts). They only
validate; the services in emulation/services/ do the work."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import CHOOSE, ModelForm, ModelMultipleChoiceField
from .models import Cluster, Unit
from .spreadsheets import validate_workbook
from .text import sorted_vi

YEAR = {"min_value": 1990, "max_value": 2100}


class ClusterForm(ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "short_name", "kind", "parent", "first_year"]


class ClusterRenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)


class ClusterEndForm(forms.Form):
    last_year = forms.IntegerField(
        label=_("Last year"), required=False, help_text=_("Leave empty if the cluster goes on."), **YEAR
    )


class UnitForm(ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "type", "province", "parent"]


class UnitRenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    province = forms.CharField(label=_("Province"), max_length=100, required=False)


class UnitMergeForm(forms.Form):
    successor = forms.ModelChoiceField(label=_("Merged into"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    from_year = forms.IntegerField(
        label=_("Successor takes over from"), help_text=_("The first year the successor is a member instead."), **YEAR
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Unit.objects.filter(active=True).exclude(pk=unit.pk)


class MembersForm(forms.Form):
    """One form for a cluster's members of a year: tick members to remove, units to add."""

    remove = ModelMultipleChoiceField(
        label=_("Remove from the cluster"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add = ModelMultipleChoiceField(
        label=_("Add to the cluster"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in members])
        self.fields["remove"].choices = [(unit.pk, unit.name) for unit in members]
        self.fields["add"].queryset = candidates
        self.fields["add"].choices = [(unit.pk, unit.name) for unit in sorted_vi(candidates, key=lambda u: u.name)]


class OfficialRowForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    is_unit_head = forms.BooleanField(label=_("Unit head"), required=False)


class BaseOfficialRows(forms.BaseFormSet):
    def __init__(self, *args, may_appoint_head=False, **kwargs):
        self.may_appoint_head = may_appoint_head
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not self.may_appoint_head:
            del form.fields["is_unit_head"]

    def clean(self):
        super().clean()
        if not any(form.cleaned_data for form in self.forms if form.is_valid()):
            raise forms.ValidationError(_("Fill in at least one official."))


OfficialRows = forms.formset_factory(OfficialRowForm, formset=BaseOfficialRows, extra=6, max_num=50)


class OfficialsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel list (.xlsx)"),
        validators=[validate_workbook],
        help_text=_("Columns: unit, full name, e-mail, position, unit head (x). The first row holds the headings."),
    )
