from django import template

from emulation.templatetags.emulation import number, percent

register = template.Library()
register.filter("number", number)  # one filter, shared with the core's pages
register.filter("percent", percent)
