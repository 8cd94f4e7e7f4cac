import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from emulation import registry, scale


class Command(BaseCommand):
    help = (
        "Load a sector-sized synthetic data set (34 provinces, 800 units, 10 years, over 100.000 pledges) "
        "for benchmarks, on top of the demo if it is there. Refuses to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the number of units (and so of all rows) by this."
        )

    def handle(self, *args, **options):
        size = options["scale"]
        if not 0 < size <= 10:
            raise CommandError(_("The scale must be above 0 and at most 10."))
        if scale.scale_data_exists():
            raise CommandError(
                _("The scale data set is already loaded in this database. Load it into a fresh database instead.")
            )
        started = time.monotonic()

        def log(message):
            if options["verbosity"] >= 1:
                self.stdout.write(f"{time.monotonic() - started:7.1f}s  {message}")
                self.stdout.flush()

        with transaction.atomic():
            plan = scale.load(size, log)
            for _order, loader in registry.scale_loaders:
                loader(plan)
            plan.finish()
        log("analyze")
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum would gather some minutes after an import:
            # without them the planner takes 1,4 million new rows for an empty table.
            cursor.execute("ANALYZE")
        self._report(plan, time.monotonic() - started)

    def _report(self, plan, elapsed):
        self.stdout.write(self.style.SUCCESS(f"Scale data loaded (scale {plan.scale:g}) in {elapsed:.1f} s."))
        self.stdout.write(f"{'table':<32} {'added':>10} {'in table':>10}")
        for label, added in sorted(plan.counts.items()):
            total = apps.get_model(label).objects.count()
            self.stdout.write(f"{label:<32} {added:>10} {total:>10}")
        self.stdout.write(f"{'all tables':<32} {sum(plan.counts.values()):>10}")
