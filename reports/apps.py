from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from emulation import registry

        from . import permissions  # noqa: F401 (registers the rules)

        registry.add_nav_item(_("Reports"), "reports:index", order=50)
