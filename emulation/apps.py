from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation structure")

    def ready(self):
        from . import permissions, signals, text

        connection_created.connect(text.register_sqlite_collation, dispatch_uid="vi_collation")
        pre_save.connect(signals.normalize_text_fields, dispatch_uid="nfc_text_fields")
        for model in (self.get_model("Membership"), self.get_model("Official")):
            post_save.connect(permissions.forget_roles, sender=model, dispatch_uid=f"forget_roles_{model.__name__}")
            post_delete.connect(permissions.forget_roles, sender=model, dispatch_uid=f"forget_del_{model.__name__}")
