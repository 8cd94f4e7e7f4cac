from django import template

from emulation.templatetags.emulation import figure

register = template.Library()
register.filter("figure", figure)  # one filter, shared with the core's pages
