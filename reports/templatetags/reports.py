from decimal import Decimal

from django import template

from emulation.templatetags.emulation import number

register = template.Library()


@register.filter
def figure(value):
    """A stored figure without its padding zeros: 24196.0000 → 24.196; 98.5000 → 98,5."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return number(int(value))
    places = max(0, -value.normalize().as_tuple().exponent)
    return number(value, places)
