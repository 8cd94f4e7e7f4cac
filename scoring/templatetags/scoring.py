"""{% load scoring %}{{ value|points }}: points without trailing zeros, the Vietnamese way
(1,5 rather than 1,50; 200 rather than 200,00)."""

from decimal import Decimal

from django import template

from emulation.templatetags.emulation import number

register = template.Library()


@register.filter
def points(value):
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number(value)


@register.filter
def typed(value):
    """A figure box's value: what the user typed (a string) stays exactly as typed; a stored
    figure is written as points ("30", never the raw "30.00", which reads as 3.000)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return points(value)
