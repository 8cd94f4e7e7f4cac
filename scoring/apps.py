from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self):
        from emulation import registry

        from . import calendar, demo, permissions, scale, todo  # noqa: F401 (permissions registers rules)

        registry.add_nav_item(_("Scoring"), "scoring:index", order=30)
        registry.add_action_provider(todo.scoring_todo)
        registry.add_demo_loader(demo.load, order=30)
        registry.add_scale_loader(scale.load, 30)
        calendar.register()
