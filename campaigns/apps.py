from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from emulation import registry
        from people import registry as people_registry

        from . import calendar, demo, permissions, queries, scale, todo  # noqa: F401 (permissions registers rules)

        registry.add_nav_item(_("Campaigns"), "campaigns:index", 20)
        registry.add_cluster_link(
            _("Members' pledges"),
            lambda cluster, year: reverse("campaigns:cluster_overview", args=[cluster.slug]) + f"?year={year}",
            lambda user, cluster, year: user.has_perm("campaigns.view_cluster_overview", (cluster.pk, year)),
            order=20,
        )
        registry.add_cluster_link(
            _("Mid-year progress"),
            lambda cluster, year: reverse("campaigns:cluster_progress", args=[cluster.slug]) + f"?year={year}",
            lambda user, cluster, year: user.has_perm("campaigns.view_cluster_overview", (cluster.pk, year)),
            order=21,
        )
        registry.add_action_provider(todo.pledge_actions)
        people_registry.add_person_section(queries.person_registrations, 20)
        registry.add_common_targets_provider(queries.common_targets)
        calendar.register()
        registry.add_demo_loader(demo.load, 20)
        registry.add_scale_loader(scale.load, 20)
