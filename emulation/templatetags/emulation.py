from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }}: look a key up in a dict."""
    return mapping.get(key) if mapping else None


@register.filter
def number(value, decimals=None):
    """A figure in the locale's format with grouped thousands: 27.430; 89,68."""
    if value is None or value == "":
        return ""
    if decimals is not None and decimals != "":
        return _fixed(value, int(decimals))
    return intcomma(value)


@register.filter
def percent(value, decimals=2):
    """A share in percent, locale format: 89,68%."""
    if value is None or value == "":
        return ""
    return _fixed(value, int(decimals)) + "%"


def _fixed(value, decimals):
    """Round half up (as people do: 89,6777 → 89,68), then format for the locale."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, force_grouping=True)
