from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from emulation import registry
        from people import registry as people_registry

        from . import calendar, demo, permissions, queries, scale, scale_dossiers, todo, unit_council  # noqa: F401 (permissions registers rules)

        registry.add_nav_item(_("Awards"), "awards:index", 40)
        registry.add_action_provider(todo.award_actions)
        registry.add_action_provider(todo.dossier_actions)
        registry.add_demo_loader(demo.load, 40)
        registry.add_scale_loader(scale.load, 40)
        registry.add_scale_loader(scale_dossiers.load, 45)
        unit_council.register()
        people_registry.add_person_section(queries.person_awards, 30)
        calendar.register()
