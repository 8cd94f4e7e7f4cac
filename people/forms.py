"""Forms of the people pages; services do the checking that needs the database."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.files import validate_document
from emulation.forms import CHOOSE, ModelForm, NumberField
from emulation.models import Title, Unit
from emulation.text import nfc, vi_collate

from . import cccd
from .models import CouncilMember, Initiative, Person, PersonYear, Posting, Prerequisite, Scope, StaffKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _helper(form):
    form.helper = FormHelper()
    form.helper.form_tag = False
    return form


class PersonForm(ModelForm):
    # Longer than the 12 digits: groups typed with spaces or dots are accepted and joined.
    cccd = forms.CharField(label=_("Identification number (CCCD)"), max_length=20)

    class Meta:
        model = Person
        fields = ["full_name", "date_of_birth", "gender", "cccd", "staff_code"]
        widgets = {"date_of_birth": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self)

    def clean_full_name(self):
        return nfc(" ".join(self.cleaned_data["full_name"].split()))

    def clean_cccd(self):
        return cccd.normalise(self.cleaned_data["cccd"])

    def validate_unique(self):
        """The service says when the number is taken, naming who has it."""


class PostingForm(ModelForm):
    class Meta:
        model = Posting
        fields = ["position", "staff_kind", "start"]
        widgets = {"start": DateInput}

    def __init__(self, *args, with_start=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_start:
            del self.fields["start"]
        _helper(self)


class EndPostingForm(forms.Form):
    end = forms.DateField(label=_("Last day in the unit"), widget=DateInput)


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("To unit"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    date = forms.DateField(label=_("Date of the transfer"), widget=DateInput)
    position = forms.CharField(label=_("Position in the new unit"), max_length=150)
    staff_kind = forms.ChoiceField(label=_("Kind of staff"), choices=StaffKind.choices)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, exclude_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(active=True).order_by(vi_collate("name"))
        self.fields["to_unit"].queryset = units.exclude(pk=getattr(exclude_unit, "pk", None))
        _helper(self)


class GradeForm(ModelForm):
    class Meta:
        model = PersonYear
        fields = ["grading", "discipline", "discipline_date"]
        widgets = {"discipline_date": DateInput}

    def clean(self):
        data = super().clean()
        if data.get("discipline") and not data.get("discipline_date"):
            self.add_error("discipline_date", _("Give the date of the discipline."))
        return data

    def _post_clean(self):
        """The service validates the whole row (it knows the year)."""


class RegisterTitleForm(forms.Form):
    title = forms.ModelChoiceField(label=_("Title"), queryset=Title.objects.none(), empty_label=CHOOSE)

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = Title.objects.filter(pk__in=[t.pk for t in titles])


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=50)
    date = forms.DateField(label=_("Decision date"), widget=DateInput)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class CouncilMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Official"), queryset=get_user_model().objects.none(), empty_label=CHOOSE)
    role = forms.ChoiceField(
        label=pgettext_lazy("council", "Role"),
        choices=CouncilMember.Role.choices,
        initial=CouncilMember.Role.MEMBER,
        required=False,
    )
    last_year = forms.IntegerField(
        label=_("To year"), required=False, min_value=2000, max_value=2100, help_text=_("Empty: this year only.")
    )
    appointed_by = forms.CharField(label=_("Appointed by"), max_length=120, required=False)

    def __init__(self, *args, unit_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(official__unit_id__in=unit_ids).order_by(vi_collate("full_name"))
        )


class PrerequisiteForm(ModelForm):
    share_percent = NumberField(label=_("Share (%)"), required=False, max_digits=5, decimal_places=2)

    class Meta:
        model = Prerequisite
        fields = [
            "title", "kind", "required_title", "years", "times", "grading", "share_percent", "scope",
            "legal_basis", "valid_from", "valid_to", "unverified",
        ]  # fmt: skip
        widgets = {"valid_from": DateInput, "valid_to": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        individual = Title.objects.exclude(level=Title.Level.COLLECTIVE)
        self.fields["title"].queryset = individual
        self.fields["required_title"].queryset = individual
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class InitiativeForm(ModelForm):
    class Meta:
        model = Initiative
        fields = ["name", "first_applied", "changes", "effect", "evidence"]
        widgets = {
            "first_applied": DateInput,
            "changes": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self)

    def clean_name(self):
        return nfc(" ".join(self.cleaned_data["name"].split()))

    def _post_clean(self):
        """The service validates the initiative (it knows the unit and the year); the file is
        checked here by its content."""
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "content_type"):
            try:
                validate_document(evidence)
            except forms.ValidationError as error:
                self.add_error("evidence", error)


class AuthorForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Author"), queryset=Person.objects.none(), required=False, empty_label=_("— none —")
    )
    share = NumberField(label=_("Share (%)"), required=False, max_digits=5, decimal_places=2)

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons if persons is not None else Person.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("person") and data.get("share") is None:
            self.add_error("share", _("Give the author's share."))
        if data.get("share") is not None and not data.get("person"):
            self.add_error("person", _("Choose the author."))
        return data


class BaseAuthorFormSet(forms.BaseFormSet):
    def __init__(self, *args, persons=None, **kwargs):
        self.persons = persons
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "persons": self.persons}

    def authors(self):
        """(person, share) of the filled rows."""
        return [
            (form.cleaned_data["person"], form.cleaned_data["share"])
            for form in self.forms
            if form.cleaned_data.get("person")
        ]


AuthorFormSet = forms.formset_factory(AuthorForm, formset=BaseAuthorFormSet, extra=3, max_num=20)


class RecogniseForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scope of effect"), choices=Scope.choices)
    number = forms.CharField(label=_("Decision number"), max_length=50)
    date = forms.DateField(label=_("Decision date"), widget=DateInput)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=500)
