from django import template

from emulation.numbers import format_vn_number

register = template.Library()


@register.filter
def figure(value):
    """A stored figure without its padding zeros: 24196.0000 → 24.196; 98.5000 → 98,5."""
    return format_vn_number(value)
