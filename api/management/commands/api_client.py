"""``manage.py api_client create NAME --scope structure --scope awards [--cccd] [--unit SLUG] [--by USERNAME]``
prints the new token once; ``manage.py api_client revoke NAME`` refuses it from now on;
``manage.py api_client list``."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api import services
from api.models import ApiClient, Scope
from emulation.models import Unit


def _operator(username):
    users = get_user_model().objects.filter(is_superuser=True, is_active=True)
    user = users.filter(username=username).first() if username else users.order_by("pk").first()
    if user is None:
        raise CommandError("No active superuser to record as the author (create one, or pass --by).")
    return user


class Command(BaseCommand):
    help = "Create, revoke or list the clients of the read API."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("name")
        create.add_argument("--scope", action="append", choices=Scope.values, required=True, dest="scopes")
        create.add_argument("--cccd", action="store_true", help="may read persons by identification number")
        create.add_argument("--unit", help="slug of the owner unit")
        create.add_argument("--contact", default="")
        create.add_argument("--by", help="superuser recorded as the author")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("name")
        revoke.add_argument("--by")
        sub.add_parser("list")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def create(self, name, scopes, cccd, unit, contact, by, **_):
        owner = Unit.objects.filter(slug=unit).first() if unit else None
        if unit and owner is None:
            raise CommandError(f"No unit with the slug {unit}.")
        client, token = services.create_client(
            _operator(by), name, scopes, owner_unit=owner, contact=contact, may_see_cccd=cccd
        )
        self.stdout.write(f"Created {client.name}. Its token, shown only now:\n{token}")

    def revoke(self, name, by, **_):
        client = ApiClient.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"No client named {name}.")
        services.revoke_client(client, _operator(by))
        self.stdout.write(f"Revoked {name}.")

    def list(self, **_):
        for client in ApiClient.objects.order_by("name"):
            state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "active"
            self.stdout.write(f"{client.name}\t{','.join(client.scopes)}\tcccd={client.may_see_cccd}\t{state}")
