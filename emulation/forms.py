from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .numbers import format_vn_number, parse_vn_number

# The empty choice of a required list, instead of Django's "---------".
CHOOSE = pgettext_lazy("empty choice of a list", "— choose —")


DJANGO_DASH = "---------"


def relabel_empty_choices(form):
    """Give the empty choice of the form's single-choice lists a Vietnamese label."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_DASH:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField) and any(label == DJANGO_DASH for _v, label in field.choices):
            field.choices = [(value, CHOOSE if label == DJANGO_DASH else label) for value, label in field.choices]


class ModelForm(forms.ModelForm):
    """The project's model forms: an empty choice reads "— chọn —", not Django's "---------"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel_empty_choices(self)


class VNNumberInput(forms.TextInput):
    """A text box for figures: right-aligned, numeric keyboard, Vietnamese formatting.

    A stored figure (a Decimal) is written the Vietnamese way; what the user typed (a
    string, when a bound form comes back with an error) is shown back exactly as typed,
    never re-read as a Python number ("1.301" must stay 1.301, not become 1,301)."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "decimal", "class": "form-control text-end", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        return format_vn_number(value) or None


class NumberField(forms.DecimalField):
    """A decimal field that accepts Vietnamese number formats (see parse_vn_number)."""

    widget = VNNumberInput
    default_error_messages = {"invalid": _("Enter a number, e.g. 24.196 or 89,68.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)):
            return Decimal(value)
        try:
            return parse_vn_number(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, except that a key outside the column's range (a request edited by hand:
    "10000000000000000000") is an invalid choice: SQLite cannot even compare it with an
    integer column (OverflowError), where Django guards only single-value lookups."""

    def _check_values(self, value):
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        for pk in value:
            try:
                key.run_validators(key.to_python(pk))
            except (ValidationError, TypeError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                ) from None
        return super()._check_values(value)


class YearSetupForm(forms.Form):
    """Head and two deputies of one cluster for a year, chosen among its members."""

    head = forms.ChoiceField(label=_("Head"))
    deputy_1 = forms.ChoiceField(label=_("Deputy"), required=False)
    deputy_2 = forms.ChoiceField(label=_("Deputy"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(unit.pk), unit.name) for unit in members]
        self.fields["head"].choices = [("", "—")] + choices
        self.fields["deputy_1"].choices = [("", "—")] + choices
        self.fields["deputy_2"].choices = [("", "—")] + choices

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("head", "deputy_1", "deputy_2") if data.get(name)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("The head and the deputies must be different units."))
        return data
