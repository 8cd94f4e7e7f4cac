from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from campaigns import registry as campaigns_registry
        from emulation import registry

        from . import demo, permissions, transitions  # noqa: F401 (they register the rules)

        registry.add_nav_item(_("Reports"), "reports:index", order=50)
        registry.add_cluster_link(
            _("Year-end reports"),
            lambda cluster, year: reverse("reports:cluster", args=[cluster.slug, year]),
            permissions.sees_cluster_reports,
            order=50,
        )
        registry.add_demo_loader(demo.load, 95)  # after the awards' demo decision
        campaigns_registry.add_phase_link(
            _("Review report of the phase"),
            lambda cluster, phase: (
                reverse("reports:cluster", args=[cluster.slug, phase.end.year]) + f"?phase={phase.pk}"
            ),
            permissions.sees_cluster_reviews,
        )
