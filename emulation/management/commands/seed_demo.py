from django.core.management.base import BaseCommand

from emulation import demo, registry
from emulation.models import Official


class Command(BaseCommand):
    help = "Load the demo clusters, units, titles and logins (safe to run twice)."

    def handle(self, *args, **options):
        demo.load()
        for _order, loader in registry.demo_loaders:
            loader()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password {demo.DEMO_PASSWORD}):")
        self.stdout.write("  admin      — superuser (Django admin)")
        for login, full_name, unit, position, _is_head in demo.DEMO_USERS:
            self.stdout.write(f"  {login:<10} — {full_name}, {position}, {unit}")
        core = {login for login, *_rest in demo.DEMO_USERS}
        others = (
            Official.objects.exclude(user__username__in=core)
            .select_related("user", "unit")
            .order_by("user__username")[:40]
        )
        if others:
            self.stdout.write("Other demo logins (voters, reviewers, other units):")
        for official in others:
            user = official.user
            self.stdout.write(f"  {user.username:<12} — {user.full_name}, {official.position}, {official.unit.name}")
