"""{% load scoring %}{{ value|points }}: points without trailing zeros, in the locale's
format (1,5 rather than 1,50; 200 rather than 200,00)."""

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
