from django.db import models

from .text import nfc

TEXT_FIELDS = (models.CharField, models.TextField)


def normalize_text_fields(sender, instance, raw=False, **kwargs):
    """pre_save receiver: whatever saves a row (a form, the admin, an import, a
    script), its text is stored in NFC."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, TEXT_FIELDS):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, nfc(value))
