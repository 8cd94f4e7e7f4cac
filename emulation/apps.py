from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation structure")

    def ready(self):
        from . import permissions, signals, text  # noqa: F401 (permissions registers rules)

        connection_created.connect(text.register_sqlite_collation, dispatch_uid="vi_collation")
        pre_save.connect(signals.normalize_text_fields, dispatch_uid="nfc_text_fields")
