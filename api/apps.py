from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Read API")

    def ready(self):
        from emulation import registry

        from . import demo, permissions  # noqa: F401 (permissions registers rules)

        registry.add_nav_item(_("Read API"), "api:clients", 90, permission="api.manage_clients")
        registry.add_demo_loader(demo.load, 90)
