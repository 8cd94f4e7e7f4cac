"""What every scoring view shares: permission checks and refusals shown as messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect


def show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def refused(request, machine, obj, action, back):
    """A redirect to ``back`` with the state's message when the object's state does not allow
    the action now (None when it does); PermissionDenied when the user may not take it."""
    try:
        machine.check(obj, action, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(back)
    return None
