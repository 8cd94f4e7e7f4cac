from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self):
        from emulation import registry

        from . import demo, permissions, scale, todo  # noqa: F401 (permissions registers rules)

        registry.add_nav_item(_("People"), "people:index", 15)
        registry.add_action_provider(todo.people_actions)
        registry.add_demo_loader(demo.load, 15)
        registry.add_scale_loader(scale.load, 35)
