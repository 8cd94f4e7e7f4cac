"""Officials' logins, made by ministry staff (or a unit's own head, for the unit's staff)
without the admin. Nobody ever chooses, sends or sees another person's password: each new
official receives an e-mail with a link to set their own, made by Django's password-reset
machinery (``default_token_generator``; valid for PASSWORD_RESET_TIMEOUT, and no longer
once the password is set).

Verbs: create_officials, deactivate_official, send_password_link.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ..models import Official, Unit
from ..text import nfc
from . import require, save_with_history


@dataclass
class NewOfficial:
    """One row of the form or of the Excel list."""

    unit: Unit
    full_name: str
    email: str
    position: str = ""
    is_unit_head: bool = False


def _check_rows(rows, by):
    """Permission and e-mail checks of every row: [(index, field, message)] of the refusals."""
    refusals = []
    seen = set()
    User = get_user_model()
    emails = [row.email.strip().lower() for row in rows]
    taken = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    taken |= set(User.objects.filter(username__in=emails).values_list("username", flat=True))
    taken = {email.lower() for email in taken}
    for index, (row, email) in enumerate(zip(rows, emails, strict=True)):
        if not by.has_perm("emulation.manage_officials", row.unit):
            refusals.append((index, "unit", _("You may not add officials to %(unit)s.") % {"unit": row.unit}))
        if row.is_unit_head and not by.has_perm("emulation.appoint_unit_head", row.unit):
            refusals.append((index, "is_unit_head", _("Only ministry staff name a unit's head.")))
        if not nfc(row.full_name or "").strip():
            refusals.append((index, "full_name", _("Enter the full name.")))
        try:
            validate_email(email)
        except ValidationError:
            refusals.append((index, "email", _("Enter a valid e-mail address.")))
        if email in taken or email in seen:
            refusals.append((index, "email", _("An account with this e-mail address already exists.")))
        seen.add(email)
    return refusals


@transaction.atomic
def create_officials(rows, by, base_url):
    """Create the accounts of ``rows`` (NewOfficial), all or none. Each new official gets,
    after the commit, an e-mail with a link to set their password. A refusal raises
    ValidationError whose ``refusals`` attribute lists (row index, field, message)."""
    require(by, "emulation.add_officials")
    refusals = _check_rows(rows, by)
    if refusals:
        error = ValidationError([message for _index, _field, message in refusals])
        error.refusals = refusals
        raise error
    User = get_user_model()
    created = []
    for row in rows:
        email = row.email.strip().lower()
        user = User(username=email, email=email, full_name=nfc(row.full_name).strip())
        user.set_unusable_password()
        user.save()
        official = Official(
            user=user, unit=row.unit, position=row.position.strip(), is_unit_head=bool(row.is_unit_head)
        )
        save_with_history(official, by)
        created.append(official)
    transaction.on_commit(lambda: [send_password_link(official.user, base_url) for official in created])
    return created


def password_link(user, base_url):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def send_password_link(user, base_url):
    """E-mail ``user`` the link to set their own password (never a password)."""
    context = {
        "user": user,
        "link": password_link(user, base_url),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = render_to_string("emulation/email/set_password_subject.txt", context).strip()
    body = render_to_string("emulation/email/set_password.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def deactivate_official(official, by):
    """The official can no longer log in; their work and history stay."""
    official = Official.objects.select_for_update().select_related("user").get(pk=official.pk)
    require(by, "emulation.manage_officials", official.unit)
    if official.user_id == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if official.is_unit_head:
        require(by, "emulation.appoint_unit_head", official.unit)
    if not official.user.is_active:
        raise ValidationError(_("This account is already deactivated."), code="state")
    official.user.is_active = False
    save_with_history(official.user, by, update_fields=["is_active"])
    return official
