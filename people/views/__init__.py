"""Pages of the people app, by topic: persons and the roster, transfers, the year grid, rules."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from emulation.models import Unit

from ..permissions import may


def error_text(error):
    return " ".join(error.messages)


def apply_errors(form, error):
    """Put a service's ValidationError next to the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def load_unit(request, slug, perm="people.view_roster"):
    unit = get_object_or_404(Unit, slug=slug)
    if not may(request.user, perm, unit):
        raise PermissionDenied
    return unit
