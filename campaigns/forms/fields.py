"""Fields the campaign and pledge forms share: figures typed the Vietnamese way
(24.196, 89,68), shown back as typed; dates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import NumberField, VNNumberInput

from ..models import VALUE_DIGITS, VALUE_PLACES


def value_field(**kwargs):
    kwargs.setdefault("min_value", 0)
    kwargs.setdefault("max_digits", VALUE_DIGITS)
    kwargs.setdefault("decimal_places", VALUE_PLACES)
    kwargs.setdefault("widget", VNNumberInput)
    field = NumberField(**kwargs)
    field.error_messages["min_value"] = _("The value cannot be negative.")
    field.error_messages["max_digits"] = _("The number is too large.")
    field.error_messages["max_whole_digits"] = _("The number is too large.")
    field.error_messages["max_decimal_places"] = _("Use at most 4 decimal places.")
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
