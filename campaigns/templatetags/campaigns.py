from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def cell(bound_field):
    """A field's widget for a table cell, marked invalid with its errors beside it (the
    label stays available to screen readers through aria-label)."""
    widget = bound_field.field.widget
    css = widget.attrs.get("class", "")
    attrs = {}
    if bound_field.errors:
        css = f"{css} is-invalid".strip()
        attrs = {"aria-invalid": "true", "aria-describedby": f"{bound_field.auto_id}-error"}
    html = bound_field.as_widget(attrs={**attrs, "class": css} if css else attrs)
    if bound_field.errors:
        messages = " ".join(str(error) for error in bound_field.errors)
        html += format_html(
            '<div class="invalid-feedback d-block" id="{}-error">{}</div>', bound_field.auto_id, messages
        )
    return html
