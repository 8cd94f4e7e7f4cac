import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_vn_number(text):
    """Parse a number as Vietnamese officials type it: ``24.196`` (thousands),
    ``89,68`` (decimal), ``1.234.567,5``; plain ``89.68`` is read as a decimal.
    Returns a Decimal, or raises ValueError."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError("empty")
    if GROUPED.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if "." in text:
            raise ValueError("mixed separators")
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite():
        raise ValueError(text)
    return value


class NumberField(forms.DecimalField):
    """A decimal field that accepts Vietnamese number formats (see parse_vn_number)."""

    default_error_messages = {"invalid": _("Enter a number, e.g. 24.196 or 89,68.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

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
