from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from emulation import numbers

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
        return numbers.fixed(value, int(decimals))
    return intcomma(value)


@register.filter
def percent(value, decimals=2):
    """A share in percent, locale format: 89,68%."""
    return numbers.percent(value, decimals)
