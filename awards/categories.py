"""The recipient category of an individual award, as the statistics owed to the Ministry of
Home Affairs break it down (Thông tư 02/2023/TT-BNV, biểu 0602–0603): leaders and managers, or
workers directly at work (công nhân, nông dân, người trực tiếp công tác …). Recorded where the award
is recorded (the decision's line, the award record); empty for a collective or when not known.
[verify] the circular's exact categories: only these two are named in the issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecipientCategory(models.TextChoices):
    LEADER = "leader", _("Leader or manager")
    WORKER = "worker", _("Direct worker")


def category_field():
    return models.CharField(
        _("recipient category"),
        max_length=10,
        choices=RecipientCategory.choices,
        blank=True,
        help_text=_("For an individual: leader or manager, or direct worker (statistics biểu 0602–0603)."),
    )
