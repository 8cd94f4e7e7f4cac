"""Forms of the award dossiers' pages and of their checklist rules."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.forms import CHOOSE, ModelForm
from emulation.models import Official, Title, Unit

from .forms import _helper
from .models import AwardLevel, DocumentKind, DocumentRequirement, DossierLine


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DossierForm(forms.Form):
    year = forms.IntegerField(label=_("Award round (year)"), min_value=1990, max_value=2100)
    level = forms.ChoiceField(label=_("Award decided by"), choices=AwardLevel.choices)
    subject = forms.CharField(label=_("Subject"), max_length=255, required=False)
    for_cluster = forms.BooleanField(label=_("On behalf of the cluster my unit heads that year"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["year"], self.fields["for_cluster"]
        self.helper = _helper(_("Save") if editing else _("Create the dossier"), "save-dossier")


class LineForm(forms.Form):
    """A recipient: a person of the unit's roster or a unit, and the title proposed."""

    person = forms.ChoiceField(label=_("Person"), required=False)
    unit = forms.ChoiceField(label=_("Or a unit"), required=False)
    title = forms.ModelChoiceField(
        label=_("Title proposed"), queryset=Title.objects.order_by("order", "name"), empty_label=CHOOSE
    )
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    achievement_summary = forms.CharField(
        label=_("Achievement summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, postings=(), units=(), level=None, **kwargs):
        super().__init__(*args, **kwargs)
        if level:  # only what the dossier's authority confers
            titles = self.fields["title"].queryset
            self.fields["title"].queryset = titles.filter(Q(decided_by=level) | Q(decided_by=""))
        self.people = {str(p.person_id): p for p in postings}
        self.units = {str(u.pk): u for u in units}
        people = [(k, f"{p.person} — {p.position}") for k, p in self.people.items()]
        self.fields["person"].choices = [("", "—"), *people]
        self.fields["unit"].choices = [("", "—")] + [(k, u.name) for k, u in self.units.items()]
        self.helper = _helper(_("Add the recipient"), "add-line")

    def clean(self):
        data = super().clean()
        posting, unit = self.people.get(data.get("person") or ""), self.units.get(data.get("unit") or "")
        if (posting is None) == (unit is None):
            raise forms.ValidationError(_("Choose either a person or a unit."))
        data["person"], data["unit"] = (posting.person if posting else None), unit
        if posting and not data.get("position"):
            data["position"] = posting.position
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    line = forms.ChoiceField(label=_("For the recipient"), required=False)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {str(line.pk): line for line in lines}
        choices = [("", _("The whole dossier"))] + [(k, str(line.recipient)) for k, line in self.lines.items()]
        self.fields["line"].choices = choices
        self.helper = _helper(_("Attach"), "attach-document")

    def clean_line(self):
        return self.lines.get(self.cleaned_data["line"] or "")


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Why nothing is awarded"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OfficerForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer in charge"), queryset=Official.objects.none(), empty_label=CHOOSE)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=_date_widget())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        office = Unit.objects.filter(is_emulation_office=True)
        self.fields["officer"].queryset = Official.objects.filter(unit__in=office).select_related("user")


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[c for c in DossierLine.Verdict.choices if c[0]], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class SendUpForm(forms.Form):
    """The Ministry's submission sending a dossier to the Prime Minister or the President."""

    sent_up_number = forms.CharField(
        label=_("Number of the Ministry's submission (tờ trình)"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "45/TTr-BTP"}),
    )
    sent_up_on = forms.DateField(label=_("Sent up on"), widget=_date_widget())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OutcomeForm(forms.Form):
    """The outcome received back for one recipient of a dossier sent up."""

    awarded = forms.TypedChoiceField(
        label=pgettext_lazy("higher level", "Outcome"),
        choices=[("1", pgettext_lazy("higher level", "Awarded")), ("0", _("Not awarded by the higher level"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class DossierDecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=_date_widget())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RequirementForm(ModelForm):
    class Meta:
        model = DocumentRequirement
        fields = ["kind", "title", "level", "scope", "legal_basis", "valid_from", "valid_to", "unverified", "note"]
        widgets = {"valid_from": _date_widget(), "valid_to": _date_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"), "save-requirement")
