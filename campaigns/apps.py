from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from emulation import registry

        from . import actions, demo, permissions  # noqa: F401 (permissions registers rules)

        registry.add_nav_item(_("Campaigns"), "campaigns:index", 20)
        registry.add_action_provider(actions.pledge_actions)
        registry.add_demo_loader(demo.load, 20)
