from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation.forms import CHOOSE, ModelForm, NumberField
from emulation.models import Title

from .models import VOTE_SETTINGS, Nomination, TitleRule, Vote


def _helper(label, testid=None, form_tag=True):
    helper = FormHelper()
    helper.form_tag = form_tag
    if form_tag:
        extra = {"data_testid": testid} if testid else {}
        helper.add_input(Submit("save", label, css_class="btn-primary", **extra))
    return helper


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RuleForm(ModelForm):
    quorum_percent = NumberField(
        label=capfirst(_("quorum: percent of entitled voters present")), min_value=0, max_value=100
    )
    threshold_percent = NumberField(label=capfirst(_("threshold (percent)")), min_value=0, max_value=100)
    seats_value = NumberField(label=capfirst(_("number of seats, or share in percent")), min_value=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TitleRule
        fields = [
            "title",
            "first_year",
            "last_year",
            "legal_basis",
            "chosen_by_vote",
            "quorum_percent",
            "threshold_percent",
            "threshold_base",
            "threshold_inclusive",
            "ballot_style",
            "seats_kind",
            "seats_value",
            "seats_source_title",
            "seats_minimum",
            "requires_registration",
            "lowest_rank_band",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = _helper(_("Save the rule"), "save-rule")


class VoteCreateForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"))
    title = forms.ModelChoiceField(label=_("Title"), queryset=Title.objects.none(), empty_label=CHOOSE)
    mode = forms.ChoiceField(label=_("Mode"), choices=Vote.Mode.choices)
    meeting_place = forms.CharField(label=_("Place"), required=False, max_length=255)
    meeting_date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, clusters, titles, **kwargs):
        super().__init__(*args, **kwargs)
        self.clusters = {str(c.pk): c for c in clusters}
        self.fields["cluster"].choices = [(str(c.pk), c.name) for c in clusters]
        self.fields["title"].queryset = titles
        self.helper = _helper(_("Create the vote"), "create-vote")

    def clean_cluster(self):
        return self.clusters[self.cleaned_data["cluster"]]


class VoteSettingsForm(ModelForm):
    quorum_percent = NumberField(
        label=capfirst(_("quorum: percent of entitled voters present")), min_value=0, max_value=100
    )
    threshold_percent = NumberField(label=capfirst(_("threshold (percent)")), min_value=0, max_value=100)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Vote
        fields = VOTE_SETTINGS
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "meeting_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "meeting_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "counting_committee": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = _helper(_("Save the settings"), "save-settings")


class AddCandidateForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [("", "—")] + [(str(u.pk), u.name) for u in units]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PaperTotalsForm(forms.Form):
    """The counted totals of a paper vote: ballots cast, blank, invalid, and one field
    per candidate (``c<id>``)."""

    cast = forms.IntegerField(label=_("Ballots cast"), min_value=0)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, vote, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["version"].initial = vote.version
        if vote.paper_cast is not None:
            self.initial.update({"cast": vote.paper_cast, "blank": vote.paper_blank, "invalid": vote.paper_invalid})
        for candidate in candidates:
            self.fields[f"c{candidate.pk}"] = forms.IntegerField(
                label=candidate.unit.name, min_value=0, initial=candidate.paper_votes or 0
            )

    def votes(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.candidates}


class CloseForm(forms.Form):
    """Closing a vote is confirmed on its own page (see ``views.votes.vote_close``)."""

    confirm = forms.BooleanField(required=True)


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=20)


class NominationCreateForm(forms.Form):
    title = forms.ModelChoiceField(label=_("Title"), queryset=Title.objects.none(), empty_label=CHOOSE)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    unit = forms.ChoiceField(label=_("Unit"))
    person_name = forms.CharField(label=_("Person (for an individual title)"), required=False, max_length=150)
    achievement_summary = forms.CharField(label=_("Achievement summary"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, titles, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = titles
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]
        self.helper = _helper(_("Create the nomination"), "create-nomination")

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class NominationForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Nomination
        fields = ["person_name", "achievement_summary"]
        widgets = {"achievement_summary": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = _helper(_("Save"), "save-nomination")


class AttachmentForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Attach"), "attach")


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Import"), "import-history")


class HandoverForm(forms.Form):
    head = forms.ChoiceField(label=_("Next year's head"))
    deputy_1 = forms.ChoiceField(label=_("Deputy"), required=False)
    deputy_2 = forms.ChoiceField(label=_("Deputy"), required=False)
    conference_date = forms.DateField(
        label=_("Conference date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    conference_place = forms.CharField(label=_("Conference place"), required=False, max_length=255)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in members}
        choices = [("", "—")] + [(str(u.pk), u.name) for u in members]
        for name in ("head", "deputy_1", "deputy_2"):
            self.fields[name].choices = choices
        self.helper = _helper(_("Record the handover"), "record-handover")

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("head", "deputy_1", "deputy_2") if data.get(name)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("The head and the deputies must be different units."))
        return data

    def unit(self, name):
        return self.units.get(self.cleaned_data.get(name) or "")
