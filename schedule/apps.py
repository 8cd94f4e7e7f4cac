from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("Calendar and notifications")

    def ready(self):
        from emulation import registry

        from . import demo, permissions, scale  # noqa: F401 (permissions registers rules)

        registry.add_nav_item(_("Calendar"), "schedule:index", 12)
        registry.add_cluster_link(
            _("Cluster's own dates"),
            lambda cluster, year: reverse("schedule:cluster_dates", args=[year, cluster.slug]),
            lambda user, cluster, year: user.has_perm("schedule.edit_cluster_dates", (cluster.pk, year)),
            order=15,
        )
        # after the awards' demo: the demo's past rounds were sent before their calendars were set up
        registry.add_demo_loader(demo.load, 50)
        registry.add_scale_loader(scale.load, 15)
